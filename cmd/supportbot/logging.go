package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// logOptions are the --log-format and --log-level options of the commands
// that log. Their defaults come from SUPPORTBOT_LOG_FORMAT and
// SUPPORTBOT_LOG_LEVEL, so that a container or a unit file sets them once
// for every command; a flag given on the command line wins.
type logOptions struct {
	format logFormat
	level  logLevel
	// envErr is a variable's bad value, reported once the flags are read,
	// unless the matching flag replaced it.
	envErr map[string]error
}

// addLogFlags declares the options on fs; level is the command's default
// when SUPPORTBOT_LOG_LEVEL is unset (warn for the terminal chat, whose
// screen the log shares, info for the server).
func addLogFlags(fs *flag.FlagSet, getenv func(string) string, level slog.Level) *logOptions {
	o := &logOptions{format: "text", level: logLevel(level), envErr: map[string]error{}}
	if v := getenv("SUPPORTBOT_LOG_FORMAT"); v != "" {
		if err := o.format.Set(v); err != nil {
			o.envErr["log-format"] = fmt.Errorf("SUPPORTBOT_LOG_FORMAT: %w", err)
		}
	}
	if v := getenv("SUPPORTBOT_LOG_LEVEL"); v != "" {
		if err := o.level.Set(v); err != nil {
			o.envErr["log-level"] = fmt.Errorf("SUPPORTBOT_LOG_LEVEL: %w", err)
		}
	}
	fs.Var(&o.format, "log-format", "log `format`: text or json (env SUPPORTBOT_LOG_FORMAT)")
	fs.Var(&o.level, "log-level", "least severe `level` logged: debug, info, warn or error (env SUPPORTBOT_LOG_LEVEL)")
	return o
}

// handler returns the log handler the options ask for, writing to w. Call
// it after fs.Parse; it fails on a bad variable that no flag replaced.
func (o *logOptions) handler(fs *flag.FlagSet, w io.Writer) (slog.Handler, error) {
	fs.Visit(func(f *flag.Flag) { delete(o.envErr, f.Name) })
	for _, name := range []string{"log-format", "log-level"} {
		if err := o.envErr[name]; err != nil {
			return nil, err
		}
	}
	opts := &slog.HandlerOptions{Level: slog.Level(o.level)}
	if o.format == "json" {
		return slog.NewJSONHandler(w, opts), nil
	}
	return slog.NewTextHandler(w, opts), nil
}

// logFormat is a flag.Value that takes text or json.
type logFormat string

func (f *logFormat) String() string { return string(*f) }

func (f *logFormat) Set(s string) error {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "text", "json":
		*f = logFormat(v)
		return nil
	}
	return fmt.Errorf("want text or json, got %q", s)
}

// logLevel is a flag.Value that takes one of slog's four level names.
// slog.Level's own parser also takes offsets ("info+2"), which an
// operator has no use for and would only make a typo harder to see.
type logLevel slog.Level

func (l *logLevel) String() string { return strings.ToLower(slog.Level(*l).String()) }

func (l *logLevel) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		*l = logLevel(slog.LevelDebug)
	case "info":
		*l = logLevel(slog.LevelInfo)
	case "warn", "warning":
		*l = logLevel(slog.LevelWarn)
	case "error":
		*l = logLevel(slog.LevelError)
	default:
		return fmt.Errorf("want debug, info, warn or error, got %q", s)
	}
	return nil
}
