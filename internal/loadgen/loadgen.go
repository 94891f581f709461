// Package loadgen drives a running handoff service over HTTP with many conversations and then
// checks, through the API, that every acknowledged message is stored exactly once and that every
// conversation meant to be handed off was.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Config describes one run.
type Config struct {
	BaseURL       string // one base URL, or several separated by commas: conversations are spread over them
	Token         string
	Conversations int     // N conversations
	Messages      int     // M customer messages each
	Rate          float64 // messages per second overall; 0 = as fast as possible
	Concurrency   int     // parallel clients
	Escalating    float64 // share of conversations that end with a request for a person, e.g. 0.2
	Prefix        string  // makes conversation ids unique per run
	Channel       string
	Client        *http.Client
}

// Report is what a run measured and verified.
type Report struct {
	Sent          int           `json:"sent"`
	Acked         int           `json:"acked"`
	Failed        int           `json:"failed"` // not acknowledged (connection refused, 5xx): safe to retry
	Duration      time.Duration `json:"duration_ns"`
	Throughput    float64       `json:"msgs_per_sec"`
	P50           time.Duration `json:"p50_ns"`
	P99           time.Duration `json:"p99_ns"`
	Verified      bool          `json:"verified"`
	Lost          int           `json:"lost"`       // acknowledged but not stored
	Duplicates    int           `json:"duplicates"` // stored more than once
	MissedHandoff int           `json:"missed_handoffs"`
	Problems      []string      `json:"problems,omitempty"`
}

var routine = []string{
	"Hi, how long does shipping take?",
	"Can I change the size of my order?",
	"What payment methods do you accept?",
	"Do you ship to Canada?",
	"thanks, and how do returns work?",
	"Is the blue one back in stock?",
}

// url returns the base URL conversation i is sent to.
func (c Config) url(i int) string {
	urls := strings.Split(c.BaseURL, ",")
	return strings.TrimRight(strings.TrimSpace(urls[i%len(urls)]), "/")
}

// ConversationID is the external id of conversation i in this run.
func (c Config) ConversationID(i int) string { return fmt.Sprintf("%sc%d", c.Prefix, i) }

// MessageID is the external id of message j of conversation i.
func (c Config) MessageID(i, j int) string { return fmt.Sprintf("%sc%d-m%d", c.Prefix, i, j) }

// Escalates reports whether conversation i asks for a person on its last message.
func (c Config) Escalates(i int) bool {
	return c.Escalating > 0 && i%int(1/c.Escalating) == 0
}

// Text is the text of message j of conversation i.
func (c Config) Text(i, j int) string {
	if j == c.Messages-1 && c.Escalates(i) {
		return "This is not helping. I want to talk to a real person, please."
	}
	return routine[(i+j)%len(routine)]
}

// Send posts every message; messages of one conversation go in order, conversations in parallel.
// Acked returns, per conversation, how many messages were acknowledged (2xx).
func Send(ctx context.Context, c Config, acked []atomic.Int32) (*Report, error) {
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = c.Concurrency // keep one connection per client instead of reconnecting
		c.Client = &http.Client{Timeout: 30 * time.Second, Transport: tr}
	}
	if c.Channel == "" {
		c.Channel = "api"
	}
	var lim *rate.Limiter
	if c.Rate > 0 {
		lim = rate.NewLimiter(rate.Limit(c.Rate), max(1, int(c.Rate/10)))
	}
	rep := &Report{}
	var mu sync.Mutex
	var lat []time.Duration
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				for j := int(acked[i].Load()); j < c.Messages; j++ {
					if lim != nil && lim.Wait(ctx) != nil {
						return
					}
					t0 := time.Now()
					ok := post(ctx, c, i, j)
					d := time.Since(t0)
					mu.Lock()
					rep.Sent++
					if ok {
						rep.Acked++
						lat = append(lat, d)
					} else {
						rep.Failed++
					}
					mu.Unlock()
					if !ok {
						break // keep order within the conversation: retry from here on the next run
					}
					acked[i].Add(1)
				}
			}
		}()
	}
	for i := 0; i < c.Conversations; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	rep.Duration = time.Since(start)
	if rep.Duration > 0 {
		rep.Throughput = float64(rep.Acked) / rep.Duration.Seconds()
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		rep.P50, rep.P99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return rep, ctx.Err()
}

func post(ctx context.Context, c Config, i, j int) bool {
	body, _ := json.Marshal(map[string]any{
		"channel": c.Channel, "role": "customer", "text": c.Text(i, j),
		"external_id": c.MessageID(i, j), "conversation_external_id": c.ConversationID(i),
	})
	req, err := http.NewRequestWithContext(ctx, "POST", c.url(i)+"/api/v1/messages", bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusCreated
}

// Verify lists the run's conversations through the API and checks each acknowledged message is
// stored exactly once and each escalating conversation (fully acknowledged) was handed off.
func Verify(ctx context.Context, c Config, acked []atomic.Int32, rep *Report) error {
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 30 * time.Second}
	}
	byExt := map[string]int64{}
	for offset := 0; ; offset += 500 {
		var page struct {
			Conversations []struct {
				ID         int64  `json:"id"`
				ExternalID string `json:"external_id"`
			} `json:"conversations"`
			Total int `json:"total"`
		}
		if err := get(ctx, c, fmt.Sprintf("/api/v1/conversations?channel=%s&limit=500&offset=%d", c.Channel, offset), &page); err != nil {
			return err
		}
		for _, cv := range page.Conversations {
			byExt[cv.ExternalID] = cv.ID
		}
		if offset+500 >= page.Total {
			break
		}
	}
	for i := 0; i < c.Conversations; i++ {
		n := int(acked[i].Load())
		id, ok := byExt[c.ConversationID(i)]
		if !ok {
			if n > 0 {
				rep.Lost += n
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: conversation missing", c.ConversationID(i)))
			}
			continue
		}
		var d struct {
			Conversation struct {
				State string `json:"state"`
			} `json:"conversation"`
			Messages []struct {
				Role       string `json:"role"`
				ExternalID string `json:"external_id"`
			} `json:"messages"`
		}
		if err := get(ctx, c, fmt.Sprintf("/api/v1/conversations/%d", id), &d); err != nil {
			return err
		}
		count := map[string]int{}
		for _, m := range d.Messages {
			if m.Role == "customer" {
				count[m.ExternalID]++
			}
		}
		for j := 0; j < n; j++ {
			switch k := count[c.MessageID(i, j)]; {
			case k == 0:
				rep.Lost++
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s lost", c.MessageID(i, j)))
			case k > 1:
				rep.Duplicates += k - 1
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s stored %d times", c.MessageID(i, j), k))
			}
		}
		if c.Escalates(i) && n == c.Messages && d.Conversation.State != "paused" && d.Conversation.State != "human_active" {
			rep.MissedHandoff++
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: state %s, want a handoff", c.ConversationID(i), d.Conversation.State))
		}
	}
	if len(rep.Problems) > 20 {
		rep.Problems = append(rep.Problems[:20], fmt.Sprintf("… and %d more", len(rep.Problems)-20))
	}
	rep.Verified = rep.Lost == 0 && rep.Duplicates == 0 && rep.MissedHandoff == 0
	return nil
}

func get(ctx context.Context, c Config, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", c.url(0)+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.Client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
