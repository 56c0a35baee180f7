package intents

import (
	"math/rand/v2"
	"slices"
)

// socialIntents are the short social messages. Said around a request
// ("bonjour, je veux annuler 🙏"), they must not decide what it is.
var socialIntents = []string{Greet, Goodbye, Thanks, Affirm, Deny}

// socialEmoji are the emoji classes that, alone, answer socially (🙏, 👍,
// ❌) and, beside a request, don't change it.
var socialEmoji = []string{emojiThanks, emojiHappy, emojiYes, emojiNo, emojiWave, emojiSad, emojiAngry}

// augmentSocial returns d with extra examples: copies of share of the
// examples of every label but the social ones, with a greeting before or
// thanks, a goodbye or an emoji after, taken from d's own social
// examples. The classifier then learns that "bonjour bonjour", "merci 🙏"
// or "❌" around a request leave it what it is. origin[i] is the example
// each row comes from (itself for the originals), so that calibration
// folds keep a copy with its original. Deterministic for a seed.
func augmentSocial(d dataset, share float64, seed uint64) (dataset, []int) {
	origin := identity(len(d.docs))
	social := map[int]bool{}
	var before, after [][]string
	for y, l := range d.labels {
		if slices.Contains(socialIntents, intentOf(l)) {
			social[y] = true
		}
	}
	for i, doc := range d.docs {
		if !social[d.ys[i]] || len(doc) == 0 || len(doc) > 4 {
			continue
		}
		switch intentOf(d.labels[d.ys[i]]) {
		case Greet:
			before = append(before, doc)
		case Thanks, Goodbye:
			after = append(after, doc)
		}
	}
	if len(before) == 0 && len(after) == 0 {
		return d, origin
	}
	rng := rand.New(rand.NewPCG(seed, 0xa9))
	n := len(d.docs)
	for i := 0; i < n; i++ {
		if social[d.ys[i]] || rng.Float64() >= share {
			continue
		}
		doc := d.docs[i]
		var aug []string
		switch k := rng.IntN(3); {
		case k == 0 && len(before) > 0:
			aug = append(slices.Clone(before[rng.IntN(len(before))]), doc...)
		case k == 1 && len(after) > 0:
			aug = append(slices.Clone(doc), after[rng.IntN(len(after))]...)
		default:
			aug = append(slices.Clone(doc), socialEmoji[rng.IntN(len(socialEmoji))])
		}
		d.docs = append(d.docs, aug)
		d.langs = append(d.langs, d.langs[i])
		d.ys = append(d.ys, d.ys[i])
		origin = append(origin, i)
	}
	return d, origin
}
