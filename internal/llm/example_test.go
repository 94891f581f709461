package llm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/llm"
)

func ExampleNew() {
	// A stand-in for https://api.openai.com/v1 that answers every request the same way.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"choices":[{"message":{"role":"assistant","content":"We ship to Canada in 7–14 days."}}]}`)
	}))
	defer api.Close()

	client := llm.New(llm.Config{BaseURL: api.URL, Model: "gpt-4o-mini", APIKey: "sk-…"})
	history := []*handoff.Message{{Role: handoff.RoleCustomer, Text: "Do you ship to Canada?"}}
	reply, err := client.Reply(context.Background(), &handoff.Conversation{}, history)
	if err != nil {
		panic(err)
	}
	fmt.Println(reply.Text, reply.Confidence)
	// Output:
	// We ship to Canada in 7–14 days. 0.75
}
