package script

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/intents"
	"supportbot/storage"
)

// Harness is the program a script talks to: a real engine on a real store,
// which the caller builds.
type Harness interface {
	Handle(ctx context.Context, in bot.Incoming) (bot.Response, error)
	// Agent performs an agent's action on the conversation's open hand-off
	// (AgentSay, AgentTake or AgentDone) and returns what the customer was
	// sent on their channel.
	Agent(ctx context.Context, conversationID, kind, agent, text string) ([]bot.Reply, error)
	// Restart replaces the engine by a new one on the same database.
	Restart(ctx context.Context) error
	// Advance moves the harness's clock on.
	Advance(d time.Duration)
}

// Failure is a step whose expectation was not met.
type Failure struct {
	Line int
	Msg  string
}

func (f Failure) String() string { return fmt.Sprintf("line %d: %s", f.Line, f.Msg) }

// Run plays the script against h and returns the failed expectations. An
// error means the script could not be played at all.
func (s *Script) Run(ctx context.Context, h Harness) ([]Failure, error) {
	r := runner{h: h, conv: "test:" + s.Name, channel: bot.ChannelTest}
	convs := 1
	for _, st := range s.Steps {
		if st.Kind == NewConversation {
			convs++
			r = runner{h: h, conv: fmt.Sprintf("test:%s#%d", s.Name, convs), channel: bot.ChannelTest, failures: r.failures}
			continue
		}
		if err := r.step(ctx, st); err != nil {
			return r.failures, fmt.Errorf("%s:%d: %w", s.Name, st.Line, err)
		}
	}
	return r.failures, nil
}

type runner struct {
	h        Harness
	conv     string
	channel  string
	user     string
	last     bot.Response // the bot's answer to the last customer message
	replies  []bot.Reply  // what the customer saw since their last action
	failures []Failure
}

func (r *runner) fail(st Step, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.failures = append(r.failures, Failure{Line: st.Line, Msg: msg + "\n    bot said: " + r.said()})
}

// said is the replies since the customer's last action, for failure messages.
func (r *runner) said() string {
	var parts []string
	for _, rp := range r.replies {
		t := rp.Text
		if rp.Agent != "" {
			t = rp.Agent + ": " + t
		}
		for _, b := range rp.Buttons {
			t += " [" + b.Label + "]"
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return "(nothing)"
	}
	return strings.Join(parts, "\n      ")
}

func (r *runner) step(ctx context.Context, st Step) error {
	switch st.Kind {
	case Say:
		return r.send(ctx, bot.Incoming{Text: st.Arg})
	case Press:
		return r.press(ctx, st)
	case Photo:
		return r.send(ctx, bot.Incoming{Attachments: []storage.Attachment{{
			Name: "photo.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff\xe0 test photo"),
		}}})
	case Contains, Once, Lacks, Matches, Unmatched, HasButton, NoButton, Intent, Handoff, Nothing:
		r.check(st)
	case AgentSay, AgentTake, AgentDone:
		replies, err := r.h.Agent(ctx, r.conv, st.Kind, st.Agent, st.Arg)
		if err != nil {
			return fmt.Errorf("agent: %w", err)
		}
		r.replies = replies
		r.last.Handoff = st.Kind != AgentDone
	case Restart:
		return r.h.Restart(ctx)
	case Clock:
		r.h.Advance(st.Delay)
	case Channel:
		// channel CH USER [CONV]: the user's private chat unless another
		// conversation is named.
		f := strings.Fields(st.Arg)
		r.channel, r.user = f[0], ""
		r.conv = f[0] + ":" + f[0]
		if len(f) > 1 {
			r.user = f[1]
			r.conv = f[0] + ":" + f[1]
		}
		if len(f) > 2 {
			r.conv = f[0] + ":" + f[2]
		}
	}
	return nil
}

func (r *runner) send(ctx context.Context, in bot.Incoming) error {
	in.ConversationID, in.Channel, in.UserID = r.conv, r.channel, r.user
	resp, err := r.h.Handle(ctx, in)
	if err != nil {
		return err
	}
	r.last, r.replies = resp, resp.Replies
	return nil
}

// press presses a button of the last replies, by label or payload.
func (r *runner) press(ctx context.Context, st Step) error {
	if strings.HasPrefix(st.Arg, "/") {
		return r.send(ctx, bot.Incoming{Payload: st.Arg})
	}
	for _, rp := range r.replies {
		for _, b := range rp.Buttons {
			if fold(b.Label) == fold(st.Arg) {
				return r.send(ctx, bot.Incoming{Payload: b.Payload})
			}
		}
	}
	r.fail(st, "no button %q to press", st.Arg)
	return nil
}

func (r *runner) check(st Step) {
	all := r.text()
	switch st.Kind {
	case Contains:
		if !containsWords(all, st.Arg) {
			r.fail(st, "want a reply containing %q", st.Arg)
		}
	case Once:
		n := 0
		for _, rp := range r.replies {
			if containsWords(rp.Text, st.Arg) {
				n++
			}
		}
		if n != 1 {
			r.fail(st, "want exactly one reply containing %q, got %d", st.Arg, n)
		}
	case Lacks:
		if containsWords(all, st.Arg) {
			r.fail(st, "want no reply containing %q", st.Arg)
		}
	case Nothing:
		if len(r.replies) > 0 {
			r.fail(st, "want no reply")
		}
	case Matches:
		re, err := regexp.Compile(st.Arg)
		if err != nil {
			r.fail(st, "bad regular expression: %v", err)
			return
		}
		if !re.MatchString(all) {
			r.fail(st, "want a reply matching %q", st.Arg)
		}
	case Unmatched:
		re, err := regexp.Compile(st.Arg)
		if err != nil {
			r.fail(st, "bad regular expression: %v", err)
			return
		}
		if re.MatchString(all) {
			r.fail(st, "want no reply matching %q", st.Arg)
		}
	case HasButton:
		if !r.hasButton(st.Arg) {
			r.fail(st, "want a button %q", st.Arg)
		}
	case NoButton:
		if r.hasButton(st.Arg) {
			r.fail(st, "want no button %q", st.Arg)
		}
	case Intent:
		if r.last.Intent != st.Arg {
			r.fail(st, "intent: got %q, want %q", r.last.Intent, st.Arg)
		}
	case Handoff:
		if got := fmt.Sprint(r.last.Handoff); got != st.Arg {
			r.fail(st, "handoff: got %s, want %s", got, st.Arg)
		}
	}
}

func (r *runner) text() string {
	var b strings.Builder
	for _, rp := range r.replies {
		b.WriteString(rp.Agent)
		b.WriteString(" ")
		b.WriteString(rp.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func (r *runner) hasButton(label string) bool {
	for _, rp := range r.replies {
		for _, b := range rp.Buttons {
			if fold(b.Label) == fold(label) {
				return true
			}
		}
	}
	return false
}

// fold compares texts the way a reader does: case, accents and punctuation
// aside.
func fold(s string) string { return intents.Normalize(s) }

// containsWords reports whether text holds phrase as whole words, folded:
// "RA-" is not found in "Barrette".
func containsWords(text, phrase string) bool {
	return strings.Contains(" "+fold(text)+" ", " "+fold(phrase)+" ")
}
