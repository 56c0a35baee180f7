package faq

import (
	"math"
	"slices"
)

// bm25Field is one searchable field (question variants, entries' questions,
// or answers) in inverted form, scored with Okapi BM25.
type bm25Field struct {
	postings [][]posting // by term id, sorted by document
	idf      []float64   // by term id
	k1       float64
	norm     []float64 // by document: k1·(1 − b + b·len/avglen)
}

type posting struct {
	doc int32
	tf  float64
}

// newField builds a BM25 field over docs, each a list of term ids.
func newField(docs [][]int32, nTerms int, cfg Config) bm25Field {
	f := bm25Field{
		postings: make([][]posting, nTerms),
		idf:      make([]float64, nTerms),
		k1:       cfg.K1,
		norm:     make([]float64, len(docs)),
	}
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	avg := max(1, float64(total)/float64(max(1, len(docs))))
	counts := make([]float64, nTerms) // reset after each document
	for i, d := range docs {
		f.norm[i] = cfg.K1 * (1 - cfg.B + cfg.B*float64(len(d))/avg)
		for _, t := range d {
			counts[t]++
		}
		for _, t := range d {
			if counts[t] > 0 {
				f.postings[t] = append(f.postings[t], posting{doc: int32(i), tf: counts[t]})
				counts[t] = 0
			}
		}
	}
	n := float64(len(docs))
	for t := range f.idf {
		f.idf[t] = idf(n, float64(len(f.postings[t])))
	}
	return f
}

// accumulate adds the BM25 contribution of each query term to scores, by
// document.
func (f *bm25Field) accumulate(terms []queryTerm, scores []float64) {
	for _, t := range terms {
		idf := f.idf[t.id] * t.weight
		for _, p := range f.postings[t.id] {
			scores[p.doc] += idf * p.tf * (f.k1 + 1) / (p.tf + f.norm[p.doc])
		}
	}
}

// tf is how many times document doc uses term t.
func (f *bm25Field) tf(t, doc int32) float64 {
	i, found := slices.BinarySearchFunc(f.postings[t], doc, func(p posting, doc int32) int {
		return int(p.doc - doc)
	})
	if !found {
		return 0
	}
	return f.postings[t][i].tf
}

// idf is the BM25 inverse document frequency of a term found in df of n
// documents (the variant that never goes negative).
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
