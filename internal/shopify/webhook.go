package shopify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// MaxBody is the largest webhook body accepted (413 above it).
const MaxBody = 1 << 20

// Webhook headers Shopify sends.
const (
	HmacHeader  = "X-Shopify-Hmac-Sha256" // base64 HMAC-SHA256 of the raw body with the app's API secret
	TopicHeader = "X-Shopify-Topic"
	IDHeader    = "X-Shopify-Webhook-Id"
	ShopHeader  = "X-Shopify-Shop-Domain"
)

// Privacy webhook topics every Shopify app must handle.
const (
	TopicDataRequest    = "customers/data_request"
	TopicCustomerRedact = "customers/redact"
	TopicShopRedact     = "shop/redact"
)

// Config configures the webhook handler and the orders client.
type Config struct {
	APISecret  string // the app's client secret; signs webhooks
	Shop       string // my-shop.myshopify.com
	AdminToken string // Admin API access token (read_orders, read_customers)
	APIURL     string // Admin GraphQL endpoint, e.g. https://my-shop.myshopify.com/admin/api/2025-01/graphql.json
	Now        handoff.Clock
	Logger     *slog.Logger
	HTTPClient *http.Client // nil: a client with a 15 s timeout
}

func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if c.APIURL == "" && c.Shop != "" {
		c.APIURL = "https://" + c.Shop + "/admin/api/2025-01/graphql.json"
	}
	return c
}

// Handler serves POST /webhooks/shopify.
type Handler struct {
	cfg   Config
	store handoff.Store
	log   *slog.Logger
}

// NewHandler returns the webhook handler; cfg needs APISecret.
func NewHandler(cfg Config, store handoff.Store) *Handler {
	cfg = cfg.withDefaults()
	return &Handler{cfg: cfg, store: store, log: cfg.Logger}
}

// Customer identifies the customer in a privacy webhook.
type Customer struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// PrivacyRequest is the body of customers/data_request, customers/redact and shop/redact.
type PrivacyRequest struct {
	ShopID      int64    `json:"shop_id"`
	ShopDomain  string   `json:"shop_domain"`
	Customer    Customer `json:"customer"`
	DataRequest struct {
		ID int64 `json:"id"`
	} `json:"data_request"`
}

// ServeHTTP verifies the signature, drops repeats, and handles the topic in one transaction with the
// dedup mark, so a failure leaves nothing half-done and Shopify's retry does the whole work again.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "webhooks are delivered with POST")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, handoff.ETOOLARGE, "the body is over the 1 MiB limit")
			return
		}
		writeError(w, http.StatusBadRequest, handoff.EINVALID, "could not read the body")
		return
	}
	if h.cfg.APISecret == "" {
		writeError(w, http.StatusServiceUnavailable, handoff.EUNAVAILABLE, "the Shopify API secret is not configured")
		return
	}
	if !ValidSignature(h.cfg.APISecret, body, r.Header.Get(HmacHeader)) {
		writeError(w, http.StatusUnauthorized, handoff.EUNAUTHORIZED, "missing or bad "+HmacHeader)
		return
	}
	topic := r.Header.Get(TopicHeader)
	key := r.Header.Get(IDHeader)
	if key == "" {
		sum := sha256.Sum256(body)
		key = "body:" + hex.EncodeToString(sum[:])
	}
	var req PrivacyRequest
	if isPrivacy(topic) {
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, handoff.EINVALID, "the body is not a "+topic+" payload")
			return
		}
	}
	var deleted []int64
	var duplicate bool
	err = h.store.Write(r.Context(), func(tx handoff.Tx) error {
		deleted = nil
		fresh, err := tx.MarkSeen(r.Context(), "shopify", key, h.cfg.Now())
		if err != nil || !fresh {
			duplicate = !fresh
			return err
		}
		deleted, err = h.handle(r.Context(), tx, topic, &req)
		return err
	})
	if err != nil {
		h.log.Error("shopify webhook", slog.String("topic", topic), slog.String("webhook_id", key), slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, handoff.EINTERNAL, "Internal error.")
		return
	}
	if !duplicate {
		h.log.Info("shopify webhook", slog.String("topic", topic), slog.String("webhook_id", key), slog.Int("conversations_deleted", len(deleted)))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = io.WriteString(w, `{"ok":true}`+"\n")
}

