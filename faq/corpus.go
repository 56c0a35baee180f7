package faq

import (
	"slices"
	"strings"
	"sync"
	"text/template/parse"
)

// langIndex is the index of one language: a vocabulary of analysed words,
// three BM25 fields (variants, entries' questions, answers), the weights
// Score is computed with, and the corrector of typos.
type langIndex struct {
	entries      []Entry
	termIDs      map[string]int32
	terms        []string
	variantEntry []int32   // question variant → entry
	variantMass  []float64 // question variant → total weight of its distinct terms
	variants     bm25Field // one document per question variant
	questions    bm25Field // one document per entry: all its variants
	answers      bm25Field // one document per entry: its answer text
	weight       []float64 // by term: idf over entries (questions and answer), for Score
	unknownIDF   float64   // weight of a word the index does not know
	// exact maps a variant's distinct words (exactKey) to its entry, or to
	// -1 when variants of two entries have the same words: a question asked
	// as it was taught is answered by its entry, whatever the statistics of
	// the other entries make of it.
	exact map[string]int32
	typos typos
	// scratch holds the score tables of rank (a *scoreTables), which are
	// the size of the corpus: tens of kilobytes a query otherwise.
	scratch sync.Pool
}

// buildLang indexes the entries of one language.
func buildLang(lang string, entries []Entry, analyze func(lang, text string) []string, cfg Config) *langIndex {
	li := &langIndex{entries: entries, termIDs: make(map[string]int32), exact: make(map[string]int32)}
	termsOf := func(words []string) []int32 {
		ids := make([]int32, 0, len(words))
		for _, w := range words {
			id, ok := li.termIDs[w]
			if !ok {
				id = int32(len(li.terms))
				li.termIDs[w] = id
				li.terms = append(li.terms, w)
			}
			ids = append(ids, id)
		}
		return ids
	}
	var variants, questions, answers [][]int32
	for e, entry := range entries {
		var all []int32
		for _, q := range entry.Questions {
			words := analyze(lang, q)
			ids := termsOf(words)
			if key := exactKey(words); key != "" {
				if prev, ok := li.exact[key]; ok && prev != int32(e) {
					li.exact[key] = -1
				} else {
					li.exact[key] = int32(e)
				}
			}
			variants = append(variants, ids)
			all = append(all, ids...)
			li.variantEntry = append(li.variantEntry, int32(e))
		}
		questions = append(questions, all)
		answers = append(answers, termsOf(analyze(lang, answerText(entry))))
	}
	li.variants = newField(variants, len(li.terms), cfg)
	li.questions = newField(questions, len(li.terms), cfg)
	li.answers = newField(answers, len(li.terms), cfg)
	li.weight = entryIDF(questions, answers, len(li.terms))
	li.variantMass = masses(variants, li.weight)
	li.unknownIDF = cfg.UnknownWeight * idf(float64(len(entries)), 0)
	li.typos = newTypos(li.terms, li.variants)
	return li
}

// exactKey is the set of analysed words, sorted and joined: the identity of
// a question for exact matching, insensitive to word order and repeats as
// the scores are.
func exactKey(words []string) string {
	if len(words) == 0 {
		return ""
	}
	words = slices.Clone(words)
	slices.Sort(words)
	return strings.Join(slices.Compact(words), " ")
}

// answerText is the literal text of an entry's answer, placeholders left
// out: what the answer says whatever the shop's figures.
func answerText(e Entry) string {
	if e.Answer == nil || e.Answer.Tree == nil {
		return ""
	}
	var b strings.Builder
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.TextNode:
			b.Write(n.Text)
			b.WriteByte(' ')
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	walk(e.Answer.Tree.Root)
	return b.String()
}

// entryIDF is the inverse document frequency of each term over entries,
// an entry being its questions and its answer: how well a word tells one
// entry from the others.
func entryIDF(questions, answers [][]int32, nTerms int) []float64 {
	df := make([]float64, nTerms)
	seen := make([]int, nTerms)
	for e := range questions {
		for _, doc := range [][]int32{questions[e], answers[e]} {
			for _, t := range doc {
				if seen[t] != e+1 {
					seen[t] = e + 1
					df[t]++
				}
			}
		}
	}
	out := make([]float64, nTerms)
	for t := range out {
		out[t] = idf(float64(len(questions)), df[t])
	}
	return out
}

// masses is, for each document, the total weight of its distinct terms.
func masses(docs [][]int32, weight []float64) []float64 {
	out := make([]float64, len(docs))
	for d, doc := range docs {
		for i, t := range doc {
			if !slices.Contains(doc[:i], t) {
				out[d] += weight[t]
			}
		}
	}
	return out
}
