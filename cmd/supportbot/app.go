package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"supportbot/bot"
	"supportbot/faq"
	"supportbot/intents"
	"supportbot/locales"
	"supportbot/storage/sqlite"
)

// brain is what the program knows and understands, independent of the
// database: texts, the trained classifier and the FAQ. Building it trains
// the classifier, so a restart in tests reuses it.
type brain struct {
	texts  *bot.Texts
	parser *intents.Parser
	faq    *bot.FAQAnswers
}

// localeFS returns the locale tree: the operator's folder when configured,
// else the one built into the binary.
func localeFS(cfg Config) fs.FS {
	if cfg.Shop.LocalesDir != "" {
		return os.DirFS(cfg.Shop.LocalesDir)
	}
	return locales.FS
}

// newBrain loads the texts and the FAQ and trains the classifier on the
// training phrases plus the FAQ's question variants.
func newBrain(cfg Config, now func() time.Time) (*brain, error) {
	fsys := localeFS(cfg)
	langs := languages(cfg)
	texts, err := bot.LoadTexts(fsys, langs...)
	if err != nil {
		return nil, err
	}
	entries, err := faq.LoadAll(fsys, langs)
	if err != nil {
		return nil, err
	}
	if err := faq.CheckParity(entries); err != nil {
		return nil, err
	}
	examples, err := intents.LoadTraining(fsys)
	if err != nil {
		return nil, err
	}
	for lang, es := range entries {
		for _, e := range es {
			for _, q := range e.Questions {
				examples = append(examples, intents.Example{Text: q, Intent: intents.FAQ, Lang: lang})
			}
		}
	}
	parser, err := intents.NewParser(intents.Config{
		Entities: intents.EntityConfig{OrderPattern: cfg.NLU.OrderNumberPattern.String()},
		Now:      now,
	}, examples)
	if err != nil {
		return nil, err
	}
	index := faq.NewIndex(entries, intents.Analyze, faq.Config{})
	facts := map[string]faq.Facts{}
	shop := botShop(cfg)
	for _, lang := range langs {
		facts[lang] = bot.Facts(texts, cfg.Policy, shop, lang)
	}
	answers, err := bot.NewFAQ(index, entries, facts)
	if err != nil {
		return nil, err
	}
	return &brain{texts: texts, parser: parser, faq: answers}, nil
}

// languages lists the languages spoken, the default first.
func languages(cfg Config) []string {
	langs := []string{cfg.Shop.DefaultLanguage}
	for _, l := range locales.Languages {
		if l != cfg.Shop.DefaultLanguage {
			langs = append(langs, l)
		}
	}
	return langs
}

func botShop(cfg Config) bot.Shop {
	s := cfg.Shop
	return bot.Shop{
		Name: s.Name, Email: s.Email, Phone: s.Phone, Website: s.Website,
		ContactURL: s.ContactURL, StoresURL: s.StoresURL, TrackingPageURL: s.TrackingPageURL,
		PostalAddress: s.PostalAddress, PaymentMethods: s.PaymentMethods, FormReplyHours: s.FormReplyHours,
		DefaultLang: s.DefaultLanguage,
	}
}

// newEngine wires an engine on a database.
func newEngine(cfg Config, br *brain, db *sqlite.DB, log *slog.Logger, metrics *bot.Metrics, now func() time.Time) (*bot.Engine, error) {
	e, err := bot.New(bot.Config{
		Store: db, Parser: br.parser, FAQ: br.faq, Texts: br.texts,
		Policy: cfg.Policy, Shop: botShop(cfg),
		Verify: bot.VerifyConfig{
			MaxAttempts: cfg.Verification.MaxAttempts,
			Window:      cfg.Verification.Window,
			Lockout:     cfg.Verification.Lockout,
		},
		Threshold: cfg.NLU.ConfidenceThreshold,
		Logger:    log, Metrics: metrics, Now: now,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return e, nil
}
