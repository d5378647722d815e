package digest

import (
	"context"
	"sync"
	"time"
)

// pacer spaces sends across all connections to a rate that adapts: a
// "slow down" reply halves it, and each success wins a little of it back,
// up to the configured rate (or back to unlimited).
type pacer struct {
	mu       sync.Mutex
	whole    float64 // the configured rate of the whole send; 0: unlimited
	max      float64 // this worker's share of it; 0: unlimited
	cur      float64 // current rate; 0: unlimited
	next     time.Time
	sent     int // successes since the rate last changed, for the unlimited case
	windowAt time.Time
	observed float64
}

func newPacer(rate float64) *pacer {
	return &pacer{whole: rate, max: rate, cur: rate, windowAt: time.Now()}
}

// share makes this worker's rate its share of the send's, among n live
// workers.
func (p *pacer) share(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.whole <= 0 {
		return
	}
	p.max = p.whole / float64(n)
	if p.cur <= 0 || p.cur > p.max {
		p.cur = p.max
	}
}

// wait blocks until the next send may start.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	if p.cur <= 0 {
		p.mu.Unlock()
		return ctx.Err()
	}
	now := time.Now()
	if p.next.Before(now) {
		p.next = now
	}
	at := p.next
	p.next = p.next.Add(time.Duration(float64(time.Second) / p.cur))
	p.mu.Unlock()
	return sleep(ctx, time.Until(at))
}

// success notes a delivered message and lets the rate recover by 2%.
func (p *pacer) success() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent++
	if el := time.Since(p.windowAt); el >= time.Second {
		p.observed = float64(p.sent) / el.Seconds()
		p.sent, p.windowAt = 0, time.Now()
	}
	if p.cur <= 0 || p.cur == p.max {
		return
	}
	p.cur *= 1.02
	if p.max > 0 && p.cur > p.max {
		p.cur = p.max
	}
	if p.max == 0 && p.observed > 0 && p.cur > 4*p.observed {
		p.cur = 0 // back to unlimited
	}
}

// slowDown halves the rate, never below one message a second.
func (p *pacer) slowDown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur <= 0 {
		p.cur = p.observed
		if p.cur <= 0 {
			p.cur = 100
		}
	}
	p.cur = max(p.cur/2, 1)
}

// rate is the current limit; 0 means unlimited.
func (p *pacer) rate() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur
}
