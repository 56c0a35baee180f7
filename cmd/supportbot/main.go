// Command supportbot is a customer-support assistant for online shops.
//
// Usage:
//
//	supportbot serve   [--config FILE] [--db PATH] [--addr HOST:PORT] [--demo]
//	supportbot import  --db PATH FILE.json
//	supportbot chat    [--db PATH] [--demo]
//	supportbot nlu test --train FILE --test FILE [--json]
//	supportbot test    [--db PATH] FILE...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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

// usage is printed for --help and for an unknown command.
const usage = `supportbot — a customer-support assistant for online shops

Usage:
  supportbot serve   [--config FILE] [--db PATH] [--addr HOST:PORT] [--demo]
  supportbot import  --db PATH FILE.json
  supportbot chat    [--config FILE] [--db PATH] [--demo]
  supportbot nlu test --train FILE --test FILE [--json]
  supportbot test    [--config FILE] [--db PATH] FILE...

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
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
