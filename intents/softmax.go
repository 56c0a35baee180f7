package intents

import (
	"cmp"
	"math"
	"slices"
)

// TrainConfig sets how the classifier is fitted.
type TrainConfig struct {
	Epochs       int     // passes over the training messages
	LearningRate float64 // initial SGD step, decayed linearly to zero
	L2           float64 // weight decay per example
	// Balance weighs each class's loss by (n/(k·count))^Balance: 0 ignores
	// class sizes, 1 fully evens them out.
	Balance float64
	// FineShare is how much the fine labels of one intent ("faq/returns",
	// "faq/delivery") weigh together, in plain labels: with 1 the FAQ
	// entries together weigh as much as one other intent (and drown), with
	// 0 each entry weighs as much as an intent (and the FAQ, with dozens
	// of entries, draws every doubtful message).
	FineShare float64
	// Hidden, when above zero, trains a network with that many hidden
	// units (at most 512) beside the linear model and adds its scores.
	// Zero picks automatically: AutoHidden units from AutoHiddenMin
	// examples on, none below (a hidden layer needs data to learn its
	// embeddings: on the shipped phrases it costs accuracy). Negative
	// turns it off.
	Hidden     int
	HiddenRate float64 // its SGD step (default 0.05)
	// SocialShare is the share of the examples of other intents copied
	// with a greeting, thanks or emoji around them (see augmentSocial);
	// 0 copies none.
	SocialShare float64
	// Nets is how many hidden-layer networks, from different seeds, are
	// averaged (default 1).
	Nets int
	Seed uint64
}

// Automatic hidden layer: see TrainConfig.Hidden.
const (
	AutoHidden    = 128
	AutoHiddenMin = 5000
)

// DefaultTraining returns what the product and the benchmarks use.
func DefaultTraining() TrainConfig {
	return TrainConfig{
		Epochs:       12,
		LearningRate: 0.5,
		L2:           1e-6,
		Balance:      1,
		HiddenRate:   0.05,
		SocialShare:  0.3,
		FineShare:    16,
		Seed:         1,
	}
}

// softmax is a multinomial logistic regression over sparse features. The
// weights are stored feature-major (w[f*k+c]) so that a message touches
// only the rows of its features. Immutable after training.
type softmax struct {
	k    int
	w    []float32
	b    []float32
	nets []*mlp // averaged; none when unused
}

// logits writes the class scores of x into out (len k).
func (m *softmax) logits(x sparse, out []float32) {
	copy(out, m.b)
	k := m.k
	for n, f := range x.idx {
		axpy(out, m.w[int(f)*k:int(f)*k+k], x.val[n])
	}
	for _, net := range m.nets {
		var hid, z [512]float32
		net.logits(x, hid[:net.h], z[:k])
		scale := 1 / float32(len(m.nets))
		for c := range out {
			out[c] += z[c] * scale
		}
	}
}

// trainSoftmax fits the model by stochastic gradient descent on the
// cross-entropy with L2 decay, then the hidden layer if cfg asks for one.
// It is deterministic for a given seed.
func trainSoftmax(xs []sparse, ys []int, keys []uint64, group []int, nf int, cfg TrainConfig) *softmax {
	k := len(group)
	m := &softmax{k: k, w: make([]float32, nf*k), b: make([]float32, k)}
	if len(xs) == 0 {
		return m
	}
	weights := classWeights(ys, group, cfg.Balance, cfg.FineShare)
	t := &sgd{m: m, weights: weights, l2: cfg.L2, scale: 1,
		z: make([]float32, k), g: make([]float32, k), active: make([]int, 0, k)}
	sgdEpochs(keys, cfg.Epochs, cfg.LearningRate, cfg.Seed, func(i int, eta float64) {
		t.step(xs[i], ys[i], eta)
	})
	m.rescale(float32(t.scale))
	if hidden := hiddenUnits(cfg, len(xs)); hidden > 0 {
		rate := cfg.HiddenRate
		if rate <= 0 {
			rate = DefaultTraining().HiddenRate
		}
		for i := range max(cfg.Nets, 1) {
			seed := cfg.Seed + uint64(i)*7919
			m.nets = append(m.nets, trainMLP(xs, ys, keys, weights, nf, hidden, cfg.Epochs, rate, cfg.L2, seed))
		}
	}
	return m
}

// hiddenUnits applies TrainConfig.Hidden's automatic choice.
func hiddenUnits(cfg TrainConfig, n int) int {
	h := cfg.Hidden
	if h == 0 && n >= AutoHiddenMin {
		h = AutoHidden
	}
	return min(h, 512)
}

