package handoff

import "time"

// ChannelConfig is the safety net and wording for one channel (DESIGN §4).
type ChannelConfig struct {
	Channel string `json:"channel"`
	// AutoPause arms the safety net: rules and outside human replies pause the AI.
	AutoPause bool `json:"auto_pause"`
	// Cooldown is how long after the last human activity the AI resumes; zero means stay paused until a person resumes.
	Cooldown Duration `json:"cooldown"`
	// KillSwitch pauses the AI on the whole channel.
	KillSwitch bool `json:"kill_switch"`
	// HandoffMessage is sent to the customer when the AI steps back. {{wait}} is replaced by the wait expectation.
	HandoffMessage string `json:"handoff_message"`
	// OutOfHoursMessage replaces HandoffMessage outside business hours.
	OutOfHoursMessage string `json:"out_of_hours_message"`
	// JoinMessage is shown when an agent claims; {{agent}} and {{team}} are replaced.
	JoinMessage string `json:"join_message"`
	// ResumeMessage is sent when the AI takes the conversation back.
	ResumeMessage string `json:"resume_message"`
	// WaitEstimate is the honest wait expectation put into {{wait}}, e.g. "a few minutes".
	WaitEstimate string `json:"wait_estimate"`
	// Hours are the business hours; nil means always open.
	Hours     *BusinessHours `json:"business_hours,omitempty"`
	UpdatedAt time.Time      `json:"updated_at,omitzero"`
}

// BusinessHours is a weekly opening schedule in one time zone.
type BusinessHours struct {
	TimeZone string `json:"time_zone"` // IANA name, e.g. Europe/Berlin
	// Days maps "mon".."sun" to "09:00-17:00"; a missing day is closed.
	Days map[string]string `json:"days"`
}

// DefaultChannelConfigs returns the shipped safety net: web 15m, shopify 30m, instagram 60m, messenger stays paused.
func DefaultChannelConfigs() []ChannelConfig {
	mk := func(ch string, cooldown time.Duration) ChannelConfig {
		return ChannelConfig{
			Channel:           ch,
			AutoPause:         true,
			Cooldown:          Duration(cooldown),
			HandoffMessage:    "Thanks for your patience. I'm bringing in a member of our team who can help with this; they usually reply within {{wait}}. You don't need to repeat anything: they will see our whole conversation.",
			OutOfHoursMessage: "Thanks for your patience. Our team is offline right now; a person will pick this up as soon as we open and will see our whole conversation, so you don't need to repeat anything.",
			JoinMessage:       "{{agent}} from {{team}} joined the conversation.",
			ResumeMessage:     "You're chatting with our AI assistant again. Ask for a person at any time.",
			WaitEstimate:      "a few minutes",
		}
	}
	return []ChannelConfig{
		mk(ChannelWeb, 15*time.Minute),
		mk(ChannelShopify, 30*time.Minute),
		mk(ChannelInstagram, 60*time.Minute),
		mk(ChannelMessenger, 0),
		mk(ChannelAPI, 15*time.Minute),
	}
}
