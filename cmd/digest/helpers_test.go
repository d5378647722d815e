package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
	"github.com/digest-dev/digest/subscribers"
	"github.com/digest-dev/digest/subscribers/pgtest"
)

// Helpers every test of the command line shares: a test environment (a
// config, a database and an outbox in a temporary folder) and ways to run
// digest in it, the SMTP servers a test sends to, and what it reads back.

// testEnv is a temporary config, database and outbox, with the sample
// articles as the source.
type testEnv struct {
	t     *testing.T
	dir   string
	env   map[string]string
	stdin string
}

func newTestEnv(t *testing.T, extraYAML string) *testEnv {
	t.Helper()
	dir := t.TempDir()
	content, err := filepath.Abs("../../examples/content")
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`newsletter:
  name: Test Brief
  from: "Test Brief <brief@news.example.com>"
  public_url: https://news.example.com
  timezone: Europe/Berlin
content:
  sources:
    - type: content
      path: %s
preview:
  to: [editor@news.example.com]
%s`, content, extraYAML)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return &testEnv{t: t, dir: dir, env: map[string]string{}}
}

// args are a command line with the test config.
func (e *testEnv) args(args ...string) []string {
	return append([]string{"--config", filepath.Join(e.dir, "config.yaml")}, args...)
}

// run runs digest with the test config and returns exit code, stdout, stderr.
func (e *testEnv) run(args ...string) (int, string, string) {
	e.t.Helper()
	return e.runCtx(context.Background(), args...)
}

