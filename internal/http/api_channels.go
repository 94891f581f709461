package http

import (
	"net/http"
	"strings"

	"github.com/handoffhq/handoff"
)

func (s *Server) registerChannelRoutes() {
	s.mux.HandleFunc("GET /api/v1/channels", s.authed(false, s.handleListChannels))
	s.mux.HandleFunc("GET /api/v1/channels/{channel}", s.authed(false, s.handleGetChannel))
	s.mux.HandleFunc("PUT /api/v1/channels/{channel}", s.authed(true, s.handlePutChannel))
}

// ChannelConfigs returns the stored channel settings merged over the shipped defaults, one per channel.
func ChannelConfigs(r *http.Request, store handoff.Store) ([]*handoff.ChannelConfig, error) {
	out := []*handoff.ChannelConfig{}
	stored := map[string]*handoff.ChannelConfig{}
	err := store.View(r.Context(), func(tx handoff.Tx) error {
		cs, err := tx.ListChannelConfigs(r.Context())
		for _, c := range cs {
			stored[c.Channel] = c
		}
		return err
	})
	for _, d := range handoff.DefaultChannelConfigs() {
		if c, ok := stored[d.Channel]; ok {
			out = append(out, c)
		} else {
			d := d
			out = append(out, &d)
		}
	}
	return out, err
}

func (s *Server) handleListChannels(w http.ResponseWriter, r *http.Request) {
	cs, err := ChannelConfigs(r, s.store)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"channels": cs})
}

func (s *Server) channel(r *http.Request) (*handoff.ChannelConfig, error) {
	name := r.PathValue("channel")
	if !handoff.ValidChannel(name) {
		return nil, handoff.Errorf(handoff.ENOTFOUND, "unknown channel %q (want one of %s)", name, strings.Join(handoff.Channels, ", "))
	}
	cs, err := ChannelConfigs(r, s.store)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Channel == name {
			return c, nil
		}
	}
	return nil, handoff.Errorf(handoff.ENOTFOUND, "channel %q not found", name)
}

func (s *Server) handleGetChannel(w http.ResponseWriter, r *http.Request) {
	c, err := s.channel(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"channel": c})
}

// ValidateChannelConfig checks settings before they are saved.
func ValidateChannelConfig(c *handoff.ChannelConfig) error {
	if c.Cooldown < 0 {
		return handoff.Errorf(handoff.EINVALID, "cooldown must not be negative")
	}
	if strings.TrimSpace(c.HandoffMessage) == "" {
		return handoff.Errorf(handoff.EINVALID, "handoff_message must not be empty: the customer must be told a person is coming")
	}
	if len(c.HandoffMessage) > 2000 || len(c.OutOfHoursMessage) > 2000 || len(c.ResumeMessage) > 2000 || len(c.JoinMessage) > 2000 {
		return handoff.Errorf(handoff.EINVALID, "messages are limited to 2000 characters")
	}
	if h := c.Hours; h != nil {
		for day, span := range h.Days {
			switch day {
			case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
			default:
				return handoff.Errorf(handoff.EINVALID, "business_hours.days: unknown day %q (want mon..sun)", day)
			}
			from, to, ok := strings.Cut(span, "-")
			if !ok || !validClock(from) || !validClock(to) {
				return handoff.Errorf(handoff.EINVALID, "business_hours.days.%s: want \"09:00-17:00\", got %q", day, span)
			}
		}
	}
	return nil
}

func validClock(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'
}

func (s *Server) handlePutChannel(w http.ResponseWriter, r *http.Request) {
	current, err := s.channel(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	next := *current
	if err := decode(w, r, &next); err != nil {
		s.Error(w, r, err)
		return
	}
	next.Channel = current.Channel
	if err := ValidateChannelConfig(&next); err != nil {
		s.Error(w, r, err)
		return
	}
	next.UpdatedAt = s.engine.Now()
	if err := s.store.Write(r.Context(), func(tx handoff.Tx) error { return tx.PutChannelConfig(r.Context(), &next) }); err != nil {
		s.Error(w, r, err)
		return
	}
	s.engine.InvalidateChannels()
	writeJSON(w, http.StatusOK, map[string]any{"channel": next})
}
