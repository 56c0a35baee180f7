package intents

import "slices"

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
// folds keep a copy with its original. Deterministic for a seed; every
// choice about an example is drawn from its key, and the words put around
// it are the ones whose keys win a draw with its own (rendezvous hashing),
// so that adding a phrase changes no other example's copy, and adding a
// greeting only the copies it wins.
func augmentSocial(d dataset, share float64, seed uint64) (dataset, []int) {
	origin := identity(len(d.docs))
	social := map[int]bool{}
	var before, after []int // rows of the greetings, and of thanks and goodbyes
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
			before = append(before, i)
		case Thanks, Goodbye:
			after = append(after, i)
		}
	}
	if len(before) == 0 && len(after) == 0 {
		return d, origin
	}
	// pick is the row of rows whose key draws highest with x.
	pick := func(rows []int, x uint64) int {
		best, bestDraw := rows[0], uint64(0)
		for _, r := range rows {
			if v := splitmix(x ^ d.keys[r]); v >= bestDraw {
				best, bestDraw = r, v
			}
		}
		return best
	}
	n := len(d.docs)
	for i := 0; i < n; i++ {
		x := draw(d.keys[i], seed, drawSocial)
		if social[d.ys[i]] || float64(x>>11)/(1<<53) >= share {
			continue
		}
		doc := d.docs[i]
		x = splitmix(x)
		var aug []string
		switch k := x % 3; {
		case k == 0 && len(before) > 0:
			aug = append(slices.Clone(d.docs[pick(before, x)]), doc...)
		case k == 1 && len(after) > 0:
			aug = append(slices.Clone(doc), d.docs[pick(after, x)]...)
		default:
			aug = append(slices.Clone(doc), socialEmoji[splitmix(x)%uint64(len(socialEmoji))])
		}
		d.docs = append(d.docs, aug)
		d.langs = append(d.langs, d.langs[i])
		d.ys = append(d.ys, d.ys[i])
		d.keys = append(d.keys, splitmix(d.keys[i]^drawSocial))
		origin = append(origin, i)
	}
	return d, origin
}
