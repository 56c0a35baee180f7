package main

import (
	"context"
	"errors"
	"io"
)

// ChatCommand is "supportbot chat". Not written yet.
type ChatCommand struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *ChatCommand) Run(ctx context.Context, args []string) error {
	return errors.New("chat: not implemented yet")
}
