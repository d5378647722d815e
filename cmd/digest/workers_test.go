package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
)

// Several senders on one PostgreSQL ledger, tested against the real
// server (DIGEST_TEST_POSTGRES_DSN; CI sets it) and the strict SMTP test
// server, which counts every copy it accepts.

// workerRow is one line of the worker table digest issues show prints.
type workerRow struct {
	id           string
	sent, leased int
	state        string
}

var workerLine = regexp.MustCompile(`(?m)^  (\S+)\s+\S+\s+\d+\s+(\d+)\s+(\d+)\s+(\S+)`)

// shownWorkers runs digest issues show and parses its worker table.
func shownWorkers(t *testing.T, e *testEnv, issue int) ([]workerRow, string) {
	t.Helper()
	out := e.mustRun("issues", "show", strconv.Itoa(issue))
	var rows []workerRow
	for _, m := range workerLine.FindAllStringSubmatch(out, -1) {
		if m[1] == "WORKER" {
			continue
		}
		sent, _ := strconv.Atoi(m[2])
		leased, _ := strconv.Atoi(m[3])
		rows = append(rows, workerRow{m[1], sent, leased, m[4]})
	}
	return rows, out
}

// copiesOf checks that every address got a copy and returns the number of
// extra copies.
func copiesOf(t *testing.T, srv *mailtest.Server, emails []string) int {
	t.Helper()
	copies, dups := srv.Copies(), 0
	for _, a := range emails {
		switch c := copies[a]; {
		case c == 0:
			t.Errorf("%s got no copy", a)
		case c > 1:
			dups += c - 1
		}
	}
	if len(copies) != len(emails) {
		t.Errorf("the server saw %d addresses, want %d", len(copies), len(emails))
	}
	return dups
}

// TestWorkersShareASendOnPostgres starts three senders on one issue at
// once, each with its own connections to the database and the SMTP
// server: every subscriber gets exactly one copy, all three take part,
// and issues show accounts for every delivery.
func TestWorkersShareASendOnPostgres(t *testing.T) {
	srv, smtpYAML := startSMTPDelayed(t, 3*time.Millisecond)
	e := postgresEnv(t, smtpYAML+"  connections: 2\n")
	emails := addSubscribers(t, e, 600)
	var wg sync.WaitGroup
	outs := make([]string, 3)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, errOut := e.run("send")
			if code != 0 {
				t.Errorf("sender %d: exit %d\n%s\n%s", i, code, out, errOut)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	if dups := copiesOf(t, srv, emails); dups != 0 {
		t.Errorf("%d duplicate copies from live workers, want none", dups)
	}
	rows, out := shownWorkers(t, e, 1)
	sum := 0
	for _, w := range rows {
		sum += w.sent
		if w.leased != 0 || w.state != "done" {
			t.Errorf("after the send, worker %+v: want done with nothing leased", w)
		}
		if w.sent == 0 {
			t.Errorf("worker %s sent nothing: the work was not shared\n%s", w.id, out)
		}
	}
	if len(rows) != 3 || sum != len(emails) {
		t.Errorf("issues show lists %d workers sending %d, want 3 sending %d:\n%s", len(rows), sum, len(emails), out)
	}
	if !strings.Contains(out, "sent 600, failed 0, queued 0,") {
		t.Errorf("issues show does not account for all 600:\n%s", out)
	}
	for i, o := range outs {
		if !strings.Contains(o, "issue 1: sent ") {
			t.Errorf("sender %d did not report its part of issue 1: %q", i, o)
		}
	}
}

// TestCancelledWorkerHandsBack cancels one sender mid-send while another
// works the same issue: the cancelled one stops, its claimed rows go back
// to the queue, and the other finishes every delivery, each exactly once.
func TestCancelledWorkerHandsBack(t *testing.T) {
	srv, smtpYAML := startSMTPDelayed(t, 5*time.Millisecond)
	e := postgresEnv(t, smtpYAML+"  connections: 2\ndelivery:\n  lease: 3s\n")
	emails := addSubscribers(t, e, 400)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		code, _, _ := e.runCtx(ctx, "send")
		done <- code
	}()
	waitFor(t, "40 messages", func() bool { return srv.Total() >= 40 })
	second := make(chan struct{})
	go func() {
		defer close(second)
		e.mustRun("send")
	}()
	// Cancel the first once the second has joined the send.
	waitFor(t, "the second sender to join", func() bool {
		rows, _ := shownWorkers(t, e, 1)
		return len(rows) == 2
	})
	cancel()
	if code := <-done; code != exitInterrupted {
		t.Errorf("cancelled sender exited %d, want %d", code, exitInterrupted)
	}
	<-second
	if srv.Total() < len(emails) {
		t.Fatalf("%d copies for %d subscribers", srv.Total(), len(emails))
	}
	if dups := copiesOf(t, srv, emails); dups != 0 {
		t.Errorf("%d duplicates: a cancelled worker records what it sent", dups)
	}
	rows, out := shownWorkers(t, e, 1)
	if len(rows) != 2 {
		t.Fatalf("want two workers:\n%s", out)
	}
	for _, w := range rows {
		if w.sent == 0 || w.leased != 0 {
			t.Errorf("worker %+v: want each to have sent some and to hold nothing\n%s", w, out)
		}
	}
}