// sgdEpochs calls step for every example index, in a new random order
// each epoch, with a step size decaying linearly from rate to zero. The
// order sorts the examples by a draw from their keys, so an example added
// to the training set takes its place among the others without moving
// them: the weights then move by what the new example teaches, not by a
// new shuffle of everything (an indexed shuffle moved about 2 % of the
// readings of unrelated messages when a few phrases were added).
func sgdEpochs(keys []uint64, epochs int, rate float64, seed uint64, step func(i int, eta float64)) {
	n := len(keys)
	type slot struct {
		draw uint64
		i    int
	}
	order := make([]slot, n)
	total := float64(epochs * n)
	done := 0
	for e := range epochs {
		for i, k := range keys {
			order[i] = slot{draw(k, seed, uint64(e)+1), i}
		}
		slices.SortFunc(order, func(a, b slot) int {
			return cmp.Or(cmp.Compare(a.draw, b.draw), cmp.Compare(a.i, b.i))
		})
		for _, o := range order {
			step(o.i, rate*(1-float64(done)/total))
			done++
		}
	}
}

// sgd holds the state of trainSoftmax between steps. The true weights are
// scale*w: L2 decay multiplies scale instead of touching every weight.
type sgd struct {
	m       *softmax
	weights []float32 // loss weight per class
	l2      float64
	scale   float64
	z, g    []float32
	active  []int // classes whose gradient is worth applying
}

// minGradient is the smallest gradient of a class's score worth applying:
// classes the example hardly moves are skipped, which saves most of the
// writes once training has settled.
const minGradient = 1e-4

// step applies the gradient of one example.
func (t *sgd) step(x sparse, y int, eta float64) {
	m, k := t.m, t.m.k
	m.scaledLogits(x, float32(t.scale), t.z)
	softmaxInPlace(t.z)
	sw := t.weights[y]
	t.active = t.active[:0]
	for c, p := range t.z {
		if c == y {
			p -= 1
		}
		t.g[c] = 0
		if gc := p * sw; gc > minGradient || gc < -minGradient {
			t.g[c] = gc
			t.active = append(t.active, c)
		}
	}
	t.scale *= 1 - eta*t.l2
	if t.scale < 1e-3 {
		m.rescale(float32(t.scale))
		t.scale = 1
	}
	lr := float32(eta / t.scale)
	if 3*len(t.active) > k {
		// Most classes move: one dense pass is faster than scattered
		// writes. t.g holds zeros for the others.
		for n, f := range x.idx {
			axpy(m.w[int(f)*k:int(f)*k+k], t.g, -lr*x.val[n])
		}
	} else {
		for n, f := range x.idx {
			v := lr * x.val[n]
			row := m.w[int(f)*k : int(f)*k+k]
			for _, c := range t.active {
				row[c] -= v * t.g[c]
			}
		}
	}
	for _, c := range t.active {
		m.b[c] -= float32(eta) * t.g[c]
	}
}

func (m *softmax) scaledLogits(x sparse, scale float32, out []float32) {
	copy(out, m.b)
	k := m.k
	for n, f := range x.idx {
		axpy(out, m.w[int(f)*k:int(f)*k+k], x.val[n]*scale)
	}
}

func (m *softmax) rescale(s float32) {
	for i := range m.w {
		m.w[i] *= s
	}
}

// classWeights returns each class's loss weight, normalised so that the
// average example weighs one. Each class is evened out to a share of the
// loss (balance 1 evens fully, 0 ignores class sizes): one unit for a
// class alone in its intent, fineShare units spread over the classes of an
// intent that has several (fine labels), or one unit each when fineShare
// is 0.
func classWeights(ys, group []int, balance, fineShare float64) []float32 {
	k := len(group)
	counts := make([]float64, k)
	for _, y := range ys {
		counts[y]++
	}
	perGroup := map[int]int{}
	for _, g := range group {
		perGroup[g]++
	}
	target := make([]float64, k)
	var total float64
	for c := range target {
		if counts[c] == 0 {
			continue
		}
		target[c] = 1
		if n := perGroup[group[c]]; n > 1 && fineShare > 0 {
			target[c] = fineShare / float64(n)
		}
		total += target[c]
	}
	w := make([]float32, k)
	for c := range w {
		if counts[c] == 0 {
			continue
		}
		// The weight that gives class c its share of the loss, softened
		// by balance.
		w[c] = float32(math.Pow(target[c]/total*float64(len(ys))/counts[c], balance))
	}
	var sum float64
	for _, y := range ys {
		sum += float64(w[y])
	}
	norm := float32(float64(len(ys)) / sum)
	for c := range w {
		w[c] *= norm
	}
	return w
}

// softmaxInPlace turns scores into probabilities.
func softmaxInPlace(z []float32) {
	mx := z[0]
	for _, v := range z {
		mx = max(mx, v)
	}
	var sum float32
	for c, v := range z {
		e := float32(math.Exp(float64(v - mx)))
		z[c] = e
		sum += e
	}
	for c := range z {
		z[c] /= sum
	}
}
