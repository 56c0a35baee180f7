package faq

// Typo correction: a word the index does not know is replaced by the
// closest known word when one is within a small edit distance. Candidates
// come from shared character trigrams, so only a handful of words are
// compared, whatever the vocabulary size.

// minTypoLen is the shortest word corrected: below it, one edit turns
// almost any word into another.
const minTypoLen = 4

// trigramTable maps each trigram of the padded terms ("$word$") to the
// terms holding it.
func trigramTable(terms []string) map[string][]int32 {
	t := make(map[string][]int32)
	for id, term := range terms {
		if len(term) < minTypoLen-1 {
			continue
		}
		forTrigrams(term, func(g string) {
			if ids := t[g]; len(ids) == 0 || ids[len(ids)-1] != int32(id) {
				t[g] = append(ids, int32(id))
			}
		})
	}
	return t
}

// forTrigrams calls fn with each trigram of "$w$".
func forTrigrams(w string, fn func(string)) {
	p := "$" + w + "$"
	for i := 0; i+3 <= len(p); i++ {
		fn(p[i : i+3])
	}
}

// correct returns the known term closest to w, with a weight below 1 that
// shrinks with the distance, or false when none is close enough.
func (li *langIndex) correct(w string) (int32, float64, bool) {
	if len(w) < minTypoLen || len(w) > 40 {
		return 0, 0, false
	}
	shared := make(map[int32]int, 16)
	forTrigrams(w, func(g string) {
		for _, id := range li.trigrams[g] {
			shared[id]++
		}
	})
	limit := 1
	if len(w) >= 8 {
		limit = 2
	}
	bestID, bestDist, bestDF := int32(-1), limit+1, -1
	for id, n := range shared {
		term := li.terms[id]
		if n < 2 || len(li.variants.postings[id]) == 0 || abs(len(term)-len(w)) > limit {
			continue
		}
		d := editDistance(w, term, limit)
		if d > limit {
			continue
		}
		df := len(li.variants.postings[id])
		if d < bestDist || (d == bestDist && (df > bestDF || df == bestDF && id < bestID)) {
			bestID, bestDist, bestDF = id, d, df
		}
	}
	if bestID < 0 {
		return 0, 0, false
	}
	return bestID, 1 - 2*float64(bestDist)/float64(len(w)), true
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 once it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
