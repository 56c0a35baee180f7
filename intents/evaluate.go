package intents

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Report is the score of a parser on a labelled test set (SPEC §7).
type Report struct {
	InScopeAccuracy float64 `json:"in_scope_accuracy"` // right intent among in-scope messages; a rejection is wrong
	OOSRecall       float64 `json:"oos_recall"`        // out-of-scope messages rejected
	OOSPrecision    float64 `json:"oos_precision"`     // rejections that were out of scope
	MacroF1         float64 `json:"macro_f1"`          // mean F1 over the labels of the test set, oos included
	TopAccuracy     float64 `json:"top1_accuracy"`     // best in-scope intent right, rejection ignored
	TrainSeconds    float64 `json:"train_seconds"`
	PredictP50      float64 `json:"predict_us_p50"` // Parse latency, microseconds
	PredictP99      float64 `json:"predict_us_p99"`
	InScope         int     `json:"in_scope"` // test messages of each kind
	OutOfScope      int     `json:"out_of_scope"`
	Threshold       float64 `json:"threshold"` // rejection threshold fitted on the training data
}

// Evaluate trains a parser on train and scores it on test. Test labels the
// training data lacks count as errors; the test set never influences
// training or the threshold.
func Evaluate(cfg Config, train, test []Example) (Report, error) {
	start := time.Now()
	p, err := NewParser(cfg, train)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate: %w", err)
	}
	r := Report{TrainSeconds: time.Since(start).Seconds(), Threshold: p.Threshold()}
	lat := make([]float64, len(test))
	preds := make([]string, len(test))
	var top int
	for i, ex := range test {
		t0 := time.Now()
		res := p.Parse(ex.Text, "")
		lat[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
		preds[i] = res.Intent
		if ex.Intent != OOS && bestInScope(res.Ranking) == intentOf(ex.Intent) {
			top++
		}
	}
	r.score(test, preds)
	r.TopAccuracy = ratio(top, r.InScope)
	slices.Sort(lat)
	r.PredictP50, r.PredictP99 = quantile(lat, 0.5), quantile(lat, 0.99)
	return r, nil
}

func (r *Report) score(test []Example, preds []string) {
	var inRight, oosRejected, rejected, rejectedRight int
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	labels := map[string]bool{}
	for i, ex := range test {
		want, got := intentOf(ex.Intent), preds[i]
		labels[want] = true
		if want == OOS {
			r.OutOfScope++
		} else {
			r.InScope++
		}
		if got == OOS {
			rejected++
		}
		switch {
		case want == OOS && got == OOS:
			oosRejected++
			rejectedRight++
		case want != OOS && got == want:
			inRight++
		}
		if got == want {
			tp[want]++
		} else {
			fn[want]++
			fp[got]++
		}
	}
	r.InScopeAccuracy = ratio(inRight, r.InScope)
	r.OOSRecall = ratio(oosRejected, r.OutOfScope)
	r.OOSPrecision = ratio(rejectedRight, rejected)
	var f1 float64
	for l := range labels {
		p, rc := ratio(tp[l], tp[l]+fp[l]), ratio(tp[l], tp[l]+fn[l])
		if p+rc > 0 {
			f1 += 2 * p * rc / (p + rc)
		}
	}
	r.MacroF1 = ratio1(f1, len(labels))
}

// intentOf returns the intent of a fine label ("faq/returns" → "faq").
func intentOf(label string) string {
	it, _, _ := strings.Cut(label, "/")
	return it
}

func bestInScope(ranking []Ranked) string {
	for _, r := range ranking {
		if r.Intent != OOS {
			return r.Intent
		}
	}
	return ""
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func ratio1(a float64, b int) float64 {
	if b == 0 {
		return 0
	}
	return a / float64(b)
}

// quantile of sorted values.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func sortFloats(v []float64) { slices.Sort(v) }
