// Package fetch gets feeds and article pages over HTTP politely and safely:
// one User-Agent, conditional requests, a timeout, a size cap counted after
// decompression, at most five redirects, at most two requests at once per
// host, Retry-After honoured, robots.txt respected for pages, and no
// connection to loopback, private, link-local or metadata addresses unless
// allowed, checked after DNS resolution on every connection.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout       = 20 * time.Second
	DefaultMaxBytes      = 10 << 20
	DefaultMaxRedirects  = 5
	DefaultPerHost       = 2
	DefaultMaxRetryAfter = 30 * time.Second
)

// Config tunes a Fetcher. Zero values take the defaults above.
type Config struct {
	// UserAgent names the program and where to learn about it, e.g.
	// UserAgent("https://news.example.com"). Required.
	UserAgent string
	// Timeout bounds one request, from connecting to the last byte,
	// redirects included; waiting for a free slot on the host is not counted.
	Timeout time.Duration
	// MaxBytes caps a response body after decompression.
	MaxBytes int64
	// AllowPrivate permits loopback, private, link-local and other
	// non-public addresses (tests, intranets).
	AllowPrivate bool
	MaxRedirects int
	// PerHost is the number of requests in flight to one host.
	PerHost int
	// MaxRetryAfter is the longest Retry-After waited for; a server asking
	// for longer fails the request.
	MaxRetryAfter time.Duration
}

// UserAgent is the User-Agent digest sends: the product token robots.txt
// rules name ("digest") and the newsletter's public URL.
func UserAgent(publicURL string) string {
	return "Mozilla/5.0 (compatible; digest/1.0; +" + publicURL + ")"
}

// Fetcher gets URLs. It is safe for concurrent use.
type Fetcher struct {
	cfg       Config
	guard     *guard
	transport *http.Transport
	hosts     *hosts
	robots    *robotsCache
}

// ErrNoUserAgent is returned by New when Config.UserAgent is empty.
var ErrNoUserAgent = errors.New("fetch: a User-Agent is required")

// New returns a Fetcher for cfg.
func New(cfg Config) (*Fetcher, error) {
	if cfg.UserAgent == "" {
		return nil, ErrNoUserAgent
	}
	defaults(&cfg)
	g := &guard{allowPrivate: cfg.AllowPrivate}
	dialer := &net.Dialer{Timeout: cfg.Timeout, Control: g.control}
	tr := &http.Transport{
		Proxy:               nil, // a proxy would connect on our behalf, past the guard
		DialContext:         dialer.DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: cfg.PerHost,
		IdleConnTimeout:     90 * time.Second,
	}
	f := &Fetcher{cfg: cfg, guard: g, transport: tr, hosts: newHosts(cfg.PerHost)}
	f.robots = &robotsCache{f: f, m: map[string]*robotsEntry{}}
	return f, nil
}

func defaults(c *Config) {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.PerHost <= 0 {
		c.PerHost = DefaultPerHost
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
}

// Close releases idle connections.
func (f *Fetcher) Close() { f.transport.CloseIdleConnections() }

// Request is one URL to get.
type Request struct {
	URL string
	// ETag and LastModified are the validators of the copy the caller
	// holds; the server may answer 304 Not Modified.
	ETag, LastModified string
	// Page marks an article page: robots.txt is consulted first. Feeds are
	// published to be fetched by programs and are not checked.
	Page bool
}

// Response is a successful answer (2xx or 304).
type Response struct {
	URL         string // after redirects
	StatusCode  int
	NotModified bool // 304: the caller's copy is current; Body is empty
	Body        []byte
	ContentType string
	// ETag and LastModified are the validators to send next time.
	ETag, LastModified string
}

// Get fetches req.URL. Errors name the URL and the reason.
func (f *Fetcher) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("get %s: not an absolute http(s) URL", req.URL)
	}
	if req.Page {
		if err := f.robots.allowed(ctx, u); err != nil {
			return nil, fmt.Errorf("get %s: %w", req.URL, err)
		}
	}
	resp, err := f.get(ctx, u, req)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", req.URL, err)
	}
	return resp, nil
}

// get makes the request, waiting and retrying when the server asks to
// with Retry-After on a 429 or 503.
func (f *Fetcher) get(ctx context.Context, u *url.URL, req Request) (*Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := f.attempt(ctx, u, req)
		var later *RetryLaterError
		if !errors.As(err, &later) || later.After > f.cfg.MaxRetryAfter || attempt == 2 {
			return resp, err
		}
	}
}

// attempt is one request with its redirects, under the host limit and
// the timeout.
func (f *Fetcher) attempt(ctx context.Context, u *url.URL, req Request) (*Response, error) {
	held := &held{h: f.hosts}
	defer held.releaseAll()
	if err := held.acquire(ctx, u.Host); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	f.header(hreq, req)
	client := &http.Client{Transport: f.transport, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) > f.cfg.MaxRedirects {
			return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, f.cfg.MaxRedirects)
		}
		return held.acquire(r.Context(), r.URL.Host)
	}}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, f.explain(ctx, err)
	}
	defer resp.Body.Close()
	if err := f.status(resp); err != nil {
		return nil, err
	}
	out := &Response{URL: resp.Request.URL.String(), StatusCode: resp.StatusCode, NotModified: resp.StatusCode == http.StatusNotModified,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if !out.NotModified {
		if out.Body, err = f.read(resp); err != nil {
			return nil, f.explain(ctx, err)
		}
	}
	return out, nil
}

func (f *Fetcher) header(r *http.Request, req Request) {
	r.Header.Set("User-Agent", f.cfg.UserAgent)
	r.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5")
	if req.ETag != "" {
		r.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		r.Header.Set("If-Modified-Since", req.LastModified)
	}
}

// status turns a status other than 2xx and 304 into an error, and notes a
// Retry-After on 429 and 503 for the host.
func (f *Fetcher) status(resp *http.Response) error {
	code := resp.StatusCode
	if code/100 == 2 || code == http.StatusNotModified {
		return nil
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			f.hosts.delay(resp.Request.URL.Host, d)
			return &RetryLaterError{Status: resp.Status, After: d}
		}
	}
	return &StatusError{Code: code, Status: resp.Status}
}

// read reads the body, decompressed, up to the size cap. Content-Length is
// checked first so an honest large response is refused before reading.
func (f *Fetcher) read(resp *http.Response) ([]byte, error) {
	max := f.cfg.MaxBytes
	if resp.ContentLength > max && !resp.Uncompressed {
		return nil, &TooLargeError{Max: max}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &TooLargeError{Max: max}
	}
	return b, nil
}

// retryAfter reads a Retry-After value: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
