package main

import (
	"bytes"
	"strings"
	"testing"

	"supportbot/bot"
)

// The question the bot asks now is numbered from 1, whatever buttons an
// earlier reply of the same turn carried.
func TestChatNumbersTheLastQuestionFromOne(t *testing.T) {
	tests := []struct {
		name    string
		replies []bot.Reply
		out     string
		payload []string // payloads by number, from 1
	}{
		{
			name: "one question",
			replies: []bot.Reply{
				{Text: "Do you confirm?", Buttons: []bot.Button{{Label: "Yes", Payload: "yes"}, {Label: "No", Payload: "no"}}},
			},
			out:     "bot: Do you confirm?\n   [1] Yes\n   [2] No\n",
			payload: []string{"yes", "no"},
		},
		{
			name: "a side answer with a button, then the question again",
			replies: []bot.Reply{
				{Text: "Refunds take 14 days.", Buttons: []bot.Button{{Label: "Talk to a person", Payload: "human"}}},
				{Text: "Back to your cancellation."},
				{Text: "Do you confirm?", Buttons: []bot.Button{{Label: "Yes", Payload: "yes"}, {Label: "No", Payload: "no"}}},
			},
			out: "bot: Refunds take 14 days.\n   [3] Talk to a person\nbot: Back to your cancellation.\n" +
				"bot: Do you confirm?\n   [1] Yes\n   [2] No\n",
			payload: []string{"yes", "no", "human"},
		},
		{
			name:    "no buttons",
			replies: []bot.Reply{{Text: "Hello"}},
			out:     "bot: Hello\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			c := &ChatCommand{Stdout: &out}
			buttons := c.print(bot.Response{Replies: tt.replies})
			if out.String() != tt.out {
				t.Errorf("printed\n%s\nwant\n%s", out.String(), tt.out)
			}
			var got []string
			for _, b := range buttons {
				got = append(got, b.Payload)
			}
			if strings.Join(got, ",") != strings.Join(tt.payload, ",") {
				t.Errorf("buttons by number %v, want %v", got, tt.payload)
			}
		})
	}
}
