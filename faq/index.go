package faq

import (
	"slices"
)

// Config tunes retrieval. A zero field takes its default; the defaults are
// calibrated on the shipped knowledge base (see index_test.go).
//
// An entry's raw score sums four parts, each weighted: BM25 against all its
// question variants taken together (words spread over several phrasings),
// BM25 against its single best variant (one close phrasing), BM25 against
// its answer text, and the Dice overlap between the question and its
// closest variant (so that a short question matching a short variant
// outranks one that merely shares a word with a long one).
type Config struct {
	K1              float64 // BM25 term-frequency saturation; default 1.2
	B               float64 // BM25 length normalisation; default 0.75
	QuestionsWeight float64 // all question variants together; default 1
	VariantWeight   float64 // the best single variant; default 0.25
	AnswerWeight    float64 // the answer text; default 0.2
	MatchWeight     float64 // Dice overlap with the closest variant; default 0.5
	UnknownWeight   float64 // weight of a word the index does not know, relative to the rarest known word; default 1
	Threshold       float64 // minimum Score for Search to answer; default 0.63
	MaxResults      int     // length of Rank; default 3
}

func (c Config) withDefaults() Config {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.K1, 1.2)
	def(&c.B, 0.75)
	def(&c.QuestionsWeight, 1)
	def(&c.VariantWeight, 0.25)
	def(&c.AnswerWeight, 0.2)
	def(&c.MatchWeight, 0.5)
	def(&c.UnknownWeight, 1)
	def(&c.Threshold, 0.63)
	if c.MaxResults == 0 {
		c.MaxResults = 3
	}
	return c
}

// ceiling is the raw score, per unit of question weight, of a question that
// matches a variant exactly and whose every word appears once in documents
// of average length: each BM25 part then scores about 1 per unit of idf,
// and Dice is 1. Score divides by it.
func (c Config) ceiling() float64 {
	return c.QuestionsWeight + c.VariantWeight + c.AnswerWeight + c.MatchWeight
}

// Match is an entry found for a question. Score is in [0, 1]: the entry's
// raw score divided by the total weight (inverse document frequency) of the
// question's words, known or not, and by the score of a perfect match. A
// word the knowledge base never uses therefore lowers it, which is how
// questions about something else fall under the threshold.
type Match struct {
	ID    string
	Score float64
	Entry Entry
}

// Index finds the FAQ entry a question is about. It is read-only once
// built and safe for concurrent use.
type Index struct {
	cfg     Config
	analyze func(lang, text string) []string
	langs   map[string]*langIndex
}

// NewIndex indexes entries (by language) with the words analyze gives: the
// same function serves the questions at search time, so that both sides are
// normalised, stemmed and stripped of stop words alike.
func NewIndex(entries map[string][]Entry, analyze func(lang, text string) []string, cfg Config) *Index {
	cfg = cfg.withDefaults()
	ix := &Index{cfg: cfg, analyze: analyze, langs: make(map[string]*langIndex, len(entries))}
	for lang, es := range entries {
		ix.langs[lang] = buildLang(lang, es, analyze, cfg)
	}
	return ix
}

// Search returns the best entry for text in lang, or false when no entry
// scores at least the configured threshold.
func (ix *Index) Search(lang, text string) (Match, bool) {
	ranked := ix.Rank(lang, text)
	if len(ranked) == 0 || ranked[0].Score < ix.cfg.Threshold {
		return Match{}, false
	}
	return ranked[0], true
}

// Rank returns up to MaxResults entries for text in lang, best first,
// whatever their score: callers offering "did you mean" buttons want the
// runners-up too. It is empty when no word of text is in the index.
func (ix *Index) Rank(lang, text string) []Match {
	li := ix.langs[lang]
	if li == nil {
		return nil
	}
	words := ix.analyze(lang, text)
	q := li.query(words)
	if len(q.terms) == 0 {
		return nil
	}
	exact, ok := li.exact[exactKey(words)]
	if !ok {
		exact = -1
	}
	return li.rank(q, exact, ix.cfg)
}

// queryTerm is a word of the question found in the index, weighted below 1
// when it was reached by typo correction.
type queryTerm struct {
	id     int32
	weight float64
}

