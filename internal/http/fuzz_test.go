package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzIngestJSON posts arbitrary bodies to the ingest endpoint: every answer is a JSON
// object with a known status, never a panic or a 500.
func FuzzIngestJSON(f *testing.F) {
	for _, s := range []string{
		`{"channel":"web","role":"customer","text":"hi","external_id":"1","conversation_external_id":"c"}`,
		`{"channel":"web","role":"ai","text":"hello","confidence":0.3,"conversation_id":1}`,
		`{"channel":"messenger","role":"agent","text":"Tom here","source":"external","conversation_external_id":"psid"}`,
		`{"channel":"web","role":"customer","text":"I want a human!!!","customer":{"name":"Ann","email":"a@b.c"}}`,
		`{`, `[]`, `null`, `{"channel":1}`, `{"text":"\u0000"}`,
	} {
		f.Add(s)
	}
	s := setup(f)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusNotFound, http.StatusConflict:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
		if !strings.HasPrefix(strings.TrimSpace(rec.Body.String()), "{") {
			t.Fatalf("non-JSON answer %q", rec.Body.String())
		}
	})
}
