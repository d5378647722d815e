package digest

import (
	"context"
	"fmt"
)

// result is one attempt's outcome, acknowledged once committed.
type result struct {
	update Update
	retry  bool // the delivery was waiting for a retry before
	ack    chan error
}

// maxGroup bounds how many outcomes one ledger transaction commits.
const maxGroup = 512

// commit hands an outcome to the ledger writer and waits until it is
// written: the worker's next message starts only after that.
func (r *run) commit(j Due, u Update) {
	res := &result{update: u, retry: j.Attempts > 0 || j.Deferred, ack: make(chan error, 1)}
	r.results <- res
	if err := <-res.ack; err != nil {
		r.stop(err)
	}
	r.inPass.Done()
}

// record commits outcomes in groups: whatever arrived while the last
// transaction ran goes into the next one.
func (r *run) record() error {
	var failed error
	for first := range r.results {
		group := []*result{first}
	drain:
		for len(group) < maxGroup {
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
		r.count(u, group[i].retry)
	}
	p := r.prog
	r.mu.Unlock()
	p.Issue, p.Rate = r.is.Number, r.pacer.rate()
	if r.d.Progress != nil {
		r.d.Progress(p)
	}
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
