package main

import (
	"context"
	"errors"
	"io"
)

// NLUCommand is "supportbot nlu". Not written yet.
type NLUCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *NLUCommand) Run(ctx context.Context, args []string) error {
	return errors.New("nlu: not implemented yet")
}
