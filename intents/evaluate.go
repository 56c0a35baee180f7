package intents

import (
	"cmp"
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
	// ConfidentWrong is the share of in-scope messages answered with a
	// wrong intent, or the wrong FAQ entry when the test label names one
	// ("faq/<id>"), instead of being rejected: the answers a customer
	// gets beside the point.
	ConfidentWrong float64 `json:"confident_wrong"`
	// FAQEntryAccuracy is, among messages labelled with a FAQ entry, the
	// share answered with that entry (0 when the test set names none).
	FAQEntryAccuracy float64 `json:"faq_entry_accuracy,omitempty"`
	TrainSeconds     float64 `json:"train_seconds"`
	PredictP50       float64 `json:"predict_us_p50"` // Parse latency, microseconds
	PredictP99       float64 `json:"predict_us_p99"`
	InScope          int     `json:"in_scope"` // test messages of each kind
	OutOfScope       int     `json:"out_of_scope"`
	FAQEntries       int     `json:"faq_entries,omitempty"` // test messages labelled with a FAQ entry
	Threshold        float64 `json:"threshold"`             // rejection threshold fitted on the training data
	// Confusions counts the errors by expected and predicted label, most
	// frequent first; FAQ entries are compared when the test names them.
	Confusions []Confusion `json:"confusions,omitempty"`
	// PerIntent is the recall of each expected intent.
	PerIntent []IntentScore `json:"per_intent,omitempty"`
}

// Confusion is how often messages of one label got another.
type Confusion struct {
	Want  string `json:"want"`
	Got   string `json:"got"`
	Count int    `json:"count"`
}

// IntentScore is the share of one intent's test messages answered right.
type IntentScore struct {
	Intent string  `json:"intent"`
	Right  int     `json:"right"`
	Total  int     `json:"total"`
	Recall float64 `json:"recall"`
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
	r := Score(p, test)
	r.TrainSeconds = time.Since(start).Seconds()
	return r, nil
}

// Score scores a trained parser on a labelled test set.
func Score(p *Parser, test []Example) Report {
	r := Report{Threshold: p.Threshold()}
	lat := make([]float64, len(test))
	preds := make([]prediction, len(test))
	var top int
	for i, ex := range test {
		t0 := time.Now()
		res, inScope := p.parse(ex.Text, "")
		lat[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
		preds[i] = prediction{intent: res.Intent, faqID: res.FAQID}
		if ex.Intent != OOS && inScope == intentOf(ex.Intent) {
			top++
		}
	}
	r.score(test, preds)
	r.TopAccuracy = ratio(top, r.InScope)
	slices.Sort(lat)
	r.PredictP50, r.PredictP99 = quantile(lat, 0.5), quantile(lat, 0.99)
	return r
}

// prediction is what Evaluate keeps of a Parse result.
type prediction struct {
	intent, faqID string
}

// label is the prediction as a test label: "faq/<id>" when the expected
// label names an entry, the intent otherwise.
func (p prediction) label(want string) string {
	if p.intent == FAQ && strings.HasPrefix(want, FAQ+"/") {
		return FAQ + "/" + p.faqID
	}
	return p.intent
}

func (r *Report) score(test []Example, preds []prediction) {
	var inRight, oosRejected, rejected, rejectedRight, wrong, entryRight int
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	labels := map[string]bool{}
	confused := map[[2]string]int{}
	perRight, perTotal := map[string]int{}, map[string]int{}
	for i, ex := range test {
		want, got := intentOf(ex.Intent), preds[i].intent
		labels[want] = true
		if want == OOS {
			r.OutOfScope++
		} else {
			r.InScope++
			perTotal[want]++
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
			perRight[want]++
		}
		if got == want {
			tp[want]++
		} else {
			fn[want]++
			fp[got]++
		}
		gotLabel := preds[i].label(ex.Intent)
		if strings.HasPrefix(ex.Intent, FAQ+"/") {
			r.FAQEntries++
			if gotLabel == ex.Intent {
				entryRight++
			}
		}
		if want != OOS && got != OOS && gotLabel != ex.Intent {
			wrong++
		}
		if gotLabel != ex.Intent {
			confused[[2]string{ex.Intent, gotLabel}]++
		}
	}
	r.InScopeAccuracy = ratio(inRight, r.InScope)
	r.OOSRecall = ratio(oosRejected, r.OutOfScope)
	r.OOSPrecision = ratio(rejectedRight, rejected)
	r.ConfidentWrong = ratio(wrong, r.InScope)
	r.FAQEntryAccuracy = ratio(entryRight, r.FAQEntries)
	var f1 float64
	for l := range labels {
		p, rc := ratio(tp[l], tp[l]+fp[l]), ratio(tp[l], tp[l]+fn[l])
		if p+rc > 0 {
			f1 += 2 * p * rc / (p + rc)
		}
	}
	r.MacroF1 = ratio1(f1, len(labels))
	for k, n := range confused {
		r.Confusions = append(r.Confusions, Confusion{Want: k[0], Got: k[1], Count: n})
	}
	slices.SortFunc(r.Confusions, func(a, b Confusion) int {
		return cmp.Or(b.Count-a.Count, strings.Compare(a.Want, b.Want), strings.Compare(a.Got, b.Got))
	})
	for it, n := range perTotal {
		r.PerIntent = append(r.PerIntent, IntentScore{Intent: it, Right: perRight[it], Total: n, Recall: ratio(perRight[it], n)})
	}
	slices.SortFunc(r.PerIntent, func(a, b IntentScore) int { return strings.Compare(a.Intent, b.Intent) })
}

// intentOf returns the intent of a fine label ("faq/returns" → "faq").
func intentOf(label string) string {
	it, _, _ := strings.Cut(label, "/")
	return it
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
