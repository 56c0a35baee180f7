package main

import (
	"fmt"
	"time"
)

// envOr is the variable's value, or def when it is unset or empty: the
// default of a flag that the environment may set.
func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// envDuration is envOr for a duration ("45s", "2m"); a value that is not
// one is an error naming the variable.
func envDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s: want a duration such as 30s or 2m, got %q", name, v)
	}
	return d, nil
}
