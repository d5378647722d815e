package digest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// run is one execution of Deliver (or Retry).
type run struct {
	d           *Deliverer
	is          *StoredIssue
	deferred    bool     // a queue run: deferred deliveries, one attempt each
	attrs       []string // the subscriber attributes the issue uses
	pacer       *pacer
	health      *health
	rep         *Report
	jobs        chan Due
	results     []chan *result // one per ledger lane
	inPass      sync.WaitGroup
	budgetMu    sync.Mutex
	budget      int // sends this worker may still start today when MaxPerDay is set
	outstanding int // sends it started whose outcome is not recorded yet
	othersHold  int // the other workers' hold, at the last reservation

	stop context.CancelCauseFunc

	mu     sync.Mutex
	prog   Progress
	progMu sync.Mutex // Options.Progress is called by one goroutine at a time

	claims claims // this worker's leases on the ledger
	beat   beat   // what it tells the send's other workers
}

func newRun(d *Deliverer, is *StoredIssue, deferred bool) *run {
	r := &run{d: d, is: is, deferred: deferred, attrs: AttrKeys(is.Rendered), pacer: newPacer(d.Options.RatePerSecond),
		health: newHealth(&d.Options, d.Now), rep: &Report{Issue: is.Number}, jobs: make(chan Due)}
	r.results = make([]chan *result, min(d.Options.LedgerLanes, d.Options.Connections))
	for i := range r.results {
		r.results[i] = make(chan *result, d.Options.Connections)
	}
	return r
}

// execute runs the workers and the feed, then records how the send ended.
func (r *run) execute(parent context.Context) error {
	// A ledger that cannot be written stops the send: going on would send
	// mail that a resumed run sends again. So do a fatal reply and an
	// unreachable server.
	ctx, stop := context.WithCancelCause(parent)
	defer stop(nil)
	r.stop = stop
	r.health.stop = stop
	var workers sync.WaitGroup
	for i := 0; i < r.d.Options.Connections; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			r.work(ctx, i%len(r.results))
		}()
	}
	recorded := make(chan error, 1)
	go func() { recorded <- r.record() }()
	stopCoordination := r.coordinate(ctx)
	err := r.feed(ctx)
	close(r.jobs)
	workers.Wait()
	for _, c := range r.results {
		close(c)
	}
	stopCoordination()
	if rerr := <-recorded; rerr != nil {
		return rerr
	}
	if cause := context.Cause(ctx); parent.Err() == nil && cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if err != nil {
		return err
	}
	if r.rep.Limited {
		return ErrDailyLimit
	}
	if r.deferred {
		return nil
	}
	return r.d.Store.FinishIssue(context.WithoutCancel(ctx), r.is.Number)
}

// feed hands due deliveries to the workers, pass after pass, until nothing
// is queued. It waits for first attempts that are due later (a reader's
// local time), and for retries only while the wait is shorter than the
// send has taken so far (at least a second): a retry that would keep a
// short send waiting long (greylisting asks for minutes) is deferred to
// the queue, which digest run works through on its own, as does the next
// send. So temporary failures cost a send at most about twice its time.
// While other workers hold claims it looks again every heartbeat, and
// takes over their rows if their lease runs out. A queue run makes one
// pass.
func (r *run) feed(ctx context.Context) error {
	start := r.d.Now()
	for {
		if err := r.pass(ctx); err != nil || r.rep.Limited {
			return err
		}
		r.inPass.Wait() // the pass's outcomes are in the ledger
		if r.deferred || ctx.Err() != nil {
			return ctx.Err()
		}
		now := r.d.Now()
		w, err := r.d.Store.Pending(ctx, r.is.Number, r.d.Options.Worker.ID, now)
		if err != nil {
			return err
		}
		next := r.nextLook(w, now, now.Add(max(now.Sub(start), time.Second)))
		if next.IsZero() {
			return r.deferRest(ctx)
		}
		if err := r.sleepUntil(ctx, next); err != nil {
			return err
		}
	}
}

// nextLook is when to look at the queue again: the next first attempt;
// a retry due before it, or soon enough (by patience) to wait for; and
// while other workers hold claims, within a heartbeat. Zero: nothing to
// wait for.
func (r *run) nextLook(w Waiting, now, patience time.Time) time.Time {
	next := w.First
	earlier := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if !w.Retry.IsZero() && (!w.First.IsZero() || !w.Leased.IsZero() || !w.Retry.After(patience)) {
		earlier(w.Retry)
	}
	if !w.Leased.IsZero() {
		earlier(w.Leased)
		earlier(now.Add(r.d.Options.Heartbeat))
	}
	return next
}

