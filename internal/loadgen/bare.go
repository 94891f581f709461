package loadgen

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
)

// BareHandler is the baseline the ingest figures are compared with: a plain net/http handler
// that takes the same POST /api/v1/messages body, inserts the message row in one transaction
// and answers 201 with it, with nothing else (no token, analysis, rules, state or live events).
// A conversation is created the first time its external id is seen and remembered in memory.
func BareHandler(db handoff.Store) http.Handler {
	var mu sync.Mutex
	convs := map[string]int64{}
	conversation := func(r *http.Request, channel, externalID string) (int64, error) {
		mu.Lock()
		defer mu.Unlock()
		if id, ok := convs[externalID]; ok {
			return id, nil
		}
		c := &handoff.Conversation{Channel: channel, State: handoff.StateAIActive, ExternalID: externalID}
		if err := db.Write(r.Context(), func(tx handoff.Tx) error { return tx.CreateConversation(r.Context(), c) }); err != nil {
			return 0, err
		}
		convs[externalID] = c.ID
		return c.ID, nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Channel                string       `json:"channel"`
			Role                   handoff.Role `json:"role"`
			Text                   string       `json:"text"`
			ExternalID             string       `json:"external_id"`
			ConversationExternalID string       `json:"conversation_external_id"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id, err := conversation(r, req.Channel, req.ConversationExternalID)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		m := &handoff.Message{ConversationID: id, Role: req.Role, Text: req.Text, ExternalID: req.ExternalID, CreatedAt: time.Now()}
		if err := db.Write(r.Context(), func(tx handoff.Tx) error { return tx.CreateMessage(r.Context(), m, nil) }); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(m)
	})
}
