package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestBouncesKeepsWhatItCannotAttribute: a provider's plain bounce quoting
// our Message-ID counts (its address matches); junk and a DSN with a
// forged token stay in the mailbox, counted; suppression then blocks the
// CLI until lifted on purpose.
func TestBouncesKeepsWhatItCannotAttribute(t *testing.T) {
	e, srv, mp := bounceEnv(t, 3)
	bounceBack(t, srv, mp, "plain-provider.eml", reader(1))
	for _, file := range []string{"junk.eml", "dsn-forged.eml"} {
		raw := bounceSample(t, file, "", reader(2), "", file)
		raw = []byte(strings.ReplaceAll(string(raw), "{{FORGED}}", "aebaaaaaaaaaaaaaaaaaaaaa"))
		if err := mp.Deliver("", []string{"bounces@news.example.com"}, raw); err != nil {
			t.Fatal(err)
		}
	}
	out := e.mustRun("bounces")
	want := "bounces: 3 messages: 1 hard, 0 soft, 0 complaints, 0 auto-replies, 0 ignored, 0 already seen, 2 unattributed (kept)\n" +
		"subscribers: 1 marked bounced, 0 unsubscribed; messages: 1 deleted, 2 kept\n"
	if out != want {
		t.Errorf("digest bounces:\n%s\nwant:\n%s", out, want)
	}
	if out := e.mustRun("bounces"); !strings.HasPrefix(out, "bounces: 2 messages:") || !strings.Contains(out, "2 unattributed (kept)") {
		t.Errorf("the unattributed messages should still be there and counted again: %s", out)
	}
	if st := statuses(t, e); st[reader(1)] != "bounced" || st[reader(2)] != "active" || st[reader(3)] != "active" {
		t.Errorf("statuses %v: want only %s bounced", st, reader(1))
	}
	if out := e.mustRun("subscribers", "suppressed"); !strings.Contains(out, reader(1)+"  hard_bounce") {
		t.Errorf("suppressed:\n%s", out)
	}
	for _, args := range [][]string{{"subscribers", "resubscribe", reader(1)}, {"subscribers", "add", strings.ToUpper(reader(1))}} {
		e.mustRun("subscribers", "remove", reader(3)) // unrelated noise must not matter
		e.mustRun("subscribers", "add", reader(3))
		code, _, errOut := e.run(args...)
		if code != exitPartial || !strings.Contains(errOut, "is suppressed (hard_bounce)") {
			t.Errorf("%v: exit %d %q; want refused as suppressed", args, code, errOut)
		}
	}
	if out := e.mustRun("subscribers", "unsuppress", reader(1)); !strings.Contains(out, "no longer suppressed") {
		t.Errorf("unsuppress: %s", out)
	}
	if code, _, _ := e.run("subscribers", "unsuppress", reader(1)); code != exitPartial {
		t.Errorf("unsuppress twice: exit %d, want 3", code)
	}
	if out := e.mustRun("subscribers", "resubscribe", reader(1)); !strings.Contains(out, "is now active") {
		t.Errorf("resubscribe after unsuppress: %s", out)
	}
}

func TestBouncesNeedsAMailbox(t *testing.T) {
	e := newTestEnv(t, "")
	if code, _, errOut := e.run("bounces"); code != exitUsage || !strings.Contains(errOut, "no bounce mailbox") {
		t.Errorf("exit %d %q", code, errOut)
	}
	e = newTestEnv(t, "bounces:\n  mailbox:\n    protocol: pop3\n    host: 127.0.0.1\n    username: b\n")
	if code, _, errOut := e.run("bounces"); code != exitUsage || !strings.Contains(errOut, "$DIGEST_BOUNCES_PASSWORD (bounces.mailbox.password_env) is empty") {
		t.Errorf("no password: exit %d %q", code, errOut)
	}
}

func TestEveryTickRunsAtStartAndAtEachTick(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ticks := make(chan time.Time)
	calls := make(chan struct{}, 10)
	done := make(chan struct{})
	go func() {
		everyTick(ctx, ticks, func() { calls <- struct{}{} })
		close(done)
	}()
	<-calls // at start, before any tick
	ticks <- time.Now()
	<-calls
	cancel()
	<-done
	if len(calls) != 0 {
		t.Errorf("%d extra runs", len(calls))
	}
}