// runCtx is run until ctx ends (a cancel is Ctrl-C).
func (e *testEnv) runCtx(ctx context.Context, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	var environ []string
	for k, v := range e.env {
		environ = append(environ, k+"="+v)
	}
	code := run(ctx, e.args(args...), environ, strings.NewReader(e.stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func (e *testEnv) mustRun(args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(args...)
	if code != 0 {
		e.t.Fatalf("digest %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// runApp runs digest in this process with a fixed clock until it ends
// (digest run: until ctx does), and returns its stdout and stderr.
func (e *testEnv) runApp(ctx context.Context, now time.Time, args ...string) (int, string) {
	r := e.startApp(ctx, now, args...)
	return r.wait(), r.output()
}

// appRun is digest running in this process, its stdout and stderr (in
// one stream) readable while it runs, so that a test can wait for what it
// logs instead of for a while.
type appRun struct {
	mu   sync.Mutex
	out  bytes.Buffer
	code int
	done chan struct{}
}

func (r *appRun) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.Write(p)
}

// output is what it has written so far.
func (r *appRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// wait returns its exit code once it has ended.
func (r *appRun) wait() int {
	<-r.done
	return r.code
}

// startApp starts digest in this process with a fixed clock.
func (e *testEnv) startApp(ctx context.Context, now time.Time, args ...string) *appRun {
	r := &appRun{done: make(chan struct{})}
	a := &app{env: env{stdin: strings.NewReader(""), stdout: r, stderr: r, getenv: func(k string) string { return e.env[k] },
		now: func() time.Time { return now }}}
	go func() {
		defer close(r.done)
		r.code = a.run(ctx, e.args(args...))
	}()
	return r
}

// digestProcess starts the real program with args.
func (e *testEnv) digestProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], e.args(args...)...)
	cmd.Env = append(os.Environ(), "DIGEST_TEST_MAIN=1")
	return cmd
}

// file writes a file into the test folder and returns its path.
func (e *testEnv) file(name, body string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// openStore opens the test's SQLite database, as digest does.
func (e *testEnv) openStore(t *testing.T) *subscribers.Store {
	t.Helper()
	st, err := subscribers.Open(context.Background(), "sqlite", filepath.Join(e.dir, "digest.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// writeConfig writes a config file of only yaml, for LoadConfig.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

// runArgs runs digest with exactly args: no test config, no environment.
func runArgs(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, nil, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// smtpYAML is the smtp block of a config for a server on host:port
// without TLS; keys may follow, indented by two spaces.
func smtpYAML(host string, port int) string {
	return fmt.Sprintf("smtp:\n  host: %s\n  port: %d\n  tls: none\n", host, port)
}

// startSMTP starts the strict in-process SMTP server (setup sets its
// faults) for the test, and returns it with its smtp config block.
func startSMTP(t *testing.T, setup func(*mailtest.Server)) (*mailtest.Server, string) {
	t.Helper()
	srv, err := mailtest.Start(setup)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, smtpYAML(srv.Host, srv.Port)
}

// startSMTPDelayed is startSMTP with every reply d late.
func startSMTPDelayed(t *testing.T, d time.Duration) (*mailtest.Server, string) {
	return startSMTP(t, func(s *mailtest.Server) { s.Delay = d })
}

// startMailpit runs a real mailpit for the test, or skips when it is not
// installed (CI installs it).
func startMailpit(t *testing.T) (*mailtest.Mailpit, string) {
	t.Helper()
	mp := mustMailpit(t, func(dir string) (*mailtest.Mailpit, error) { return mailtest.StartMailpit(dir) })
	return mp, smtpYAML(mp.SMTPHost, mp.SMTPPort)
}

// startBounceMailbox runs a real mailpit with its POP3 server as the
// bounce mailbox, or skips when it is not installed.
func startBounceMailbox(t *testing.T) *mailtest.Mailpit {
	t.Helper()
	return mustMailpit(t, func(dir string) (*mailtest.Mailpit, error) { return mailtest.StartMailpitPOP3(dir) })
}

// mustMailpit starts a mailpit in a temporary folder and stops it after
// the test; it skips the test when mailpit is not installed.
func mustMailpit(t *testing.T, start func(dir string) (*mailtest.Mailpit, error)) *mailtest.Mailpit {
	t.Helper()
	mp, err := start(t.TempDir())
	if errors.Is(err, mailtest.ErrNoMailpit) {
		t.Skip("mailpit is not installed (go install github.com/axllent/mailpit@v1.33.1); CI runs this test")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mp.Close() })
	return mp
}

// freeAddr is a loopback address where nothing listens (for now).
func freeAddr(t *testing.T) (string, int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String(), l.Addr().(*net.TCPAddr).Port
}

// postgresEnv is a test environment whose store is a fresh schema on the
// PostgreSQL server named by DIGEST_TEST_POSTGRES_DSN.
func postgresEnv(t *testing.T, extraYAML string) *testEnv {
	t.Helper()
	dsn := pgtest.SchemaOrSkip(t)
	return newTestEnv(t, fmt.Sprintf("database:\n  driver: postgres\n  dsn: %q\n%s", dsn, extraYAML))
}

// addSubscribers imports n readers, reader00@example.com on, and returns
// their addresses.
func addSubscribers(t *testing.T, e *testEnv, n int) []string {
	t.Helper()
	return addReaders(t, e, 0, n)
}

// reader is the address of reader number i.
func reader(i int) string { return fmt.Sprintf("reader%02d@example.com", i) }

// addReaders imports the readers numbered first to first+n-1.
func addReaders(t *testing.T, e *testEnv, first, n int) []string {
	t.Helper()
	var emails []string
	var csv strings.Builder
	csv.WriteString("email,name\n")
	for i := first; i < first+n; i++ {
		email := reader(i)
		emails = append(emails, email)
		fmt.Fprintf(&csv, "%s,Reader %d\n", email, i)
	}
	e.mustRun("subscribers", "import", e.file("list.csv", csv.String()))
	return emails
}

// waitFor polls cond until it holds: the tests synchronise on events the
// server or the database shows, never on a sleep.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// proc is a digest process started by a test.
type proc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
}

func startProc(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return p
}

// wait returns the exit code, -1 when the process was killed.
func (p *proc) wait() int {
	p.cmd.Wait()
	return p.cmd.ProcessState.ExitCode()
}

// decodeParts returns the decoded text and HTML parts of a message.
func decodeParts(t *testing.T, data []byte) (text, html string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart() // decodes quoted-printable
		if err != nil {
			break
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(body)
		} else {
			text = string(body)
		}
	}
	return text, html
}

// rawMessages is every message the server accepted, in order.
func rawMessages(srv *mailtest.Server) [][]byte {
	var out [][]byte
	for _, m := range srv.Messages() {
		out = append(out, m.Data)
	}
	return out
}

// messageTo returns the header and raw bytes of the one message to addr.
func messageTo(t *testing.T, msgs [][]byte, addr string) (mail.Header, []byte) {
	t.Helper()
	for _, data := range msgs {
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(m.Header.Get("To"), addr) {
			return m.Header, data
		}
	}
	t.Fatalf("no message to %s", addr)
	return nil, nil
}

// webEnv is digest's web server in this process, over the test config,
// wired as digest run wires it.
type webEnv struct {
	d   *deps
	st  *subscribers.Store
	srv *http.Server
}

// newWeb builds the deps and the web server as digest run would.
func (e *testEnv) newWeb(t *testing.T) *webEnv {
	t.Helper()
	a := &app{env: env{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return e.env[k] }, now: time.Now},
		configPath: e.args()[1], configExplicit: true}
	a.setLogger()
	cfg, err := LoadConfig(a.configPath, true, a.getenv)
	if err != nil {
		t.Fatal(err)
	}
	a.cfg = cfg
	d, err := a.wire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.store.Close() })
	ws, err := d.webServer()
	if err != nil {
		t.Fatal(err)
	}
	srv := ws.HTTPServer("127.0.0.1:0")
	t.Cleanup(func() { srv.Close() })
	return &webEnv{d: d, st: d.store, srv: srv}
}
