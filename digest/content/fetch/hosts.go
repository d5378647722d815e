package fetch

import (
	"context"
	"sync"
	"time"
)

// hosts limits the requests in flight to each host (host:port, as each
// port on a machine may be a different site) and holds off a host that
// answered with Retry-After.
type hosts struct {
	perHost int
	mu      sync.Mutex
	m       map[string]*host
}

type host struct {
	slots     chan struct{}
	notBefore time.Time
}

func newHosts(perHost int) *hosts {
	return &hosts{perHost: perHost, m: map[string]*host{}}
}

func (h *hosts) get(name string) *host {
	h.mu.Lock()
	defer h.mu.Unlock()
	x, ok := h.m[name]
	if !ok {
		x = &host{slots: make(chan struct{}, h.perHost)}
		h.m[name] = x
	}
	return x
}

// delay keeps the host's next request back for d.
func (h *hosts) delay(name string, d time.Duration) {
	x := h.get(name)
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := time.Now().Add(d); t.After(x.notBefore) {
		x.notBefore = t
	}
}

// acquire waits for the host's Retry-After to pass and for a free slot.
func (h *hosts) acquire(ctx context.Context, name string) error {
	x := h.get(name)
	for {
		h.mu.Lock()
		wait := time.Until(x.notBefore)
		h.mu.Unlock()
		if wait <= 0 {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	select {
	case x.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *hosts) release(name string) { <-h.get(name).slots }

// held is the set of host slots one request holds: its first host, and
// the host of each redirect that leads elsewhere.
type held struct {
	h     *hosts
	mu    sync.Mutex
	names []string
}

func (s *held) acquire(ctx context.Context, name string) error {
	s.mu.Lock()
	for _, n := range s.names {
		if n == name {
			s.mu.Unlock()
			return nil
		}
	}
	s.mu.Unlock()
	if err := s.h.acquire(ctx, name); err != nil {
		return err
	}
	s.mu.Lock()
	s.names = append(s.names, name)
	s.mu.Unlock()
	return nil
}

func (s *held) releaseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.names {
		s.h.release(n)
	}
	s.names = nil
}
