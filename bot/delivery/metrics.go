package delivery

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the delivery workers' Prometheus metrics, shared by the
// workers of every channel. A nil *Metrics records nothing.
type Metrics struct {
	outcomes *prometheus.CounterVec
	dead     *prometheus.CounterVec
	dueNow   *prometheus.GaugeVec
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
	}
	for _, c := range []prometheus.Collector{m.outcomes, m.dead, m.dueNow} {
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
	if outcome == "dead" {
		m.dead.WithLabelValues(channel).Inc()
	}
}

func (m *Metrics) due(channel string, n int) {
	if m == nil {
		return
	}
	m.dueNow.WithLabelValues(channel).Set(float64(n))
}
