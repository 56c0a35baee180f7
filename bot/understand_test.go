package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/intents"
)

// holdoutLine is one line of intents/testdata/holdout.jsonl.
type holdoutLine struct {
	Text     string `json:"text"`
	Intent   string `json:"intent"`
	Lang     string `json:"lang"`
	Register string `json:"register"`
	OOSKind  string `json:"oos_kind"`
}

// readHoldout reads holdout.jsonl and the hold-out lines written later for
// newer intents, each in a file of its own (holdout_*.jsonl).
func readHoldout(tb testing.TB) []holdoutLine {
	tb.Helper()
	more, err := filepath.Glob("../intents/testdata/holdout_*.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	var out []holdoutLine
	for _, name := range append([]string{"../intents/testdata/holdout.jsonl"}, more...) {
		out = append(out, readHoldoutFile(tb, name)...)
	}
	return out
}

func readHoldoutFile(tb testing.TB, name string) []holdoutLine {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Skipf("no labelled set: %v", err)
	}
	defer f.Close()
	var out []holdoutLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l holdoutLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("hold-out %s: %v", name, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("hold-out %s: %v", name, err)
	}
	return out
}

// scoreUnderstanding runs the whole understanding of the test engine
// (classifier, FAQ retrieval, alternatives) on labelled lines, and returns
// its score, the wrong answers counted by pair of labels, and the wrong
// lines themselves.
func scoreUnderstanding(t *testing.T, lines []holdoutLine) (understandingScore, map[string]int, []string) {
	t.Helper()
	e := bottest.Engine(t, bottest.Store(t))
	faq := bottest.Knowledge(t).FAQ
	ctx := context.Background()
	var s understandingScore
	confusions := map[string]int{}
	var wrong []string
	for _, l := range lines {
		fallback := "fr"
		if l.Lang == "fr" {
			fallback = "en"
		}
		u := e.Understand(ctx, l.Text, fallback)
		if l.Intent == intents.OOS {
			s.oos++
			rejected := u.Intent == intents.OOS
			if rejected {
				s.oosRejected++
			} else {
				confusions["oos("+l.OOSKind+") → "+label(u)]++
				wrong = append(wrong, fmt.Sprintf("oos(%s) → %s: %s", l.OOSKind, label(u), l.Text))
			}
			if l.OOSKind == "shop" {
				s.shopOOS++
				if rejected {
					s.shopOOSRejected++
				}
			}
			continue
		}
		s.inScope++
		if l.Register == "outside" {
			s.outside++
		}
		switch {
		case len(u.Alternatives) > 1:
			found := false
			for _, alt := range u.Alternatives {
				if alt.Intent == l.Intent || alt.Intent == intents.FAQ && "faq/"+alt.FAQID == l.Intent {
					s.offered++
					found = true
					break
				}
			}
			wrong = append(wrong, fmt.Sprintf("%s ? %s (offered, found %v): %s", l.Intent, alternativeLabels(u), found, l.Text))
		case u.Intent == intents.OOS:
			s.rejected++
			wrong = append(wrong, fmt.Sprintf("%s ✗ rejected: %s", l.Intent, l.Text))
		case label(u) == l.Intent || !strings.HasPrefix(l.Intent, "faq/") && u.Intent == l.Intent:
			s.right++
			if l.Register == "outside" {
				s.outsideRight++
			}
		case u.Intent == intents.FAQ && faq.Offer(u.Lang, u.FAQID) == l.Intent:
			// The entry about the action asked for, answered with a
			// button that starts it ("unsubscribe me": how the
			// newsletter works, and the button to change the account's
			// details): one tap from the action, as a choice offered.
			s.offered++
			s.answerOffers++
		default:
			s.wrong++
			confusions[l.Intent+" → "+label(u)]++
			wrong = append(wrong, fmt.Sprintf("%s → %s: %s", l.Intent, label(u), l.Text))
		}
	}
	return s, confusions, wrong
}

// alternativeLabels names the readings offered as choices.
func alternativeLabels(u bot.Understanding) string {
	var labels []string
	for _, alt := range u.Alternatives {
		if alt.Intent == intents.FAQ {
			labels = append(labels, "faq/"+alt.FAQID)
			continue
		}
		labels = append(labels, alt.Intent)
	}
	return strings.Join(labels, "|")
}

// TestDevUnderstanding scores the understanding on the development sets,
// intents/testdata/dev.jsonl, dev2.jsonl, dev3.jsonl (the FAQ's
// questions) and dev4.jsonl, by five writers: written apart from both the training
// phrases and the hold-out, they are the sets the understanding's settings
// are tuned on, so that the hold-out's figure stays a measure. With -v it
// lists the lines answered wrong, which the hold-out never does. It
// asserts only what any working build reaches: the figures are for tuning.
func TestDevUnderstanding(t *testing.T) {
	for _, set := range []string{"dev.jsonl", "dev2.jsonl", "dev3.jsonl", "dev4.jsonl"} {
		t.Run(strings.TrimSuffix(set, ".jsonl"), func(t *testing.T) {
			lines := readHoldoutFile(t, "../intents/testdata/"+set)
			s, _, wrong := scoreUnderstanding(t, lines)
			if testing.Verbose() {
				slices.Sort(wrong)
				t.Logf("wrong answers:\n%s", strings.Join(wrong, "\n"))
			}
			t.Logf("development set %s: %s", set, s)
			if got := s.rate(s.right, s.inScope); got < 0.8 {
				t.Errorf("development set %s: in scope answered right %.4f, want ≥ 0.80", set, got)
			}
		})
	}
}

