package delivery_test

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"supportbot/bot/delivery"
	"supportbot/storage"
)

// Issue 12: operators see the outbox at work: the queue's depth, sends by
// outcome, retries, 429 waits and their seconds, dead letters, and the
// adapters' dedupe hits and reconnects, under the names README lists.
func TestMetricsCountWhatHappens(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "outbox.db"))
	reg := prometheus.NewRegistry()
	m, err := delivery.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "chat:a", "a0")
	enqueue(t, db, "chat:b", "b0")
	enqueue(t, db, "chat:c", "c0")
	var calls atomic.Int32
	tr := newRecorder(func(msg storage.OutboxMessage) error {
		switch {
		case msg.Payload == "a0" && calls.Add(1) == 1:
			return &delivery.RetryAfterError{Wait: 2 * time.Second, Err: errors.New("429")}
		case msg.Payload == "b0" && msg.Attempts == 0:
			return errors.New("502 Bad Gateway")
		case msg.Payload == "c0":
			return delivery.Permanent(errors.New("403 Forbidden"))
		}
		return nil
	})
	_, stop := start(t, delivery.Config{Store: db, Transport: tr, Metrics: m, MaxAttempts: 3})
	waitFor(t, "every message settled", func() bool {
		n := states(t, db)
		return n[storage.OutboxSent] == 2 && n[storage.OutboxDead] == 1
	})
	stop()
	m.Dedupe("test")
	m.Reconnect("test")

	got := gather(t, reg)
	for _, want := range []string{
		`supportbot_outbox_sends_total{channel="test",outcome="dead"} 1`,
		`supportbot_outbox_sends_total{channel="test",outcome="rate_limited"} 1`,
		`supportbot_outbox_sends_total{channel="test",outcome="retry"} 1`,
		`supportbot_outbox_sends_total{channel="test",outcome="sent"} 2`,
		`supportbot_outbox_retries_total{channel="test"} 1`,
		`supportbot_outbox_dead_letters_total{channel="test"} 1`,
		`supportbot_rate_limit_waits_total{channel="test"} 1`,
		`supportbot_rate_limit_wait_seconds_total{channel="test"} 2`,
		`supportbot_outbox_pending{channel="test"} 3`,
		`supportbot_intake_duplicates_total{channel="test"} 1`,
		`supportbot_channel_reconnects_total{channel="test"} 1`,
	} {
		if !got[want] {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// gather returns the registry's series as "name{labels} value" lines.
func gather(t *testing.T, reg *prometheus.Registry) map[string]bool {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, l.GetName()+`="`+l.GetValue()+`"`)
			}
			v := s.GetCounter().GetValue() + s.GetGauge().GetValue()
			out[mf.GetName()+"{"+strings.Join(labels, ",")+"} "+strconv.FormatFloat(v, 'g', -1, 64)] = true
		}
	}
	return out
}
