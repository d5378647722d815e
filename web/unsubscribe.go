package web

import (
	"io"
	"net/http"

	"github.com/digest-dev/digest/digest"
)

// subscriber resolves an unsubscribe token; a forged or malformed one is
// answered 404, changing nothing.
func (s *Server) subscriber(w http.ResponseWriter, r *http.Request) *digest.Subscriber {
	id, ok := s.Tokens.Verify(digest.LinkUnsubscribe, r.PathValue("token"))
	if !ok {
		http.NotFound(w, r)
		return nil
	}
	sub, err := s.Store.FindByID(r.Context(), id)
	if err != nil {
		http.NotFound(w, r)
		return nil
	}
	return sub
}

// unsubscribePage asks for confirmation: a GET alone never unsubscribes,
// since mail scanners follow links.
func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	sub := s.subscriber(w, r)
	if sub == nil {
		return
	}
	p := s.page("Unsubscribe")
	p.Email, p.Action, p.Done = sub.Email, r.URL.Path, sub.Status == digest.StatusUnsubscribed
	s.render(w, "unsubscribe.html", p)
}

// unsubscribe handles RFC 8058 one-click POSTs (body
// "List-Unsubscribe=One-Click": 200, no redirect) and the page's button.
// It is idempotent, and the history notes which it was.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	sub := s.subscriber(w, r)
	if sub == nil {
		return
	}
	oneClick := r.PostForm.Get("List-Unsubscribe") == "One-Click"
	source := "web"
	if oneClick {
		source = "one-click"
	}
	if _, err := s.Store.SetStatusByID(r.Context(), sub.ID, digest.StatusUnsubscribed, source, clientIP(r)); err != nil {
		http.Error(w, "could not unsubscribe; please try again", http.StatusInternalServerError)
		return
	}
	s.Log.Info("unsubscribed", "subscriber", sub.ID, "one_click", oneClick)
	if oneClick {
		io.WriteString(w, "unsubscribed\n")
		return
	}
	p := s.page("Unsubscribed")
	p.Email, p.Done = sub.Email, true
	s.render(w, "unsubscribe.html", p)
}
