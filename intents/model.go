package intents

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// model is the trained classifier: features, weights, the calibration
// temperature and the rejection threshold. Immutable after training.
type model struct {
	labels []string // fine labels, as trained: "faq/returns_policy"
	// intents are the labels' intents, the part before any "/"; group maps
	// a label index to its intent index. Training on fine labels keeps
	// each class coherent (one FAQ entry rather than all of them), and
	// their probabilities are summed per intent.
	intents   []string
	group     []int
	oos       int // intent index of OOS, or -1 when training had none
	feat      *featurizer
	clf       *softmax
	temp      float32
	threshold float32
}

// dataset is a tokenized training set.
type dataset struct {
	docs   [][]string
	langs  []string
	raws   [][]uint64 // hashed features, set by trainModel
	ys     []int
	labels []string
	// keys name each example by its label, language and text (exampleKey),
	// whatever its position: training draws every random choice about an
	// example (its place in each epoch, its fold, whether it gets a
	// greeting) from its key, so that adding a phrase leaves the choices
	// about the others as they were.
	keys []uint64
}

func newDataset(examples []Example, detect func(text, lang string) string, tokenize func(dst []string, text string) []string) dataset {
	var d dataset
	index := make(map[string]int)
	for _, ex := range examples {
		y, ok := index[ex.Intent]
		if !ok {
			y = len(d.labels)
			index[ex.Intent] = y
			d.labels = append(d.labels, ex.Intent)
		}
		d.docs = append(d.docs, tokenize(nil, ex.Text))
		d.langs = append(d.langs, detect(ex.Text, ex.Lang))
		d.ys = append(d.ys, y)
		d.keys = append(d.keys, exampleKey(ex))
	}
	return d
}

// exampleKey hashes what makes an example itself.
func exampleKey(ex Example) uint64 {
	return splitmix(hashString(0, ex.Intent+"\x00"+ex.Lang+"\x00"+ex.Text))
}

// draw is the random number of the choice named purpose about the example
// of key, for a training seed: the same whatever the other examples are.
func draw(key, seed, purpose uint64) uint64 {
	return splitmix(key ^ splitmix(seed^purpose*0x9E3779B97F4A7C15))
}

// The purposes of draw beside the epochs' (1, 2, …).
const (
	drawFold   = 1 << 32
	drawSocial = 2 << 32
)

// splitmix is SplitMix64's finaliser: every bit of x moves every bit of
// the result.
func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

func (d dataset) subset(rows []int) dataset {
	s := dataset{labels: d.labels}
	for _, r := range rows {
		s.docs = append(s.docs, d.docs[r])
		s.langs = append(s.langs, d.langs[r])
		s.raws = append(s.raws, d.raws[r])
		s.ys = append(s.ys, d.ys[r])
		s.keys = append(s.keys, d.keys[r])
	}
	return s
}

// fit trains features and weights on d, without calibration.
func fit(d dataset, stems map[string][2]string, fc FeatureConfig, tc TrainConfig) (*featurizer, *softmax) {
	feat := newFeaturizer(fc, stems, d.raws)
	xs := make([]sparse, len(d.raws))
	var scratch sparse
	for i, raw := range d.raws {
		v := feat.vectorize(raw, &scratch)
		xs[i] = sparse{idx: slices.Clone(v.idx), val: slices.Clone(v.val)}
	}
	_, group := groupLabels(d.labels)
	return feat, trainSoftmax(xs, d.ys, d.keys, group, feat.numFeatures(), tc)
}

// trainModel trains the classifier on d and calibrates it on val when
// given, else on folds of d.
func trainModel(d dataset, val *dataset, cfg Config) *model {
	m := &model{labels: d.labels, temp: 1}
	m.intents, m.group = groupLabels(d.labels)
	m.oos = slices.Index(m.intents, OOS)
	originals := len(d.docs)
	origin := identity(originals)
	if cfg.Training.SocialShare > 0 {
		d, origin = augmentSocial(d, cfg.Training.SocialShare, cfg.Training.Seed)
	}
	stems := stemCache(d.docs)
	d.raws = rawDocs(cfg.Features, stems, d.docs, d.langs)
	var logits [][]float32
	var ys []int
	if cfg.Folds >= 2 && originals >= 2*cfg.Folds && val == nil {
		// The calibration folds train beside the final model, on the
		// other cores. They calibrate on the original examples only;
		// social copies train with their original, in the same fold.
		done := make(chan struct{})
		go func() {
			defer close(done)
			logits, ys = outOfFold(d, origin, stems, cfg, cfg.Folds)[:originals], d.ys[:originals]
		}()
		m.feat, m.clf = fit(d, stems, cfg.Features, cfg.Training)
		<-done
	} else {
		m.feat, m.clf = fit(d, stems, cfg.Features, cfg.Training)
		if val != nil {
			logits, ys = m.validationLogits(*val)
		}
	}
	if len(logits) > 0 {
		m.temp = fitTemperature(logits, ys)
		m.threshold = fitThreshold(logits, ys, m.temp, m.group, m.oos, cfg.RejectBudget, cfg.OOSWeight)
	}
	if cfg.Threshold > 0 {
		m.threshold = float32(cfg.Threshold)
	}
	return m
}

