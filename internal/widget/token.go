package widget

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// TokenTTL is how long a widget token is accepted after it was issued.
const TokenTTL = 90 * 24 * time.Hour

// session is what a widget token carries.
type session struct {
	Channel string `json:"c"`
	Key     string `json:"k"` // random; the conversation's external id is "widget-" + Key
	Issued  int64  `json:"t"`
}

// externalID is the id of the conversation the session is bound to.
func (s session) externalID() string { return "widget-" + s.Key }

// tokens signs and checks widget tokens.
type tokens struct {
	key []byte
	now func() time.Time
}

func (t tokens) mac(b []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write(b)
	return m.Sum(nil)
}

// issue returns a new session on channel and its token.
func (t tokens) issue(channel string) (session, string) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	s := session{Channel: channel, Key: base64.RawURLEncoding.EncodeToString(b), Issued: t.now().Unix()}
	payload, _ := json.Marshal(s)
	enc := base64.RawURLEncoding
	return s, enc.EncodeToString(payload) + "." + enc.EncodeToString(t.mac(payload))
}

// parse checks a token and returns its session; any problem is ENOTFOUND, so a bad token and
// someone else's conversation look the same.
func (t tokens) parse(token string) (session, error) {
	notFound := handoff.Errorf(handoff.ENOTFOUND, "chat session not found: start a new chat")
	p, m, ok := strings.Cut(token, ".")
	if !ok || len(token) > 512 {
		return session{}, notFound
	}
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	mac, err2 := enc.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, t.mac(payload)) {
		return session{}, notFound
	}
	var s session
	if json.Unmarshal(payload, &s) != nil || s.Key == "" || !widgetChannel(s.Channel) {
		return session{}, notFound
	}
	if t.now().Sub(time.Unix(s.Issued, 0)) > TokenTTL {
		return session{}, notFound
	}
	return s, nil
}

// widgetChannel reports whether the widget may run on channel.
func widgetChannel(ch string) bool { return ch == handoff.ChannelWeb || ch == handoff.ChannelShopify }
