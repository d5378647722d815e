package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// DeliveryOptions are the knobs of a send.
type DeliveryOptions struct {
	Connections           int           // parallel connections; 0: 4
	MessagesPerConnection int           // reconnect after this many; 0: never
	RatePerSecond         float64       // across all connections; 0: unlimited
	MaxPerDay             int           // 0: unlimited
	RetryBackoff          time.Duration // first retry delay; 0: 30s
	RetryBackoffMax       time.Duration // cap; 0: 10m
	MaxAttempts           int           // 0: 5
	BounceThreshold       int           // hard bounces before a subscriber is bounced; 0: 1
	BatchSize             int           // recipients read per query; 0: 1000
	// QueueLifetime is how long deferred deliveries are retried, counted
	// from the issue's creation, like an MTA's queue; 0: 72h.
	QueueLifetime time.Duration
	// ResendUnconfirmed resends, once and after the back-off, a message
	// whose reply was lost; otherwise it stays unconfirmed.
	ResendUnconfirmed bool
	// FlushInterval is how long the ledger waits, after a group's first
	// outcome, for more before committing; 0: 2ms. Measured into Postfix's
	// smtp-sink with 16 connections: committing at once gave 1.2 to 1.8
	// outcomes per commit and cost 25% more CPU per message than waiting
	// up to 2ms, which fills groups to 15-16 (every connection's outcome)
	// while a message takes about 3ms.
	FlushInterval time.Duration
	// LedgerLanes is how many ledger writers commit groups side by side,
	// each for its share of the connections (worker i in lane i % lanes);
	// 0: 1. While one lane commits, the other's connections send. On
	// SQLite two lanes of 8 connections sent 20 to 30% faster than one of
	// 16 into Postfix's smtp-sink (its commit is short and in-process); on
	// PostgreSQL each commit is a round trip and a WAL flush, and twice the
	// commits cost the server more than the overlap saved.
	LedgerLanes int
	// Worker identifies this process when several share a send.
	Worker Worker
	// Lease is how long a claim on a batch of deliveries holds without
	// renewal (it is renewed every third of it); 0: 60s.
	Lease time.Duration
	// Heartbeat is how often the workers of a send tell each other how they
	// do (live workers share the rate; a slow-down reply slows them all);
	// 0: 2s.
	Heartbeat time.Duration
	// Fresh is how old a subscriber's "still active" check may be when
	// their message starts: an unsubscribe takes effect within it, even
	// mid-send; 0: 10ms. A check covers the next 256 recipients, so it
	// costs at most one query per 10ms, or per 256 messages.
	Fresh time.Duration
}

func (o *DeliveryOptions) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Connections, 4)
	def(&o.MaxAttempts, 5)
	def(&o.BounceThreshold, 1)
	def(&o.BatchSize, 1000)
	def(&o.LedgerLanes, 1)
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	dur(&o.RetryBackoff, 30*time.Second)
	dur(&o.RetryBackoffMax, 10*time.Minute)
	dur(&o.QueueLifetime, 72*time.Hour)
	dur(&o.Fresh, 10*time.Millisecond)
	dur(&o.FlushInterval, 2*time.Millisecond)
	dur(&o.Lease, 60*time.Second)
	dur(&o.Heartbeat, 2*time.Second)
	if o.Worker.ID == "" {
		o.Worker.ID = "local"
	}
}

// Progress is a snapshot of a send.
type Progress struct {
	Issue    int
	Sent     int // in this run
	Failed   int // for good, in this run
	Retrying int // temporary failures waiting for their next attempt
	Rate     float64
	Pending  int // queued when the run started
	// Issue-wide counts from the ledger, every worker's included, read
	// every few heartbeats (nil until the first), and this run's Sent and
	// Failed when they were read: what it did since is on top of them.
	Counts                     map[string]int
	CountedSent, CountedFailed int
	Live                       int // workers taking part
}

// Report sums up a send.
type Report struct {
	Issue       int
	Sent        int
	Failed      int      // failed for good in this run
	Deferred    int      // ran out of attempts on temporary failures: retried by later sends
	Unconfirmed int      // written, but the reply was lost: may have been delivered
	Skipped     int      // no longer active when their copy was due
	Samples     []Update // the first failures, for the log (the ledger has them all)
	Limited     bool     // stopped by the daily limit
	// Reason is the first failure that is not a recipient's own (the
	// server could not be reached, refused our sender, ...), to print.
	Reason *SendError
	// Ledger describes the group commits.
	Ledger LedgerStats
}

// maxSamples bounds Report.Samples, so memory does not grow with failures.
const maxSamples = 100

// ErrUnreachable is returned (wrapped with the last reason) when the SMTP
// server stayed unreachable through every retry of a send: the deliveries
// stay queued, and the next send resumes them.
var ErrUnreachable = errors.New("the SMTP server could not be reached")

// FatalError stops a send: a configuration problem that no retry fixes.
type FatalError struct{ Err *SendError }

func (e *FatalError) Error() string { return "send stopped: " + e.Err.Error() }
func (e *FatalError) Unwrap() error { return e.Err }

// Deliverer sends a stored issue to its queued recipients over a pool of
// connections, exactly once each: a worker does not start its next message
// until the outcome of its last one is committed to the ledger (results of
// all workers are committed together), so a crash can leave at most one
// message per connection sent but unrecorded.
type Deliverer struct {
	Store     IssueStore
	Transport Transport
	Linker    Linker
	Options   DeliveryOptions
	Log       *slog.Logger
	Progress  func(Progress) // called after each commit and beat, one call at a time; may be nil
	Now       func() time.Time
}

func (d *Deliverer) init() {
	d.Options.defaults()
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
}

// Deliver sends the issue until every recipient is sent or failed for
// good, waiting out retry delays. When ctx is cancelled it stops starting
// messages, lets those in flight finish and be recorded, and returns ctx's
// error; running it again resumes.
func (d *Deliverer) Deliver(ctx context.Context, is *StoredIssue) (*Report, error) {
	return d.start(ctx, is, false)
}

// Retry gives each of the issue's deferred deliveries that is due one more
// attempt, without waiting for later ones: the queue run of an MTA.
func (d *Deliverer) Retry(ctx context.Context, is *StoredIssue) (*Report, error) {
	return d.start(ctx, is, true)
}

func (d *Deliverer) start(ctx context.Context, is *StoredIssue, deferred bool) (*Report, error) {
	d.init()
	r := newRun(d, is, deferred)
	if d.Options.MaxPerDay > 0 {
		// The first beat reserves this worker's part of the day's budget
		// before anything is sent; later beats renew it.
		if _, err := d.Store.Heartbeat(ctx, Beat{Issue: is.Number, Worker: d.Options.Worker, Reserve: r.reserve}); err != nil {
			return r.rep, fmt.Errorf("reserve today's sends (smtp.max_per_day): %w", err)
		}
	}
	return r.rep, r.execute(ctx)
}

// backoff is the delay before attempt n+1: RetryBackoff doubling up to
// RetryBackoffMax, with ±20% jitter so that retries do not bunch up.
func (o *DeliveryOptions) backoff(attempts int, jitter float64) time.Duration {
	d := o.RetryBackoff
	for i := 1; i < attempts && d < o.RetryBackoffMax; i++ {
		d *= 2
	}
	d = min(d, o.RetryBackoffMax)
	return time.Duration(float64(d) * (0.8 + 0.4*jitter))
}
