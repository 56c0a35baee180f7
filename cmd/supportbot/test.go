package main

import (
	"context"
	"errors"
	"io"
)

// TestCommand is "supportbot test". Not written yet.
type TestCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *TestCommand) Run(ctx context.Context, args []string) error {
	return errors.New("test: not implemented yet")
}
