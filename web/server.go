// Package web is digest's HTTP adapter: the pages and endpoints a list
// needs in public (RFC 8058 one-click unsubscribe, the double opt-in form
// and its confirmation link, the archive, the Atom feed, bounce webhooks
// and a health check). It declares the small interfaces it uses and is
// built from explicit dependencies; cmd/digest wires the real ones.
package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Store is what the web side reads and changes.
type Store interface {
	LastIssueNumber(ctx context.Context) (int, error)
	FindByID(ctx context.Context, id int64) (*digest.Subscriber, error)
	// SetStatusByID changes a status, noting the change in the history.
	SetStatusByID(ctx context.Context, id int64, status, source, ip string) (bool, error)
	// Subscribe records a sign-up; confirm says whether to mail a link.
	// A suppressed address is digest.ErrSuppressed, recording nothing.
	Subscribe(ctx context.Context, email, name, ip string) (sub *digest.Subscriber, confirm bool, err error)
	// Confirm activates a subscriber from a link made at issued.
	Confirm(ctx context.Context, id int64, issued time.Time, ip string) (*digest.Subscriber, error)
	// SentIssues lists the issues whose send finished, newest first.
	SentIssues(ctx context.Context) ([]digest.IssueSummary, error)
	// SentIssue returns a sent issue, or nil.
	SentIssue(ctx context.Context, n int) (*digest.StoredIssue, error)
	// LatestSentIssues returns the n newest sent issues with their
	// content, newest first.
	LatestSentIssues(ctx context.Context, n int) ([]*digest.StoredIssue, error)
}

// Tokens signs and checks the tokens in links.
type Tokens interface {
	Verify(purpose, token string) (int64, bool)
	ExpiringToken(purpose string, id int64, expires time.Time) string
	VerifyExpiring(purpose, token string, now time.Time) (id int64, until time.Time, ok, expired bool)
}

// Pages renders the named page templates.
type Pages interface {
	ExecuteTemplate(w io.Writer, name string, data any) error
}

// Server serves the public side of a newsletter.
type Server struct {
	Newsletter digest.Newsletter
	Store      Store
	Tokens     Tokens
	Linker     digest.Linker
	Pages      Pages
	// Mail carries the confirmation mail, built like any issue.
	Mail digest.Transport
	// Confirmation is the double opt-in mail, rendered once.
	Confirmation *digest.StoredIssue
	// Webhooks are the bounce and complaint providers that are on, by the
	// {provider} part of POST /webhooks/{provider}.
	Webhooks map[string]http.Handler
	Log      *slog.Logger
	Now      func() time.Time

	limiter *limiter
}

// maxForm bounds a POST body: an unsubscribe carries a few bytes.
const maxForm = 16 << 10

// maxWebhook bounds a webhook request body.
const maxWebhook = 256 << 10

// confirmFor is how long a confirmation link stays valid.
const confirmFor = 48 * time.Hour

func (s *Server) base() string { return strings.TrimRight(s.Newsletter.PublicURL, "/") }

// Handler is every route, behind the security headers.
func (s *Server) Handler() http.Handler {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	s.limiter = newLimiter(10, 10*time.Minute)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /unsubscribe/{token}", s.unsubscribePage)
	mux.HandleFunc("POST /unsubscribe/{token}", s.unsubscribe)
	mux.HandleFunc("GET /archive", s.archive)
	mux.HandleFunc("GET /archive/{number}", s.issuePage)
	mux.HandleFunc("GET /feed.xml", s.feed)
	mux.HandleFunc("GET /subscribe", s.subscribeForm)
	mux.HandleFunc("POST /subscribe", s.subscribe)
	mux.HandleFunc("GET /confirm/{token}", s.confirm)
	mux.HandleFunc("POST /webhooks/{provider}", s.webhook)
	return securityHeaders(mux)
}

// HTTPServer is an http.Server for the handler, with the limits a public
// server needs: request sizes and timeouts for slow clients.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: s.Handler(),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Store.LastIssueNumber(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}

// webhook hands POST /webhooks/{provider} to the provider's handler; one
// that is not configured is 404.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	h, ok := s.Webhooks[r.PathValue("provider")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxWebhook)
	h.ServeHTTP(w, r)
}
