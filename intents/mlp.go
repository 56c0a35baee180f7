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
		v := x.val[n]
		row := m.w1[int(f)*h : int(f)*h+h]
		for j, w := range row {
			out[j] += v * w
		}
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
		row := m.w2[j*k : j*k+k]
		for c, w := range row {
			out[c] += a * w
		}
	}
}

// trainMLP fits the network by SGD with a linearly decaying step and
// dropout on the hidden layer. Deterministic for a given seed.
func trainMLP(xs []sparse, ys []int, weights []float32, nf, h int, cfg TrainConfig) *mlp {
	k := len(weights)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x3317))
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
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	hid := make([]float32, h)
	dh := make([]float32, h)
	z := make([]float32, k)
	epochs := max(cfg.Epochs, 1)
	total := float64(epochs * len(xs))
	step := 0
	const dropout = 0.3
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			eta := float32(cfg.HiddenRate * (1 - float64(step)/total))
			step++
			x, y := xs[i], ys[i]
			m.hidden(x, hid)
			for j := range hid {
				if rng.Float32() < dropout {
					hid[j] = 0
				} else {
					hid[j] /= 1 - dropout
				}
			}
			copy(z, m.b2)
			for j, a := range hid {
				if a == 0 {
					continue
				}
				row := m.w2[j*k : j*k+k]
				for c, w := range row {
					z[c] += a * w
				}
			}
			softmaxInPlace(z)
			z[y] -= 1
			sw := weights[y]
			for c := range z {
				z[c] *= sw
			}
			for j, a := range hid {
				dh[j] = 0
				if a == 0 {
					continue
				}
				row := m.w2[j*k : j*k+k]
				var s float32
				for c, g := range z {
					s += row[c] * g
					row[c] -= eta * (a*g + float32(cfg.L2)*row[c])
				}
				dh[j] = s / (1 - dropout)
			}
			for c, g := range z {
				m.b2[c] -= eta * g
			}
			for n, f := range x.idx {
				v := eta * x.val[n]
				row := m.w1[int(f)*h : int(f)*h+h]
				for j, g := range dh {
					row[j] -= v * g
				}
			}
			for j, g := range dh {
				m.b1[j] -= eta * g
			}
		}
	}
	return m
}
