package digest

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// LedgerStats describe a send's group commits: how many outcomes each
// carried and how long each took, so that group size and flush interval
// are chosen from data.
type LedgerStats struct {
	Commits  int
	Outcomes int
	times    []time.Duration // capped, for the percentiles
}

func (l *LedgerStats) add(outcomes int, took time.Duration) {
	l.Commits++
	l.Outcomes += outcomes
	if len(l.times) < 100_000 {
		l.times = append(l.times, took)
	}
}

// MeanGroup is the mean number of outcomes per commit.
func (l *LedgerStats) MeanGroup() float64 {
	if l.Commits == 0 {
		return 0
	}
	return float64(l.Outcomes) / float64(l.Commits)
}

// Percentile is the commit time below which p (0-100) per cent of the
// commits took.
func (l *LedgerStats) Percentile(p float64) time.Duration {
	if len(l.times) == 0 {
		return 0
	}
	t := append([]time.Duration(nil), l.times...)
	sort.Slice(t, func(i, j int) bool { return t[i] < t[j] })
	return t[min(len(t)-1, int(float64(len(t))*p/100))]
}

// result is one attempt's outcome, acknowledged once committed.
type result struct {
	update Update
	retry  bool // the delivery was waiting for a retry before
	ack    chan error
}

// maxGroup bounds how many outcomes one ledger transaction commits.
const maxGroup = 512

// commit hands an outcome to its lane's ledger writer and waits until it
// is written: the worker's next message starts only after that.
func (r *run) commit(lane int, j Due, u Update) {
	res := &result{update: u, retry: j.Attempts > 0 || j.Deferred, ack: make(chan error, 1)}
	r.results[lane] <- res
	if err := <-res.ack; err != nil {
		r.stop(err)
	}
	r.inPass.Done()
}

// record commits outcomes in groups, one writer per lane (see
// Options.LedgerLanes), and returns the first error.
func (r *run) record() error {
	errs := make(chan error, len(r.results))
	for lane, results := range r.results {
		conns := r.d.Options.Connections / len(r.results)
		if lane < r.d.Options.Connections%len(r.results) {
			conns++ // worker i writes in lane i % lanes
		}
		go func() { errs <- r.recordLane(results, conns) }()
	}
	var failed error
	for range r.results {
		if err := <-errs; failed == nil {
			failed = err
		}
	}
	return failed
}

// recordLane commits the outcomes of a lane's conns connections in
// groups. After the first outcome of a group it waits up to
// Options.FlushInterval for more, unless every connection's outcome is
// already in (none can come until they are committed): a commit costs
// about as much for one outcome as for sixteen, so waiting a little for a
// fuller group saves more than it costs.
func (r *run) recordLane(results <-chan *result, conns int) error {
	var failed error
	flush := time.NewTimer(time.Hour)
	flush.Stop()
	full := min(maxGroup, max(conns, 1))
	for first := range results {
		group := []*result{first}
		flush.Reset(r.d.Options.FlushInterval)
	gather:
		for len(group) < full {
			select {
			case more, ok := <-results:
				if !ok {
					break gather
				}
				group = append(group, more)
			case <-flush.C:
				break gather
			}
		}
		flush.Stop()
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
	start := time.Now()
	b := Batch{Issue: r.is.Number, Worker: r.d.Options.Worker.ID, Updates: updates, BounceThreshold: r.d.Options.BounceThreshold}
	if err := r.d.Store.Record(context.Background(), b); err != nil {
		return fmt.Errorf("record deliveries of issue %d: %w", r.is.Number, err)
	}
	took := time.Since(start)
	started := 0
	r.mu.Lock()
	r.rep.Ledger.add(len(group), took)
	for i, u := range updates {
		r.count(u, group[i].retry)
		if u.State != StateSkipped { // skipped ones gave their budget back
			started++
		}
	}
	p := r.prog
	r.mu.Unlock()
	r.recorded(started)
	p.Issue, p.Rate = r.is.Number, r.pacer.rate()
	r.progress(p)
	return nil
}

// count adds a committed outcome to the report and the progress.
func (r *run) count(u Update, retry bool) {
	switch u.State {
	case StateSent:
		r.rep.Sent++
		r.prog.Sent++
	case StateFailed:
		r.rep.Failed++
		r.prog.Failed++
		if len(r.rep.Samples) < maxSamples {
			r.rep.Samples = append(r.rep.Samples, u)
		}
	case StateDeferred:
		r.rep.Deferred++
	case StateUnconfirmed:
		r.rep.Unconfirmed++
	case StateSkipped:
		r.rep.Skipped++
	}
	waiting := u.State == StateQueued && u.Attempt
	switch {
	case retry && !waiting && u.State != StateQueued:
		r.prog.Retrying--
	case !retry && waiting:
		r.prog.Retrying++
	}
}