// validationLogits scores the validation messages whose label the model
// knows.
func (m *model) validationLogits(val dataset) ([][]float32, []int) {
	var logits [][]float32
	var ys []int
	var raw []uint64
	var scratch sparse
	for i, doc := range val.docs {
		y := slices.Index(m.labels, val.labels[val.ys[i]])
		if y < 0 {
			continue
		}
		raw = m.feat.rawFeatures(raw[:0], doc, val.langs[i])
		z := make([]float32, len(m.labels))
		m.clf.logits(m.feat.vectorize(raw, &scratch), z)
		logits, ys = append(logits, z), append(ys, y)
	}
	return logits, ys
}

// outOfFold returns, for every example, the logits of a model trained on
// the other folds. Folds are stratified by label and trained in parallel;
// each is deterministic, so the result is too. A label's examples are
// dealt to the folds in the order of a draw from their keys, so that a
// phrase added moves only examples of its own label to another fold.
func outOfFold(d dataset, origin []int, stems map[string][2]string, cfg Config, folds int) [][]float32 {
	byLabel := make([][]int, len(d.labels))
	for i, y := range d.ys {
		if origin[i] == i {
			byLabel[y] = append(byLabel[y], i)
		}
	}
	assign := make([]int, len(d.ys))
	for y, rows := range byLabel {
		slices.SortFunc(rows, func(a, b int) int {
			return cmp.Or(cmp.Compare(draw(d.keys[a], cfg.Training.Seed, drawFold), draw(d.keys[b], cfg.Training.Seed, drawFold)), cmp.Compare(a, b))
		})
		for r, i := range rows {
			assign[i] = (r + y) % folds
		}
	}
	for i := range d.ys {
		if origin[i] != i {
			assign[i] = assign[origin[i]]
		}
	}
	out := make([][]float32, len(d.ys))
	var wg sync.WaitGroup
	// One core is left to the final model, trained meanwhile.
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))
	for f := 0; f < folds; f++ {
		var train, test []int
		for i, a := range assign {
			if a == f {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			feat, clf := fit(d.subset(train), stems, cfg.Features, cfg.Training)
			var scratch sparse
			for _, i := range test {
				z := make([]float32, len(d.labels))
				clf.logits(feat.vectorize(d.raws[i], &scratch), z)
				out[i] = z
			}
		}()
	}
	wg.Wait()
	return out
}

// fitTemperature returns the temperature T minimising the negative
// log-likelihood of softmax(z/T) on held-out logits (golden-section search
// over log T).
func fitTemperature(logits [][]float32, ys []int) float32 {
	nll := func(logT float64) float64 {
		t := float32(math.Exp(logT))
		p := make([]float32, len(logits[0]))
		var sum float64
		for i, z := range logits {
			for c := range z {
				p[c] = z[c] / t
			}
			softmaxInPlace(p)
			sum -= math.Log(math.Max(float64(p[ys[i]]), 1e-12))
		}
		return sum
	}
	lo, hi := math.Log(0.02), math.Log(20)
	const phi = 0.6180339887498949
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for range 40 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(b)
		}
	}
	return float32(math.Exp((lo + hi) / 2))
}

