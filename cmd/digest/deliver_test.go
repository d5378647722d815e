package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
)

// fastRetries makes retries due within milliseconds, so fault tests run
// the real backoff path without waiting half a minute.
const fastRetries = "  retry_backoff: 20ms\n  retry_backoff_max: 80ms\n  max_attempts: 4\n  timeout: 1s\n"

func TestFaultsDeliverExactlyOnce(t *testing.T) {
	temp := map[string]bool{"reader03@example.com": true, "reader11@example.com": true, "reader27@example.com": true}
	unknown := map[string]bool{"reader05@example.com": true, "reader30@example.com": true}
	refused := map[string]bool{"reader08@example.com": true}
	slow := "reader13@example.com"
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) {
		s.RcptErr = func(to string, attempt int) error {
			switch {
			case temp[to] && attempt <= 2:
				return mailtest.Reply(451, "4.3.0", "mailbox busy, try later")
			case unknown[to]:
				return mailtest.Reply(550, "5.1.1", "no such user")
			}
			return nil
		}
		s.DataErr = func(to []string) error {
			if refused[to[0]] {
				return mailtest.Reply(554, "5.7.1", "message refused")
			}
			return nil
		}
		s.RcptDelay = func(to string) time.Duration {
			if to == slow {
				return 3 * time.Second // past smtp.timeout, on every attempt
			}
			return 0
		}
		s.DropAfter = 7 // every connection is dropped after seven messages
	})
	e := newTestEnv(t, smtpYAML+"  connections: 3\n"+fastRetries)
	emails := addSubscribers(t, e, 40)
	code, out, errOut := e.run("send")
	if code != exitPartial {
		t.Fatalf("exit %d, want 3\n%s\n%s", code, out, errOut)
	}
	copies := srv.Copies()
	for _, addr := range emails {
		want := 1
		if unknown[addr] || refused[addr] || addr == slow {
			want = 0
		}
		if copies[addr] != want {
			t.Errorf("%s got %d copies, want %d", addr, copies[addr], want)
		}
	}
	// The slow reader's temporary failures outlast the send's attempts:
	// deferred to later sends, not failed.
	if !strings.Contains(out, "sent 36, failed 3, deferred 1") {
		t.Errorf("summary: %q", out)
	}
	show := e.mustRun("issues", "show", "1", "--failed")
	for _, want := range []string{"reader05@example.com", "550 5.1.1 no such user", "reader08@example.com", "554 5.7.1 message refused", "reader13@example.com"} {
		if !strings.Contains(show, want) {
			t.Errorf("issues show --failed lacks %q:\n%s", want, show)
		}
	}
	if s := e.mustRun("subscribers", "show", "reader05@example.com", "--json"); !strings.Contains(s, `"status":"bounced"`) {
		t.Errorf("unknown user not marked bounced: %s", s)
	}
	if srv.Connections() < 6 {
		t.Errorf("connections = %d: drops were not re-dialled", srv.Connections())
	}
	// Nothing is left to send: a second run resends nothing.
	before := srv.Total()
	if out := e.mustRun("send"); !strings.Contains(out, "nothing new") || srv.Total() != before {
		t.Errorf("second send: %q, %d more messages", out, srv.Total()-before)
	}
}

func TestSlowDownRepliesSlowTheSendInsteadOfFailing(t *testing.T) {
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) {
		s.RcptErr = func(to string, attempt int) error {
			if attempt == 1 && strings.HasSuffix(to, "3@example.com") {
				return mailtest.Reply(421, "4.7.0", "too many messages, slow down")
			}
			return nil
		}
	})
	e := newTestEnv(t, smtpYAML+fastRetries)
	emails := addSubscribers(t, e, 30)
	if code, out, errOut := e.run("send"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, a := range emails {
		if srv.Copies()[a] != 1 {
			t.Errorf("%s got %d copies", a, srv.Copies()[a])
		}
	}
}

// TestSecondSendRefusesWhileOneRuns, also when the second one names the
// database by another path (a symlink): the lock is the file's.
func TestSecondSendRefusesWhileOneRuns(t *testing.T) {
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) { s.Delay = 20 * time.Millisecond })
	e := newTestEnv(t, smtpYAML+"  connections: 1\n")
	addSubscribers(t, e, 30)
	link := filepath.Join(t.TempDir(), "same.db")
	if err := os.Symlink(filepath.Join(e.dir, "digest.db"), link); err != nil {
		t.Fatal(err)
	}
	first := e.digestProcess("send")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Wait()
	waitFor(t, "the first send's first message", func() bool { return srv.Total() >= 1 })
	for _, args := range [][]string{{"send"}, {"--set", "database.dsn=" + link, "send"}} {
		code, _, errOut := e.run(args...)
		if code != exitUsage || !strings.Contains(errOut, "another digest send is running") {
			t.Errorf("concurrent send %v: exit %d %q", args, code, errOut)
		}
	}
	if err := first.Wait(); err != nil {
		t.Fatal(err)
	}
	for a, c := range srv.Copies() {
		if c != 1 {
			t.Errorf("%s got %d copies", a, c)
		}
	}
}

// TestUnsubscribeDuringASendGetsNothing: readers who leave while a send
// runs get nothing more, whether by the CLI or by one-click.
func TestUnsubscribeDuringASendGetsNothing(t *testing.T) {
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) { s.Delay = 15 * time.Millisecond })
	e := newTestEnv(t, smtpYAML+"  connections: 2\n")
	emails := addSubscribers(t, e, 80)
	send := e.digestProcess("send")
	var out strings.Builder
	send.Stdout = &out
	if err := send.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the send to be under way", func() bool { return srv.Total() >= 5 })
	leaving := []string{"reader70@example.com", "reader77@example.com"}
	e.mustRun(append([]string{"subscribers", "unsubscribe"}, leaving...)...)
	if srv.Total() >= len(emails)-len(leaving) {
		t.Fatal("the send finished before the readers left: the test proved nothing")
	}
	if err := send.Wait(); err != nil {
		t.Fatalf("send: %v\n%s", err, out.String())
	}
	for _, a := range leaving {
		if c := srv.Copies()[a]; c != 0 {
			t.Errorf("%s unsubscribed mid-send and still got %d copies", a, c)
		}
	}
	if !strings.Contains(out.String(), "skipped 2") {
		t.Errorf("summary: %q", out.String())
	}
}