// deferRest leaves the retries still pending to later sends.
func (r *run) deferRest(ctx context.Context) error {
	n, err := r.d.Store.DeferRetries(ctx, r.is.Number, r.d.Now())
	if err != nil {
		return fmt.Errorf("defer retries of issue %d: %w", r.is.Number, err)
	}
	r.mu.Lock()
	r.rep.Deferred += n
	r.mu.Unlock()
	return nil
}

func (r *run) sleepUntil(ctx context.Context, at time.Time) error {
	wait := at.Sub(r.d.Now())
	if wait > time.Second {
		r.d.Log.Info("waiting for retries", "issue", r.is.Number, "next", at.Format(time.RFC3339), "in", wait.Round(time.Second))
	}
	return sleep(ctx, wait)
}

// pass dispatches every delivery due now, reading the queue in batches.
// Without a daily limit the next batch is read while this one is handed
// out, so the workers do not wait for the query (they waited for 5 to 13%
// of a send on PostgreSQL). With a limit, each batch is no bigger than the
// budget left, so it is read when the last one is handed out.
func (r *run) pass(ctx context.Context) error {
	if r.d.Options.MaxPerDay > 0 {
		return r.passLimited(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	batches := make(chan dueBatch) // unbuffered: one batch read ahead
	go r.readAhead(ctx, r.d.Options.BatchSize, batches)
	defer func() {
		cancel()
		for range batches { // wait for the reader to end
		}
	}()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		if err := r.dispatch(ctx, b.due); err != nil {
			return err
		}
	}
	return nil
}

// dueBatch is a batch of the queue, or the error reading it.
type dueBatch struct {
	due []Due
	err error
}

// readAhead reads the queue in batches of limit into out until it has
// read it all, or an error (the last batch), or ctx ends.
func (r *run) readAhead(ctx context.Context, limit int, out chan<- dueBatch) {
	defer close(out)
	var after int64
	for {
		due, err := r.due(ctx, after, limit)
		select {
		case out <- dueBatch{due, err}:
		case <-ctx.Done():
			return
		}
		if err != nil || len(due) < limit {
			return
		}
		after = due[len(due)-1].Recipient.ID
	}
}

// passLimited is pass under smtp.max_per_day: each batch is no bigger
// than the budget left, read when the last one is handed out.
func (r *run) passLimited(ctx context.Context) error {
	var after int64
	for {
		r.budgetMu.Lock()
		limit := max(1, min(r.d.Options.BatchSize, r.budget))
		r.budgetMu.Unlock()
		due, err := r.due(ctx, after, limit)
		if err != nil {
			return err
		}
		if err := r.dispatch(ctx, due); err != nil || r.rep.Limited {
			return err
		}
		if len(due) < limit {
			return nil
		}
		after = due[len(due)-1].Recipient.ID
	}
}

// due claims up to limit deliveries due now past subscriber ID after.
func (r *run) due(ctx context.Context, after int64, limit int) ([]Due, error) {
	due, err := r.d.Store.Due(ctx, DueQuery{Issue: r.is.Number, Now: r.d.Now(), After: after, Limit: limit,
		Deferred: r.deferred, Attrs: r.attrs, Worker: r.d.Options.Worker.ID, LeaseUntil: r.claims.claimed(r.d.Now())})
	if err != nil {
		return nil, fmt.Errorf("read queue of issue %d: %w", r.is.Number, err)
	}
	return due, nil
}

// dispatch hands a batch to the workers. Each recipient is checked to be
// still active no longer than Options.Fresh before a worker takes them, so
// that an unsubscribe during the send is honoured.
func (r *run) dispatch(ctx context.Context, due []Due) error {
	c := &checker{r: r, due: due}
	for i := range due {
		if !r.takeBudget() {
			if ok, err := r.awaitBudget(ctx); err != nil || !ok {
				r.rep.Limited = !ok
				return err
			}
			r.takeBudget()
		}
		ok, err := c.handOff(ctx, i)
		if err != nil {
			return err
		}
		if !ok {
			r.giveBudget()
		}
	}
	return nil
}

// progress calls Deliverer.Progress, one call at a time: the ledger
// writer and the heartbeat both report.
func (r *run) progress(p Progress) {
	if r.d.Progress == nil {
		return
	}
	r.progMu.Lock()
	defer r.progMu.Unlock()
	r.d.Progress(p)
}

// takeBudget takes one message from the day's budget (always there when
// MaxPerDay is 0).
func (r *run) takeBudget() bool {
	if r.d.Options.MaxPerDay <= 0 {
		return true
	}
	r.budgetMu.Lock()
	defer r.budgetMu.Unlock()
	if r.budget <= 0 {
		return false
	}
	r.budget--
	r.outstanding++
	return true
}

// giveBudget returns a message taken but not started.
func (r *run) giveBudget() {
	if r.d.Options.MaxPerDay <= 0 {
		return
	}
	r.budgetMu.Lock()
	r.budget++
	r.outstanding--
	r.budgetMu.Unlock()
}

// recorded notes that n started messages have their outcome in the
// ledger: those sent now count in the day's sends, the others are free
// again at the next reservation.
func (r *run) recorded(n int) {
	if r.d.Options.MaxPerDay <= 0 || n == 0 {
		return
	}
	r.budgetMu.Lock()
	r.outstanding -= n
	r.budgetMu.Unlock()
}

// reserve works out this worker's hold on the day's budget (see
// Beat.Reserve): its fair share of what is left, (max_per_day - sent) ÷
// live workers rounded up, but never more than the others leave free,
// and never less than its messages in flight.
func (r *run) reserve(sent, othersHold, live int) int {
	left := r.d.Options.MaxPerDay - sent
	share := (left + max(live, 1) - 1) / max(live, 1)
	r.budgetMu.Lock()
	defer r.budgetMu.Unlock()
	hold := max(min(share, left-othersHold), r.outstanding)
	r.budget, r.othersHold = hold-r.outstanding, othersHold
	return hold
}

// awaitBudget waits, beat by beat, for budget while the day's is not
// spent: the other workers hold some (their shares shrink as workers
// join, and come free when they finish or die) or this worker's messages
// in flight may fail. It reports false when the day's budget is spent,
// or when budgetWaits beats brought none (another worker may hold the
// day's last messages while it waits for this one's claims: this one
// stops, its claims go back, and the other sends them).
func (r *run) awaitBudget(ctx context.Context) (bool, error) {
	for i := 0; ; i++ {
		r.budgetMu.Lock()
		budget, waitFor := r.budget, r.othersHold+r.outstanding
		r.budgetMu.Unlock()
		switch {
		case budget > 0:
			return true, nil
		case waitFor <= 0 || i == budgetWaits:
			return false, nil
		}
		if err := sleep(ctx, r.d.Options.Heartbeat); err != nil {
			return false, err
		}
		r.sendBeat(ctx, false)
	}
}

// budgetWaits bounds how many beats a worker waits for budget.
const budgetWaits = 5

// checkAhead is how many recipients one "still active" query covers.
const checkAhead = 256

// checker keeps the "still active" answers for a window of a batch.
type checker struct {
	r       *run
	due     []Due
	active  map[int64]bool
	upTo    int // the window covers due[..upTo]
	checked time.Time
}

// handOff gives due[i] to a worker, re-checking the window whenever its
// answer is older than Options.Fresh; a recipient no longer active is
// recorded as skipped instead.
func (c *checker) handOff(ctx context.Context, i int) (bool, error) {
	fresh := c.r.d.Options.Fresh
	t := time.NewTimer(fresh)
	defer t.Stop()
	for {
		if i >= c.upTo || time.Since(c.checked) > fresh {
			if err := c.check(ctx, i); err != nil {
				return false, err
			}
		}
		j := c.due[i]
		if !c.active[j.Recipient.ID] {
			c.r.skip(j)
			return false, nil
		}
		c.r.inPass.Add(1)
		select {
		case c.r.jobs <- j:
			return true, nil
		case <-t.C:
			c.r.inPass.Done()
			t.Reset(fresh)
		case <-ctx.Done():
			c.r.inPass.Done()
			return false, ctx.Err()
		}
	}
}

func (c *checker) check(ctx context.Context, i int) error {
	end := min(i+checkAhead, len(c.due))
	ids := make([]int64, 0, end-i)
	for _, j := range c.due[i:end] {
		ids = append(ids, j.Recipient.ID)
	}
	active, err := c.r.d.Store.StillActive(ctx, ids)
	if err != nil {
		return fmt.Errorf("check subscribers of issue %d: %w", c.r.is.Number, err)
	}
	c.active, c.upTo, c.checked = active, end, time.Now()
	return nil
}

// skip records a delivery whose subscriber is no longer active.
func (r *run) skip(j Due) {
	r.inPass.Add(1)
	r.commit(0, j, Update{Recipient: j.Recipient, State: StateSkipped})
}
