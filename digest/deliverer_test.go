package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastOptions make retries due within milliseconds, so the real back-off
// paths run without waiting.
func fastOptions() DeliveryOptions {
	return DeliveryOptions{Connections: 3, RetryBackoff: 5 * time.Millisecond, RetryBackoffMax: 20 * time.Millisecond,
		MaxAttempts: 4, ResendUnconfirmed: true, BatchSize: 7}
}

func newDeliverer(st *fakeStore, srv *fakeServer, opts DeliveryOptions) *Deliverer {
	return &Deliverer{Store: st, Transport: srv, Linker: fakeLinker{}, Options: opts}
}

var testIssue = &StoredIssue{Number: 1, Subject: "S", Salt: "abc", Created: time.Now()}

func email(i int) string { return fmt.Sprintf("r%02d@example.com", i) }

func mustDeliver(t *testing.T, d *Deliverer) *Report {
	t.Helper()
	rep, err := d.Deliver(context.Background(), testIssue)
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	return rep
}

func checkCopies(t *testing.T, srv *fakeServer, n int, want func(i int) int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		if got := srv.copiesOf(email(i)); got != want(i) {
			t.Errorf("%s got %d copies, want %d", email(i), got, want(i))
		}
	}
}

func TestEveryRecipientOnce(t *testing.T) {
	st, srv := newFakeStore(40), newFakeServer()
	rep := mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	checkCopies(t, srv, 40, func(int) int { return 1 })
	if rep.Sent != 40 || !st.finished {
		t.Errorf("report %+v, finished %v", rep, st.finished)
	}
}

// TestLedgerLanesCommitTheirOwnConnections: with two lanes each group
// carries the outcomes of one lane's connections only, and every reader
// still gets one copy.
func TestLedgerLanesCommitTheirOwnConnections(t *testing.T) {
	st, srv := newFakeStore(60), newFakeServer()
	opts := fastOptions()
	opts.Connections, opts.LedgerLanes, opts.FlushInterval = 4, 2, 20*time.Millisecond
	rep := mustDeliver(t, newDeliverer(st, srv, opts))
	checkCopies(t, srv, 60, func(int) int { return 1 })
	if rep.Sent != 60 || rep.Ledger.Outcomes != 60 || !st.finished {
		t.Errorf("report %+v, finished %v", rep, st.finished)
	}
	if st.maxGroup > 2 {
		t.Errorf("a commit carried %d outcomes: more than one lane's 2 connections", st.maxGroup)
	}
}

// TestOutageDoesNotUseUpAttempts: the server refuses connections for a
// while; nobody's attempts are used, and everyone is sent once.
func TestOutageDoesNotUseUpAttempts(t *testing.T) {
	st, srv := newFakeStore(20), newFakeServer()
	srv.dial = func(n int) error {
		if n <= 6 {
			return &SendError{Class: Connection, Message: "connect: connection refused"}
		}
		return nil
	}
	rep := mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	checkCopies(t, srv, 20, func(int) int { return 1 })
	for i := int64(1); i <= 20; i++ {
		if r := st.row(i); r.state != StateSent || r.attempts != 1 {
			t.Errorf("%s: %s after %d attempts, want sent after 1", r.rc.Email, r.state, r.attempts)
		}
	}
	if rep.Reason == nil || !strings.Contains(rep.Reason.Error(), "connection refused") {
		t.Errorf("report reason = %v, want the refusal", rep.Reason)
	}
}

// TestLongOutageLeavesTheIssueQueued: a server that never comes back
// stops the send with ErrUnreachable; every delivery stays queued with its
// attempts intact, the issue is not finished, and a later send delivers.
func TestLongOutageLeavesTheIssueQueued(t *testing.T) {
	st, srv := newFakeStore(10), newFakeServer()
	srv.dial = func(int) error { return &SendError{Class: Connection, Message: "connect: connection refused"} }
	_, err := newDeliverer(st, srv, fastOptions()).Deliver(context.Background(), testIssue)
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if got := st.states(); got[StateQueued] != 10 || st.finished {
		t.Fatalf("states %v, finished %v: want all queued", got, st.finished)
	}
	for i := int64(1); i <= 10; i++ {
		if r := st.row(i); r.attempts != 0 {
			t.Errorf("%s used %d attempts during an outage", r.rc.Email, r.attempts)
		}
	}
	srv.dial = nil
	mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	checkCopies(t, srv, 10, func(int) int { return 1 })
}

