package handoff

// Signals are computed on every customer message (DESIGN §2). Formulas and weights live in internal/analyze.
type Signals struct {
	Sentiment              float64  `json:"sentiment"`                // VADER compound of this message, [-1,1]
	SentimentAvg           float64  `json:"sentiment_avg"`            // mean of the last 3 customer messages
	SentimentTrend         float64  `json:"sentiment_trend"`          // slope over the last 3 customer messages
	RequestHuman           bool     `json:"request_human"`            // the customer asks for a person
	RequestHumanConfidence float64  `json:"request_human_confidence"` // [0,1]
	NegativeTone           float64  `json:"negative_tone"`            // hostility and frustration, [0,1]
	Complexity             float64  `json:"complexity"`               // how hard for an AI, [0,1]
	Uncertainty            float64  `json:"uncertainty"`              // how unsure the last AI reply was, [0,1]
	UncertaintyPrev        float64  `json:"uncertainty_prev"`         // the same for the AI reply before that
	Repetition             float64  `json:"repetition"`               // similarity to earlier customer messages, [0,1]
	MessageCount           int      `json:"message_count"`            // customer messages, this one included
	TurnCount              int      `json:"turn_count"`               // all messages
	Keywords               []string `json:"keywords"`                 // configured keywords found
	EscalationScore        float64  `json:"escalation_score"`         // one number for "needs a person now", [0,1]
}

// SignalKind says how a signal can be compared.
type SignalKind int

// Signal kinds.
const (
	SignalNumber SignalKind = iota
	SignalBool
	SignalList
)

// SignalKinds maps every signal name a rule may use to its kind.
var SignalKinds = map[string]SignalKind{
	"sentiment":                SignalNumber,
	"sentiment_avg":            SignalNumber,
	"sentiment_trend":          SignalNumber,
	"request_human":            SignalBool,
	"request_human_confidence": SignalNumber,
	"negative_tone":            SignalNumber,
	"complexity":               SignalNumber,
	"uncertainty":              SignalNumber,
	"uncertainty_prev":         SignalNumber,
	"repetition":               SignalNumber,
	"message_count":            SignalNumber,
	"turn_count":               SignalNumber,
	"keywords":                 SignalList,
	"escalation_score":         SignalNumber,
}

// Value returns the named signal as float64, bool or []string; ok is false for an unknown name.
func (s *Signals) Value(name string) (v any, ok bool) {
	switch name {
	case "sentiment":
		return s.Sentiment, true
	case "sentiment_avg":
		return s.SentimentAvg, true
	case "sentiment_trend":
		return s.SentimentTrend, true
	case "request_human":
		return s.RequestHuman, true
	case "request_human_confidence":
		return s.RequestHumanConfidence, true
	case "negative_tone":
		return s.NegativeTone, true
	case "complexity":
		return s.Complexity, true
	case "uncertainty":
		return s.Uncertainty, true
	case "uncertainty_prev":
		return s.UncertaintyPrev, true
	case "repetition":
		return s.Repetition, true
	case "message_count":
		return float64(s.MessageCount), true
	case "turn_count":
		return float64(s.TurnCount), true
	case "keywords":
		return s.Keywords, true
	case "escalation_score":
		return s.EscalationScore, true
	}
	return nil, false
}

// Map returns every signal by name, for CEL and for explanations.
func (s *Signals) Map() map[string]any {
	m := make(map[string]any, len(SignalKinds))
	for name := range SignalKinds {
		v, _ := s.Value(name)
		if name == "keywords" && v.([]string) == nil {
			v = []string{}
		}
		m[name] = v
	}
	return m
}