// fitThreshold chooses the intent confidence below which a message is
// rejected as out of scope, from held-out predictions. With out-of-scope
// examples it maximises score (in-scope accuracy against out-of-scope
// recall, weighted by oosWeight). Without any, it rejects as much as it
// can while losing at most budget of the correct in-scope answers.
func fitThreshold(logits [][]float32, ys []int, temp float32, group []int, oos int, budget, oosWeight float64) float32 {
	preds, nIn, nOOS := heldOutPredictions(logits, ys, temp, group, oos)
	if nIn == 0 {
		return 0
	}
	// Sweep thresholds upward: each step rejects one more message.
	var correctIn, rejectedOOS, lostCorrect int
	for _, q := range preds {
		if q.correct {
			correctIn++
		}
		if q.isOOS && q.predOOS {
			rejectedOOS++
		}
	}
	best, bestScore := float32(0), score(correctIn, nIn, rejectedOOS, nOOS, oosWeight)
	totalCorrect := correctIn
	for i, q := range preds {
		switch {
		case q.correct:
			correctIn--
			lostCorrect++
		case q.isOOS && !q.predOOS:
			rejectedOOS++
		}
		t := q.conf + 1e-6
		if i+1 < len(preds) {
			t = (q.conf + preds[i+1].conf) / 2
		}
		if nOOS == 0 {
			if float64(lostCorrect) > budget*float64(totalCorrect) {
				break
			}
			best = t
		} else if s := score(correctIn, nIn, rejectedOOS, nOOS, oosWeight); s > bestScore {
			best, bestScore = t, s
		}
	}
	return best
}

// heldOutPred is one held-out prediction, as fitThreshold sees it.
type heldOutPred struct {
	conf    float32 // calibrated confidence of the best intent
	correct bool    // in scope and right
	isOOS   bool    // labelled out of scope
	predOOS bool    // predicted the oos intent
}

// heldOutPredictions turns held-out logits into predictions sorted by
// confidence, and counts the in-scope and out-of-scope ones.
func heldOutPredictions(logits [][]float32, ys []int, temp float32, group []int, oos int) (preds []heldOutPred, nIn, nOOS int) {
	preds = make([]heldOutPred, len(logits))
	p := make([]float32, len(logits[0]))
	merged := make([]float32, slices.Max(group)+1)
	for i, z := range logits {
		for c := range z {
			p[c] = z[c] / temp
		}
		softmaxInPlace(p)
		mergeProbs(group, p, merged)
		best, y := argmax(merged), group[ys[i]]
		preds[i] = heldOutPred{conf: merged[best], isOOS: y == oos, predOOS: best == oos}
		preds[i].correct = !preds[i].isOOS && best == y
		if preds[i].isOOS {
			nOOS++
		} else {
			nIn++
		}
	}
	slices.SortFunc(preds, func(a, b heldOutPred) int { return cmpFloat(a.conf, b.conf) })
	return preds, nIn, nOOS
}

// score is the threshold objective: in-scope accuracy and out-of-scope
// recall weighted by oosWeight, or, for a weight of zero or less, plain
// accuracy over all messages with out-of-scope counted as one more intent
// (the protocol of Larson et al. 2019).
func score(correctIn, nIn, rejectedOOS, nOOS int, oosWeight float64) float64 {
	if nOOS == 0 {
		return float64(correctIn) / float64(nIn)
	}
	if oosWeight <= 0 {
		return float64(correctIn+rejectedOOS) / float64(nIn+nOOS)
	}
	return (1-oosWeight)*float64(correctIn)/float64(nIn) + oosWeight*float64(rejectedOOS)/float64(nOOS)
}

func cmpFloat(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func argmax(p []float32) int {
	best := 0
	for c, v := range p {
		if v > p[best] {
			best = c
		}
	}
	return best
}

// predict writes calibrated probabilities for a message into probs (per
// label) and merged (per intent).
func (m *model) predict(tokens []string, lang string, raw *[]uint64, scratch *sparse, probs, merged []float32) {
	*raw = m.feat.rawFeatures((*raw)[:0], tokens, lang)
	m.clf.logits(m.feat.vectorize(*raw, scratch), probs)
	for c := range probs {
		probs[c] /= m.temp
	}
	softmaxInPlace(probs)
	mergeProbs(m.group, probs, merged)
}

// groupLabels returns the intents of fine labels ("faq/returns" → "faq")
// in order of first appearance, and each label's intent index.
func groupLabels(labels []string) (intents []string, group []int) {
	group = make([]int, len(labels))
	for i, l := range labels {
		it, _, _ := strings.Cut(l, "/")
		g := slices.Index(intents, it)
		if g < 0 {
			g = len(intents)
			intents = append(intents, it)
		}
		group[i] = g
	}
	return intents, group
}

func mergeProbs(group []int, probs, merged []float32) {
	for g := range merged {
		merged[g] = 0
	}
	for c, p := range probs {
		merged[group[c]] += p
	}
}

// identity returns 0, 1, …, n-1.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
