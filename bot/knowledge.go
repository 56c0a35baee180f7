package bot

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/faq"
	"supportbot/intents"
)

// Knowledge is what the engine knows and understands, independent of any
// database: its texts, the trained classifier and the FAQ with its answers
// worded for the shop. Building it trains the classifier (about half a
// second), so a program builds it once and shares it: it is read-only.
type Knowledge struct {
	Texts  *Texts
	Parser *intents.Parser
	// Answers reads how a message answers a yes-or-no question (see
	// answerExamples); nil when the locale tree has no answer phrases.
	Answers *intents.Parser
	FAQ     *FAQAnswers
}

// KnowledgeConfig says what to build the knowledge for.
type KnowledgeConfig struct {
	Langs  []string // languages spoken, the default first
	Policy policy.Config
	Shop   Shop
	// OrderPattern is the regular expression of the shop's order numbers;
	// empty for the classifier's default.
	OrderPattern string
	Now          func() time.Time // resolves relative dates; time.Now when nil
	// TrainingSeed, when not 0, trains the classifier from another seed
	// than the product's: how much a figure owes to the seed is measured
	// by training from several.
	TrainingSeed uint64
	// Overlays are laid over the locale tree in order (see Locales): the
	// demo shop's wording, then the operator's.
	Overlays []fs.FS
	// ModelCache, when set, is a folder where the trained classifier is
	// kept between starts: a start with the same code, configuration and
	// training data loads it instead of training again. Empty trains at
	// every start.
	ModelCache string
	// Logger reports a model cache that can't be read or written (the
	// classifier is then trained as without one); nil discards.
	Logger *slog.Logger
}

// LoadKnowledge reads the locale tree fsys (texts, FAQ, training phrases)
// with its overlays and trains the classifier on TrainingExamples.
func LoadKnowledge(fsys fs.FS, cfg KnowledgeConfig) (*Knowledge, error) {
	locs, err := LoadLocales(fsys, cfg.Langs)
	if err != nil {
		return nil, err
	}
	for _, o := range cfg.Overlays {
		if err := locs.Overlay(o); err != nil {
			return nil, err
		}
	}
	texts, entries := locs.Texts, locs.Entries
	examples, err := trainingExamples(fsys, cfg.Langs, entries)
	if err != nil {
		return nil, err
	}
	pc := intents.ProductConfig()
	pc.Entities = intents.EntityConfig{OrderPattern: cfg.OrderPattern, OrderExample: cfg.Shop.OrderExample}
	pc.Now = cfg.Now
	if cfg.TrainingSeed != 0 {
		pc.Training.Seed = cfg.TrainingSeed
	}
	parser, err := cachedParser(cfg.ModelCache, pc, examples, cfg.Logger)
	if err != nil {
		return nil, fmt.Errorf("train the classifier: %w", err)
	}
	var answers *intents.Parser
	if ax, err := answerExamples(fsys, examples); err != nil {
		return nil, err
	} else if len(ax) > 0 {
		ac := intents.ProductConfig()
		ac.Entities = pc.Entities
		ac.Now = cfg.Now
		// The answer model has no out-of-scope class: its threshold is
		// fitted to reject at most 1 % of right answers, not the intents'.
		ac.Threshold = 0
		if answers, err = cachedParser(cfg.ModelCache, ac, ax, cfg.Logger); err != nil {
			return nil, fmt.Errorf("train the answer model: %w", err)
		}
	}
	facts := map[string]faq.Facts{}
	for _, lang := range cfg.Langs {
		facts[lang] = Facts(texts, cfg.Policy, cfg.Shop, lang)
	}
	faqAnswers, err := NewFAQ(faq.NewIndex(entries, intents.Analyze, faq.Config{MaxResults: faqCandidates}), entries, facts)
	if err != nil {
		return nil, err
	}
	return &Knowledge{Texts: texts, Parser: parser, Answers: answers, FAQ: faqAnswers}, nil
}

// faqCandidates is how many entries the retrieval scores for the engine
// to weigh against the classifier's ranking.
const faqCandidates = 8

// TrainingExamples returns what the classifier learns from in the locale
// tree fsys: the training phrases of each intent, and every FAQ question
// variant labelled with its entry ("faq/<id>"), so that the classifier
// tells entries apart as it tells intents apart.
func TrainingExamples(fsys fs.FS, langs []string) ([]intents.Example, error) {
	entries, err := faq.LoadAll(fsys, langs)
	if err != nil {
		return nil, err
	}
	return trainingExamples(fsys, langs, entries)
}

func trainingExamples(fsys fs.FS, langs []string, entries map[string][]faq.Entry) ([]intents.Example, error) {
	examples, err := intents.LoadTraining(fsys)
	if err != nil {
		return nil, err
	}
	for _, lang := range langs {
		for _, e := range entries[lang] {
			for _, q := range e.Questions {
				examples = append(examples, intents.Example{Text: q, Intent: intents.FAQ + "/" + e.ID, Lang: lang})
			}
		}
	}
	return examples, nil
}

// The labels of the answer model: a yes now, a no, or neither (a yes on a
// condition or for later, a yes that changes what was asked, a question
// back, a hesitation, something else).
const (
	answerYes  = "yes"
	answerNo   = "no"
	answerWait = "wait"
)

// backgroundEvery keeps one training phrase of the intents in so many as
// examples of answers that are no answer ("how many points do I have?"
// at "do you confirm?"): enough for the answer model to know requests
// apart from answers, few enough to keep it small.
const backgroundEvery = 8

// background reports whether the training phrase x is one of those kept
// as an answer that is no answer: one in backgroundEvery, chosen by a hash
// of the phrase rather than its place, so that a phrase added to the
// training files changes no other phrase's part in the answer model.
func background(x intents.Example) bool {
	h := fnv.New32a()
	h.Write([]byte(x.Lang + "\x00" + x.Text))
	return h.Sum32()%backgroundEvery == 0
}

// answerExamples returns what the answer model learns from in the locale
// tree fsys: the phrases of {fr,en}/acts/<label>.txt, and a share of
// the intents' training phrases (affirm, deny and the FAQ apart) as
// answers that are no answer.
func answerExamples(fsys fs.FS, training []intents.Example) ([]intents.Example, error) {
	out, err := intents.LoadPhrases(fsys, "acts")
	if err != nil || len(out) == 0 {
		return nil, err
	}
	for _, x := range out {
		if x.Intent != answerYes && x.Intent != answerNo && x.Intent != answerWait {
			return nil, fmt.Errorf("answer phrases: unknown label %q (want %s, %s or %s)", x.Intent, answerYes, answerNo, answerWait)
		}
	}
	for _, x := range training {
		if !background(x) || x.Intent == intents.Affirm || x.Intent == intents.Deny || strings.HasPrefix(x.Intent, intents.FAQ+"/") {
			continue
		}
		out = append(out, intents.Example{Text: x.Text, Intent: answerWait, Lang: x.Lang})
	}
	return out, nil
}
