package config

import (
	"fmt"

	"supportbot/bot"
)

// checkTexts reads the texts the configuration speaks with, overlays
// included, so that a broken locale folder or overlay, or a reward without
// words in every language, stops the program at start with the key to fix
// rather than showing a customer a raw key ("reward_free_coffee").
func (c Config) checkTexts() error {
	langs := Languages(c)
	locs, err := bot.LoadLocales(LocaleFS(c), langs)
	if err != nil {
		if c.Shop.LocalesDir != "" {
			return fmt.Errorf("shop.locales_dir: %w", err)
		}
		return fmt.Errorf("built-in texts: %w", err)
	}
	for _, o := range textOverlays(c) {
		if err := locs.Overlay(o.fsys); err != nil {
			return fmt.Errorf("%s: %w", o.key, err)
		}
	}
	for i, tier := range c.Policy.Loyalty.Tiers {
		id := "reward_" + tier.Reward
		for _, lang := range langs {
			if !locs.Texts.Has(lang, id) {
				return fmt.Errorf("loyalty.tiers[%d].reward: %q has no words in %s: add %s = \"…\" to %s/messages.toml in the folder shop.locales_overlay names",
					i, tier.Reward, lang, id, lang)
			}
		}
	}
	return nil
}
