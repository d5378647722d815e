package digest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// health tracks whether the server can be reached. Failures that are not
// a recipient's own (refused connections, timeouts, TLS, slow-down replies)
// pause all dialling for a back-off that doubles with each failed window;
// any success resets it. After Options.MaxAttempts failed windows in a row
// the send gives up, leaving every delivery queued for the next send.
type health struct {
	opts  *DeliveryOptions
	now   func() time.Time
	mu    sync.Mutex
	fails int       // failed windows in a row
	until time.Time // no dialling before this
	stop  func(error)
}

func newHealth(o *DeliveryOptions, now func() time.Time) *health {
	return &health{opts: o, now: now, stop: func(error) {}}
}

// failed notes a failure; several failures within one pause count once.
func (h *health) failed(se *SendError) {
	if se.Class != Connection && se.Class != SlowDown {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	if now.Before(h.until) {
		return
	}
	h.fails++
	if h.fails >= h.opts.MaxAttempts {
		h.stop(&UnreachableError{Last: se, Tries: h.fails})
		return
	}
	h.until = now.Add(h.opts.backoff(h.fails, rand.Float64()))
}

func (h *health) ok() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fails, h.until = 0, time.Time{}
}

// resumeAt is when dialling may start again.
func (h *health) resumeAt() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.until
}

// wait blocks until dialling may start again.
func (h *health) wait(ctx context.Context) error {
	return sleep(ctx, h.resumeAt().Sub(h.now()))
}

// sleep waits for d, or until ctx ends (then its error).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// UnreachableError stops a send when the server stayed unreachable (or
// kept asking to slow down) through every retry: nobody's attempts were
// used up, and the next send resumes.
type UnreachableError struct {
	Last  *SendError
	Tries int
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%v (%d tries): %v", ErrUnreachable, e.Tries, e.Last)
}

func (e *UnreachableError) Unwrap() error { return ErrUnreachable }
