package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"supportbot/bot"
	"supportbot/config"
	"supportbot/intents"
)

// NLUCommand is "supportbot nlu": tools for the intent classifier. "test"
// trains on a JSONL file and scores on another (SPEC §7); "export" writes
// the shipped training data as JSONL, so that "test" can be run on it.
type NLUCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

const nluUsage = `Usage:
  supportbot nlu test --train FILE --test FILE [--val FILE] [--oos-weight W] [--seed N] [--hidden N] [--nets N] [--epochs N] [--dense W] [--dense-all] [--dense-only] [--product] [--json]
  supportbot nlu export [--config FILE]

test trains the intent classifier on one JSONL file ({"text": ..., "intent": ...}
a line; the intent "oos" marks out-of-scope lines, "faq/<id>" a FAQ entry) and
scores it on another: in-scope accuracy, out-of-scope recall and precision,
macro-F1, the share of confident wrong answers (a wrong intent, or the wrong
FAQ entry when the test names one, instead of a rejection), per-intent recall,
the most frequent confusions, training time and prediction latency. The
rejection threshold is fitted on folds of the training data, or on --val when
given; the test file never influences it. --oos-weight weighs out-of-scope
recall against in-scope accuracy in that fit (default 0.25); a negative value
fits plain accuracy with oos counted as one more intent, the protocol of
Larson et al. 2019. --seed changes the training order and the hidden layer's
initialisation (the spread over seeds is the error bar of a figure). --hidden
sets the hidden layer (the bot trains without one: --hidden -1 reproduces it),
--nets how many hidden networks from different seeds are averaged, --epochs
how many passes training makes (default 12).
--dense sets the weight of the static sentence-embedding features given to
English messages (0: none), --dense-all gives them to every message,
--dense-only trains without the TF-IDF features. --product trains as the bot
does on its shipped phrases (faster; the others are the benchmark defaults).

export writes the training data the bot ships with (the locale tree of the
config, or the built-in one) to standard output as JSONL: the training
phrases of every intent, and each FAQ question variant as "faq/<id>".
`

// Run runs the command.
func (c *NLUCommand) Run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "test":
			return c.test(ctx, args[1:])
		case "export":
			return c.export(args[1:])
		case "-h", "--help", "-help", "help":
			fmt.Fprint(c.Stdout, nluUsage)
			return flag.ErrHelp
		}
	}
	fmt.Fprint(c.Stderr, nluUsage)
	return errors.New("nlu: expected the subcommand test or export")
}

// flags parses a subcommand's flags, printing the usage to stdout for
// --help and to stderr for a mistake.
func (c *NLUCommand) flags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.Stdout, nluUsage)
		} else {
			fmt.Fprint(c.Stderr, nluUsage)
		}
		return err
	}
	return nil
}

