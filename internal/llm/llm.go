package llm

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

var _ handoff.Responder = (*Client)(nil)

// Defaults applied by Config.WithDefaults.
const (
	DefaultBaseURL    = "https://api.openai.com/v1" // the OpenAI API
	DefaultTimeout    = 20 * time.Second            // per request
	DefaultMaxHistory = 20                          // messages sent besides the system prompt
)

// Temperature is the sampling temperature of every request: low, for consistent support answers.
const Temperature = 0.2

// Confidence values used when the API returns no token log-probabilities.
const (
	FallbackConfidence = 0.75 // a plain answer
	HedgeConfidence    = 0.35 // an answer that says it is unsure
)

// DefaultSystemPrompt is the system prompt used when Config.SystemPrompt is empty.
const DefaultSystemPrompt = `You are the customer support assistant of an online shop, chatting with a customer on the shop's website or messaging channels.
Answer only from what you know about the shop and what this conversation already says. Never invent order details, prices, delivery dates or policies.
If you are not sure of the answer, or you do not know, say so clearly (for example "I'm not sure") and offer to bring in a person from the team.
Never promise refunds, replacements, discounts, compensation or exceptions to the shop's policies; only a person from the team can decide those.
Messages that start with a name followed by "(support team):" were written by people on the shop's team.
Keep replies short, friendly and plain: a few sentences, no headings.`

// hedges are phrases that mark an answer as unsure, matched case-insensitively.
var hedges = []string{
	"i'm not sure", "i am not sure", "not entirely sure",
	"i don't know", "i do not know",
	"i can't help", "i cannot help", "i can not help",
	"i don't have access", "i do not have access",
	"unable to",
}

// Config configures a Client.
type Config struct {
	BaseURL      string        // API root, e.g. https://api.openai.com/v1
	Model        string        // model name, e.g. gpt-4o-mini; required
	APIKey       string        // sent as a bearer token; empty sends no Authorization header
	SystemPrompt string        // empty means DefaultSystemPrompt
	Timeout      time.Duration // per request; 0 means DefaultTimeout
	HTTPClient   *http.Client  // nil means a client of its own
	MaxHistory   int           // most recent messages sent; 0 means DefaultMaxHistory
}

// WithDefaults returns c with empty fields set to their defaults.
func (c Config) WithDefaults() Config {
	c.BaseURL = cmp.Or(c.BaseURL, DefaultBaseURL)
	c.SystemPrompt = cmp.Or(c.SystemPrompt, DefaultSystemPrompt)
	c.Timeout = cmp.Or(c.Timeout, DefaultTimeout)
	c.MaxHistory = cmp.Or(c.MaxHistory, DefaultMaxHistory)
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return c
}

// Validate reports a missing model, a bad base URL or a negative limit as EINVALID.
func (c Config) Validate() error {
	u, err := url.Parse(c.BaseURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return handoff.Errorf(handoff.EINVALID, "llm: base URL %q must be an http(s) URL such as %s", c.BaseURL, DefaultBaseURL)
	case strings.TrimSpace(c.Model) == "":
		return handoff.Errorf(handoff.EINVALID, "llm: model is required")
	case c.Timeout < 0:
		return handoff.Errorf(handoff.EINVALID, "llm: timeout must not be negative")
	case c.MaxHistory < 0:
		return handoff.Errorf(handoff.EINVALID, "llm: max history must not be negative")
	}
	return nil
}

// String describes the configuration with the API key masked.
func (c Config) String() string {
	return fmt.Sprintf("llm.Config{BaseURL:%s Model:%s APIKey:%s Timeout:%s MaxHistory:%d}",
		c.BaseURL, c.Model, mask(c.APIKey), c.Timeout, c.MaxHistory)
}

// LogValue logs the configuration with the API key masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("model", c.Model),
		slog.String("api_key", mask(c.APIKey)),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_history", c.MaxHistory),
	)
}

func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "********"
}

// Client drafts replies with a chat-completions model. It is safe for concurrent use.
type Client struct {
	cfg      Config
	endpoint string
	err      error // configuration error, returned by every Reply
}

// New returns a Client for cfg with defaults applied. An invalid cfg makes every Reply fail with EINVALID.
func New(cfg Config) *Client {
	cfg = cfg.WithDefaults()
	return &Client{
		cfg:      cfg,
		endpoint: strings.TrimRight(cfg.BaseURL, "/") + "/chat/completions",
		err:      cfg.Validate(),
	}
}

// chatMessage is one message of the chat-completions request.
type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	Logprobs    bool          `json:"logprobs"`
}

type chatResponse struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
		Logprobs *struct {
			Content []struct {
				Logprob float64 `json:"logprob"`
			} `json:"content"`
		} `json:"logprobs"`
	} `json:"choices"`
}

