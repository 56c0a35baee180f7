package config

import "fmt"

// RetentionConfig is how long serve keeps what customers leave behind; 0
// keeps it for ever. Order data (orders, items, returns, the loyalty
// ledger) is the shop's record and is never purged.
type RetentionConfig struct {
	// TranscriptDays: a conversation (its state, transcript and resolved
	// hand-offs) is deleted this long after its last message, unless a
	// person still has it or a ticket of it is open.
	TranscriptDays int
	// AttemptDays: identity check attempts are deleted this long after
	// they were made.
	AttemptDays int
	// TicketDays: a resolved ticket, with its attachments (photos), is
	// deleted this long after it was resolved.
	TicketDays int
}

func defaultRetention() RetentionConfig {
	return RetentionConfig{TranscriptDays: 90, AttemptDays: 90, TicketDays: 365}
}

type retentionFile struct {
	TranscriptDays *int `toml:"transcript_days"`
	AttemptDays    *int `toml:"attempt_days"`
	TicketDays     *int `toml:"ticket_days"`
}

func (f retentionFile) apply(c *Config) error {
	r := &c.Retention
	for _, k := range []struct {
		key string
		src *int
		dst *int
	}{
		{"retention.transcript_days", f.TranscriptDays, &r.TranscriptDays},
		{"retention.attempt_days", f.AttemptDays, &r.AttemptDays},
		{"retention.ticket_days", f.TicketDays, &r.TicketDays},
	} {
		set(k.dst, k.src)
		if *k.dst < 0 || *k.dst > 36500 {
			return fmt.Errorf("%s: must be between 0 (keep for ever) and 36500, got %d", k.key, *k.dst)
		}
	}
	return nil
}
