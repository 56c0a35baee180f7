// Package pgtest starts a real PostgreSQL server for a test binary, from
// the binaries of Debian's postgresql package (or any installation found
// by pg_config), and gives each test a database of its own.
//
// One server serves the whole test binary: TestMain calls Main, which
// initialises a cluster in a temporary directory, starts it listening on
// a unix socket in that directory (and on a free port of 127.0.0.1), runs
// the tests, then stops it and removes the directory. The server is a
// child of the test binary and dies with it. Each test asks for a new
// database with NewDatabase, a copy of a template the caller prepared once
// (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
//
// When the binaries are missing the tests skip with a message saying what
// to install, unless SUPPORTBOT_REQUIRE_POSTGRES=1: then they fail, so
// that CI can't pass without running them. Run as root (as in a container),
// the server runs as the postgres user: initdb refuses root.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the environment variable that turns a missing
// PostgreSQL from a skip into a failure.
const RequireEnv = "SUPPORTBOT_REQUIRE_POSTGRES"

// ErrNoPostgres means the PostgreSQL server binaries were not found.
var ErrNoPostgres = errors.New("PostgreSQL server binaries (initdb, postgres) not found: install Debian's postgresql package, or put pg_config on the PATH")

// Server is a running PostgreSQL server of a test binary.
type Server struct {
	dir     string // the temporary directory: data/ and the socket
	socket  string // directory of the unix socket
	port    int
	cmd     *exec.Cmd
	exited  chan struct{}
	stopped chan struct{} // closed by Stop: the goroutine that started postgres may end
	next    atomic.Int64  // numbers the databases
	tmpl    sync.Map      // template name → error of its preparation
	mu      sync.Mutex
	version int      // server_version_num, e.g. 150018
	spares  sync.Map // template name → chan spare: copies made ahead
}

// spare is a database copied ahead of the test that will use it, or why
// it could not be.
type spare struct {
	name string
	err  error
}

// sparesAhead is how many copies of a template are kept ready: creating
// one takes a good part of a second, mostly disk work that can overlap the
// test before.
const sparesAhead = 2

// Main starts a server, runs the tests of m, stops the server and exits
// with the tests' code. prepare, if not nil, is called once the server is
// up, e.g. to build templates. Without binaries, the tests run with a nil
// server, so that NewDatabase skips them (or fails them under
// SUPPORTBOT_REQUIRE_POSTGRES=1).
func Main(m *testing.M, srv **Server) {
	s, err := Start(context.Background())
	switch {
	case errors.Is(err, ErrNoPostgres):
		if Required() {
			fmt.Fprintf(os.Stderr, "pgtest: %v (%s=1)\n", err, RequireEnv)
			os.Exit(1)
		}
		startErr = err
	case err != nil:
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		os.Exit(1)
	}
	*srv = s
	code := m.Run()
	if s != nil {
		if err := s.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: stop: %v\n", err)
		}
	}
	os.Exit(code)
}

// startErr is why Main has no server, for the skip message.
var startErr error

// Required reports whether SUPPORTBOT_REQUIRE_POSTGRES=1 asks for the
// PostgreSQL tests to run.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// BinDir returns the directory of the server binaries: pg_config's
// --bindir, else the newest /usr/lib/postgresql/*/bin, else the directory
// of initdb on the PATH.
func BinDir() (string, error) {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	debian, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(debian, func(i, j int) bool { return version(debian[i]) > version(debian[j]) })
	dirs = append(dirs, debian...)
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

// version is the major version in a /usr/lib/postgresql/N/bin path.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start initialises a cluster in a new temporary directory and starts its
// server. It returns ErrNoPostgres when the binaries are missing.
func Start(ctx context.Context) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tempBase(cred), "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, socket: filepath.Join(dir, "sock"), exited: make(chan struct{}), stopped: make(chan struct{})}
	if err := s.start(ctx, bin, cred); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// tempBase is where the server's directory goes: the usual temporary
// directory, unless the server runs as another user, who may not be let
// into it, or its path is so long that the socket's (at most 107 bytes on
// Linux) would not fit; then /tmp.
func tempBase(cred *syscall.Credential) string {
	if cred != nil || len(os.TempDir()) > 60 {
		return "/tmp"
	}
	return ""
}

// serverUser returns the credentials to run the server with: nil for the
// current user, the postgres user's when running as root.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, the server needs the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (s *Server) start(ctx context.Context, bin string, cred *syscall.Credential) error {
	data := filepath.Join(s.dir, "data")
	for _, d := range []string{s.dir, s.socket} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if cred != nil {
			if err := os.Chown(d, int(cred.Uid), int(cred.Gid)); err != nil {
				return err
			}
		}
	}
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = s.dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	// The port is free when chosen, but another process may take it
	// before the server binds it: then the server exits, and another
	// port is tried.
	for try := 1; ; try++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		err = s.launch(ctx, bin, data, port, cred)
		if err == nil || !errors.Is(err, errExited) || try == 3 {
			return err
		}
	}
}

// errExited means the server exited before it was ready.
var errExited = errors.New("postgres exited")

