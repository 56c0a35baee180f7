package delivery

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the delivery workers' and the channel adapters' Prometheus
// metrics, shared by every channel. A nil *Metrics records nothing.
type Metrics struct {
	outcomes   *prometheus.CounterVec
	dead       *prometheus.CounterVec
	dueNow     *prometheus.GaugeVec
	pending    *prometheus.GaugeVec
	retries    *prometheus.CounterVec
	waits      *prometheus.CounterVec
	waitSecs   *prometheus.CounterVec
	dedupe     *prometheus.CounterVec
	reconnects *prometheus.CounterVec
	inHand     *prometheus.GaugeVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_outbox_sends_total",
			Help: "Outbox send attempts by channel and outcome (sent, retry, rate_limited, dead: a dead letter).",
		}, []string{"channel", "outcome"}),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_outbox_dead_letters_total",
			Help: "Outbox messages given up after their last attempt or a final refusal, by channel.",
		}, []string{"channel"}),
		dueNow: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "supportbot_outbox_due",
			Help: "Recipients with a message due at the worker's last read of the outbox, by channel.",
		}, []string{"channel"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "supportbot_outbox_pending",
			Help: "Outbox messages not yet sent nor given up (the queue's depth), by channel, as last counted.",
		}, []string{"channel"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_outbox_retries_total",
			Help: "Outbox sends that failed and were scheduled again after a backoff, by channel.",
		}, []string{"channel"}),
		waits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_rate_limit_waits_total",
			Help: "429 answers (rate limits) a channel's platform gave, each delaying one chat, thread or conversation.",
		}, []string{"channel"}),
		waitSecs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_rate_limit_wait_seconds_total",
			Help: "Seconds of waiting the platforms' 429s asked for, by channel.",
		}, []string{"channel"}),
		dedupe: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_intake_duplicates_total",
			Help: "Deliveries a channel adapter received again and skipped, already handled by a committed turn.",
		}, []string{"channel"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_channel_reconnects_total",
			Help: "Connections to a platform lost and made again (Discord's gateway, Slack's Socket Mode), and start-up retries.",
		}, []string{"channel"}),
		inHand: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "supportbot_intake_in_hand",
			Help: "Messages a channel adapter has taken in and not yet finished handling.",
		}, []string{"channel"}),
	}
	for _, c := range []prometheus.Collector{m.outcomes, m.dead, m.dueNow, m.pending, m.retries, m.waits,
		m.waitSecs, m.dedupe, m.reconnects, m.inHand} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Metrics) outcome(channel, outcome string) {
	if m == nil {
		return
	}
	m.outcomes.WithLabelValues(channel, outcome).Inc()
	switch outcome {
	case "dead":
		m.dead.WithLabelValues(channel).Inc()
	case "retry":
		m.retries.WithLabelValues(channel).Inc()
	}
}

func (m *Metrics) due(channel string, n int) {
	if m == nil {
		return
	}
	m.dueNow.WithLabelValues(channel).Set(float64(n))
}

func (m *Metrics) depth(channel string, n int) {
	if m == nil {
		return
	}
	m.pending.WithLabelValues(channel).Set(float64(n))
}

// RateLimited counts a 429 and the wait it asked for.
func (m *Metrics) RateLimited(channel string, wait time.Duration) {
	if m == nil {
		return
	}
	m.waits.WithLabelValues(channel).Inc()
	m.waitSecs.WithLabelValues(channel).Add(wait.Seconds())
}

// Dedupe counts a redelivery an adapter skipped.
func (m *Metrics) Dedupe(channel string) {
	if m == nil {
		return
	}
	m.dedupe.WithLabelValues(channel).Inc()
}

// Reconnect counts a connection to a platform made again.
func (m *Metrics) Reconnect(channel string) {
	if m == nil {
		return
	}
	m.reconnects.WithLabelValues(channel).Inc()
}

// InHand sets how many messages an adapter holds.
func (m *Metrics) InHand(channel string, n int) {
	if m == nil {
		return
	}
	m.inHand.WithLabelValues(channel).Set(float64(n))
}
