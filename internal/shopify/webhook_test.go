package shopify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/shopify"
	"github.com/handoffhq/handoff/internal/sqlite"
)

var update = flag.Bool("update", false, "rewrite the testdata signature files")

const testSecret = "shpss_handoff_test_secret"

type bundle struct {
	eng   *engine.Engine
	store handoff.Store
	h     *shopify.Handler
}

func setup(t testing.TB) *bundle {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := engine.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Now: now})
	return &bundle{eng: eng, store: db, h: shopify.NewHandler(shopify.Config{APISecret: testSecret, Now: now}, db)}
}

// conv stores a customer message and returns its conversation id.
func (b *bundle) conv(t *testing.T, channel, ext string, c handoff.Customer) int64 {
	t.Helper()
	res, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: channel, Role: handoff.RoleCustomer,
		Text: "Where is my order?", ExternalID: ext + ".m1", ConversationExternalID: ext, Customer: &c})
	if err != nil {
		t.Fatal(err)
	}
	return res.Conversation.ID
}

func (b *bundle) ids(t *testing.T) []int64 {
	t.Helper()
	var ids []int64
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		cs, _, err := tx.ListConversations(context.Background(), handoff.ConversationFilter{Limit: 500})
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

func (b *bundle) messageCount(t *testing.T, convID int64) int {
	t.Helper()
	var n int
	_ = b.store.View(context.Background(), func(tx handoff.Tx) error {
		ms, err := tx.ListMessages(context.Background(), convID)
		n = len(ms)
		return err
	})
	return n
}

func fixture(t testing.TB, name string) ([]byte, string) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join("testdata", name+".sig"))
	if err != nil {
		t.Fatalf("%s has no signature file; run go test -update", name)
	}
	return body, strings.TrimSpace(string(sig))
}

func sign(secret string, body []byte) string {
	return base64.StdEncoding.EncodeToString(shopify.Sign(secret, body))
}

func (b *bundle) post(t testing.TB, topic, id string, body []byte, sig string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/shopify", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(shopify.TopicHeader, topic)
	req.Header.Set(shopify.ShopHeader, "bar-shop.myshopify.com")
	if id != "" {
		req.Header.Set(shopify.IDHeader, id)
	}
	if sig != "" {
		req.Header.Set(shopify.HmacHeader, sig)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	return rec
}

func TestFixturesAreSigned(t *testing.T) {
	t.Parallel()
	names, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	if len(names) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range names {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := sign(testSecret, body)
		if *update {
			if err := os.WriteFile(path+".sig", []byte(want+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path + ".sig")
		if err != nil || strings.TrimSpace(string(got)) != want || !shopify.ValidSignature(testSecret, body, want) {
			t.Errorf("%s.sig does not sign the fixture (run go test -update)", path)
		}
	}
}

// people stores conversations for John (by email on two channels and by Shopify id), Jane, and
// others that only look similar, and returns John's ids and everyone else's.
func people(t *testing.T, b *bundle) (john, others []int64) {
	john = []int64{
		b.conv(t, "shopify", "s-john", handoff.Customer{ID: "191167", Email: "john@example.com"}),
		b.conv(t, "web", "w-john", handoff.Customer{Email: "John@Example.com"}),
		b.conv(t, "shopify", "s-john-id", handoff.Customer{ID: "191167"}),
		b.conv(t, "shopify", "s-john-phone", handoff.Customer{Phone: "555-625-1199"}),
	}
	others = []int64{
		b.conv(t, "shopify", "s-jane", handoff.Customer{ID: "200001", Email: "jane@example.com"}),
		b.conv(t, "web", "w-191167", handoff.Customer{ID: "191167"}), // a web visitor id, not a Shopify customer id
		b.conv(t, "instagram", "ig-1", handoff.Customer{ID: "1133557799224466"}),
	}
	return john, others
}

func TestPrivacyWebhooks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		topic, file string
		deleted     func(john, others []int64) []int64
	}{
		{shopify.TopicDataRequest, "customers_data_request.json", func(_, _ []int64) []int64 { return nil }},
		{shopify.TopicCustomerRedact, "customers_redact.json", func(john, _ []int64) []int64 { return john }},
		{shopify.TopicShopRedact, "shop_redact.json", func(john, others []int64) []int64 { return []int64{john[0], john[2], john[3], others[0]} }},
		{"orders/create", "orders_create.json", func(_, _ []int64) []int64 { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			john, others := people(t, b)
			before := b.ids(t)
			body, sig := fixture(t, tt.file)
			if rec := b.post(t, tt.topic, "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", body, sig); rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			gone := tt.deleted(john, others)
			var want []int64
			for _, id := range before {
				if !slices.Contains(gone, id) {
					want = append(want, id)
				}
			}
			if got := b.ids(t); !slices.Equal(got, want) {
				t.Errorf("conversations left %v, want %v", got, want)
			}
			for _, id := range gone {
				if n := b.messageCount(t, id); n != 0 {
					t.Errorf("conversation %d still has %d messages", id, n)
				}
			}
		})
	}
}

func TestDuplicateWebhookIsProcessedOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	people(t, b)
	body, sig := fixture(t, "customers_redact.json")
	if rec := b.post(t, shopify.TopicCustomerRedact, "wh-1", body, sig); rec.Code != 200 {
		t.Fatalf("first: %d", rec.Code)
	}
	// John writes again; a repeat of the same delivery must not delete the new conversation
	again := b.conv(t, "shopify", "s-john-2", handoff.Customer{Email: "john@example.com"})
	if rec := b.post(t, shopify.TopicCustomerRedact, "wh-1", body, sig); rec.Code != 200 {
		t.Fatalf("repeat: %d", rec.Code)
	}
	if !slices.Contains(b.ids(t), again) {
		t.Error("the repeated delivery was processed again")
	}
	// a new delivery (new id) of the same request is processed
	if rec := b.post(t, shopify.TopicCustomerRedact, "wh-2", body, sig); rec.Code != 200 {
		t.Fatalf("new delivery: %d", rec.Code)
	}
	if slices.Contains(b.ids(t), again) {
		t.Error("a new delivery was not processed")
	}
	// without an id, the body itself is the dedup key
	again = b.conv(t, "shopify", "s-john-3", handoff.Customer{Email: "john@example.com"})
	b.post(t, shopify.TopicCustomerRedact, "", body, sig)
	again2 := b.conv(t, "shopify", "s-john-4", handoff.Customer{Email: "john@example.com"})
	b.post(t, shopify.TopicCustomerRedact, "", body, sig)
	if ids := b.ids(t); slices.Contains(ids, again) || !slices.Contains(ids, again2) {
		t.Errorf("without an id: %v (want %d deleted and %d kept)", ids, again, again2)
	}
}

