package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"supportbot/intents"
)

// NLUCommand is "supportbot nlu": tools for the intent classifier. Its one
// subcommand, "test", trains on a JSONL file and scores on another
// (SPEC §7).
type NLUCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

const nluUsage = `Usage: supportbot nlu test --train FILE --test FILE [--val FILE] [--oos-weight W] [--json]

Trains the intent classifier on one JSONL file ({"text": ..., "intent": ...}
a line; the intent "oos" marks out-of-scope lines) and scores it on another:
in-scope accuracy, out-of-scope recall and precision, macro-F1, training time
and prediction latency. The rejection threshold is fitted on folds of the
training data, or on --val when given; the test file never influences it.
--oos-weight weighs out-of-scope recall against in-scope accuracy in that fit
(default 0.25); a negative value fits plain accuracy with oos counted as one
more intent, the protocol of Larson et al. 2019.
`

// Run runs the command.
func (c *NLUCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "test" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help") {
			fmt.Fprint(c.Stdout, nluUsage)
			return flag.ErrHelp
		}
		fmt.Fprint(c.Stderr, nluUsage)
		return errors.New("nlu: expected the subcommand test")
	}
	fs := flag.NewFlagSet("nlu test", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {} // printed below, to stdout for --help
	trainPath := fs.String("train", "", "training `FILE` (JSONL)")
	testPath := fs.String("test", "", "test `FILE` (JSONL)")
	valPath := fs.String("val", "", "optional validation `FILE` (JSONL) to fit the rejection threshold on")
	asJSON := fs.Bool("json", false, "print one JSON object")
	oosWeight := fs.Float64("oos-weight", intents.DefaultOOSWeight, "weight of out-of-scope recall against in-scope accuracy when fitting the threshold; negative: plain accuracy with oos as one more intent")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.Stdout, nluUsage)
		} else {
			fmt.Fprint(c.Stderr, nluUsage)
		}
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
	r, err := intents.Evaluate(intents.Config{Validation: val, OOSWeight: *oosWeight}, train, test)
	if err != nil {
		return fmt.Errorf("nlu test: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(c.Stdout).Encode(r)
	}
	printReport(c.Stdout, r)
	return nil
}

func printReport(w io.Writer, r intents.Report) {
	fmt.Fprintf(w, "in-scope accuracy   %6.2f %%  (%d messages)\n", 100*r.InScopeAccuracy, r.InScope)
	if r.OutOfScope > 0 {
		fmt.Fprintf(w, "out-of-scope recall %6.2f %%  (%d messages)\n", 100*r.OOSRecall, r.OutOfScope)
		fmt.Fprintf(w, "out-of-scope prec.  %6.2f %%\n", 100*r.OOSPrecision)
	}
	fmt.Fprintf(w, "top-1 accuracy      %6.2f %%  (best in-scope intent, no rejection)\n", 100*r.TopAccuracy)
	fmt.Fprintf(w, "macro-F1            %6.2f %%\n", 100*r.MacroF1)
	fmt.Fprintf(w, "rejection threshold %6.3f\n", r.Threshold)
	fmt.Fprintf(w, "training            %6.2f s\n", r.TrainSeconds)
	fmt.Fprintf(w, "prediction p50      %6.0f µs\n", r.PredictP50)
	fmt.Fprintf(w, "prediction p99      %6.0f µs\n", r.PredictP99)
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
