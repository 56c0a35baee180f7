package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the engine's Prometheus metrics. A nil *Metrics records
// nothing, so tests and the terminal chat need none.
type Metrics struct {
	messages      *prometheus.CounterVec
	turnSeconds   *prometheus.HistogramVec
	handoffs      *prometheus.CounterVec
	verifications *prometheus.CounterVec
	duplicates    *prometheus.CounterVec
}

// NewMetrics creates the engine's metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_messages_total",
			Help: "Customer messages handled, by channel and understood intent.",
		}, []string{"channel", "intent"}),
		turnSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "supportbot_turn_seconds",
			Help:    "Time to handle one customer message, saving included.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, 1},
		}, []string{"channel"}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_handoffs_total",
			Help: "Conversations handed to the support team, by reason.",
		}, []string{"reason"}),
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_verifications_total",
			Help: "Identity checks, by result (ok, failed, locked, busy).",
		}, []string{"result"}),
		duplicates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportbot_duplicate_deliveries_total",
			Help: "Redelivered messages whose turn was already committed, answered from the record, by source.",
		}, []string{"source"}),
	}
	for _, c := range []prometheus.Collector{m.messages, m.turnSeconds, m.handoffs, m.verifications, m.duplicates} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Metrics) observeTurn(channel, intent string, d time.Duration) {
	if m == nil {
		return
	}
	m.messages.WithLabelValues(channel, intent).Inc()
	m.turnSeconds.WithLabelValues(channel).Observe(d.Seconds())
}

func (m *Metrics) handoff(reason string) {
	if m == nil {
		return
	}
	m.handoffs.WithLabelValues(reason).Inc()
}

func (m *Metrics) verification(result string) {
	if m == nil {
		return
	}
	m.verifications.WithLabelValues(result).Inc()
}

func (m *Metrics) duplicate(source string) {
	if m == nil {
		return
	}
	m.duplicates.WithLabelValues(source).Inc()
}
