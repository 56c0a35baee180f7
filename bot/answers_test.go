package bot_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
)

// answerLine is one line of testdata/acts/holdout.tsv: a customer's
// answer to a yes-or-no question before an action, labelled yes (a yes
// now), no (a no, or the request taken back) or wait (a yes on a
// condition, for later or with a change, a question back, a hesitation,
// something else). The file was written apart from the answer phrases in
// locales/*/acts, by someone who had not read them nor the keyword lists.
type answerLine struct {
	lang, label, question, text string
}

func readAnswers(tb testing.TB, name string) []answerLine {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []answerLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 {
			tb.Fatalf("%s:%d: %d columns, want 4", name, n, len(cols))
		}
		out = append(out, answerLine{lang: cols[0], label: cols[1], question: cols[2], text: cols[3]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// answerScore counts what the engine does with labelled answers.
type answerScore struct {
	n, yes, notYes int
	// acted counts answers that are no yes but were acted on as one:
	// the wrong action this reading exists to prevent.
	acted int
	// yesActed counts yeses acted on; yesAsked yeses asked again;
	// yesRefused yeses read as a no.
	yesActed, yesAsked, yesRefused int
	// noRead counts noes read as a no; waitRefused answers that put the
	// decision off read as a no (the request dropped).
	noRead, waitRefused int
}

func (s *answerScore) add(label string, got int) {
	s.n++
	switch label {
	case "yes":
		s.yes++
		switch got {
		case 1:
			s.yesActed++
		case 0:
			s.yesAsked++
		default:
			s.yesRefused++
		}
		return
	case "no":
		if got < 0 {
			s.noRead++
		}
	case "wait":
		if got < 0 {
			s.waitRefused++
		}
	}
	s.notYes++
	if got > 0 {
		s.acted++
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func (s answerScore) String() string {
	return fmt.Sprintf("%d answers: yes acted on %.1f %% (asked again %.1f, read as no %.1f) | no-yes acted on %.1f %% (%d of %d)",
		s.n, pct(s.yesActed, s.yes), pct(s.yesAsked, s.yes), pct(s.yesRefused, s.yes), pct(s.acted, s.notYes), s.acted, s.notYes)
}

// TestAnswers reads the answers to yes-or-no questions of the
// development set and the hold-out with and without the answer model,
// and requires the model to act on fewer answers that are no yes without
// losing many yeses. Run with -v for the figures and the answers acted on
// wrongly.
func TestAnswers(t *testing.T) {
	e := bottest.Engine(t, bottest.Store(t))
	for _, set := range []string{"dev", "holdout"} {
		t.Run(set, func(t *testing.T) {
			rules, model := scoreAnswers(t, e, readAnswers(t, "testdata/acts/"+set+".tsv"))
			if model.acted >= rules.acted {
				t.Errorf("the answer model acts on %d answers that are no yes, the lists alone on %d", model.acted, rules.acted)
			}
			// Floors a little under the figures of 2026-12-04 (dev 0.0 %
			// and 75.9 %, hold-out 0.2 % and 78.9 %; BENCHMARKS.md): a
			// change to the phrases, the lists or the rules that loses
			// more shows here.
			if got := pct(model.acted, model.notYes); got > 1 {
				t.Errorf("%.1f %% of the answers that are no yes acted on, want at most 1 %%", got)
			}
			if got := pct(model.yesActed, model.yes); got < 74 {
				t.Errorf("%.1f %% of the yeses acted on, want at least 74 %%", got)
			}
		})
	}
}

func scoreAnswers(t *testing.T, e *bot.Engine, lines []answerLine) (rules, model answerScore) {
	ctx := context.Background()
	byLang := map[string]*[2]answerScore{}
	for _, l := range lines {
		r, m := e.YesNo(ctx, l.text, l.lang, false), e.YesNo(ctx, l.text, l.lang, true)
		rules.add(l.label, r)
		model.add(l.label, m)
		if byLang[l.lang] == nil {
			byLang[l.lang] = &[2]answerScore{}
		}
		byLang[l.lang][0].add(l.label, r)
		byLang[l.lang][1].add(l.label, m)
		if l.label != "yes" && m > 0 {
			t.Logf("acted on: %s %s (%s) %q", l.lang, l.label, l.question, l.text)
		}
		if os.Getenv("SUPPORTBOT_ANSWERS_DUMP") != "" {
			y, n := e.AnswerReading(ctx, l.text, l.lang)
			t.Logf("dump\t%s\t%s\t%d\t%d\t%.2f\t%.2f\t%s", l.lang, l.label, r, m, y, n, l.text)
		}
	}
	t.Logf("lists and classifier: %v", rules)
	t.Logf("with the answer model: %v", model)
	for _, lang := range []string{"en", "fr"} {
		if s := byLang[lang]; s != nil {
			t.Logf("%s: lists %v", lang, s[0])
			t.Logf("%s: model %v", lang, s[1])
		}
	}
	return rules, model
}
