package web

import (
	"net/http"

	"github.com/digest-dev/digest/digest"
)

// Page is what every page template sees.
type Page struct {
	Lang, Name, Title, Base string
	Description             string // for <meta name=description> and Open Graph
	URL                     string // the page's own address (og:url)
	Address                 string // the publisher's postal address, if set
	Email, Action           string
	CSRF, Error             string
	Done                    bool
	Issues                  []digest.IssueSummary
	Issue                   *IssuePage
}

// IssuePage is an issue as its public archive page shows it.
type IssuePage struct {
	Number     int
	Date       string
	Subject    string
	Content    *digest.Content
	Prev, Next int // neighbouring sent issues; 0 when none
}

func (s *Server) page(title string) Page {
	lang := s.Newsletter.Language
	if lang == "" {
		lang = "en"
	}
	return Page{Lang: lang, Name: s.Newsletter.Name, Title: title, Base: s.base(), Address: s.Newsletter.Address,
		Description: s.Newsletter.Name + ": the archive of every issue."}
}

func (s *Server) render(w http.ResponseWriter, name string, p Page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.Pages.ExecuteTemplate(w, name, p); err != nil {
		s.Log.Error("render page", "page", name, "error", err)
	}
}