func (c *NLUCommand) test(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("nlu test", flag.ContinueOnError)
	trainPath := fs.String("train", "", "training `FILE` (JSONL)")
	testPath := fs.String("test", "", "test `FILE` (JSONL)")
	valPath := fs.String("val", "", "optional validation `FILE` (JSONL) to fit the rejection threshold on")
	asJSON := fs.Bool("json", false, "print one JSON object")
	oosWeight := fs.Float64("oos-weight", intents.DefaultOOSWeight, "weight of out-of-scope recall against in-scope accuracy when fitting the threshold; negative: plain accuracy with oos as one more intent")
	seed := fs.Uint64("seed", intents.DefaultTraining().Seed, "random `seed` of training")
	hidden := fs.Int("hidden", 0, "hidden units: 0 picks automatically (none under 5,000 examples), -1 none; the bot itself trains with -1")
	nets := fs.Int("nets", 1, "hidden-layer networks trained from different seeds and averaged")
	epochs := fs.Int("epochs", intents.DefaultTraining().Epochs, "passes over the training messages")
	dense := fs.Float64("dense", intents.DefaultFeatures().DenseWeight, "weight of the static sentence-embedding features for English messages; 0 leaves them out")
	denseAll := fs.Bool("dense-all", false, "give the sentence-embedding features to every message, not only English ones")
	denseOnly := fs.Bool("dense-only", false, "train on the sentence-embedding features alone, without the TF-IDF blocks (for comparison)")
	product := fs.Bool("product", false, "train as the bot does on its shipped phrases (intents.ProductConfig); --seed and --hidden still apply, the other options don't")
	if err := c.flags(fs, args); err != nil {
		return err
	}
	if *trainPath == "" || *testPath == "" || fs.NArg() > 0 {
		fmt.Fprint(c.Stderr, nluUsage)
		return errors.New("nlu test: --train and --test are required, and nothing else")
	}
	train, err := readExamples(*trainPath)
	if err != nil {
		return err
	}
	test, err := readExamples(*testPath)
	if err != nil {
		return err
	}
	var val []intents.Example
	if *valPath != "" {
		if val, err = readExamples(*valPath); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	features := intents.DefaultFeatures()
	features.DenseWeight, features.DenseAllLanguages = *dense, *denseAll
	if *denseOnly {
		features.WordWeight, features.BigramWeight, features.CharMin, features.CharMax = 0, 0, 0, 0
	}
	training := intents.DefaultTraining()
	training.Seed, training.Hidden, training.Nets, training.Epochs = *seed, *hidden, *nets, *epochs
	cfg := intents.Config{Features: features, Training: training, Validation: val, OOSWeight: *oosWeight}
	if *product {
		cfg = intents.ProductConfig()
		cfg.Training.Seed = *seed
		if *hidden != 0 {
			cfg.Training.Hidden = *hidden // to try the product with a hidden layer
		}
	}
	r, err := intents.Evaluate(cfg, train, test)
	if err != nil {
		return fmt.Errorf("nlu test: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(c.Stdout).Encode(r)
	}
	printReport(c.Stdout, r)
	return nil
}

func (c *NLUCommand) export(args []string) error {
	fs := flag.NewFlagSet("nlu export", flag.ContinueOnError)
	configPath := fs.String("config", "", "config `FILE` (its shop.locales_dir is exported)")
	if err := c.flags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprint(c.Stderr, nluUsage)
		return errors.New("nlu export: unexpected arguments")
	}
	cfg, err := config.LoadEnv(*configPath, os.Environ())
	if err != nil {
		return err
	}
	exs, err := bot.TrainingExamples(config.LocaleFS(cfg), config.Languages(cfg))
	if err != nil {
		return fmt.Errorf("nlu export: %w", err)
	}
	enc := json.NewEncoder(c.Stdout)
	enc.SetEscapeHTML(false)
	for _, ex := range exs {
		if err := enc.Encode(ex); err != nil {
			return fmt.Errorf("nlu export: %w", err)
		}
	}
	return nil
}

// maxConfusions is how many of the most frequent confusions the text
// report lists.
const maxConfusions = 15

func printReport(w io.Writer, r intents.Report) {
	fmt.Fprintf(w, "in-scope accuracy   %6.2f %%  (%d messages)\n", 100*r.InScopeAccuracy, r.InScope)
	if r.OutOfScope > 0 {
		fmt.Fprintf(w, "out-of-scope recall %6.2f %%  (%d messages)\n", 100*r.OOSRecall, r.OutOfScope)
		fmt.Fprintf(w, "out-of-scope prec.  %6.2f %%\n", 100*r.OOSPrecision)
	}
	fmt.Fprintf(w, "top-1 accuracy      %6.2f %%  (best in-scope intent, no rejection)\n", 100*r.TopAccuracy)
	fmt.Fprintf(w, "confident wrong     %6.2f %%  (of in-scope messages: answered, and wrong)\n", 100*r.ConfidentWrong)
	if r.FAQEntries > 0 {
		fmt.Fprintf(w, "FAQ entry accuracy  %6.2f %%  (%d messages naming an entry)\n", 100*r.FAQEntryAccuracy, r.FAQEntries)
	}
	fmt.Fprintf(w, "macro-F1            %6.2f %%\n", 100*r.MacroF1)
	fmt.Fprintf(w, "rejection threshold %6.3f\n", r.Threshold)
	fmt.Fprintf(w, "training            %6.2f s\n", r.TrainSeconds)
	fmt.Fprintf(w, "prediction p50      %6.0f µs\n", r.PredictP50)
	fmt.Fprintf(w, "prediction p99      %6.0f µs\n", r.PredictP99)
	if len(r.PerIntent) > 0 && len(r.PerIntent) <= 30 {
		fmt.Fprintln(w, "\nrecall per intent")
		for _, s := range r.PerIntent {
			fmt.Fprintf(w, "  %-22s %6.2f %%  (%d/%d)\n", s.Intent, 100*s.Recall, s.Right, s.Total)
		}
	}
	if len(r.Confusions) > 0 {
		fmt.Fprintln(w, "\nmost frequent confusions (expected → answered)")
		for i, c := range r.Confusions {
			if i == maxConfusions {
				break
			}
			fmt.Fprintf(w, "  %4d  %s → %s\n", c.Count, c.Want, c.Got)
		}
	}
}

// readExamples reads a JSONL file of {"text", "intent"} lines.
func readExamples(path string) ([]intents.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nlu test: %w", err)
	}
	defer f.Close()
	exs, err := intents.ReadJSONL(f)
	if err != nil {
		return nil, fmt.Errorf("nlu test: %s: %w", path, err)
	}
	return exs, nil
}
