package main

import (
	"context"
	"errors"
	"io"
)

// ServeCommand is "supportbot serve". Not written yet.
type ServeCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	return errors.New("serve: not implemented yet")
}
