// Package spell corrects typos against a known vocabulary: a word the
// vocabulary lacks is replaced by the closest word it holds, when one is
// within a small edit distance. It serves the intent classifier (before
// features are computed) and the FAQ retrieval (before BM25), so both
// forgive "comande", "recieved" and "remboursemment" the same way.
//
// Candidates come from shared character trigrams, so only a handful of
// words are compared whatever the vocabulary size; the distance is the
// optimal string alignment distance (insertions, deletions, substitutions
// and swaps of neighbours), the most common typing slips.
package spell

import "sync"

// MinLen is the shortest word corrected: below it, one edit turns almost
// any word into another ("pas" → "pays", "sur" → "sous").
const MinLen = 4

// maxLen bounds the work on a pathological token.
const maxLen = 40

// Corrector maps unknown words to known ones. It is immutable after New
// and safe for concurrent use.
type Corrector struct {
	words    []string
	freq     []int
	ids      map[string]int32
	trigrams map[string][]int32
	// counters holds *counter scratch for Correct: counting shared
	// trigrams in a map cost more than the rest of the correction.
	counters sync.Pool
}

// counter counts the trigrams each word shares with the word corrected,
// and lists the words it touched so that only they are reset.
type counter struct {
	n       []uint8
	touched []int32
}

// New indexes words; freq[i] (optional, may be nil) is how common words[i]
// is, and breaks ties between candidates at the same distance. Repeated
// words keep their first index.
func New(words []string, freq []int) *Corrector {
	c := &Corrector{ids: make(map[string]int32, len(words)), trigrams: make(map[string][]int32)}
	for i, w := range words {
		if _, dup := c.ids[w]; dup || w == "" {
			continue
		}
		f := 1
		if i < len(freq) {
			f = freq[i]
		}
		id := int32(len(c.words))
		c.ids[w] = id
		c.words = append(c.words, w)
		c.freq = append(c.freq, f)
		if len(w) < MinLen-1 {
			continue
		}
		forTrigrams(w, func(g string) {
			if ids := c.trigrams[g]; len(ids) == 0 || ids[len(ids)-1] != id {
				c.trigrams[g] = append(ids, id)
			}
		})
	}
	return c
}

// Known reports whether w is in the vocabulary.
func (c *Corrector) Known(w string) bool {
	_, ok := c.ids[w]
	return ok
}

// Len is the number of distinct words.
func (c *Corrector) Len() int { return len(c.words) }

// Word returns the word of an index returned by Correct or ID.
func (c *Corrector) Word(id int32) string { return c.words[id] }

// ID returns the index of a known word.
func (c *Corrector) ID(w string) (int32, bool) {
	id, ok := c.ids[w]
	return id, ok
}

// Correct returns the known word closest to w and its distance, or false
// when w is known, too short, or no known word is close enough: one edit
// for words under 8 letters, two from 8 on. Among candidates at the same
// distance the most frequent wins, then the first indexed, so the result is
// deterministic.
func (c *Corrector) Correct(w string) (id int32, dist int, ok bool) {
	if len(w) < MinLen || len(w) > maxLen {
		return 0, 0, false
	}
	if _, known := c.ids[w]; known {
		return 0, 0, false
	}
	limit := 1
	if len(w) >= 8 {
		limit = 2
	}
	cnt, _ := c.counters.Get().(*counter)
	if cnt == nil {
		cnt = &counter{n: make([]uint8, len(c.words))}
	}
	defer c.counters.Put(cnt)
	forTrigrams(w, func(g string) {
		for _, id := range c.trigrams[g] {
			switch cnt.n[id] {
			case 0:
				cnt.touched = append(cnt.touched, id)
			case 255:
				continue
			}
			cnt.n[id]++
		}
	})
	defer func() {
		for _, id := range cnt.touched {
			cnt.n[id] = 0
		}
		cnt.touched = cnt.touched[:0]
	}()
	best, bestDist, bestFreq := int32(-1), limit+1, -1
	for _, id := range cnt.touched {
		term := c.words[id]
		if cnt.n[id] < 2 || abs(len(term)-len(w)) > limit {
			continue
		}
		if len(w) < 5 && term[0] != w[0] {
			// In a word of four letters one edit is a quarter of it, and
			// a first letter is seldom the one mistyped: "fizz" is not
			// "bizz" (a kiss goodbye).
			continue
		}
		d := Distance(w, term, limit)
		if d > limit {
			continue
		}
		f := c.freq[id]
		if d < bestDist || d == bestDist && (f > bestFreq || f == bestFreq && id < best) {
			best, bestDist, bestFreq = id, d, f
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, bestDist, true
}

// forTrigrams calls fn with each trigram of "$w$".
func forTrigrams(w string, fn func(string)) {
	p := "$" + w + "$"
	for i := 0; i+3 <= len(p); i++ {
		fn(p[i : i+3])
	}
}

// Distance is the optimal string alignment distance between a and b, or
// limit+1 as soon as it is known to exceed limit. It works on bytes: the
// words it compares are folded to ASCII first.
func Distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var buf [3 * 42]int
	var prev2, prev, cur []int
	if len(b)+1 <= 42 {
		prev2, prev, cur = buf[0:len(b)+1], buf[42:42+len(b)+1], buf[84:84+len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
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
