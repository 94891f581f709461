package shopify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/shopify"
)

type graphqlRequest struct {
	Query     string            `json:"query"`
	Variables map[string]string `json:"variables"`
}

func adminAPI(t *testing.T, status int, body string, got *graphqlRequest) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Shopify-Access-Token") != "shpat_test" || r.Method != http.MethodPost {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"errors":"[API] Invalid API key or access token"}`)
			return
		}
		if got != nil {
			_ = json.NewDecoder(r.Body).Decode(got)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRecentOrders(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile(filepath.Join("testdata", "admin", "recent_orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	var req graphqlRequest
	srv := adminAPI(t, 200, string(body), &req)
	c := shopify.NewClient(shopify.Config{AdminToken: "shpat_test", APIURL: srv.URL + "/admin/api/2025-01/graphql.json"})
	orders, err := c.RecentOrders(context.Background(), " john@example.com ")
	if err != nil {
		t.Fatal(err)
	}
	want := []shopify.Order{
		{Name: "#1042", CreatedAt: time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC), FinancialStatus: "PAID", FulfillmentStatus: "UNFULFILLED", Total: "59.9", Currency: "EUR"},
		{Name: "#1017", CreatedAt: time.Date(2026, 10, 2, 17, 45, 51, 0, time.UTC), FinancialStatus: "REFUNDED", FulfillmentStatus: "FULFILLED", Total: "124.0", Currency: "EUR"},
	}
	if !reflect.DeepEqual(orders, want) {
		t.Errorf("orders\n got %+v\nwant %+v", orders, want)
	}
	if req.Variables["query"] != `email:"john@example.com"` {
		t.Errorf("search %q", req.Variables["query"])
	}
	for _, field := range []string{"first: 5", "reverse: true", "displayFinancialStatus", "displayFulfillmentStatus", "totalPriceSet", "createdAt"} {
		if !strings.Contains(req.Query, field) {
			t.Errorf("query lacks %s", field)
		}
	}
	if s := orders[0].String(); s != "#1042 · 2026-11-20 · 59.9 EUR · PAID · UNFULFILLED" {
		t.Errorf("String = %q", s)
	}
}

func TestRecentOrdersErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		token  string
		email  string
		code   string
	}{
		{"no email", 200, `{}`, "shpat_test", "", handoff.EINVALID},
		{"quote in email", 200, `{}`, "shpat_test", `a"b@example.com`, handoff.EINVALID},
		{"bad token", 200, `{}`, "wrong", "john@example.com", handoff.EUNAUTHORIZED},
		{"throttled", 200, `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}]}`, "shpat_test", "john@example.com", handoff.EUNAVAILABLE},
		{"scope missing", 200, `{"errors":[{"message":"Access denied for orders field.","extensions":{"code":"ACCESS_DENIED"}}]}`, "shpat_test", "john@example.com", handoff.EUNAUTHORIZED},
		{"server error", 502, `bad gateway`, "shpat_test", "john@example.com", handoff.EUNAVAILABLE},
		{"not json", 200, `<html>`, "shpat_test", "john@example.com", handoff.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := adminAPI(t, tt.status, tt.body, nil)
			c := shopify.NewClient(shopify.Config{AdminToken: tt.token, APIURL: srv.URL})
			orders, err := c.RecentOrders(context.Background(), tt.email)
			if handoff.ErrorCode(err) != tt.code || orders != nil {
				t.Fatalf("orders %v err %v, want code %s", orders, err, tt.code)
			}
		})
	}
	if _, err := shopify.NewClient(shopify.Config{}).RecentOrders(context.Background(), "a@example.com"); handoff.ErrorCode(err) != handoff.EUNAVAILABLE {
		t.Errorf("no shop connected: %v", err)
	}
}

func TestNoOrders(t *testing.T) {
	t.Parallel()
	srv := adminAPI(t, 200, `{"data":{"orders":{"nodes":[]}}}`, nil)
	orders, err := shopify.NewClient(shopify.Config{AdminToken: "shpat_test", APIURL: srv.URL}).RecentOrders(context.Background(), "new@example.com")
	if err != nil || orders == nil || len(orders) != 0 {
		t.Fatalf("orders %v err %v, want an empty list", orders, err)
	}
}
