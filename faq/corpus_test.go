package faq

import (
	"strings"
	"testing"
)

func TestAnswerText(t *testing.T) {
	tmpl, err := compile("x", `Returns within {{plural .ReturnDays "day" "days"}}.{{with .TrackingURL}} See {{.}}.{{end}}{{range .Tiers}} from {{.Points}}: {{.Reward}}{{end}}`, "en")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(answerText(Entry{Answer: tmpl})), " ")
	want := "Returns within . See . from :" // placeholders out, conditional text in
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
