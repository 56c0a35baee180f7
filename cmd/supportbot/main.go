// Command supportbot is a customer-support assistant for online shops.
//
// Usage:
//
//	supportbot serve   [--config FILE] [--db PATH|URL] [--addr HOST:PORT] [--demo]
//	supportbot import  [--db PATH|URL] FILE.json
//	supportbot chat    [--db PATH|URL] [--demo]
//	supportbot nlu test --train FILE --test FILE [--json]
//	supportbot test    [--db PATH] FILE...
//	supportbot customer export|erase [--db PATH|URL] EMAIL
//	supportbot migrate --from FILE --to postgres://...
//	supportbot healthcheck [--addr HOST:PORT]
//	supportbot version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

func main() {
	spareProcs()
	lessGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// A second signal during the drain stops the process at once, as an
	// operator pressing Ctrl-C twice expects.
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "supportbot:", err)
		os.Exit(1)
	}
}

// spareProcs runs Go code on twice as many threads as there are cores,
// unless GOMAXPROCS is set. Every SQLite call is a cgo call, and a
// goroutine coming back from one must win a processor again: with one per
// core it can wait a whole scheduling slice (10 ms) while it holds the
// database's only write connection, and every writer queues behind it. With
// spare processors the kernel shares the cores at a finer grain: at 2,000
// messages a second the slowest 1 % of answers went from 27 ms to 7 ms
// (BENCHMARKS.md).
func spareProcs() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(2 * runtime.NumCPU())
	}
}

// lessGC lets the heap grow to three times what is live between two
// collections instead of twice, unless GOGC is set. The live heap is about
// 36 MiB (the trained classifier, the FAQ index, the texts) and every turn
// allocates: collecting half as often gave the chat API 10 % more messages
// a second at saturation (three runs each, BENCHMARKS.md), for about 36 MiB
// more memory at the peak.
func lessGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}

// usage is printed for --help and for an unknown command.
const usage = `supportbot — a customer-support assistant for online shops

Usage:
  supportbot serve   [--config FILE] [--db PATH|URL] [--addr HOST:PORT] [--admin-addr HOST:PORT] [--demo]
  supportbot import  [--db PATH|URL] FILE.json
  supportbot chat    [--config FILE] [--db PATH|URL] [--demo]
  supportbot nlu test --train FILE --test FILE [--json]
  supportbot test    [--config FILE] [--db PATH] FILE...
  supportbot customer export|erase [--db PATH|URL] EMAIL
  supportbot migrate --from FILE --to postgres://...
  supportbot healthcheck [--addr HOST:PORT]
  supportbot version            (or supportbot --version)

serve and chat take --log-format text|json and --log-level debug|info|warn|error
(or SUPPORTBOT_LOG_FORMAT, SUPPORTBOT_LOG_LEVEL).
Run "supportbot COMMAND --help" for a command's options.
`

// run dispatches to a subcommand. It is main without the process: tests call
// it with their own arguments and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return (&ServeCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "import":
		return (&ImportCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "chat":
		return (&ChatCommand{Stdin: stdin, Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "nlu":
		return (&NLUCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "test":
		return (&TestCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "customer":
		return (&CustomerCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "migrate":
		return (&MigrateCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "healthcheck":
		return (&HealthcheckCommand{Stdout: stdout, Stderr: stderr}).Run(ctx, args[1:])
	case "version", "--version", "-version":
		return binaryBuildInfo().write(stdout)
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
