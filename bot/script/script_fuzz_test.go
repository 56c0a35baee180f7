package script

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: no script text makes the parser panic; a script it accepts
// has a conversation and every step a known kind, its line within the file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conversations", "*.txt"))
	for _, file := range files[:min(len(files), 6)] {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("-- conversation --\n> bonjour\n< Bonjour\nclock +5m\nagent Julie: salut\nagent take Julie\n"))
	f.Add([]byte("-- data.json --\n{}\n-- conversation --\nnow 2026-11-18T10:30:00+01:00\ndesk off\n> hi\n"))
	f.Add([]byte("-- conversation --\n> a\nnow 2026-11-18T10:30:00Z\n"))
	f.Add([]byte("-- other --\nx\n"))
	f.Add([]byte("-- conversation --\nclock forever\n"))
	f.Add([]byte("-- conversation --\ndesk off\n> a\n-- conversation --\ndesk off\n> b\n"))
	known := map[string]bool{Say: true, Press: true, Photo: true, Contains: true, Once: true, Lacks: true, Matches: true, Unmatched: true,
		HasButton: true, NoButton: true, Intent: true, Handoff: true, AgentSay: true, AgentTake: true, AgentDone: true,
		Restart: true, Clock: true, Channel: true, Nothing: true, NewConversation: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, st := range s.Steps {
			if !known[st.Kind] {
				t.Errorf("step of unknown kind %q", st.Kind)
			}
			if st.Line < 1 || st.Line > lines {
				t.Errorf("step on line %d of a %d-line file", st.Line, lines)
			}
		}
	})
}
