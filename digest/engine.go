package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
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
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 30 * time.Second
	}
	if o.RetryBackoffMax <= 0 {
		o.RetryBackoffMax = 10 * time.Minute
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
}

// Report sums up a send.
type Report struct {
	Issue   int
	Sent    int
	Failed  int      // failed for good in this run
	Samples []Update // the first failures, for the log (the ledger has them all)
	Limited bool     // stopped by the daily limit
}

// maxSamples bounds Report.Samples, so memory does not grow with failures.
const maxSamples = 100

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
	Progress  func(Progress) // called after each commit; may be nil
	Now       func() time.Time
}

// Deliver sends the issue until every recipient is sent or failed for
// good, waiting out retry delays. When ctx is cancelled it stops starting
// messages, lets those in flight finish and be recorded, and returns ctx's
// error; running it again resumes.
func (d *Deliverer) Deliver(ctx context.Context, is *StoredIssue) (*Report, error) {
	d.Options.defaults()
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	r := &run{d: d, is: is, pacer: newPacer(d.Options.RatePerSecond), rep: &Report{Issue: is.Number},
		results: make(chan *result, d.Options.Connections), jobs: make(chan Due)}
	if d.Options.MaxPerDay > 0 {
		n, err := d.Store.SentSince(ctx, d.Now().Add(-24*time.Hour))
		if err != nil {
			return r.rep, fmt.Errorf("count today's sends: %w", err)
		}
		r.budget = d.Options.MaxPerDay - n
	}
	return r.rep, r.execute(ctx)
}

// run is one execution of Deliver.
type run struct {
	d       *Deliverer
	is      *StoredIssue
	pacer   *pacer
	rep     *Report
	jobs    chan Due
	results chan *result
	inPass  sync.WaitGroup
	budget  int // sends left today when MaxPerDay is set

	stop context.CancelCauseFunc

	mu   sync.Mutex
	prog Progress
}

// result is one attempt's outcome, acknowledged once committed.
type result struct {
	update Update
	retry  bool // the delivery had failed before
	ack    chan error
}

func (r *run) execute(parent context.Context) error {
	// A ledger that cannot be written stops the send: going on would send
	// mail that a resumed run sends again.
	ctx, stop := context.WithCancelCause(parent)
	defer stop(nil)
	r.stop = stop
	var workers sync.WaitGroup
	for i := 0; i < r.d.Options.Connections; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			r.work(ctx)
		}()
	}
	recorded := make(chan error, 1)
	go func() { recorded <- r.record() }()
	err := r.feed(ctx)
	close(r.jobs)
	workers.Wait()
	close(r.results)
	if rerr := <-recorded; rerr != nil {
		return rerr
	}
	if err != nil && parent.Err() == nil {
		err = context.Cause(ctx)
	}
	if err == nil && !r.rep.Limited {
		err = r.d.Store.FinishIssue(context.WithoutCancel(ctx), r.is.Number)
	}
	if r.rep.Limited && err == nil {
		err = ErrDailyLimit
	}
	return err
}

// feed hands due deliveries to the workers, pass after pass, sleeping until
// the next retry is due, until nothing is queued.
func (r *run) feed(ctx context.Context) error {
	for {
		if err := r.pass(ctx); err != nil || r.rep.Limited {
			return err
		}
		r.inPass.Wait() // the pass's outcomes are in the ledger
		at, ok, err := r.d.Store.NextDue(ctx, r.is.Number)
		if err != nil || !ok {
			return err
		}
		if wait := at.Sub(r.d.Now()); wait > 0 {
			r.d.Log.Info("waiting for retries", "issue", r.is.Number, "next", at.Format(time.RFC3339), "in", wait.Round(time.Second))
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
		}
	}
}

// pass dispatches every delivery due now, reading the queue in batches.
func (r *run) pass(ctx context.Context) error {
	var after int64
	for {
		due, err := r.d.Store.Due(ctx, r.is.Number, r.d.Now(), after, r.d.Options.BatchSize)
		if err != nil {
			return fmt.Errorf("read queue of issue %d: %w", r.is.Number, err)
		}
		for _, j := range due {
			if r.d.Options.MaxPerDay > 0 && r.budget <= 0 {
				r.rep.Limited = true
				return nil
			}
			r.budget--
			r.inPass.Add(1)
			select {
			case r.jobs <- j:
			case <-ctx.Done():
				r.inPass.Done()
				return ctx.Err()
			}
			after = j.Recipient.ID
		}
		if len(due) < r.d.Options.BatchSize {
			return nil
		}
	}
}

