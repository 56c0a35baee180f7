package intents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTopLabelsAsScan checks the one-pass ranking against the repeated
// scan on random probabilities with many ties, for every length asked.
func TestTopLabelsAsScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		probs := make([]float32, 1+rng.IntN(40))
		for c := range probs {
			// Few distinct values: ties are the rule.
			probs[c] = float32(rng.IntN(6)) / 8
		}
		if trial%7 == 0 {
			probs[rng.IntN(len(probs))] = float32(math.Inf(1))
		}
		for n := 0; n <= min(8, len(probs)); n++ {
			var a, b [8]int
			got, ok := topLabels(probs, a[:0:n])
			if !ok {
				t.Fatalf("%v: no NaN, yet not ranked", probs)
			}
			want := topLabelsScan(probs, b[:0:n])
			if !slices.Equal(got, want) {
				t.Fatalf("top %d of %v: %v, the scan gives %v", n, probs, got, want)
			}
		}
	}
}

// TestTopLabelsNaN checks that a NaN sends the ranking to the scan.
func TestTopLabelsNaN(t *testing.T) {
	probs := []float32{float32(math.NaN()), 0.5, 0.2}
	var a [8]int
	if _, ok := topLabels(probs, a[:0:2]); ok {
		t.Fatal("a NaN was ranked in one pass")
	}
	m := &model{labels: []string{"a", "b", "c"}}
	got := m.ranking(probs, 2)
	if len(got) != 2 || got[0].Intent != "a" || got[1].Intent != "b" {
		t.Fatalf("ranking with a NaN: %+v, want a then b as the scan picks them", got)
	}
}
