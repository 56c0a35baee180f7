package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"supportbot/bot"
	"supportbot/bot/redact"
	"supportbot/bot/web"
	"supportbot/bot/web/limit"
	"supportbot/config"
	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// ServeCommand is "supportbot serve": the HTTP server (web chat, JSON API,
// health, metrics) and every channel whose credentials are set.
type ServeCommand struct {
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the channels' settings; os.Getenv when nil.
	Getenv func(string) string
	// Ready, when set, receives the server's address once it serves: tests
	// use it with --addr 127.0.0.1:0.
	Ready chan<- string
}

// Run runs the server until ctx is cancelled, then stops gracefully
// (see stop).
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	getenv, environ := c.Getenv, os.Environ()
	if getenv == nil {
		getenv = os.Getenv
	} else {
		environ = config.Environ(getenv)
	}
	fs := flag.NewFlagSet("supportbot serve", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	configPath := fs.String("config", "", "config file (TOML); see supportbot.example.toml")
	dbFlagged := dbFlag(fs)
	addr := fs.String("addr", envOr(getenv, "SUPPORTBOT_ADDR", "127.0.0.1:8080"), "HTTP listen address (env SUPPORTBOT_ADDR)")
	adminAddr := fs.String("admin-addr", getenv("SUPPORTBOT_ADMIN_ADDR"), "listen address of /metrics and /debug/pprof, which then leave the public listener (env SUPPORTBOT_ADMIN_ADDR)")
	drainDefault, err := envDuration(getenv, "SUPPORTBOT_DRAIN_TIMEOUT", 30*time.Second)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	drainTimeout := fs.Duration("drain-timeout", drainDefault, "on SIGTERM/SIGINT, how long to wait for the requests in hand and the outbox before stopping anyway (env SUPPORTBOT_DRAIN_TIMEOUT)")
	withDemo := fs.Bool("demo", false, "load the built-in demo shop when the database holds no orders")
	logOpts := addLogFlags(fs, getenv, slog.LevelInfo)
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, "Usage: supportbot serve [--config FILE] [--db PATH|URL] [--addr HOST:PORT] [--admin-addr HOST:PORT] [--demo]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	handler, err := logOpts.handler(fs, c.Stderr)
	if err != nil {
		fs.Usage()
		return fmt.Errorf("serve: %w", err)
	}
	cfg, err := config.LoadEnv(*configPath, environ)
	if err != nil {
		return err
	}
	dbPath, err := database(fs, *dbFlagged, getenv)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	cfg.Shop.DemoTexts = cfg.Shop.DemoTexts || *withDemo // the demo shop in its own words
	// Conversation IDs and e-mails reach the log as hashes only.
	log := slog.New(redact.NewHandler(handler))
	limited, err := config.RateLimitSwitch(getenv)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if !limited {
		log.Warn("SUPPORTBOT_RATE_LIMIT=off: no per-client or per-conversation limits (the lock-outs stay); for load tests only")
		cfg.RateLimit = config.RateLimitConfig{}
	}
	clients, err := limit.NewClients(cfg.HTTP.ClientIPHeader, cfg.HTTP.TrustedProxies)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	s := &server{cfg: cfg, log: log, reg: prometheus.NewRegistry(), clients: clients, adminAddr: *adminAddr}
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	build := binaryBuildInfo()
	s.reg.MustRegister(build.collector())
	log.Info("starting", "version", build.Version, "revision", build.Revision, "go", build.GoVersion)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	h := cfg.HTTP
	srv := &http.Server{
		Handler: s.routes(),
		// Slow clients are cut off: a request must arrive whole within
		// ReadTimeout, and a connection idle between requests is closed.
		ReadHeaderTimeout: min(10*time.Second, h.ReadTimeout), ReadTimeout: h.ReadTimeout,
		WriteTimeout: h.WriteTimeout, IdleTimeout: h.IdleTimeout, MaxHeaderBytes: h.MaxHeaderBytes,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 2)
	go func() { served <- srv.Serve(limit.Listener(ln, cfg.RateLimit.ConnectionsPerClient, clients.Trusted)) }()
	log.Info("listening", "addr", ln.Addr().String())
	admin, err := s.listenAdmin(served)
	if err != nil {
		srv.Close()
		return err
	}

	chans, err := s.start(ctx, dbPath, *withDemo, getenv)
	if err != nil {
		srv.Close()
		if admin != nil {
			admin.Close()
		}
		return err
	}
	// The channels' intake stops before their delivery workers, and both
	// before the store closes: each finishes what it holds.
	intake, outbox := chans.splitRuns()
	intakeCtx, stopIntake := context.WithCancel(context.Background())
	defer stopIntake()
	outboxCtx, stopOutbox := context.WithCancel(context.Background())
	defer stopOutbox()
	failed := make(chan error, 1)
	waitIntake := intake.run(intakeCtx, failed)
	waitOutbox := outbox.run(outboxCtx, failed)
	var chores sync.WaitGroup
	chores.Go(func() { s.pruneDeliveries(intakeCtx) })
	chores.Go(func() { s.purge(intakeCtx) })
	if c.Ready != nil {
		c.Ready <- ln.Addr().String()
	}
	var runErr error
	select {
	case err := <-served:
		runErr = fmt.Errorf("serve: %w", err)
	case err := <-failed:
		runErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	err = s.stop(*drainTimeout, stopSteps{
		stopIntake: func() { stopIntake(); waitIntake(); chores.Wait() },
		flush: func(ctx context.Context) error {
			return flushOutbox(ctx, outbox, s.outboxDue)
		},
		stopOutbox: func() { stopOutbox(); waitOutbox() },
		servers:    []*http.Server{srv, admin},
	})
	if runErr == nil {
		runErr = err
	}
	return runErr
}

// server is the running program.
type server struct {
	cfg config.Config
	log *slog.Logger
	reg *prometheus.Registry
	db  backend.Store
	// clients tells a request's client address, for the limits.
	clients *limit.Clients
	// app serves the web chat and the API once the store is open and the
	// classifier trained; until then they answer 503.
	app   atomic.Pointer[http.Handler]
	ready atomic.Bool
	// gate holds new work back while the server drains.
	gate gate
	// adminAddr, when set, serves the metrics and the profiler instead of
	// the public listener.
	adminAddr string
	// health is each channel's state, for /readyz (channelhealth.go).
	health channelHealth
}

// groupCommitter is a store that commits several units of work together
// (SQLite), and counts it.
type groupCommitter interface {
	GroupCommits() (commits, units int64)
}

// start opens the store, loads the demo if asked, trains the classifier,
// wires the engine, the web chat and the channels. On error the store is
// closed.
func (s *server) start(ctx context.Context, dbPath string, withDemo bool, getenv func(string) string) (*channels, error) {
	db, err := openStore(ctx, dbPath, s.log)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.db = db
	if g, ok := db.(groupCommitter); ok {
		s.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "supportbot_store_group_commits_total",
				Help: "Commits of the SQLite store's shared write transactions (group commit).",
			}, func() float64 { c, _ := g.GroupCommits(); return float64(c) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "supportbot_store_group_commit_units_total",
				Help: "Units of work (turns, agent actions) committed by those commits; units over commits is the mean batch.",
			}, func() float64 { _, u := g.GroupCommits(); return float64(u) }),
		)
	}
	ch, err := s.wire(ctx, dbPath, withDemo, getenv)
	if err != nil {
		db.Close()
		return nil, err
	}
	return ch, nil
}

