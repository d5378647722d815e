package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers"
	"github.com/digest-dev/digest/templates"
)

// server is the web side of `digest run`: one-click unsubscribe (RFC 8058),
// the archive (the view-in-browser target), the feed and a health check.
type server struct {
	a           *app
	st          *subscribers.Store
	signer      *subscribers.Signer
	links       *subscribers.LinkMaker
	mail        digest.Transport    // confirmation mails
	confirmMail *digest.StoredIssue // the confirmation mail, rendered once
	cfg         *Config
	base        string
	limiter     *limiter
}

// maxForm bounds a POST body: an unsubscribe carries a few bytes.
const maxForm = 16 << 10

func (a *app) newServer(ctx context.Context, st *subscribers.Store) (*http.Server, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	links, err := a.linker(ctx, st)
	if err != nil {
		return nil, err
	}
	mail, err := a.transport("confirm-")
	if err != nil {
		return nil, err
	}
	rendered, subject, err := templates.Confirmation(cfg.newsletter())
	if err != nil {
		return nil, err
	}
	s := &server{a: a, st: st, signer: links.Signer, links: links, mail: mail, cfg: cfg,
		confirmMail: &digest.StoredIssue{Subject: subject, Rendered: *rendered},
		base:        strings.TrimRight(cfg.Newsletter.PublicURL, "/"), limiter: newLimiter(10, 10*time.Minute)}
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
	if err := s.routeWebhooks(ctx, mux); err != nil {
		return nil, err
	}
	hs := &http.Server{Addr: cfg.HTTP.Listen, Handler: securityHeaders(mux),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
	return hs, nil
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.st.LastIssueNumber(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}

// page is what every page template sees.
type page struct {
	Lang, Name, Title, Base string
	Email, Action           string
	CSRF, Error             string
	Done                    bool
	Issues                  []subscribers.IssueSummary
}

func (s *server) page(title string) page {
	return page{Lang: s.cfg.Newsletter.Language, Name: s.cfg.Newsletter.Name, Title: title, Base: s.base}
}

func (s *server) render(w http.ResponseWriter, name string, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := templates.Pages.ExecuteTemplate(w, name, p); err != nil {
		s.a.log.Error("render page", "page", name, "error", err)
	}
}

// subscriber resolves an unsubscribe token; a forged or malformed one is
// answered 404, changing nothing.
func (s *server) subscriber(w http.ResponseWriter, r *http.Request) *subscribers.Subscriber {
	id, ok := s.signer.Verify(subscribers.PurposeUnsubscribe, r.PathValue("token"))
	if !ok {
		http.NotFound(w, r)
		return nil
	}
	sub, err := s.st.FindByID(r.Context(), id)
	if err != nil {
		http.NotFound(w, r)
		return nil
	}
	return sub
}

// unsubscribePage asks for confirmation: a GET alone never unsubscribes,
// since mail scanners follow links.
func (s *server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	sub := s.subscriber(w, r)
	if sub == nil {
		return
	}
	p := s.page("Unsubscribe")
	p.Email, p.Action, p.Done = sub.Email, r.URL.Path, sub.Status == subscribers.Unsubscribed
	s.render(w, "unsubscribe.html", p)
}

// unsubscribe handles RFC 8058 one-click POSTs (body
// "List-Unsubscribe=One-Click": 200, no redirect) and the page's button.
// It is idempotent.
func (s *server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	sub := s.subscriber(w, r)
	if sub == nil {
		return
	}
	if _, err := s.st.SetStatusByID(r.Context(), sub.ID, subscribers.Unsubscribed); err != nil {
		http.Error(w, "could not unsubscribe; please try again", http.StatusInternalServerError)
		return
	}
	s.a.log.Info("unsubscribed", "subscriber", sub.ID, "one_click", r.PostForm.Get("List-Unsubscribe") == "One-Click")
	if r.PostForm.Get("List-Unsubscribe") == "One-Click" {
		io.WriteString(w, "unsubscribed\n")
		return
	}
	p := s.page("Unsubscribed")
	p.Email, p.Done = sub.Email, true
	s.render(w, "unsubscribe.html", p)
}

func (s *server) sentIssues(ctx context.Context) ([]subscribers.IssueSummary, error) {
	return s.st.Issues(ctx, subscribers.IssueQuery{SentOnly: true})
}

func (s *server) archive(w http.ResponseWriter, r *http.Request) {
	issues, err := s.sentIssues(r.Context())
	if err != nil {
		http.Error(w, "archive unavailable", http.StatusInternalServerError)
		return
	}
	p := s.page("Archive")
	p.Issues = issues
	s.render(w, "archive.html", p)
}

// issuePage shows an issue as a subscriber saw it, with no subscriber's
// data in it: the greeting is generic and the links point at the archive.
func (s *server) issuePage(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	is, err := s.st.SentIssue(r.Context(), n)
	if err != nil || is == nil {
		http.NotFound(w, r)
		return
	}
	v := digest.Values{Name: "reader", Email: "your address", Unsubscribe: s.base + "/archive", ViewOnline: fmt.Sprintf("%s/archive/%d", s.base, n)}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, digest.NewPersonaliser(is.Rendered.HTML, true).Fill(v))
}

// feed is an Atom feed of sent issues.
func (s *server) feed(w http.ResponseWriter, r *http.Request) {
	issues, err := s.sentIssues(r.Context())
	if err != nil {
		http.Error(w, "feed unavailable", http.StatusInternalServerError)
		return
	}
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
	}
	feed := struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Link    []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Entries []entry  `xml:"entry"`
	}{Title: s.cfg.Newsletter.Name, ID: s.base + "/archive", Link: []link{{Href: s.base + "/archive"}, {Href: s.base + "/feed.xml", Rel: "self"}},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	for i, is := range issues {
		u := fmt.Sprintf("%s/archive/%d", s.base, is.Number)
		feed.Entries = append(feed.Entries, entry{Title: is.Subject, ID: u, Link: link{Href: u}, Updated: is.Date.UTC().Format(time.RFC3339)})
		if i == 0 {
			feed.Updated = is.Date.UTC().Format(time.RFC3339)
		}
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	io.WriteString(w, xml.Header)
	xml.NewEncoder(w).Encode(feed)
}