// TestKilledWorkersShareIsFinished starts three sender processes and kills
// one with SIGKILL mid-send: the other two exit 0 once the dead worker's
// lease has run out and they have sent its rows; the only duplicates are
// its messages in flight, at most one per connection.
func TestKilledWorkersShareIsFinished(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test")
	}
	const conns = 3
	srv, smtpYAML := startSMTPDelayed(t, 10*time.Millisecond)
	e := postgresEnv(t, smtpYAML+fmt.Sprintf("  connections: %d\ndelivery:\n  lease: 3s\n", conns))
	emails := addSubscribers(t, e, 900)
	procs := make([]*proc, 3)
	for i := range procs {
		procs[i] = startProc(t, e.digestProcess("send"))
	}
	waitFor(t, "150 messages", func() bool { return srv.Total() >= 150 })
	procs[0].cmd.Process.Signal(syscall.SIGKILL)
	killedAt := time.Now()
	before := srv.Total()
	if before >= len(emails) {
		t.Fatal("the send finished before a worker was killed: the test proved nothing")
	}
	dead := fmt.Sprintf("/%d/", procs[0].cmd.Process.Pid)
	stranded := -1
	rows, out := shownWorkers(t, e, 1)
	for _, w := range rows {
		if strings.Contains(w.id, dead) {
			stranded = w.leased
		}
	}
	if stranded <= 0 {
		t.Fatalf("the killed worker held no deliveries: the test proved nothing\n%s", out)
	}
	for i, p := range procs[1:] {
		if code := p.wait(); code != 0 {
			t.Errorf("surviving sender %d: exit %d\n%s", i+1, code, p.stderr.String())
		}
	}
	procs[0].wait()
	took := time.Since(killedAt)
	dups := copiesOf(t, srv, emails)
	if dups > conns {
		t.Errorf("%d duplicates, more than the dead worker's %d connections", dups, conns)
	}
	rows, out = shownWorkers(t, e, 1)
	sum, gone := 0, 0
	for _, w := range rows {
		sum += w.sent
		if strings.HasPrefix(w.state, "gone") && strings.Contains(w.id, dead) {
			gone++
		}
	}
	if len(rows) != 3 || gone != 1 || !strings.Contains(out, "0 deliveries leased now") {
		t.Errorf("want three workers, one gone, nothing leased:\n%s", out)
	}
	if sum+dups < len(emails) || sum > len(emails) {
		t.Errorf("workers recorded %d sends for %d subscribers (%d duplicates)\n%s", sum, len(emails), dups, out)
	}
	t.Logf("killed one of three after %d of %d messages, holding %d; the others finished %v later with %d duplicates",
		before, len(emails), stranded, took.Round(time.Millisecond), dups)
}