// understandingScore is how the whole understanding (classifier, FAQ
// retrieval, alternatives) does on labelled messages.
type understandingScore struct {
	inScope, right, offered, rejected, wrong int
	answerOffers                             int // of offered: the answer's button
	oos, oosRejected                         int
	shopOOS, shopOOSRejected                 int
	outside, outsideRight                    int
}

func (s understandingScore) String() string {
	return fmt.Sprintf("%d in scope: right %.4f, right among the offered choices %.4f (as the FAQ answer's button %.4f), rejected %.4f, confident wrong %.4f; outside wording right %.4f (%d); out of scope rejected %.4f (%d), shop-flavoured %.4f (%d)",
		s.inScope, s.rate(s.right, s.inScope), s.rate(s.offered, s.inScope), s.rate(s.answerOffers, s.inScope), s.rate(s.rejected, s.inScope), s.rate(s.wrong, s.inScope),
		s.rate(s.outsideRight, s.outside), s.outside, s.rate(s.oosRejected, s.oos), s.oos, s.rate(s.shopOOSRejected, s.shopOOS), s.shopOOS)
}

func (s understandingScore) rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// label is what the understanding answers, as a hold-out label.
func label(u bot.Understanding) string {
	if u.Intent == intents.FAQ {
		return "faq/" + u.FAQID
	}
	return u.Intent
}

// TestHoldoutUnderstanding scores the engine's understanding, as a
// customer meets it, on the hold-out set: a message is answered right,
// answered with a "which do you mean?" whose buttons hold the right
// reading, rejected, or answered wrong (a confident wrong answer). The
// floors are the measured figures less a margin (BENCHMARKS.md); the set
// is never used for training.
func TestHoldoutUnderstanding(t *testing.T) {
	s, confusions, _ := scoreUnderstanding(t, readHoldout(t))
	if testing.Verbose() {
		// Counts by pair of labels, never the messages: the set must not
		// be tuned on line by line.
		var pairs []string
		for k, n := range confusions {
			if n > 1 {
				pairs = append(pairs, fmt.Sprintf("%3d %s", n, k))
			}
		}
		slices.Sort(pairs)
		slices.Reverse(pairs)
		t.Logf("confident wrong answers by labels:\n%s", strings.Join(pairs, "\n"))
	}
	t.Logf("hold-out understanding: %s", s)
	// Floors: guards against regressions, under the figures measured
	// after the hold-out's own-case labels were reviewed, the exchange
	// phrases moved out of start_return, the own-case FAQ variants moved
	// to their intents and a flow and its FAQ entry offered as two
	// choices (BENCHMARKS.md, 2026-12-03: 93.8 % right, 2.5 % confident
	// wrong, 91.7 % outside wording, 87.2 % / 80.5 % out of scope
	// rejected), less about 0.7 to 1 point; the out-of-scope floors did
	// not move. The training labels made consistent with the intents'
	// definitions and the fresh variants for confusable FAQ entries
	// (BENCHMARKS.md, 2026-12-04: 93.7 % right, 2.5 % confident wrong,
	// 91.5 % outside wording, 87.2 % / 81.8 %) left them where they were.
	// Other businesses named, the phrases in outside registers and the
	// threshold chosen on the development set (BENCHMARKS.md, 2026-12-04,
	// continued: 94.0 % right, 2.9 %, 91.7 %, 88.4 % / 85.1 %; over three
	// seeds at least 87.98 % / 84.42 %) raised the out-of-scope floors by
	// 1 and 4 points. The targets are higher still.
	floors := []struct {
		what      string
		got, want float64
		most      bool // want is a ceiling
	}{
		{"in scope answered right", s.rate(s.right, s.inScope), 0.93, false},
		{"confident wrong", s.rate(s.wrong, s.inScope), 0.035, true},
		{"outside wording answered right", s.rate(s.outsideRight, s.outside), 0.91, false},
		{"out of scope rejected", s.rate(s.oosRejected, s.oos), 0.86, false},
		{"shop-flavoured out of scope rejected", s.rate(s.shopOOSRejected, s.shopOOS), 0.82, false},
	}
	for _, f := range floors {
		if f.most && f.got > f.want || !f.most && f.got < f.want {
			t.Errorf("%s: %.4f, want %s %.2f", f.what, f.got, map[bool]string{false: "≥", true: "≤"}[f.most], f.want)
		}
	}
}