// work sends jobs over one connection, reconnecting after a drop or every
// MessagesPerConnection messages.
func (r *run) work(ctx context.Context) {
	var conn Conn
	sentOnConn := 0
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for j := range r.jobs {
		if r.pacer.wait(ctx) != nil {
			r.inPass.Done() // left queued for the next run
			continue
		}
		if mpc := r.d.Options.MessagesPerConnection; conn != nil && mpc > 0 && sentOnConn >= mpc {
			conn.Close()
			conn, sentOnConn = nil, 0
		}
		m := r.message(j.Recipient)
		var err error
		conn, err = r.sendOnce(ctx, conn, m)
		sentOnConn++
		r.commit(j, m, err)
	}
}

// sendOnce sends m, dialling if needed; when the connection turns out to be
// broken and the message was not delivered, it redials and tries once more.
func (r *run) sendOnce(ctx context.Context, conn Conn, m *Message) (Conn, error) {
	sendCtx := context.WithoutCancel(ctx) // a message in flight finishes
	for try := 0; ; try++ {
		if conn == nil {
			c, err := r.d.Transport.Open(sendCtx, r.is)
			if err != nil {
				return nil, asSendError(err, true)
			}
			conn = c
		}
		err := conn.Send(sendCtx, m)
		se := asSendError(err, false)
		if se == nil || !se.Broken {
			return conn, errOrNil(se)
		}
		conn.Close()
		conn = nil
		if try == 1 {
			return nil, se
		}
		r.d.Log.Debug("connection dropped; redialling", "error", se)
	}
}

func errOrNil(se *SendError) error {
	if se == nil {
		return nil
	}
	return se
}

// asSendError classifies an error; anything not from the transport is a
// temporary network failure (code 0).
func asSendError(err error, broken bool) *SendError {
	if err == nil {
		return nil
	}
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Message: err.Error(), Temporary: true, Broken: broken, Err: err}
}

func (r *run) message(rc Recipient) *Message {
	return &Message{Issue: r.is.Number, To: rc, Subject: r.is.Subject,
		Links: r.d.Linker.Links(r.is.Number, rc), MessageID: fmt.Sprintf("issue%d.%d", r.is.Number, rc.ID)}
}

// commit turns an attempt into a ledger update and waits until it is written.
func (r *run) commit(j Due, m *Message, err error) {
	u := Update{Recipient: j.Recipient, MessageID: m.MessageID, State: StateSent}
	if se := asSendError(err, false); se != nil {
		u.Err = se
		switch {
		case se.Temporary && j.Attempts+1 < r.d.Options.MaxAttempts:
			u.State, u.NextAt = StateQueued, r.d.Now().Add(r.backoff(j.Attempts+1))
		default:
			u.State, u.Bounce = StateFailed, se.UnknownUser()
		}
		if se.SlowDown {
			r.pacer.slowDown()
		}
	} else {
		r.pacer.success()
	}
	res := &result{update: u, retry: j.Attempts > 0, ack: make(chan error, 1)}
	r.results <- res
	if err := <-res.ack; err != nil {
		r.stop(err)
	}
	r.inPass.Done()
}

// backoff is the delay before attempt n+1: RetryBackoff doubling up to
// RetryBackoffMax, with ±20% jitter so that retries do not bunch up.
func (r *run) backoff(attempts int) time.Duration {
	o := r.d.Options
	d := o.RetryBackoff
	for i := 1; i < attempts && d < o.RetryBackoffMax; i++ {
		d *= 2
	}
	d = min(d, o.RetryBackoffMax)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// record commits results in groups: whatever arrived while the last
// transaction ran goes into the next one.
func (r *run) record() error {
	var failed error
	for first := range r.results {
		group := []*result{first}
	drain:
		for len(group) < 512 {
			select {
			case more, ok := <-r.results:
				if !ok {
					break drain
				}
				group = append(group, more)
			default:
				break drain
			}
		}
		err := failed
		if err == nil {
			err = r.write(group)
			failed = err
		}
		for _, g := range group {
			g.ack <- err
		}
	}
	return failed
}

func (r *run) write(group []*result) error {
	updates := make([]Update, len(group))
	for i, g := range group {
		updates[i] = g.update
	}
	if err := r.d.Store.Record(context.Background(), r.is.Number, updates, r.d.Options.BounceThreshold); err != nil {
		return fmt.Errorf("record deliveries of issue %d: %w", r.is.Number, err)
	}
	r.mu.Lock()
	for i, u := range updates {
		switch u.State {
		case StateSent:
			r.rep.Sent++
			r.prog.Sent++
		case StateFailed:
			r.rep.Failed++
			if len(r.rep.Samples) < maxSamples {
				r.rep.Samples = append(r.rep.Samples, u)
			}
			r.prog.Failed++
		}
		switch retry := group[i].retry; {
		case retry && u.State != StateQueued:
			r.prog.Retrying--
		case !retry && u.State == StateQueued:
			r.prog.Retrying++
		}
	}
	p := r.prog
	r.mu.Unlock()
	p.Issue, p.Rate = r.is.Number, r.pacer.rate()
	if r.d.Progress != nil {
		r.d.Progress(p)
	}
	return nil
}
