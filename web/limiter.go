package web

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limiter allows each IP a few form posts per window.
type limiter struct {
	mu     sync.Mutex
	window time.Duration
	max    int
	seen   map[string]*ipWindow
}

type ipWindow struct {
	start time.Time
	n     int
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, seen: map[string]*ipWindow{}}
}

func (l *limiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 100_000 { // forget old windows rather than grow without bound
		for k, v := range l.seen {
			if now.Sub(v.start) > l.window {
				delete(l.seen, k)
			}
		}
	}
	wnd := l.seen[ip]
	if wnd == nil || now.Sub(wnd.start) > l.window {
		wnd = &ipWindow{start: now}
		l.seen[ip] = wnd
	}
	wnd.n++
	return wnd.n <= l.max
}

// clientIP is the peer's address. Behind a reverse proxy every request
// comes from the proxy: configure the proxy to rate-limit, or trust its
// X-Forwarded-For (not done here, since a client can forge it).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