func TestRejectsBadSignaturesAndChangesNothing(t *testing.T) {
	t.Parallel()
	body, sig := fixture(t, "shop_redact.json")
	_, other := fixture(t, "customers_redact.json")
	tampered := bytes.Replace(body, []byte("954889"), []byte("954880"), 1)
	tests := []struct {
		name string
		body []byte
		sig  string
	}{
		{"missing", body, ""},
		{"forged", body, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))},
		{"not base64", body, "%%%"},
		{"hex instead of base64", body, strings.Repeat("ab", 32)},
		{"stale: another delivery's signature", body, other},
		{"tampered body", tampered, sig},
		{"another app's secret", body, sign("shpss_other", body)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			people(t, b)
			before := b.ids(t)
			rec := b.post(t, shopify.TopicShopRedact, "wh-x", tt.body, tt.sig)
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
				t.Fatalf("status %d %s, want 401 with the JSON error", rec.Code, rec.Body)
			}
			if got := b.ids(t); !slices.Equal(got, before) {
				t.Errorf("conversations changed: %v → %v", before, got)
			}
			// the rejected delivery did not use up its id
			good, goodSig := fixture(t, "shop_redact.json")
			if rec := b.post(t, shopify.TopicShopRedact, "wh-x", good, goodSig); rec.Code != 200 || len(b.ids(t)) == len(before) {
				t.Errorf("the genuine delivery with the same id was not processed")
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	b := setup(t)
	big := bytes.Repeat([]byte("x"), shopify.MaxBody+1)
	if rec := b.post(t, "orders/create", "1", big, sign(testSecret, big)); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %d", rec.Code)
	}
	bad := []byte(`{"shop_id":`)
	if rec := b.post(t, shopify.TopicCustomerRedact, "2", bad, sign(testSecret, bad)); rec.Code != http.StatusBadRequest {
		t.Errorf("bad JSON: %d", rec.Code)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/webhooks/shopify", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
	unconfigured := shopify.NewHandler(shopify.Config{}, b.store)
	rec = httptest.NewRecorder()
	unconfigured.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/shopify", strings.NewReader("{}")))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("no secret configured: %d, want 503", rec.Code)
	}
}

// FuzzShopifyWebhook sends correctly signed arbitrary bodies: the handler answers 200 or 400,
// never 500, and never panics.
func FuzzShopifyWebhook(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, n := range names {
		body, _ := os.ReadFile(n)
		for _, topic := range []string{shopify.TopicDataRequest, shopify.TopicCustomerRedact, shopify.TopicShopRedact, "orders/create"} {
			f.Add(topic, body)
		}
	}
	f.Add(shopify.TopicCustomerRedact, []byte(`{"customer":{"id":"x"}}`))
	f.Add(shopify.TopicCustomerRedact, []byte(`{"customer":{"id":1e400}}`))
	b := setup(f)
	i := 0
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		i++
		rec := b.post(t, topic, fmt.Sprint("fuzz-", i), body, sign(testSecret, body))
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d for %q %q: %s", rec.Code, topic, body, rec.Body)
		}
	})
}
