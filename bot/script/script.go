// Package script reads and runs conversation tests: hand-written
// transcripts of what a customer says and what each answer of the bot must
// or must not contain.
//
// A script is a txtar archive. Its comment says what the conversation
// tests. Optional files give the shop: "data.json" in the import format
// (without it, the built-in demo shop) and "config.toml". The file
// "conversation" holds the turns, one directive per line; a script may
// hold several, each a new conversation with a customer of its own (on
// the same store, one after the other):
//
//	> où en est ma commande ?      the customer writes
//	press Oui                      the customer presses the button with this label
//	press /yes                     … or with this payload
//	photo                          the customer sends a photo (channels that carry them)
//	< adresse e-mail               the bot's replies contain this (case and accents ignored)
//	<once adresse e-mail           … exactly one of them does (a question is not asked twice)
//	<! OP-100234                   … do not contain this
//	<~ RA-[A-Z0-9]{8}              … match this regular expression
//	<!~ TK-[A-Z0-9]{8}             … match nothing of this regular expression
//	<button Oui                    … offer a button with this label
//	<!button Oui                   … offer no button with this label
//	<nothing                       the bot says nothing (a person has the conversation)
//	intent track_order             the last message was understood as this intent
//	handoff true                   the conversation is (or is not) with a person
//	agent Julie: Bonjour !         an agent writes in the hand-off thread
//	agent take Julie / agent resolve Julie
//	restart                        the program restarts: a new engine on the same database
//	clock +20m                     time passes
//	channel telegram 42 [CONV]     later turns come from this channel and user (and conversation)
//	now 2026-11-18T10:30:00+01:00  the clock at the start (before the first turn)
//	desk off                       no agent desk is configured (before the first turn)
//
// Blank lines and lines starting with # are ignored.
package script

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/tools/txtar"
)

// Script is one conversation test.
type Script struct {
	Name    string
	Comment string
	Data    []byte // import file; nil for the demo shop
	Config  []byte // config file; nil for the defaults
	Now     time.Time
	NoDesk  bool // no agent desk: hand-offs become tickets only
	Steps   []Step
}

// Step kinds.
const (
	Say       = "say"
	Press     = "press"
	Photo     = "photo"
	Contains  = "contains"
	Once      = "once"
	Lacks     = "lacks"
	Matches   = "matches"
	Unmatched = "unmatched"
	HasButton = "button"
	NoButton  = "no_button"
	Intent    = "intent"
	Handoff   = "handoff"
	AgentSay  = "agent"
	AgentTake = "agent_take"
	AgentDone = "agent_resolve"
	Restart   = "restart"
	Clock     = "clock"
	Channel   = "channel"
	SetNow    = "now"
	Nothing   = "nothing"
	DeskOff   = "desk_off"
	// NewConversation starts the next "conversation" section: another
	// customer, in a conversation of their own.
	NewConversation = "new_conversation"
)

// Step is one directive of the conversation.
type Step struct {
	Line  int
	Kind  string
	Arg   string
	Agent string        // for agent steps
	Delay time.Duration // for clock
}

// Parse reads a script.
func Parse(name string, data []byte) (*Script, error) {
	ar := txtar.Parse(data)
	s := &Script{Name: name, Comment: strings.TrimSpace(string(ar.Comment))}
	// Each section's first line in the file, for the steps' line numbers.
	line := strings.Count(string(ar.Comment), "\n") + 1
	convs := 0
	for _, f := range ar.Files {
		start := line + 1
		line = start + strings.Count(string(f.Data), "\n")
		switch f.Name {
		case "data.json":
			s.Data = f.Data
		case "config.toml":
			s.Config = f.Data
		case "conversation":
			if convs > 0 {
				s.Steps = append(s.Steps, Step{Line: start - 1, Kind: NewConversation})
			}
			convs++
			if err := s.parseConversation(name, f.Data, start); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s: unknown section %q", name, f.Name)
		}
	}
	if convs == 0 {
		return nil, fmt.Errorf("%s: no conversation section", name)
	}
	return s, nil
}

