package intents

import (
	"math"
	"math/rand/v2"
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
	// Centroid, when above zero, adds that many times the cosine between
	// a message and each class's mean vector to the class scores.
	Centroid float64
	// Hidden, when above zero, trains a network with that many hidden
	// units (at most 512) beside the linear model and adds its scores.
	// Zero picks automatically: AutoHidden units from AutoHiddenMin
	// examples on, none below (a hidden layer needs data to learn its
	// embeddings: on the shipped phrases it costs accuracy). Negative
	// turns it off.
	Hidden     int
	HiddenRate float64 // its SGD step (default 0.05)
	Seed       uint64
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
		Seed:         1,
	}
}

// softmax is a multinomial logistic regression over sparse features. The
// weights are stored feature-major (w[f*k+c]) so that a message touches
// only the rows of its features. Immutable after training.
type softmax struct {
	k        int
	w        []float32
	b        []float32
	centroid []float32 // feature-major like w, already scaled; nil when unused
	net      *mlp      // nil when unused
}

// logits writes the class scores of x into out (len k).
func (m *softmax) logits(x sparse, out []float32) {
	copy(out, m.b)
	k := m.k
	for n, f := range x.idx {
		v := x.val[n]
		row := m.w[int(f)*k : int(f)*k+k]
		for c, wc := range row {
			out[c] += v * wc
		}
	}
	if m.net != nil {
		var hid, z [512]float32
		m.net.logits(x, hid[:m.net.h], z[:k])
		for c := range out {
			out[c] += z[c]
		}
	}
	if m.centroid != nil {
		for n, f := range x.idx {
			v := x.val[n]
			row := m.centroid[int(f)*k : int(f)*k+k]
			for c, wc := range row {
				out[c] += v * wc
			}
		}
	}
}

// addCentroids stores each class's normalised mean vector, times weight.
func (m *softmax) addCentroids(xs []sparse, ys []int, nf int, weight float64) {
	k := m.k
	m.centroid = make([]float32, nf*k)
	for i, x := range xs {
		for n, f := range x.idx {
			m.centroid[int(f)*k+ys[i]] += x.val[n]
		}
	}
	norms := make([]float64, k)
	for i, v := range m.centroid {
		norms[i%k] += float64(v) * float64(v)
	}
	for i := range m.centroid {
		if n := norms[i%k]; n > 0 {
			m.centroid[i] *= float32(weight / math.Sqrt(n))
		}
	}
}

// trainSoftmax fits the model by stochastic gradient descent on the
// cross-entropy with L2 decay. It is deterministic for a given seed.
func trainSoftmax(xs []sparse, ys, group []int, nf int, cfg TrainConfig) *softmax {
	k := len(group)
	m := &softmax{k: k, w: make([]float32, nf*k), b: make([]float32, k)}
	if len(xs) == 0 {
		return m
	}
	weights := classWeights(ys, group, cfg.Balance)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	z := make([]float32, k)
	g := make([]float32, k)
	active := make([]int, 0, k)
	// The true weights are scale*w: decay multiplies scale instead of
	// touching every weight.
	scale := float64(1)
	total := float64(cfg.Epochs * len(xs))
	step := 0
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			eta := cfg.LearningRate * (1 - float64(step)/total)
			step++
			x, y := xs[i], ys[i]
			m.scaledLogits(x, float32(scale), z)
			softmaxInPlace(z)
			sw := weights[y]
			active = active[:0]
			for c := range z {
				gc := z[c]
				if c == y {
					gc -= 1
				}
				gc *= sw
				if gc > 1e-5 || gc < -1e-5 {
					g[c] = gc
					active = append(active, c)
				}
			}
			scale *= 1 - eta*cfg.L2
			if scale < 1e-3 {
				m.rescale(float32(scale))
				scale = 1
			}
			lr := float32(eta / scale)
			for n, f := range x.idx {
				v := lr * x.val[n]
				row := m.w[int(f)*k : int(f)*k+k]
				for _, c := range active {
					row[c] -= v * g[c]
				}
			}
			for _, c := range active {
				m.b[c] -= float32(eta) * g[c]
			}
		}
	}
	m.rescale(float32(scale))
	if cfg.Centroid > 0 {
		m.addCentroids(xs, ys, nf, cfg.Centroid)
	}
	hidden := cfg.Hidden
	if hidden == 0 && len(xs) >= AutoHiddenMin {
		hidden = AutoHidden
	}
	if hidden > 0 {
		if cfg.HiddenRate <= 0 {
			cfg.HiddenRate = DefaultTraining().HiddenRate
		}
		m.net = trainMLP(xs, ys, weights, nf, min(hidden, 512), cfg)
	}
	return m
}

func (m *softmax) scaledLogits(x sparse, scale float32, out []float32) {
	for c := range out {
		out[c] = 0
	}
	k := m.k
	for n, f := range x.idx {
		v := x.val[n] * scale
		row := m.w[int(f)*k : int(f)*k+k]
		for c, wc := range row {
			out[c] += v * wc
		}
	}
	for c := range out {
		out[c] += m.b[c]
	}
}

func (m *softmax) rescale(s float32) {
	for i := range m.w {
		m.w[i] *= s
	}
}

// classWeights returns each class's loss weight, normalised so that the
// average example weighs one. Balance evens out intents, not fine labels:
// the FAQ entries together weigh as much as one other intent.
func classWeights(ys, group []int, balance float64) []float32 {
	ng := slices.Max(group) + 1
	counts := make([]float64, ng)
	for _, y := range ys {
		counts[group[y]]++
	}
	present := 0
	for _, c := range counts {
		if c > 0 {
			present++
		}
	}
	w := make([]float32, len(group))
	var sum float64
	for c := range w {
		n := counts[group[c]]
		if n == 0 {
			continue
		}
		w[c] = float32(math.Pow(float64(len(ys))/(float64(present)*n), balance))
	}
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