// query is an analysed question.
type query struct {
	terms []queryTerm
	mass  float64 // total weight: entry-level idf of every distinct word, known or not
}

// query maps analysed words to index terms, correcting typos, and totals
// the question's weight. Repeated words count once.
func (li *langIndex) query(words []string) query {
	var q query
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		id, ok := li.termIDs[w]
		weight := 1.0
		if !ok {
			id, weight, ok = li.correct(w)
		}
		if !ok {
			q.mass += li.unknownIDF
			continue
		}
		if i := slices.IndexFunc(q.terms, func(t queryTerm) bool { return t.id == id }); i >= 0 {
			q.terms[i].weight = max(q.terms[i].weight, weight)
			continue
		}
		q.terms = append(q.terms, queryTerm{id: id, weight: weight})
		q.mass += li.weight[id]
	}
	return q
}

// rank scores every entry touched by q and keeps the best; entry exact,
// when not -1, has a variant with the question's very words and comes
// first, with its own score.
func (li *langIndex) rank(q query, exact int32, cfg Config) []Match {
	out := make([]scored, 0, cfg.MaxResults+1)
	tables, _ := li.scratch.Get().(*scoreTables)
	if tables == nil {
		tables = &scoreTables{}
	}
	all := li.score(q, cfg, tables)
	for _, s := range all {
		if s.raw > 0 && s.entry != exact {
			out = insertRanked(out, s, cfg.MaxResults)
		}
	}
	if exact >= 0 {
		out = slices.Insert(out, 0, all[exact])
		out = out[:min(len(out), cfg.MaxResults)]
	}
	li.scratch.Put(tables)
	ms := make([]Match, len(out))
	for i, s := range out {
		ms[i] = Match{
			ID:    li.entries[s.entry].ID,
			Score: min(1, s.raw/(q.mass*cfg.ceiling())),
			Entry: li.entries[s.entry],
		}
	}
	return ms
}

// scoreTables are the tables score fills, kept for the next query.
type scoreTables struct {
	sums    []float64
	entries []scored
}

// score computes the raw score of every entry for q, in tables.
func (li *langIndex) score(q query, cfg Config, tables *scoreTables) []scored {
	nv, ne := len(li.variantEntry), len(li.entries)
	if cap(tables.sums) < 2*nv+2*ne {
		tables.sums = make([]float64, 2*nv+2*ne)
		tables.entries = make([]scored, ne)
	}
	buf := tables.sums[:2*nv+2*ne]
	clear(buf)
	variant, shared := buf[:nv], buf[nv:2*nv]
	questions, answer := buf[2*nv:2*nv+ne], buf[2*nv+ne:]
	li.variants.accumulate(q.terms, variant)
	li.questions.accumulate(q.terms, questions)
	li.answers.accumulate(q.terms, answer)
	for _, t := range q.terms {
		w := li.weight[t.id] * t.weight
		for _, p := range li.variants.postings[t.id] {
			shared[p.doc] += w
		}
	}
	entries := tables.entries[:ne]
	clear(entries)
	for v := range variant {
		s := &entries[li.variantEntry[v]]
		s.variant = max(s.variant, variant[v])
		if shared[v] > 0 {
			s.dice = max(s.dice, 2*shared[v]/(q.mass+li.variantMass[v]))
		}
	}
	for e := range entries {
		s := &entries[e]
		s.entry = int32(e)
		s.raw = cfg.QuestionsWeight*questions[e] + cfg.VariantWeight*s.variant +
			cfg.AnswerWeight*answer[e] + cfg.MatchWeight*s.dice*q.mass
	}
	return entries
}

// scored is an entry's raw score and two of its parts.
type scored struct {
	entry   int32
	raw     float64
	variant float64 // BM25 against the best variant
	dice    float64 // overlap with the closest variant
}

// insertRanked inserts s into the best-first list ss, keeping at most n;
// ties keep file order, so results are deterministic.
func insertRanked(ss []scored, s scored, n int) []scored {
	i := len(ss)
	for i > 0 && ss[i-1].raw < s.raw {
		i--
	}
	if i >= n {
		return ss
	}
	ss = slices.Insert(ss, i, s)
	if len(ss) > n {
		ss = ss[:n]
	}
	return ss
}