// TestUnknownOutcomeIsResentOnceAtMost: a reply lost after the text was
// written may hide a delivery: never resend at once, at most once later.
func TestUnknownOutcomeIsResentOnceAtMost(t *testing.T) {
	for _, resend := range []bool{true, false} {
		t.Run(fmt.Sprintf("resend %v", resend), func(t *testing.T) {
			st, srv := newFakeStore(5), newFakeServer()
			srv.reply = func(to string, n int) (error, bool) {
				if to == email(3) {
					return &SendError{Class: Unknown, Message: "read: i/o timeout"}, true // delivered, but we never hear so
				}
				return nil, true
			}
			opts := fastOptions()
			opts.ResendUnconfirmed = resend
			rep := mustDeliver(t, newDeliverer(st, srv, opts))
			want := map[bool]int{true: 2, false: 1}[resend]
			if got := srv.copiesOf(email(3)); got != want {
				t.Errorf("copies = %d, want %d", got, want)
			}
			if r := st.row(3); r.state != StateUnconfirmed || rep.Unconfirmed != 1 {
				t.Errorf("state %s, report %+v; want unconfirmed", r.state, rep)
			}
		})
	}
}

// TestSlowDownLowersTheRateWithoutUsingAttempts.
func TestSlowDownLowersTheRateWithoutUsingAttempts(t *testing.T) {
	st, srv := newFakeStore(12), newFakeServer()
	srv.reply = func(to string, n int) (error, bool) {
		if to == email(5) && n == 1 {
			return &SendError{Class: SlowDown, Code: 421, Enhanced: "4.7.0", Message: "too many messages, slow down"}, false
		}
		return nil, true
	}
	opts := fastOptions()
	opts.RatePerSecond = 1000
	var lowest float64 = 1000
	d := newDeliverer(st, srv, opts)
	d.Progress = func(p Progress) { lowest = min(lowest, p.Rate) }
	mustDeliver(t, d)
	checkCopies(t, srv, 12, func(int) int { return 1 })
	if r := st.row(5); r.attempts != 1 {
		t.Errorf("slowed recipient used %d attempts, want 1 (the successful one)", r.attempts)
	}
	if lowest >= 1000 {
		t.Errorf("rate never went below %g/s after a slow-down reply", lowest)
	}
}

// TestGreylistingDelaysOnlyThatRecipient: a per-recipient temporary reply
// neither slows the send nor holds up the others.
func TestGreylistingDelaysOnlyThatRecipient(t *testing.T) {
	st, srv := newFakeStore(30), newFakeServer()
	grey := map[string]bool{email(2): true, email(9): true, email(17): true}
	srv.reply = func(to string, n int) (error, bool) {
		if grey[to] && n == 1 {
			return &SendError{Class: TempRecipient, Code: 451, Enhanced: "4.7.1", Message: "greylisted, try again later"}, false
		}
		return nil, true
	}
	opts := fastOptions()
	opts.RatePerSecond = 1000
	var lowest float64 = 1000
	d := newDeliverer(st, srv, opts)
	d.Progress = func(p Progress) { lowest = min(lowest, p.Rate) }
	mustDeliver(t, d)
	checkCopies(t, srv, 30, func(int) int { return 1 })
	if lowest < 1000 {
		t.Errorf("greylisting lowered the rate to %g/s", lowest)
	}
	// Every first attempt comes before any retry of a greylisted reader.
	firstRetry := -1
	seen := map[string]bool{}
	for i, to := range srv.log {
		if seen[to] && firstRetry < 0 {
			firstRetry = i
		}
		seen[to] = true
	}
	if firstRetry != 30 {
		t.Errorf("the first retry was attempt %d, want 30 (after every first attempt)", firstRetry)
	}
}

