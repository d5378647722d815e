package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

const csrfCookie = "digest_csrf"

// subscribeForm shows the form, with a CSRF token in a cookie and a field
// (double submit: a cross-site form cannot read the cookie to copy it).
func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, "subscribe.html", s.subscribePage(w, ""))
}

func (s *Server) subscribePage(w http.ResponseWriter, msg string) Page {
	token := make([]byte, 16)
	rand.Read(token)
	csrf := hex.EncodeToString(token)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/subscribe", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: strings.HasPrefix(s.base(), "https://"), MaxAge: 3600})
	p := s.page("Subscribe")
	p.Action, p.CSRF, p.Error = s.base()+"/subscribe", csrf, msg
	p.Description = "Subscribe to " + s.Newsletter.Name + "."
	return p
}

// subscribe takes the form. Its reply never reveals whether the address
// was already on the list, was suppressed, or got a mail.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) {
	if !s.limiter.allow(clientIP(r), s.Now()) {
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
		s.formAgain(w, http.StatusForbidden, "The form had expired. Please try again.")
		return
	}
	email, err := digest.NormaliseEmail(r.PostForm.Get("email"))
	if err != nil {
		s.formAgain(w, http.StatusUnprocessableEntity, "That does not look like an e-mail address.")
		return
	}
	name, err := digest.CheckName(r.PostForm.Get("name"))
	if err != nil {
		s.formAgain(w, http.StatusUnprocessableEntity, "Your name cannot contain control characters such as line breaks or tabs. Please type it again.")
		return
	}
	name = strings.Join(strings.Fields(name), " ")
	if err := s.signUp(r.Context(), email, name, clientIP(r)); err != nil {
		s.Log.Error("subscribe", "error", err)
		http.Error(w, "could not subscribe; please try again", http.StatusInternalServerError)
		return
	}
	p := s.page("Check your inbox")
	p.Done = true
	s.render(w, "subscribe.html", p)
}

// formAgain shows the form again with status and msg. The page sets a
// new CSRF cookie, so it is made before the status goes out: a cookie
// set after WriteHeader is dropped, and the form shown would then fail
// its own check.
func (s *Server) formAgain(w http.ResponseWriter, status int, msg string) {
	p := s.subscribePage(w, msg)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	s.render(w, "subscribe.html", p)
}

// signUp records the sign-up and mails the confirmation link when the
// store says to. A suppressed address (it hard-bounced, or its owner
// complained) is not recorded and gets no mail.
func (s *Server) signUp(ctx context.Context, email, name, ip string) error {
	sub, confirm, err := s.Store.Subscribe(ctx, email, name, ip)
	if errors.Is(err, digest.ErrSuppressed) {
		s.Log.Info("sign-up of a suppressed address ignored")
		return nil
	}
	if err != nil || !confirm {
		return err
	}
	if err := s.sendConfirmation(ctx, sub); err != nil {
		s.Log.Error("confirmation mail", "subscriber", sub.ID, "error", err)
	}
	return nil
}

// sendConfirmation mails the double opt-in link, built and sent like any
// issue: the same template fill and transport.
func (s *Server) sendConfirmation(ctx context.Context, sub *digest.Subscriber) error {
	rc := digest.Recipient{ID: sub.ID, Email: sub.Email, Name: sub.Name}
	links := s.Linker.Links(0, rc)
	links.Confirm = s.base() + "/confirm/" + s.Tokens.ExpiringToken(digest.LinkConfirm, sub.ID, s.Now().Add(confirmFor))
	conn, err := s.Mail.Open(ctx, s.Confirmation)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Send(ctx, &digest.Message{To: rc, Links: links, MessageID: randomID("confirm")})
}

// confirm activates a subscriber from a valid, unexpired link: a pending
// one, or an unsubscribed one who asked again.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request) {
	id, until, ok, expired := s.Tokens.VerifyExpiring(digest.LinkConfirm, r.PathValue("token"), s.Now())
	if !ok && !expired {
		http.NotFound(w, r)
		return
	}
	var sub *digest.Subscriber
	var err error
	if ok {
		sub, err = s.Store.Confirm(r.Context(), id, until.Add(-confirmFor), clientIP(r))
	} else {
		sub, err = s.Store.FindByID(r.Context(), id)
	}
	if err != nil && !errors.Is(err, digest.ErrStaleLink) {
		http.NotFound(w, r)
		return
	}
	p := s.page("Confirm")
	p.Done, p.Email = sub.Status == digest.StatusActive, sub.Email
	if !p.Done {
		w.WriteHeader(http.StatusGone)
	}
	s.render(w, "confirm.html", p)
}

// randomID is a random Message-ID local part.
func randomID(prefix string) string {
	b := make([]byte, 12)
	rand.Read(b)
	return prefix + "." + hex.EncodeToString(b) + "." + time.Now().UTC().Format("20060102")
}
