package digest

import (
	"context"
	"sync"
	"time"
)

// claims tracks how long this worker's claims on the ledger hold: each
// claim lasts Options.Lease and is renewed every third of it. A message
// starts only while its claim holds with a margin, so a worker stalled
// past its lease (another worker may have taken its rows) sends nothing
// more.
type claims struct {
	mu    sync.Mutex
	lease time.Duration
	until time.Time // the claims hold until then
}

// claimed starts a claim at now and says until when it holds.
func (c *claims) claimed(now time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	until := now.Add(c.lease)
	if until.After(c.until) {
		c.until = until
	}
	return until
}

// renewed notes a renewal made at now.
func (c *claims) renewed(now time.Time) { c.claimed(now) }

// hold reports whether a message may start at now: the claims hold for
// at least another sixth of the lease.
func (c *claims) hold(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return now.Add(c.lease / 6).Before(c.until)
}

// beat is what this worker tells the others.
type beat struct {
	mu        sync.Mutex
	sent      int
	slowDowns int // slow-down replies this worker saw
	others    int // slow-down replies the others saw, as last heard
	beats     int // beats sent so far
}

// countEvery is how many beats apart a worker asks for the issue's
// delivery counts (for the progress line).
const countEvery = 5

// coordinate renews this worker's claims and beats with the other workers
// of the send until the returned stop is called; stop releases the claims
// it still holds and tells the others it is done.
func (r *run) coordinate(ctx context.Context) (stop func()) {
	r.claims.lease = r.d.Options.Lease
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.every(ctx, r.d.Options.Lease/3, r.renew) }()
	go func() { defer wg.Done(); r.every(ctx, r.d.Options.Heartbeat, r.heartbeat) }()
	return func() {
		cancel()
		wg.Wait()
		end := context.Background()
		if err := r.d.Store.Renew(end, r.is.Number, r.d.Options.Worker.ID, time.Time{}); err != nil {
			r.d.Log.Warn("release claims", "error", err)
		}
		r.sendBeat(end, true)
	}
}

// every runs fn at once and then every d until ctx ends.
func (r *run) every(ctx context.Context, d time.Duration, fn func(context.Context)) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		fn(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *run) renew(ctx context.Context) {
	now := r.d.Now()
	if err := r.d.Store.Renew(ctx, r.is.Number, r.d.Options.Worker.ID, now.Add(r.d.Options.Lease)); err != nil {
		if ctx.Err() == nil {
			r.d.Log.Warn("renew claims", "error", err)
		}
		return
	}
	r.claims.renewed(now)
}

// heartbeat tells the others how this worker does, and follows the send:
// the rate is shared among the live workers, a slow-down reply another saw
// slows this one too, and the progress counts the whole issue.
func (r *run) heartbeat(ctx context.Context) {
	p, ok := r.sendBeat(ctx, false)
	if !ok {
		return
	}
	r.pacer.share(max(p.Live, 1))
	r.beat.mu.Lock()
	others := p.SlowDowns - r.beat.slowDowns
	slower := others > r.beat.others
	r.beat.others = max(r.beat.others, others)
	r.beat.mu.Unlock()
	if slower {
		r.pacer.slowDown()
	}
	r.mu.Lock()
	if p.Counts != nil {
		r.prog.Counts, r.prog.CountedSent, r.prog.CountedFailed = p.Counts, r.prog.Sent, r.prog.Failed
	}
	r.prog.Live = p.Live
	prog := r.prog
	r.mu.Unlock()
	prog.Issue, prog.Rate = r.is.Number, r.pacer.rate()
	r.progress(prog)
}

func (r *run) sendBeat(ctx context.Context, done bool) (Pulse, bool) {
	r.beat.mu.Lock()
	b := Beat{Issue: r.is.Number, Worker: r.d.Options.Worker, Sent: r.beat.sent, SlowDowns: r.beat.slowDowns, Done: done,
		Counts: !done && r.beat.beats%countEvery == 0}
	r.beat.beats++
	r.beat.mu.Unlock()
	if r.d.Options.MaxPerDay > 0 && !done {
		b.Reserve = r.reserve
	}
	p, err := r.d.Store.Heartbeat(ctx, b)
	if err != nil {
		if ctx.Err() == nil {
			r.d.Log.Warn("heartbeat", "error", err)
		}
		return p, false
	}
	return p, true
}

// noteSlowDown counts a slow-down reply, for the others to hear of.
func (r *run) noteSlowDown() {
	r.beat.mu.Lock()
	r.beat.slowDowns++
	r.beat.mu.Unlock()
}

// noteSent counts a sent message, for the others to hear of.
func (r *run) noteSent() {
	r.beat.mu.Lock()
	r.beat.sent++
	r.beat.mu.Unlock()
}
