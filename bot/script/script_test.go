package script

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"supportbot/bot"
)

// TestParseSections: every "conversation" section of a file is played,
// each after a NewConversation step; steps keep their lines in the file;
// "desk off" and "now" set the whole file.
func TestParseSections(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		want    []string // kind:line of each step
		noDesk  bool
		wantErr string
	}{
		{
			name:   "one section",
			script: "What it tests.\n-- conversation --\n> bonjour\n< Bonjour\n<once Bonjour\n",
			want:   []string{"say:3", "contains:4", "once:5"},
		},
		{
			name: "three sections",
			script: "Two lines of\ncomment.\n-- conversation --\n> a\n< b\n\n-- conversation --\n# a comment\n> c\n" +
				"-- conversation --\n> d\n",
			want: []string{"say:4", "contains:5", "new_conversation:7", "say:9", "new_conversation:10", "say:11"},
		},
		{
			name:   "data between sections",
			script: "-- conversation --\n> a\n-- data.json --\n{}\n{}\n-- conversation --\n> b\n",
			want:   []string{"say:2", "new_conversation:6", "say:7"},
		},
		{
			name:   "desk off repeated",
			script: "-- conversation --\ndesk off\n> a\n-- conversation --\ndesk off\n> b\n",
			want:   []string{"say:3", "new_conversation:4", "say:6"},
			noDesk: true,
		},
		{
			name:    "desk off only in a later section",
			script:  "-- conversation --\n> a\n-- conversation --\ndesk off\n> b\n",
			wantErr: "x.txt:4: desk off sets the whole file",
		},
		{
			name:    "desk off after a turn of a later section",
			script:  "-- conversation --\ndesk off\n> a\n-- conversation --\n> b\ndesk off\n",
			wantErr: "x.txt:6: desk off must come before the first turn",
		},
		{
			name:    "another time in a later section",
			script:  "-- conversation --\nnow 2026-11-18T10:30:00Z\n> a\n-- conversation --\nnow 2026-11-19T10:30:00Z\n> b\n",
			wantErr: "x.txt:5: now sets the whole file",
		},
		{
			name:    "bad line in a later section",
			script:  "-- conversation --\n> a\n-- conversation --\n> b\nfly away\n",
			wantErr: "x.txt:5:",
		},
		{
			name:    "no conversation",
			script:  "-- data.json --\n{}\n",
			wantErr: "x.txt: no conversation section",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("x.txt", []byte(tt.script))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, st := range s.Steps {
				got = append(got, fmt.Sprintf("%s:%d", st.Kind, st.Line))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("steps %v, want %v", got, tt.want)
			}
			if s.NoDesk != tt.noDesk {
				t.Errorf("NoDesk %v, want %v", s.NoDesk, tt.noDesk)
			}
		})
	}
}

// recorder is a harness that answers every message with the conversation
// it came in, so that a test sees which conversation each turn went to.
type recorder struct{ convs []string }

func (r *recorder) Handle(_ context.Context, in bot.Incoming) (bot.Response, error) {
	r.convs = append(r.convs, in.ConversationID)
	return bot.Response{Replies: []bot.Reply{{Text: "in " + in.ConversationID}}}, nil
}

func (r *recorder) Agent(context.Context, string, string, string, string) ([]bot.Reply, error) {
	return nil, nil
}
func (r *recorder) Restart(context.Context) error { return nil }
func (r *recorder) Advance(time.Duration)         {}

// TestRunSections: each section is a conversation of its own, on the test
// channel again after a section that moved to another; a failure in the
// first section is still reported after the second has run.
func TestRunSections(t *testing.T) {
	s, err := Parse("x.txt", []byte("-- conversation --\n> a\n< nowhere\nchannel telegram 42\n> b\n"+
		"-- conversation --\n> c\n< in test:x.txt#2\n<once in test\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := &recorder{}
	failures, err := s.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"test:x.txt", "telegram:42", "test:x.txt#2"}
	if strings.Join(h.convs, " ") != strings.Join(want, " ") {
		t.Errorf("conversations %v, want %v", h.convs, want)
	}
	if len(failures) != 1 || failures[0].Line != 3 {
		t.Errorf("failures %v, want the one of line 3", failures)
	}
}
