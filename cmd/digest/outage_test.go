package main

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
)

// TestOutageThenRecoveryDeliversEveryoneOnce: a send during an outage uses
// nobody's attempts and does not use up the issue; when the server is
// back, the next send delivers each reader once.
func TestOutageThenRecoveryDeliversEveryoneOnce(t *testing.T) {
	addr, port := freeAddr(t)
	e := newTestEnv(t, smtpYAML("127.0.0.1", port)+fastRetries)
	emails := addSubscribers(t, e, 20)
	code, out, errOut := e.run("send")
	if code != exitPartial {
		t.Fatalf("send during the outage: exit %d, want 3\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "connection refused") || !strings.Contains(errOut, "20 deliveries stay queued") {
		t.Errorf("the reason is not printed without -v:\nstdout: %s\nstderr: %s", out, errOut)
	}
	if show := e.mustRun("issues", "show", "1"); !strings.Contains(show, "sending") || !strings.Contains(show, "failed 0, queued 20") {
		t.Errorf("after the outage: %s", show)
	}
	srv, err := mailtest.Start(func(s *mailtest.Server) { s.Listen = addr })
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	out = e.mustRun("send")
	if !strings.Contains(out, "resuming issue 1") || !strings.Contains(out, "issue 1: sent 20, failed 0") {
		t.Errorf("send after recovery: %q", out)
	}
	for _, a := range emails {
		if c := srv.Copies()[a]; c != 1 {
			t.Errorf("%s got %d copies, want 1", a, c)
		}
	}
	if out := e.mustRun("send"); !strings.Contains(out, "nothing new since issue 1") {
		t.Errorf("third send: %q", out)
	}
}

// TestLostReplyIsResentAtMostOnce: a server that answers after DATA later
// than smtp.timeout delivers each message, but digest never hears so; it
// must not resend at once, and at most once after the back-off.
func TestLostReplyIsResentAtMostOnce(t *testing.T) {
	for _, resend := range []bool{true, false} {
		t.Run(fmt.Sprintf("resend_unconfirmed %v", resend), func(t *testing.T) {
			srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) { s.DataReplyDelay = 1500 * time.Millisecond })
			e := newTestEnv(t, smtpYAML+fastRetries+fmt.Sprintf("  resend_unconfirmed: %v\n", resend))
			emails := addSubscribers(t, e, 4)
			code, out, _ := e.run("send")
			if code != exitPartial || !strings.Contains(out, "unconfirmed 4") {
				t.Errorf("exit %d: %s", code, out)
			}
			want := map[bool]int{true: 2, false: 1}[resend]
			for _, a := range emails {
				if c := srv.Copies()[a]; c != want {
					t.Errorf("%s got %d copies, want %d", a, c, want)
				}
			}
			if show := e.mustRun("issues", "show", "1"); !strings.Contains(show, "unconfirmed 4") {
				t.Errorf("issues show: %s", show)
			}
		})
	}
}

// TestRetryRequeuesOnPurpose: digest issues retry puts back what failed on
// temporary errors; --all also permanent refusals, never hard bounces.
func TestRetryRequeuesOnPurpose(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) {
		s.RcptErr = func(to string, _ int) error {
			if to == "reader01@example.com" {
				return mailtest.Reply(550, "5.1.1", "no such user")
			}
			return nil
		}
		s.DataErr = func(to []string) error {
			if to[0] == "reader02@example.com" && refuse.Load() {
				return mailtest.Reply(554, "5.7.1", "message refused as spam")
			}
			return nil
		}
	})
	e := newTestEnv(t, smtpYAML+fastRetries)
	addSubscribers(t, e, 4)
	if code, out, _ := e.run("send"); code != exitPartial || !strings.Contains(out, "sent 2, failed 2") {
		t.Fatalf("first send: %d %s", code, out)
	}
	if out := e.mustRun("issues", "retry", "1"); !strings.Contains(out, "nothing to re-queue") {
		t.Errorf("retry without --all: %q (permanent failures stay)", out)
	}
	refuse.Store(false)
	if out := e.mustRun("issues", "retry", "1", "--all"); !strings.Contains(out, "re-queued 1 deliveries") {
		t.Errorf("retry --all: %q (the refusal, not the hard bounce)", out)
	}
	if out := e.mustRun("send"); !strings.Contains(out, "resuming issue 1") || !strings.Contains(out, "sent 1, failed 0") {
		t.Errorf("send after retry: %q", out)
	}
	if c := srv.Copies(); c["reader02@example.com"] != 1 || c["reader01@example.com"] != 0 {
		t.Errorf("copies = %v", c)
	}
}
