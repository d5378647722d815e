package main

import (
	"context"
	"sync"
	"time"

	"github.com/digest-dev/digest/mailer/bounce"
)

// startBounceFetches reads the bounce mailbox at start and then every
// bounces.interval until ctx ends; wait returns once a fetch in flight
// has finished. Without a mailbox it does nothing.
func (d *deps) startBounceFetches(ctx context.Context) (wait func(), err error) {
	f, err := d.bounceFetcher()
	if err != nil || f == nil {
		return func() {}, err
	}
	ticker := time.NewTicker(d.cfg.Bounces.Interval)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer ticker.Stop()
		everyTick(ctx, ticker.C, func() { d.fetchBounces(ctx, f) })
	}()
	return wg.Wait, nil
}

// everyTick runs fn now and at each tick until ctx ends.
func everyTick(ctx context.Context, ticks <-chan time.Time, fn func()) {
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
	}
}

// fetchBounces reads the mailbox once and logs what it did; a failure is
// logged and the next tick tries again.
func (d *deps) fetchBounces(ctx context.Context, f *bounce.Fetcher) {
	if ctx.Err() != nil {
		return
	}
	c, err := f.Fetch(ctx)
	if err != nil {
		d.log.Error("bounce mailbox", "error", err, "handled", c.Messages)
		return
	}
	d.log.Info("bounce mailbox read", "messages", c.Messages, "hard", c.Hard, "soft", c.Soft, "complaints", c.Complaints,
		"auto_replies", c.AutoReplies, "unattributed", c.Unattributed, "marked_bounced", c.Bounced, "unsubscribed", c.Unsubscribed)
}
