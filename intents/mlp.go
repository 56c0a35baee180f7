package intents

import (
	"math"
	"math/rand/v2"
)

// mlp is a one-hidden-layer network over the sparse TF-IDF features: the
// hidden layer learns dense word and n-gram embeddings, which lets
// messages that share no feature with a class's examples still land near
// them. Its log-probabilities are added to the linear model's scores.
// Immutable after training.
type mlp struct {
	h, k int
	w1   []float32 // feature-major: w1[f*h+j]
	b1   []float32
	w2   []float32 // hidden-major: w2[j*k+c]
	b2   []float32
}

// hidden writes the hidden activations of x into out (len h).
func (m *mlp) hidden(x sparse, out []float32) {
	copy(out, m.b1)
	h := m.h
	for n, f := range x.idx {
		axpy(out, m.w1[int(f)*h:int(f)*h+h], x.val[n])
	}
	for j, a := range out {
		if a < 0 {
			out[j] = 0
		}
	}
}

// logits writes the class scores of x into out (len k); hid is scratch of
// len h.
func (m *mlp) logits(x sparse, hid, out []float32) {
	m.hidden(x, hid)
	copy(out, m.b2)
	k := m.k
	for j, a := range hid {
		if a == 0 {
			continue
		}
		axpy(out, m.w2[j*k:j*k+k], a)
	}
}

// mlpDropout is the share of hidden units silenced at each training step.
const mlpDropout = 0.3

// trainMLP fits the network by SGD with a linearly decaying step and
// dropout on the hidden layer. weights are the classes' loss weights.
// Deterministic for a given seed.
func trainMLP(xs []sparse, ys []int, keys []uint64, weights []float32, nf, h, epochs int, rate, l2 float64, seed uint64) *mlp {
	k := len(weights)
	rng := rand.New(rand.NewPCG(seed, 0x3317))
	m := &mlp{h: h, k: k, w1: make([]float32, nf*h), b1: make([]float32, h), w2: make([]float32, h*k), b2: make([]float32, k)}
	r1 := float32(math.Sqrt(6 / float64(h+64)))
	for i := range m.w1 {
		m.w1[i] = (rng.Float32()*2 - 1) * r1
	}
	r2 := float32(math.Sqrt(6 / float64(h+k)))
	for i := range m.w2 {
		m.w2[i] = (rng.Float32()*2 - 1) * r2
	}
	for j := range m.b1 {
		m.b1[j] = 0.01
	}
	t := &mlpTrainer{m: m, rng: rng, weights: weights, l2: float32(l2),
		hid: make([]float32, h), dh: make([]float32, h), z: make([]float32, k)}
	sgdEpochs(keys, max(epochs, 1), rate, seed+1, func(i int, eta float64) {
		t.step(xs[i], ys[i], float32(eta))
	})
	return m
}

// mlpTrainer holds the state of trainMLP between steps.
type mlpTrainer struct {
	m       *mlp
	rng     *rand.Rand
	weights []float32
	l2      float32
	hid, dh []float32
	z       []float32
}

// step applies the gradient of one example, with dropout.
func (t *mlpTrainer) step(x sparse, y int, eta float32) {
	m, k, h := t.m, t.m.k, t.m.h
	m.hidden(x, t.hid)
	for j := range t.hid {
		if t.rng.Float32() < mlpDropout {
			t.hid[j] = 0
		} else {
			t.hid[j] /= 1 - mlpDropout
		}
	}
	z := t.z
	copy(z, m.b2)
	for j, a := range t.hid {
		if a != 0 {
			axpy(z, m.w2[j*k:j*k+k], a)
		}
	}
	softmaxInPlace(z)
	z[y] -= 1
	for c := range z {
		z[c] *= t.weights[y]
	}
	for j, a := range t.hid {
		t.dh[j] = 0
		if a == 0 {
			continue
		}
		row := m.w2[j*k : j*k+k]
		s := dot(row, z)
		// row -= eta·(a·z + l2·row), in two vector steps.
		scal(row, 1-eta*t.l2)
		axpy(row, z, -eta*a)
		t.dh[j] = s / (1 - mlpDropout)
	}
	for c, g := range z {
		m.b2[c] -= eta * g
	}
	for n, f := range x.idx {
		axpy(m.w1[int(f)*h:int(f)*h+h], t.dh, -eta*x.val[n])
	}
	for j, g := range t.dh {
		m.b1[j] -= eta * g
	}
}
