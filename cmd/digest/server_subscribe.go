package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/subscribers"
)

// confirmFor is how long a confirmation link stays valid.
const confirmFor = 48 * time.Hour

const csrfCookie = "digest_csrf"

// subscribeForm shows the form, with a CSRF token in a cookie and a field
// (double submit: a cross-site form cannot read the cookie to copy it).
func (s *server) subscribeForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, "subscribe.html", s.subscribePage(w, r, ""))
}

func (s *server) subscribePage(w http.ResponseWriter, r *http.Request, msg string) page {
	token := make([]byte, 16)
	rand.Read(token)
	csrf := hex.EncodeToString(token)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/subscribe", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: strings.HasPrefix(s.base, "https://"), MaxAge: 3600})
	p := s.page("Subscribe")
	p.Action, p.CSRF, p.Error = s.base+"/subscribe", csrf, msg
	return p
}

// subscribe takes the form. Its reply never reveals whether the address
// was already on the list.
func (s *server) subscribe(w http.ResponseWriter, r *http.Request) {
	if !s.limiter.allow(clientIP(r), time.Now()) {
		w.Header().Set("Retry-After", "600")
		http.Error(w, "too many requests from your address; try again later", http.StatusTooManyRequests)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 || c.Value == "" {
		w.WriteHeader(http.StatusForbidden)
		s.render(w, "subscribe.html", s.subscribePage(w, r, "The form had expired. Please try again."))
		return
	}
	email, err := subscribers.NormaliseEmail(r.PostForm.Get("email"))
	if err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
		s.render(w, "subscribe.html", s.subscribePage(w, r, "That does not look like an e-mail address."))
		return
	}
	name := strings.Join(strings.Fields(r.PostForm.Get("name")), " ")
	// A suppressed address (it hard-bounced, or its owner complained) gets
	// the usual reply and nothing else: no record, no confirmation mail.
	sp, err := s.st.Suppressed(r.Context(), email)
	if err != nil {
		s.a.log.Error("subscribe", "error", err)
		http.Error(w, "could not subscribe; please try again", http.StatusInternalServerError)
		return
	}
	if sp != nil {
		s.a.log.Info("sign-up of a suppressed address ignored", "reason", sp.Reason)
		s.checkInbox(w)
		return
	}
	sub, confirm, err := s.st.Subscribe(r.Context(), email, name, clientIP(r))
	if err != nil {
		s.a.log.Error("subscribe", "error", err)
		http.Error(w, "could not subscribe; please try again", http.StatusInternalServerError)
		return
	}
	if confirm {
		if err := s.sendConfirmation(r.Context(), sub); err != nil {
			s.a.log.Error("confirmation mail", "subscriber", sub.ID, "error", err)
		}
	}
	s.checkInbox(w)
}

// checkInbox is the reply to every accepted sign-up, whatever the list
// holds.
func (s *server) checkInbox(w http.ResponseWriter) {
	p := s.page("Check your inbox")
	p.Done = true
	s.render(w, "subscribe.html", p)
}

// sendConfirmation mails the double opt-in link, built and sent like any
// issue: the same template fill and transport.
func (s *server) sendConfirmation(ctx context.Context, sub *subscribers.Subscriber) error {
	rc := digest.Recipient{ID: sub.ID, Email: sub.Email, Name: sub.Name}
	links := s.links.Links(0, rc)
	links.Confirm = s.base + "/confirm/" + s.signer.ExpiringToken(subscribers.PurposeConfirm, sub.ID, s.a.now().Add(confirmFor))
	conn, err := s.mail.Open(ctx, s.confirmMail)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Send(ctx, &digest.Message{To: rc, Links: links, MessageID: mailer.RandomID("confirm")})
}

// confirm activates a pending subscriber from a valid, unexpired link.
func (s *server) confirm(w http.ResponseWriter, r *http.Request) {
	id, ok, expired := s.signer.VerifyExpiring(subscribers.PurposeConfirm, r.PathValue("token"), s.a.now())
	if !ok && !expired {
		http.NotFound(w, r)
		return
	}
	sub, err := s.st.FindByID(r.Context(), id)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	p := s.page("Confirm")
	if ok && sub.Status == subscribers.Pending {
		if _, err := s.st.SetStatusByID(r.Context(), id, subscribers.Active); err != nil {
			http.Error(w, "could not confirm; please try again", http.StatusInternalServerError)
			return
		}
		sub.Status = subscribers.Active
	}
	p.Done, p.Email = sub.Status == subscribers.Active, sub.Email
	if !p.Done {
		w.WriteHeader(http.StatusGone)
	}
	s.render(w, "confirm.html", p)
}

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