type apiError struct {
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

// maxBody bounds how much of a response is read.
const maxBody = 4 << 20

// Reply sends the conversation up to the last customer message to the model and returns its answer.
// It returns EINVALID for a bad configuration, a history without a customer message or a 4xx answer,
// and EUNAVAILABLE when the API cannot be reached, times out, is overloaded or answers nothing.
func (c *Client) Reply(ctx context.Context, conv *handoff.Conversation, history []*handoff.Message) (*handoff.Reply, error) {
	if c.err != nil {
		return nil, c.err
	}
	msgs, err := c.messages(conv, history)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(chatRequest{Model: c.cfg.Model, Messages: msgs, Temperature: Temperature, Logprobs: true})
	if err != nil {
		return nil, fmt.Errorf("llm: encode request: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, wrap(handoff.EINVALID, err, "llm: build request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "handoff/"+handoff.Version)
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}

	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		reason := "connection failed"
		if errors.Is(err, context.DeadlineExceeded) {
			reason = "the request timed out"
		} else if errors.Is(err, context.Canceled) {
			reason = "request cancelled"
		}
		return nil, wrap(handoff.EUNAVAILABLE, err, "llm: the model API could not be reached: %s", reason)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, wrap(handoff.EUNAVAILABLE, err, "llm: reading the model API response failed")
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(resp.StatusCode, data)
	}

	var out chatResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, wrap(handoff.EUNAVAILABLE, err, "llm: the model API sent a malformed response")
	}
	if len(out.Choices) == 0 {
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "llm: the model API returned no choices")
	}
	choice := out.Choices[0]
	text := strings.TrimSpace(choice.Message.Content)
	if text == "" {
		return nil, handoff.Errorf(handoff.EUNAVAILABLE, "llm: the model returned an empty reply")
	}
	var logprobs []float64
	if choice.Logprobs != nil {
		for _, t := range choice.Logprobs.Content {
			logprobs = append(logprobs, t.Logprob)
		}
	}
	return &handoff.Reply{Text: text, Confidence: Confidence(text, logprobs)}, nil
}

// Confidence scores a reply: exp(mean(logprobs)) clamped to [0,1] when there are log-probabilities,
// otherwise FallbackConfidence, or HedgeConfidence when the text hedges.
func Confidence(text string, logprobs []float64) float64 {
	if len(logprobs) > 0 {
		sum := 0.0
		for _, lp := range logprobs {
			sum += lp
		}
		c := math.Exp(sum / float64(len(logprobs)))
		if math.IsNaN(c) {
			return 0
		}
		return max(0, min(1, c))
	}
	if Hedges(text) {
		return HedgeConfidence
	}
	return FallbackConfidence
}

// Hedges reports whether text says the assistant is unsure or cannot help.
func Hedges(text string) bool {
	t := strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(text))
	for _, h := range hedges {
		if strings.Contains(t, h) {
			return true
		}
	}
	return false
}

// messages maps the history up to the last customer message to chat messages, system prompt first.
func (c *Client) messages(conv *handoff.Conversation, history []*handoff.Message) ([]chatMessage, error) {
	last := -1
	for i := len(history) - 1; i >= 0; i-- {
		if history[i] != nil && history[i].Role == handoff.RoleCustomer {
			last = i
			break
		}
	}
	if last < 0 {
		return nil, handoff.Errorf(handoff.EINVALID, "llm: no customer message to answer")
	}
	var mapped []chatMessage
	for _, m := range history[:last+1] {
		if m == nil {
			continue
		}
		content := messageText(m)
		if content == "" {
			continue
		}
		switch m.Role {
		case handoff.RoleCustomer:
			mapped = append(mapped, chatMessage{Role: "user", Content: content})
		case handoff.RoleAI:
			mapped = append(mapped, chatMessage{Role: "assistant", Content: content})
		case handoff.RoleAgent:
			name := m.Author
			if name == "" && conv != nil {
				name = conv.AgentName
			}
			name = cmp.Or(name, "Agent")
			mapped = append(mapped, chatMessage{Role: "assistant", Content: name + " (support team): " + content})
		}
	}
	if len(mapped) > c.cfg.MaxHistory {
		mapped = mapped[len(mapped)-c.cfg.MaxHistory:]
	}
	return append([]chatMessage{{Role: "system", Content: c.cfg.SystemPrompt}}, mapped...), nil
}

// messageText is the text of m, or a note of its attachments when it has no text.
func messageText(m *handoff.Message) string {
	if t := strings.TrimSpace(m.Text); t != "" {
		return t
	}
	if len(m.Attachments) == 0 {
		return ""
	}
	kinds := make([]string, len(m.Attachments))
	for i, a := range m.Attachments {
		kinds[i] = cmp.Or(a.Type, "file")
	}
	return "[sent an attachment: " + strings.Join(kinds, ", ") + "]"
}

// statusError turns a non-2xx response into EUNAVAILABLE (5xx, 429, 408 and others) or EINVALID (other 4xx).
func (c *Client) statusError(status int, body []byte) error {
	code := handoff.EUNAVAILABLE
	if status >= 400 && status < 500 && status != http.StatusTooManyRequests && status != http.StatusRequestTimeout {
		code = handoff.EINVALID
	}
	cause := fmt.Errorf("status %d", status)
	detail := ""
	if status != http.StatusUnauthorized && status != http.StatusForbidden {
		var e apiError
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			detail = e.Error.Message
		}
		if c.cfg.APIKey != "" {
			detail = strings.ReplaceAll(detail, c.cfg.APIKey, "[redacted]")
		}
		if len(detail) > 300 {
			detail = detail[:300] + "…"
		}
	}
	if detail != "" {
		return wrap(code, cause, "llm: the model API answered %d %s: %s", status, http.StatusText(status), detail)
	}
	return wrap(code, cause, "llm: the model API answered %d %s", status, http.StatusText(status))
}

// wrap returns a domain error with code and message that also wraps cause, for errors.Is and errors.As.
func wrap(code string, cause error, format string, args ...any) error {
	return fmt.Errorf("%w: %w", handoff.Errorf(code, format, args...), cause)
}