// launch starts the server on a port and waits until it answers.
func (s *Server) launch(ctx context.Context, bin, data string, port int, cred *syscall.Credential) error {
	s.port = port
	s.exited = make(chan struct{})
	exited := s.exited
	started := make(chan error, 1)
	go func() {
		// The server gets SIGQUIT (immediate shutdown) when the thread
		// that started it ends: this goroutine keeps that thread until
		// Stop, and the test binary's death ends both.
		runtime.LockOSThread()
		cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", s.socket, "-p", strconv.Itoa(port),
			"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=64MB",
			"-c", "log_min_messages=FATAL", "-c", "logging_collector=off")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
		cmd.Dir = s.dir
		log, err := os.Create(filepath.Join(s.dir, "server.log"))
		if err == nil {
			cmd.Stdout, cmd.Stderr = log, log
			err = cmd.Start()
		}
		if err == nil {
			s.cmd = cmd
		}
		started <- err
		if err != nil {
			close(exited)
			return
		}
		cmd.Wait()
		log.Close()
		close(exited)
		<-s.stopped
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	return s.waitReady(ctx)
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			defer conn.Close(ctx)
			var v string
			if err := conn.QueryRow(ctx, `SHOW server_version_num`).Scan(&v); err != nil {
				return err
			}
			s.version, _ = strconv.Atoi(v)
			return nil
		}
		select {
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
			return fmt.Errorf("%w:\n%s", errExited, log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after a minute: %w", err)
		}
	}
}

// URL returns the connection URL of a database of the server, through its
// unix socket.
func (s *Server) URL(database string) string {
	return fmt.Sprintf("postgres://postgres@/%s?host=%s&port=%d&sslmode=disable", database, s.socket, s.port)
}

// TCPURL returns the connection URL of a database over TCP, for a program
// that needs a host and a port.
func (s *Server) TCPURL(database string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, database)
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() error {
	if s.cmd != nil && s.cmd.Process != nil {
		// SIGINT: fast shutdown, rolling back what is open.
		syscall.Kill(s.cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			syscall.Kill(s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.exited
		}
	}
	select {
	case <-s.stopped:
	default:
		close(s.stopped)
	}
	return os.RemoveAll(s.dir)
}

// Template makes sure the template database name exists, made once per
// server by prepare, which gets its URL (e.g. to run migrations on it).
// Concurrent callers wait for the first.
func (s *Server) Template(ctx context.Context, name string, prepare func(url string) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err, ok := s.tmpl.Load(name); ok {
		e, _ := err.(error)
		return e
	}
	err := s.exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if err == nil {
		err = prepare(s.URL(name))
	}
	if err == nil {
		// No connection may stay on a template while it is copied.
		err = s.exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH ALLOW_CONNECTIONS false")
	}
	if err != nil {
		err = fmt.Errorf("template %s: %w", name, err)
	}
	s.tmpl.Store(name, err)
	return err
}

// CreateDatabase creates a database, a copy of template if not empty, and
// returns its name.
func (s *Server) CreateDatabase(ctx context.Context, template string) (string, error) {
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), s.next.Add(1))
	q := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
	if template != "" {
		q += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
		if s.version >= 150000 {
			// Copying the files beats writing them all to the WAL, the
			// default since PostgreSQL 15.
			q += " STRATEGY FILE_COPY"
		}
	}
	if err := s.exec(ctx, q); err != nil {
		return "", err
	}
	return name, nil
}

// take returns a new copy of template, made ahead when it can, and starts
// making the next.
func (s *Server) take(template string) (string, error) {
	ch, loaded := s.spares.LoadOrStore(template, make(chan spare, sparesAhead))
	spares := ch.(chan spare)
	if !loaded {
		for range sparesAhead {
			go s.makeSpare(template, spares)
		}
	}
	sp := <-spares
	go s.makeSpare(template, spares)
	return sp.name, sp.err
}

func (s *Server) makeSpare(template string, spares chan<- spare) {
	name, err := s.CreateDatabase(context.Background(), template)
	select {
	case spares <- spare{name, err}:
	case <-s.stopped:
	}
}

// DropDatabase drops a database, closing its connections.
func (s *Server) DropDatabase(ctx context.Context, name string) error {
	if s.version >= 130000 {
		return s.exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	}
	// Before PostgreSQL 13, the connections go first.
	if err := s.exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"+
		strings.ReplaceAll(name, "'", "''")+"'"); err != nil {
		return err
	}
	return s.exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize())
}

func (s *Server) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// NewDatabase gives the test a new database, a copy of template (made
// with Template; "" for an empty one), dropped when the test ends, and
// returns its URL. With a nil server it skips the test, or fails it under
// SUPPORTBOT_REQUIRE_POSTGRES=1.
func (s *Server) NewDatabase(tb testing.TB, template string) string {
	tb.Helper()
	if s == nil {
		why := startErr
		if why == nil {
			why = errors.New("no PostgreSQL server: call pgtest.Main from TestMain")
		}
		if Required() {
			tb.Fatalf("%v (%s=1)", why, RequireEnv)
		}
		tb.Skipf("skipping: %v", why)
	}
	name, err := s.take(template)
	if err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.DropDatabase(context.Background(), name); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
	})
	return s.URL(name)
}