// TestRunningOutOfAttemptsDefers: temporary failures that outlast the
// attempts of one send leave the delivery deferred, not failed, and the
// issue finished; a queue run delivers it later.
func TestRunningOutOfAttemptsDefers(t *testing.T) {
	st, srv := newFakeStore(4), newFakeServer()
	busy := true
	srv.reply = func(to string, n int) (error, bool) {
		if to == email(2) && busy {
			return &SendError{Class: TempRecipient, Code: 452, Enhanced: "4.2.2", Message: "mailbox full"}, false
		}
		return nil, true
	}
	rep := mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	if r := st.row(2); r.state != StateDeferred || r.attempts != 4 || rep.Deferred != 1 || !st.finished {
		t.Fatalf("row %+v, report %+v, finished %v", r, rep, st.finished)
	}
	busy = false
	later := newDeliverer(st, srv, fastOptions())
	later.Now = func() time.Time { return time.Now().Add(time.Minute) } // past RetryBackoffMax
	if _, err := later.Retry(context.Background(), testIssue); err != nil {
		t.Fatal(err)
	}
	if r := st.row(2); r.state != StateSent || srv.copiesOf(email(2)) != 1 {
		t.Errorf("after the queue run: %s, %d copies", r.state, srv.copiesOf(email(2)))
	}
}

// TestFatalStopsWithoutUsingAttempts: a configuration failure (a key that
// cannot sign, a refused sender) stops the send; nobody is failed.
func TestFatalStopsWithoutUsingAttempts(t *testing.T) {
	st, srv := newFakeStore(10), newFakeServer()
	srv.reply = func(string, int) (error, bool) {
		return &SendError{Class: Fatal, Message: "dkim sign: key too short"}, false
	}
	_, err := newDeliverer(st, srv, fastOptions()).Deliver(context.Background(), testIssue)
	var fe *FatalError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a FatalError", err)
	}
	if got := st.states(); got[StateQueued] != 10 || st.finished {
		t.Errorf("states %v: want every delivery still queued", got)
	}
}

// TestUnsubscribeDuringTheSendIsHonoured: a reader who leaves while the
// send runs gets nothing more.
func TestUnsubscribeDuringTheSendIsHonoured(t *testing.T) {
	st, srv := newFakeStore(60), newFakeServer()
	srv.reply = func(to string, n int) (error, bool) {
		if to == email(10) {
			st.setActive(40, false)
			st.setActive(41, false)
		}
		return nil, true
	}
	opts := fastOptions()
	opts.BatchSize = 1000        // both are read in the same batch as the trigger
	opts.Fresh = time.Nanosecond // the fake server is instant: check before every message
	rep := mustDeliver(t, newDeliverer(st, srv, opts))
	for _, id := range []int64{40, 41} {
		if srv.copiesOf(email(int(id))) != 0 || st.row(id).state != StateSkipped {
			t.Errorf("%s: %d copies, state %s; want skipped", email(int(id)), srv.copiesOf(email(int(id))), st.row(id).state)
		}
	}
	if rep.Sent != 58 || rep.Skipped != 2 {
		t.Errorf("report %+v", rep)
	}
}

func TestHardBounceIsCounted(t *testing.T) {
	st, srv := newFakeStore(3), newFakeServer()
	srv.reply = func(to string, _ int) (error, bool) {
		if to == email(2) {
			return &SendError{Class: Permanent, Code: 550, Enhanced: "5.1.1", Message: "no such user"}, false
		}
		return nil, true
	}
	rep := mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	if len(rep.Samples) != 1 || !rep.Samples[0].Bounce || st.row(2).state != StateFailed {
		t.Errorf("report %+v", rep)
	}
}

// TestALongRetryDoesNotHoldUpAShortSend: greylisting asks for minutes; a
// send of a few seconds does not wait for them but defers those readers
// to the queue, which a later queue run delivers.
func TestALongRetryDoesNotHoldUpAShortSend(t *testing.T) {
	st, srv := newFakeStore(20), newFakeServer()
	grey := map[string]bool{email(4): true, email(15): true}
	srv.reply = func(to string, n int) (error, bool) {
		if grey[to] && n == 1 {
			return &SendError{Class: TempRecipient, Code: 451, Enhanced: "4.7.1", Message: "greylisted, try again in 5 minutes"}, false
		}
		return nil, true
	}
	opts := fastOptions()
	opts.RetryBackoff, opts.RetryBackoffMax = time.Hour, 2*time.Hour
	start := time.Now()
	rep := mustDeliver(t, newDeliverer(st, srv, opts))
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("the send waited %v for an hour-long retry", el)
	}
	if rep.Sent != 18 || rep.Deferred != 2 || !st.finished {
		t.Fatalf("report %+v, finished %v; want 18 sent and the 2 greylisted deferred", rep, st.finished)
	}
	later := newDeliverer(st, srv, opts)
	later.Now = func() time.Time { return time.Now().Add(3 * time.Hour) }
	if _, err := later.Retry(context.Background(), testIssue); err != nil {
		t.Fatal(err)
	}
	checkCopies(t, srv, 20, func(int) int { return 1 })
}

