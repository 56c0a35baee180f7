package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// adminRoutes are served on --admin-addr: the probes, the metrics and the
// profiler. The metrics and the profiler tell more about the process than
// a customer or a platform needs (and profiling costs CPU on demand), so
// with an admin address they are not on the public listener at all; the
// probes are on both, for a load balancer on one side and an orchestrator
// on the other.
func (s *server) adminRoutes() http.Handler {
	mux := http.NewServeMux()
	s.probes(mux)
	mux.Handle("GET /metrics", s.metricsHandler())
	// Registered here by hand: importing net/http/pprof also puts them on
	// http.DefaultServeMux, which nothing serves.
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return securityHeaders(mux)
}

func (s *server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{Registry: s.reg})
}

// listenAdmin starts the admin listener when an admin address is set; the
// server it returns is nil otherwise. Serve's end is sent on served.
func (s *server) listenAdmin(served chan<- error) (*http.Server, error) {
	if s.adminAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", s.adminAddr)
	if err != nil {
		return nil, fmt.Errorf("serve: admin: %w", err)
	}
	srv := &http.Server{
		Handler: s.adminRoutes(),
		// No write timeout: a CPU profile streams for as long as it was
		// asked to (30 s by default).
		ReadHeaderTimeout: 10 * time.Second, IdleTimeout: s.cfg.HTTP.IdleTimeout,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("admin listening", "addr", ln.Addr().String())
	return srv, nil
}
