package digest

import (
	"context"
	"testing"
	"time"
)

func TestPacerSlowsDownAndRecovers(t *testing.T) {
	p := newPacer(100)
	p.slowDown()
	if got := p.rate(); got != 50 {
		t.Fatalf("after a slow-down: %g/s, want 50", got)
	}
	for i := 0; i < 200; i++ {
		p.success()
	}
	if got := p.rate(); got != 100 {
		t.Errorf("after many successes: %g/s, want back to 100", got)
	}
	for i := 0; i < 20; i++ {
		p.slowDown()
	}
	if got := p.rate(); got != 1 {
		t.Errorf("floor: %g/s, want 1", got)
	}
}

func TestPacerSpacesSends(t *testing.T) {
	p := newPacer(200) // 5ms apart
	start := time.Now()
	for i := 0; i < 11; i++ {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 45*time.Millisecond {
		t.Errorf("11 sends at 200/s took %v, want at least 50ms", el)
	}
	unlimited := newPacer(0)
	unlimited.slowDown() // a slow-down from unlimited sets a limit
	if unlimited.rate() <= 0 {
		t.Error("a slow-down left the rate unlimited")
	}
}

func TestBackoffDoublesWithJitterUpToTheCap(t *testing.T) {
	o := &DeliveryOptions{RetryBackoff: time.Second, RetryBackoffMax: 8 * time.Second}
	for attempts, base := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 8 * time.Second} {
		for _, jitter := range []float64{0, 0.25, 0.5, 0.99} {
			if d := o.backoff(attempts, jitter); d < base*8/10 || d > base*12/10 {
				t.Fatalf("attempt %d: %v, want %v ±20%%", attempts, d, base)
			}
		}
	}
}
