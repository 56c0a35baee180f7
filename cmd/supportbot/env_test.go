package main

import (
	"strings"
	"testing"
	"time"
)

func TestEnvDuration(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{value: "", want: 30 * time.Second},
		{value: "45s", want: 45 * time.Second},
		{value: "2m", want: 2 * time.Minute},
		{value: "45", wantErr: true},
		{value: "-1s", wantErr: true},
	}
	for _, tt := range tests {
		getenv := func(k string) string {
			if k == "SUPPORTBOT_DRAIN_TIMEOUT" {
				return tt.value
			}
			return ""
		}
		got, err := envDuration(getenv, "SUPPORTBOT_DRAIN_TIMEOUT", 30*time.Second)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "SUPPORTBOT_DRAIN_TIMEOUT") {
				t.Errorf("%q: error = %v, want one naming the variable", tt.value, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %v, %v; want %v", tt.value, got, err, tt.want)
		}
	}
}