func isPrivacy(topic string) bool {
	switch topic {
	case TopicDataRequest, TopicCustomerRedact, TopicShopRedact:
		return true
	}
	return false
}

// handle runs one topic inside the transaction and returns the ids of deleted conversations.
func (h *Handler) handle(ctx context.Context, tx handoff.Tx, topic string, req *PrivacyRequest) ([]int64, error) {
	switch topic {
	case TopicDataRequest:
		ids, err := CustomerConversations(ctx, tx, req.Customer)
		if err != nil {
			return nil, err
		}
		h.log.Warn("shopify customer data request: send the customer their conversations (GET /api/v1/conversations/{id})",
			slog.String("shop", req.ShopDomain), slog.Int64("data_request_id", req.DataRequest.ID),
			slog.Int64("customer_id", req.Customer.ID), slog.Any("conversation_ids", ids))
		return nil, nil
	case TopicCustomerRedact:
		ids, err := CustomerConversations(ctx, tx, req.Customer)
		if err != nil {
			return nil, err
		}
		return ids, deleteAll(ctx, tx, ids)
	case TopicShopRedact:
		ids, err := conversations(ctx, tx, handoff.ChannelShopify, func(*handoff.Conversation) bool { return true })
		if err != nil {
			return nil, err
		}
		return ids, deleteAll(ctx, tx, ids)
	}
	return nil, nil
}

// CustomerConversations finds the conversations that belong to a Shopify customer: any conversation
// with the customer's email, and Shopify-channel conversations with the customer's id or phone.
func CustomerConversations(ctx context.Context, tx handoff.Tx, c Customer) ([]int64, error) {
	email := strings.ToLower(strings.TrimSpace(c.Email))
	sid := ""
	if c.ID != 0 {
		sid = strconv.FormatInt(c.ID, 10)
	}
	phone := strings.TrimSpace(c.Phone)
	if email == "" && sid == "" && phone == "" {
		return nil, nil
	}
	return conversations(ctx, tx, "", func(conv *handoff.Conversation) bool {
		cu := conv.Customer
		if email != "" && strings.ToLower(strings.TrimSpace(cu.Email)) == email {
			return true
		}
		if conv.Channel != handoff.ChannelShopify {
			return false
		}
		if sid != "" && (cu.ID == sid || cu.ID == "gid://shopify/Customer/"+sid || cu.Metadata["shopify_customer_id"] == sid) {
			return true
		}
		return phone != "" && cu.Phone == phone
	})
}

// conversations lists the ids of the conversations on channel ("" for all) that match.
func conversations(ctx context.Context, tx handoff.Tx, channel string, match func(*handoff.Conversation) bool) ([]int64, error) {
	var ids []int64
	for off := 0; ; {
		cs, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{Channel: channel, Offset: off, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if match(c) {
				ids = append(ids, c.ID)
			}
		}
		off += len(cs)
		if len(cs) == 0 || off >= total {
			return ids, nil
		}
	}
}

func deleteAll(ctx context.Context, tx handoff.Tx, ids []int64) error {
	for _, id := range ids {
		if err := tx.DeleteConversation(ctx, id); err != nil && handoff.ErrorCode(err) != handoff.ENOTFOUND {
			return err
		}
	}
	return nil
}

// ValidSignature reports whether header is the base64 HMAC-SHA256 of body keyed with secret, compared in constant time.
func ValidSignature(secret string, body []byte, header string) bool {
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if err != nil || secret == "" || len(got) == 0 {
		return false
	}
	return hmac.Equal(got, Sign(secret, body))
}

// Sign returns HMAC-SHA256(secret, body), the raw value behind X-Shopify-Hmac-Sha256.
func Sign(secret string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// writeError writes the service's JSON error envelope {"error":{"code","message"}}.
var writeError = handoffhttp.WriteError