func (s *server) wire(ctx context.Context, dbPath string, withDemo bool, getenv func(string) string) (*channels, error) {
	if withDemo {
		if err := loadDemo(ctx, s.db, s.log); err != nil {
			return nil, err
		}
	}
	br, err := config.NewKnowledge(s.cfg, time.Now, bot.ModelCacheDir(getenv), s.log)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	metrics, err := bot.NewMetrics(s.reg)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	e, err := config.NewEngine(s.cfg, br, s.db, s.log, metrics, time.Now)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	ch, err := s.startChannels(ctx, getenv, e, br)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	rl := s.cfg.RateLimit
	chat, err := web.New(web.Config{
		Engine: e, Logger: s.log, MaxBodyBytes: s.cfg.HTTP.MaxBodyBytes,
		ShopName: s.cfg.Shop.Name, Texts: br.Texts, DefaultLang: s.cfg.Shop.DefaultLanguage,
		AllowedOrigins: s.cfg.HTTP.AllowedOrigins, Clients: s.clients,
		Limits: web.Limits{
			ClientPerMinute: rl.ClientRequestsPerMinute, ConversationPerMinute: rl.ConversationTurnsPerMinute,
			FailedChecksPerHour: rl.ClientFailedChecksPerHour,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", chat)
	for pattern, h := range ch.routes {
		mux.Handle(pattern, h)
	}
	var h http.Handler = mux
	s.app.Store(&h)
	s.ready.Store(true)
	s.log.Info("ready", "db", backend.Describe(dbPath))
	return ch, nil
}

// loadDemo imports the demo shop into a store that holds no orders.
func loadDemo(ctx context.Context, db demo.Store, log *slog.Logger) error {
	stats, held, err := demo.Load(ctx, db, time.Now())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if held > 0 {
		log.Info("demo not loaded: the database already holds orders", "orders", held)
		return nil
	}
	log.Info("demo shop loaded", "summary", stats.String())
	return nil
}

// keepDeliveries is how long a handled delivery's ID is remembered. The
// platforms redeliver within hours (Slack for 2 h, Telegram keeps updates
// 24 h), so three days are plenty; and Telegram may restart its update IDs at random
// after a quiet week, which old IDs must not shadow.
const keepDeliveries = 3 * 24 * time.Hour

// pruneDeliveries forgets old delivery IDs every hour until ctx is done.
func (s *server) pruneDeliveries(ctx context.Context) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		n, err := s.db.PruneProcessed(ctx, time.Now().Add(-keepDeliveries))
		if err != nil && ctx.Err() == nil {
			s.log.Warn("prune handled deliveries", "err", err)
		} else if n > 0 {
			s.log.Info("pruned handled deliveries", "count", n)
		}
		// Sent outbox messages are kept as long, for operators; dead
		// letters stay until someone looks at them.
		n, err = s.db.PruneOutbox(ctx, time.Now().Add(-keepDeliveries))
		if err != nil && ctx.Err() == nil {
			s.log.Warn("prune sent outbox messages", "err", err)
		} else if n > 0 {
			s.log.Info("pruned sent outbox messages", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// purge applies the retention settings every hour until ctx is done.
func (s *server) purge(ctx context.Context) {
	r := s.cfg.Retention
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		now := time.Now()
		p, err := s.db.Purge(ctx, storage.Cutoffs{
			Transcripts: daysBefore(now, r.TranscriptDays),
			Attempts:    daysBefore(now, r.AttemptDays),
			Tickets:     daysBefore(now, r.TicketDays),
		})
		if err != nil && ctx.Err() == nil {
			s.log.Warn("retention purge", "err", err)
		} else if p != (storage.Purged{}) {
			s.log.Info("retention purge", "conversations", p.Conversations, "messages", p.Messages,
				"attempts", p.Attempts, "tickets", p.Tickets, "attachments", p.Attachments)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// daysBefore is the cutoff of a retention in days; zero (keep) for 0.
func daysBefore(now time.Time, days int) time.Time {
	if days <= 0 {
		return time.Time{}
	}
	return now.AddDate(0, 0, -days)
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	s.probes(mux)
	if s.adminAddr == "" {
		mux.Handle("GET /metrics", s.metricsHandler())
	}
	mux.Handle("/", s.gate.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := s.app.Load()
		if h == nil {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "starting, try again in a moment"})
			return
		}
		(*h).ServeHTTP(w, r)
	})))
	return securityHeaders(mux)
}

// probes adds /healthz and /readyz to mux.
func (s *server) probes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if s.gate.Draining() {
			writeStatus(w, http.StatusServiceUnavailable, "draining")
			return
		}
		if !s.ready.Load() {
			writeStatus(w, http.StatusServiceUnavailable, "starting")
			return
		}
		if err := s.db.Ping(r.Context()); err != nil {
			s.log.Error("readiness: store", "err", err)
			writeStatus(w, http.StatusServiceUnavailable, "store unavailable")
			return
		}
		s.writeReady(w)
	})
}

// securityHeaders are on every answer, the channels' and the probes' too.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

func writeStatus(w http.ResponseWriter, code int, status string) {
	writeJSON(w, code, map[string]string{"status": status})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	// A failed write means the client left; there is no one to tell.
	_ = json.NewEncoder(w).Encode(v)
}
