package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
)

// Sentinels for the conditions callers branch on.
var (
	// ErrTooLarge matches a TooLargeError.
	ErrTooLarge = errors.New("response too large")
	// ErrTooManyRedirects is a chain of redirects longer than allowed.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrBlocked matches a BlockedError: an address that is not fetched.
	ErrBlocked = errors.New("address not allowed")
	// ErrDisallowed is a page that robots.txt asks digest not to fetch.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrTimeout is a request that took longer than the timeout.
	ErrTimeout = errors.New("timed out")
)

// TooLargeError is a body over the size cap, counted after decompression.
type TooLargeError struct{ Max int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("response larger than %d bytes", e.Max)
}

// Is lets errors.Is(err, ErrTooLarge) match.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// StatusError is an HTTP status other than 2xx or 304.
type StatusError struct {
	Code   int
	Status string // "404 Not Found"
}

func (e *StatusError) Error() string { return "HTTP " + e.Status }

// RetryLaterError is a 429 or 503 with a Retry-After: the host is not
// asked again before After has passed.
type RetryLaterError struct {
	Status string
	After  time.Duration
}

func (e *RetryLaterError) Error() string {
	return fmt.Sprintf("HTTP %s: the server asks to retry after %s", e.Status, e.After)
}

// BlockedError is a connection refused because of where it would go.
type BlockedError struct {
	Addr string // the resolved IP address
	Kind string // "loopback", "private", "link-local", ...
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("refusing to connect to %s, a %s address (not fetched unless private addresses are allowed)", e.Addr, e.Kind)
}

// Is lets errors.Is(err, ErrBlocked) match.
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// explain turns the transport's errors into short ones: the guard's
// refusal, the redirect limit, or the timeout, without the url.Error's
// repetition of the method and URL.
func (f *Fetcher) explain(ctx context.Context, err error) error {
	var blocked *BlockedError
	var netErr net.Error
	switch {
	case errors.As(err, &blocked):
		return blocked
	case errors.Is(err, ErrTooManyRedirects):
		return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, f.cfg.MaxRedirects)
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("%w after %s", ErrTimeout, f.cfg.Timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
