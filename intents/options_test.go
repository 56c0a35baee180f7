package intents

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"
)

var holdoutOptions = flag.String("holdout.options", "", "TestHoldoutOptions: score the feature options matching this `regexp` on the hold-out set (aggregates only)")

// holdoutByLanguage scores a parser on the hold-out set, all of it and
// per language: aggregates only.
func holdoutByLanguage(p *Parser, test []Example) string {
	var out string
	for _, lang := range []string{"", "fr", "en"} {
		var part []Example
		for _, ex := range test {
			if lang == "" || ex.Lang == lang {
				part = append(part, ex)
			}
		}
		r := Score(p, part)
		name := lang
		if name == "" {
			name = "all"
		}
		out += fmt.Sprintf("  %s: in-scope %.1f %% top-1 %.1f %% confident wrong %.1f %% OOS %.1f %%", name,
			100*r.InScopeAccuracy, 100*r.TopAccuracy, 100*r.ConfidentWrong, 100*r.OOSRecall)
	}
	return out
}

// TestHoldoutOptions trains the shipped phrases with each feature option
// and logs its aggregate hold-out figures, for BENCHMARKS.md. It looks at
// no individual line. Run with -holdout.options -v.
func TestHoldoutOptions(t *testing.T) {
	if *holdoutOptions == "" {
		t.Skip("needs -holdout.options=REGEXP")
	}
	match, err := regexp.Compile(*holdoutOptions)
	if err != nil {
		t.Fatalf("-holdout.options: %v", err)
	}
	if _, err := os.Stat("testdata/holdout.jsonl"); err != nil {
		t.Skip("no hold-out set yet")
	}
	test := mustReadJSONL(t, "testdata/holdout.jsonl")
	exs := shippedExamples(t)
	now := testNow(t)
	options := []struct {
		name string
		set  func(*FeatureConfig)
	}{
		{"default", func(*FeatureConfig) {}},
		{"no dense", func(f *FeatureConfig) { f.DenseWeight = 0 }},
		{"dense 0.5", func(f *FeatureConfig) { f.DenseWeight = 0.5 }},
		{"dense 1", func(f *FeatureConfig) { f.DenseWeight = 1 }},
		{"dense 2", func(f *FeatureConfig) { f.DenseWeight = 2 }},
		{"dense 1, all languages", func(f *FeatureConfig) { f.DenseWeight, f.DenseAllLanguages = 1, true }},
	}
	for _, o := range options {
		if !match.MatchString(o.name) {
			continue
		}
		fc := DefaultFeatures()
		o.set(&fc)
		start := time.Now()
		cfg := ProductConfig()
		cfg.Features, cfg.Now = fc, func() time.Time { return now }
		p := mustParser(t, cfg, exs)
		train := time.Since(start)
		t.Logf("%-28s train %5.2f s%s", o.name, train.Seconds(), holdoutByLanguage(p, test))
	}
}
