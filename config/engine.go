package config

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"supportbot/bot"
	"supportbot/locales"
)

// LocaleFS returns the locale tree: the operator's folder when configured,
// else the one built into the binary.
func LocaleFS(cfg Config) fs.FS {
	if cfg.Shop.LocalesDir != "" {
		return os.DirFS(cfg.Shop.LocalesDir)
	}
	return locales.FS
}

// textOverlay is an overlay of the locale tree (see bot.Locales) and the
// config key it comes from, to name in errors.
type textOverlay struct {
	key  string
	fsys fs.FS
}

// textOverlays lists the overlays laid over the locale tree, in order.
func textOverlays(cfg Config) []textOverlay {
	var out []textOverlay
	if cfg.Shop.DemoTexts {
		out = append(out, textOverlay{"the demo shop's texts", locales.Demo()})
	}
	if cfg.Shop.LocalesOverlay != "" {
		out = append(out, textOverlay{"shop.locales_overlay", os.DirFS(cfg.Shop.LocalesOverlay)})
	}
	return out
}

// NewKnowledge loads the texts and the FAQ and trains the classifier, or
// loads it from modelCache (a folder, see bot.ModelCacheDir; empty for none)
// when it was trained there from the same code, settings and phrases.
func NewKnowledge(cfg Config, now func() time.Time, modelCache string, log *slog.Logger) (*bot.Knowledge, error) {
	var overlays []fs.FS
	for _, o := range textOverlays(cfg) {
		overlays = append(overlays, o.fsys)
	}
	return bot.LoadKnowledge(LocaleFS(cfg), bot.KnowledgeConfig{
		Langs: Languages(cfg), Policy: cfg.Policy, Shop: botShop(cfg),
		OrderPattern: cfg.NLU.OrderNumberPattern.String(), Now: now,
		Overlays: overlays, ModelCache: modelCache, Logger: log,
	})
}

// Languages lists the languages spoken, the default first.
func Languages(cfg Config) []string {
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
		PostalAddress: s.PostalAddress, ReturnAddress: s.ReturnAddress, OrderExample: s.OrderExample, PaymentMethods: s.PaymentMethods, FormReplyHours: s.FormReplyHours,
		DefaultLang:       s.DefaultLanguage,
		DeliveryCountries: s.DeliveryCountries, DeliveryOptions: s.DeliveryOptions,
		ShippingCents: s.ShippingCents, FreeShippingFromCents: s.FreeShippingFromCents,
		GiftWrapping: s.GiftWrapping, GiftWrappingCents: s.GiftWrappingCents,
		Instalments: s.Instalments, InstalmentsFromCents: s.InstalmentsFromCents,
		Currency: s.Currency,
	}
}

// NewEngine wires an engine on a database.
func NewEngine(cfg Config, br *bot.Knowledge, db bot.Store, log *slog.Logger, metrics *bot.Metrics, now func() time.Time) (*bot.Engine, error) {
	e, err := bot.New(bot.Config{
		Store: db, Parser: br.Parser, Answers: br.Answers, FAQ: br.FAQ, Texts: br.Texts,
		Policy: cfg.Policy, Shop: botShop(cfg),
		Verify: bot.VerifyConfig{
			MaxAttempts: cfg.Verification.MaxAttempts,
			Window:      cfg.Verification.Window,
			Lockout:     cfg.Verification.Lockout,
			PerMinute:   cfg.Verification.ShopFailuresPerMinute,
			WebIdle:     cfg.Verification.WebIdle,
		},
		Threshold: cfg.NLU.ConfidenceThreshold,
		Logger:    log, Metrics: metrics, Now: now,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return e, nil
}
