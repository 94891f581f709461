package simulate

import (
	"bytes"
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/handoffhq/handoff"
)

// ParseChannels reads channel settings from YAML or JSON: a list, or {channels: [...]}.
// Fields not given keep the shipped defaults of that channel.
func ParseChannels(data []byte) ([]handoff.ChannelConfig, error) {
	var generic any
	if err := yaml.Unmarshal(data, &generic); err != nil {
		return nil, fmt.Errorf("channels: %w", err)
	}
	if m, ok := generic.(map[string]any); ok {
		if list, ok := m["channels"]; ok {
			generic = list
		}
	}
	list, ok := generic.([]any)
	if !ok {
		return nil, fmt.Errorf("channels: want a list of channel settings")
	}
	defaults := map[string]handoff.ChannelConfig{}
	for _, d := range handoff.DefaultChannelConfigs() {
		defaults[d.Channel] = d
	}
	out := make([]handoff.ChannelConfig, 0, len(list))
	for i, item := range list {
		b, err := json.Marshal(item)
		if err != nil {
			return nil, fmt.Errorf("channels[%d]: %w", i, err)
		}
		var head struct {
			Channel string `json:"channel"`
		}
		_ = json.Unmarshal(b, &head)
		c, ok := defaults[head.Channel]
		if !ok {
			return nil, fmt.Errorf("channels[%d]: unknown channel %q", i, head.Channel)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("channels[%d] (%s): %w", i, head.Channel, err)
		}
		out = append(out, c)
	}
	return out, nil
}