// parseConversation appends the steps of one conversation section whose
// first line is line first of the file.
// "desk off" and "now" set the whole file: a later section may repeat
// them, before its first turn, but not change them.
func (s *Script) parseConversation(name string, conv []byte, first int) error {
	later := len(s.Steps) > 0 // the NewConversation step at least
	turns := len(s.Steps)
	for i, line := range strings.Split(string(conv), "\n") {
		st, ok, err := parseLine(strings.TrimSpace(line))
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, first+i, err)
		}
		if !ok {
			continue
		}
		st.Line = first + i
		if st.Kind == DeskOff {
			if len(s.Steps) > turns {
				return fmt.Errorf("%s:%d: desk off must come before the first turn", name, st.Line)
			}
			if later && !s.NoDesk {
				return fmt.Errorf("%s:%d: desk off sets the whole file: put it in the first conversation", name, st.Line)
			}
			s.NoDesk = true
			continue
		}
		if st.Kind == SetNow {
			if len(s.Steps) > turns {
				return fmt.Errorf("%s:%d: now must come before the first turn", name, st.Line)
			}
			now, err := time.Parse(time.RFC3339, st.Arg)
			if err != nil {
				return fmt.Errorf("%s:%d: now: %w", name, st.Line, err)
			}
			if later && !now.Equal(s.Now) {
				return fmt.Errorf("%s:%d: now sets the whole file: put it in the first conversation", name, st.Line)
			}
			s.Now = now
			continue
		}
		s.Steps = append(s.Steps, st)
	}
	return nil
}

func parseLine(line string) (Step, bool, error) {
	if line == "" || strings.HasPrefix(line, "#") {
		return Step{}, false, nil
	}
	prefixes := []struct{ prefix, kind string }{
		{"<!button", NoButton}, {"<!~", Unmatched}, {"<!", Lacks}, {"<~", Matches}, {"<button", HasButton}, {"<once", Once}, {"<", Contains}, {">", Say},
		{"press", Press}, {"intent", Intent}, {"handoff", Handoff}, {"clock", Clock}, {"channel", Channel},
		{"now", SetNow},
	}
	switch {
	case line == "restart":
		return Step{Kind: Restart}, true, nil
	case line == "photo":
		return Step{Kind: Photo}, true, nil
	case line == "<nothing":
		return Step{Kind: Nothing}, true, nil
	case line == "desk off":
		return Step{Kind: DeskOff}, true, nil
	case strings.HasPrefix(line, "agent "):
		return parseAgent(strings.TrimSpace(line[len("agent "):]))
	}
	for _, p := range prefixes {
		if arg, ok := strings.CutPrefix(line, p.prefix); ok {
			st := Step{Kind: p.kind, Arg: strings.TrimSpace(arg)}
			if st.Arg == "" {
				return Step{}, false, fmt.Errorf("%q needs an argument", p.prefix)
			}
			if st.Kind == Clock {
				d, err := time.ParseDuration(strings.TrimPrefix(st.Arg, "+"))
				if err != nil {
					return Step{}, false, fmt.Errorf("clock: %w", err)
				}
				st.Delay = d
			}
			return st, true, nil
		}
	}
	return Step{}, false, fmt.Errorf("unknown directive %q", line)
}

func parseAgent(rest string) (Step, bool, error) {
	switch {
	case strings.HasPrefix(rest, "take "):
		return Step{Kind: AgentTake, Agent: strings.TrimSpace(rest[5:])}, true, nil
	case strings.HasPrefix(rest, "resolve "):
		return Step{Kind: AgentDone, Agent: strings.TrimSpace(rest[8:])}, true, nil
	}
	name, text, ok := strings.Cut(rest, ":")
	if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(text) == "" {
		return Step{}, false, fmt.Errorf("agent: want \"agent NAME: text\", \"agent take NAME\" or \"agent resolve NAME\"")
	}
	return Step{Kind: AgentSay, Agent: strings.TrimSpace(name), Arg: strings.TrimSpace(text)}, true, nil
}
