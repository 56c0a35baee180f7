package faq

import "supportbot/intents/spell"

// typos corrects a word the index does not know to the closest word of the
// question variants (answers are not candidates: a word only the answer
// uses says little about what customers ask).
type typos struct {
	spell *spell.Corrector
	term  []int32 // corrector index → term id
}

// newTypos indexes the terms that appear in question variants, with their
// variant document frequency to break ties.
func newTypos(terms []string, variants bm25Field) typos {
	var words []string
	var freq []int
	var ids []int32
	for id, w := range terms {
		if n := len(variants.postings[id]); n > 0 {
			words, freq, ids = append(words, w), append(freq, n), append(ids, int32(id))
		}
	}
	return typos{spell: spell.New(words, freq), term: ids}
}

// correct returns the term closest to w, with a weight below 1 that shrinks
// with the distance, or false when none is close enough.
func (li *langIndex) correct(w string) (int32, float64, bool) {
	id, dist, ok := li.typos.spell.Correct(w)
	if !ok {
		return 0, 0, false
	}
	return li.typos.term[id], 1 - 2*float64(dist)/float64(len(w)), true
}
