package main

import (
	"context"
	"errors"
	"io"
)

// ImportCommand is "supportbot import". Not written yet.
type ImportCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	return errors.New("import: not implemented yet")
}
