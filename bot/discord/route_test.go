package discord

import (
	"errors"
	"testing"
)

func TestParsePlace(t *testing.T) {
	tests := []struct {
		name    string
		conv    string
		want    place
		wantErr bool
	}{
		{name: "DM", conv: "discord:dm:123", want: place{conv: "discord:dm:123", channelID: "123"}},
		{name: "support channel", conv: "discord:123:456", want: place{conv: "discord:123:456", channelID: "123", userID: "456"}},
		{name: "another channel's", conv: "telegram:123", wantErr: true},
		{name: "no IDs", conv: "discord:", wantErr: true},
		{name: "DM without channel", conv: "discord:dm:", wantErr: true},
		{name: "not numbers", conv: "discord:abc:def", wantErr: true},
		{name: "three parts", conv: "discord:1:2:3", wantErr: true},
		{name: "ID too long", conv: "discord:dm:123456789012345678901", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePlace(tt.conv)
			if tt.wantErr {
				if !errors.Is(err, errNotDiscord) {
					t.Errorf("parsePlace(%q) err = %v, want errNotDiscord", tt.conv, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parsePlace(%q) = %+v, %v; want %+v", tt.conv, got, err, tt.want)
			}
		})
	}
}

// FuzzParsePlace: whatever parses names a place whose conversation ID is
// the input, so a message can only go where the conversation says.
func FuzzParsePlace(f *testing.F) {
	for _, s := range []string{"discord:dm:1", "discord:1:2", "discord:dm:dm", "discord::", "discord:1:2:3", "web:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePlace(s)
		if err != nil {
			return
		}
		if p.conv != s || !isSnowflake(p.channelID) || (p.userID != "" && !isSnowflake(p.userID)) {
			t.Errorf("parsePlace(%q) = %+v", s, p)
		}
	})
}
