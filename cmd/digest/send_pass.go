package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/digest-dev/digest/digest"
)

// sendPass is one pass of digest send or of the queue runner over the
// database, under its send lock. Its deliverer (and with it the
// transport) is built once, when first needed, and serves the retries of
// deferred deliveries and the issue's send alike.
type sendPass struct {
	d      *deps
	dl     *digest.Deliverer
	unlock func()
}

// withSendLock runs fn under the database's send lock; a lock another
// process holds comes back as a *lockedError. On SQLite the lock is held
// for the whole pass: one sender per database. On PostgreSQL it is held
// only until the pass starts delivering (two processes never make two
// issues), and every process then shares the send.
func (d *deps) withSendLock(ctx context.Context, fn func(p *sendPass) error) error {
	unlock, err := d.store.LockSend(ctx)
	if errors.Is(err, digest.ErrSendInProgress) {
		return &lockedError{err: err}
	}
	if err != nil {
		return err
	}
	p := &sendPass{d: d, unlock: unlock}
	defer p.release()
	return fn(p)
}

// release gives the send lock back, once.
func (p *sendPass) release() {
	if p.unlock != nil {
		p.unlock()
		p.unlock = nil
	}
}

// deliverer is the pass's deliverer, built on first use.
func (p *sendPass) deliverer() (*digest.Deliverer, error) {
	if p.dl == nil {
		dl, err := p.d.deliverer()
		if err != nil {
			return nil, err
		}
		p.dl = dl
	}
	return p.dl, nil
}

// deliver drains the issue's queue over the configured transport and
// prints the summary; on PostgreSQL it first lets other processes in.
func (p *sendPass) deliver(ctx context.Context, is *digest.StoredIssue) error {
	d := p.d
	if d.store.SharedSends() {
		p.release()
	}
	dl, err := p.deliverer()
	if err != nil {
		return err
	}
	// One send at a time per process: two with one worker name would
	// take each other's claims (digest run's schedule and its queue runner).
	d.sending.Lock()
	defer d.sending.Unlock()
	counts, err := d.store.DeliveryCounts(ctx, is.Number)
	if err != nil {
		return err
	}
	var clearBar func()
	dl.Progress, clearBar = d.sendProgress(is.Number, counts[digest.StateQueued])
	rep, err := dl.Deliver(ctx, is)
	clearBar()
	d.report(rep)
	return d.sendOutcome(ctx, rep, err)
}

// retryDeferred gives the deferred deliveries of recent issues that are
// due another attempt, and fails those past smtp.queue_lifetime: the queue
// run of an MTA, made before each new issue (and by digest run on its own).
func (p *sendPass) retryDeferred(ctx context.Context) error {
	d := p.d
	lifetime := d.cfg.SMTP.QueueLifetime
	if n, err := d.store.ExpireDeferred(ctx, d.now().Add(-lifetime)); err != nil || n > 0 {
		if err != nil {
			return err
		}
		d.log.Warn("deferred deliveries failed: their issue is older than smtp.queue_lifetime", "count", n, "queue_lifetime", lifetime)
	}
	issues, err := d.store.DeferredIssues(ctx, d.now().Add(-lifetime), d.now())
	if err != nil || len(issues) == 0 {
		return err
	}
	dl, err := p.deliverer()
	if err != nil {
		return err
	}
	for _, is := range issues {
		fmt.Fprintf(d.stdout, "retrying deferred deliveries of issue %d\n", is.Number)
		rep, err := dl.Retry(ctx, is)
		d.report(rep)
		if err := d.sendOutcome(ctx, rep, err); err != nil {
			var pe *partialError
			if !errors.As(err, &pe) {
				return err
			}
			fmt.Fprintln(d.stderr, "digest:", err)
		}
	}
	return nil
}
