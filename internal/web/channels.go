package web

import (
	"net/http"
	"strings"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// channelView is one channel's safety net as shown.
type channelView struct {
	C        *handoff.ChannelConfig
	Cooldown string
	OpenNow  bool
	Hours    string
	Handoff  string // the handoff message as the customer would read it now
}

// channelsData is the channels page's data.
type channelsData struct {
	Channels []channelView
	Armed    int
	Killed   int
}

func (c *Console) handleChannels(w http.ResponseWriter, r *http.Request) {
	c.renderChannels(w, r, http.StatusOK, "")
}

func (c *Console) renderChannels(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	cs, err := handoffhttp.ChannelConfigs(r, c.store)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	now := c.now()
	d := channelsData{}
	for _, ch := range cs {
		v := channelView{C: ch, Cooldown: ch.Cooldown.String(), OpenNow: engine.IsOpen(ch.Hours, now), Handoff: engine.HandoffMessage(*ch, now)}
		if v.Cooldown == "" {
			v.Cooldown = "stays paused until a person resumes"
		}
		if ch.Hours != nil && len(ch.Hours.Days) > 0 {
			var parts []string
			for _, day := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
				if span, ok := ch.Hours.Days[day]; ok {
					parts = append(parts, day+" "+span)
				}
			}
			v.Hours = strings.Join(parts, ", ") + " (" + cmpOr(ch.Hours.TimeZone, "UTC") + ")"
		}
		if ch.AutoPause {
			d.Armed++
		}
		if ch.KillSwitch {
			d.Killed++
		}
		d.Channels = append(d.Channels, v)
	}
	c.render(w, r, status, "channels", page{Title: "Channels", Nav: "channels", Error: errMsg, Data: d})
}

// handleChannelSave saves one channel's settings; op=kill, op=unkill, op=arm and op=disarm flip one switch.
func (c *Console) handleChannelSave(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("channel")
	cs, err := handoffhttp.ChannelConfigs(r, c.store)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var cur *handoff.ChannelConfig
	for _, ch := range cs {
		if ch.Channel == name {
			cur = ch
		}
	}
	if cur == nil {
		c.fail(w, r, handoff.Errorf(handoff.ENOTFOUND, "unknown channel %q", name))
		return
	}
	next := *cur
	switch r.PostFormValue("op") {
	case "kill":
		next.KillSwitch = true
	case "unkill":
		next.KillSwitch = false
	case "arm":
		next.AutoPause = true
	case "disarm":
		next.AutoPause = false
	default:
		next.AutoPause = r.PostFormValue("auto_pause") != ""
		next.KillSwitch = r.PostFormValue("kill_switch") != ""
		d, err := handoff.ParseDuration(r.PostFormValue("cooldown"))
		if err != nil {
			c.renderChannels(w, r, http.StatusBadRequest, name+": "+handoff.ErrorMessage(err))
			return
		}
		next.Cooldown = d
		next.WaitEstimate = strings.TrimSpace(r.PostFormValue("wait_estimate"))
		next.HandoffMessage = strings.TrimSpace(r.PostFormValue("handoff_message"))
		next.OutOfHoursMessage = strings.TrimSpace(r.PostFormValue("out_of_hours_message"))
		next.JoinMessage = strings.TrimSpace(r.PostFormValue("join_message"))
		next.ResumeMessage = strings.TrimSpace(r.PostFormValue("resume_message"))
	}
	if err := handoffhttp.ValidateChannelConfig(&next); err != nil {
		c.renderChannels(w, r, http.StatusBadRequest, name+": "+handoff.ErrorMessage(err))
		return
	}
	next.UpdatedAt = c.now()
	if err := c.store.Write(r.Context(), func(tx handoff.Tx) error { return tx.PutChannelConfig(r.Context(), &next) }); err != nil {
		c.fail(w, r, err)
		return
	}
	c.cfg.Engine.InvalidateChannels()
	http.Redirect(w, r, "/console/channels?flash=saved#channel-"+name, http.StatusSeeOther)
}
