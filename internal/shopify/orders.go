package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// Order is one of a customer's recent orders, as shown in the handoff packet.
type Order struct {
	Name              string    `json:"name"` // e.g. #1001
	CreatedAt         time.Time `json:"created_at"`
	FinancialStatus   string    `json:"financial_status"`   // e.g. PAID, REFUNDED
	FulfillmentStatus string    `json:"fulfillment_status"` // e.g. FULFILLED, UNFULFILLED
	Total             string    `json:"total"`              // decimal amount, e.g. "59.90"
	Currency          string    `json:"currency"`           // e.g. EUR
}

// Client reads orders through the Admin GraphQL API.
type Client struct {
	cfg Config
}

// NewClient returns an orders client; cfg needs AdminToken and APIURL (or Shop).
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg.withDefaults()}
}

// RecentOrdersQuery asks for a customer's five newest orders by email.
const RecentOrdersQuery = `query RecentOrders($query: String!) {
  orders(first: 5, query: $query, sortKey: CREATED_AT, reverse: true) {
    nodes {
      name
      createdAt
      displayFinancialStatus
      displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
    }
  }
}`

// RecentOrders returns the customer's last five orders, newest first. An empty email is EINVALID;
// an unreachable or throttling API is EUNAVAILABLE; a refused token is EUNAUTHORIZED.
func (c *Client) RecentOrders(ctx context.Context, email string) ([]Order, error) {
	email = strings.TrimSpace(email)
	if email == "" || strings.ContainsAny(email, "\"\\\r\n") {
		return nil, handoff.Errorf(handoff.EINVALID, "shopify: a customer email is needed to look up orders")
	}
	if c.cfg.APIURL == "" || c.cfg.AdminToken == "" {
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: no shop connected")
	}
	body, _ := json.Marshal(map[string]any{
		"query":     RecentOrdersQuery,
		"variables": map[string]string{"query": `email:"` + email + `"`},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.APIURL, bytes.NewReader(body))
	if err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "shopify: bad API URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Shopify-Access-Token", c.cfg.AdminToken)
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, handoff.Errorf(handoff.EUNAUTHORIZED, "shopify: the Admin API refused the access token (%s)", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: the Admin API answered %s", resp.Status)
	}
	var out struct {
		Data struct {
			Orders struct {
				Nodes []struct {
					Name                     string    `json:"name"`
					CreatedAt                time.Time `json:"createdAt"`
					DisplayFinancialStatus   string    `json:"displayFinancialStatus"`
					DisplayFulfillmentStatus string    `json:"displayFulfillmentStatus"`
					TotalPriceSet            struct {
						ShopMoney struct {
							Amount       string `json:"amount"`
							CurrencyCode string `json:"currencyCode"`
						} `json:"shopMoney"`
					} `json:"totalPriceSet"`
				} `json:"nodes"`
			} `json:"orders"`
		} `json:"data"`
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: unreadable Admin API answer")
	}
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		if e.Extensions.Code == "THROTTLED" {
			return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: throttled by the Admin API")
		}
		if e.Extensions.Code == "ACCESS_DENIED" {
			return nil, handoff.Errorf(handoff.EUNAUTHORIZED, "shopify: %s (the token needs read_orders)", e.Message)
		}
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "shopify: %s", e.Message)
	}
	orders := make([]Order, 0, len(out.Data.Orders.Nodes))
	for _, n := range out.Data.Orders.Nodes {
		orders = append(orders, Order{
			Name: n.Name, CreatedAt: n.CreatedAt, FinancialStatus: n.DisplayFinancialStatus, FulfillmentStatus: n.DisplayFulfillmentStatus,
			Total: n.TotalPriceSet.ShopMoney.Amount, Currency: n.TotalPriceSet.ShopMoney.CurrencyCode,
		})
	}
	return orders, nil
}

// String renders an order on one line, e.g. "#1001 · 2026-11-20 · 59.90 EUR · PAID · UNFULFILLED".
func (o Order) String() string {
	return fmt.Sprintf("%s · %s · %s %s · %s · %s", o.Name, o.CreatedAt.Format("2006-01-02"), o.Total, o.Currency, o.FinancialStatus, o.FulfillmentStatus)
}