// TestWorkersShareASend runs three workers on one ledger at once: each
// recipient gets one copy, and the work is shared.
func TestWorkersShareASend(t *testing.T) {
	st, srv := newFakeStore(300), newFakeServer()
	srv.reply = func(string, int) (error, bool) {
		time.Sleep(200 * time.Microsecond) // a real server takes a little time
		return nil, true
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		opts := fastOptions()
		opts.BatchSize, opts.Worker, opts.Heartbeat = 20, Worker{ID: fmt.Sprintf("host%d/1/t", i)}, 50*time.Millisecond
		d := newDeliverer(st, srv, opts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Deliver(context.Background(), testIssue); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	checkCopies(t, srv, 300, func(int) int { return 1 })
	if len(st.sentBy) != 3 {
		t.Errorf("sent by %v: want all three workers to take part", st.sentBy)
	}
}

// TestDailyLimitCountsMessagesInFlight: beats that come while messages
// are in flight (not yet in the ledger) must not hand their budget out a
// second time.
func TestDailyLimitCountsMessagesInFlight(t *testing.T) {
	st, srv := newFakeStore(8), newFakeServer()
	srv.reply = func(string, int) (error, bool) {
		time.Sleep(20 * time.Millisecond) // several beats per message
		return nil, true
	}
	opts := fastOptions()
	opts.MaxPerDay, opts.Heartbeat = 3, time.Millisecond
	_, err := newDeliverer(st, srv, opts).Deliver(context.Background(), testIssue)
	if !errors.Is(err, ErrDailyLimit) {
		t.Fatalf("deliver: %v, want the daily limit", err)
	}
	if n := srv.total(); n != 3 {
		t.Errorf("%d messages sent with max_per_day 3", n)
	}
}

// TestDailyLimitHoldsAcrossWorkers: three workers share one day's budget;
// between them they send exactly max_per_day, and each sends some.
func TestDailyLimitHoldsAcrossWorkers(t *testing.T) {
	st, srv := newFakeStore(300), newFakeServer()
	srv.reply = func(string, int) (error, bool) {
		time.Sleep(300 * time.Microsecond)
		return nil, true
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		opts := fastOptions()
		opts.BatchSize, opts.Worker, opts.Heartbeat, opts.MaxPerDay = 10, Worker{ID: fmt.Sprintf("host%d/1/t", i)}, 2*time.Millisecond, 100
		d := newDeliverer(st, srv, opts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Deliver(context.Background(), testIssue); !errors.Is(err, ErrDailyLimit) {
				t.Errorf("worker %d: %v, want the daily limit", i, err)
			}
		}()
	}
	wg.Wait()
	if n := srv.total(); n != 100 {
		t.Errorf("three workers sent %d messages with max_per_day 100", n)
	}
	if len(st.sentBy) != 3 {
		t.Errorf("sent by %v: want all three workers to take part", st.sentBy)
	}
}

// TestADeadWorkersRowsComeBack: rows a worker claimed and never recorded
// (it died) are sent by another once the lease ends, and the send waits
// for them.
func TestADeadWorkersRowsComeBack(t *testing.T) {
	st, srv := newFakeStore(30), newFakeServer()
	lease := time.Now().Add(300 * time.Millisecond)
	if _, err := st.Due(context.Background(), DueQuery{Issue: 1, Now: time.Now(), Limit: 10, Worker: "dead/9/t", LeaseUntil: lease}); err != nil {
		t.Fatal(err)
	}
	opts := fastOptions()
	opts.Heartbeat = 50 * time.Millisecond
	start := time.Now()
	rep := mustDeliver(t, newDeliverer(st, srv, opts))
	if time.Since(start) < 250*time.Millisecond {
		t.Errorf("finished in %v, before the dead worker's lease ended", time.Since(start))
	}
	checkCopies(t, srv, 30, func(int) int { return 1 })
	if rep.Sent != 30 || !st.finished {
		t.Errorf("report %+v, finished %v", rep, st.finished)
	}
}
