package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// archive lists the sent issues with their dates and stories.
func (s *Server) archive(w http.ResponseWriter, r *http.Request) {
	issues, err := s.Store.SentIssues(r.Context())
	if err != nil {
		http.Error(w, "archive unavailable", http.StatusInternalServerError)
		return
	}
	p := s.page("Archive")
	p.Issues, p.URL = issues, s.base()+"/archive"
	s.render(w, "archive.html", p)
}

// issuePage is an issue's public page: its content, links to the issues
// before and after it and to the sign-up form, and the tags that make a
// shared link preview well. It shows nothing of any subscriber's.
func (s *Server) issuePage(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		http.NotFound(w, r)
		return
	}
	is, err := s.Store.SentIssue(r.Context(), n)
	if err != nil || is == nil {
		http.NotFound(w, r)
		return
	}
	if is.Content == nil {
		s.legacyIssuePage(w, is)
		return
	}
	issues, err := s.Store.SentIssues(r.Context())
	if err != nil {
		http.Error(w, "archive unavailable", http.StatusInternalServerError)
		return
	}
	s.render(w, "issue.html", s.issuePageData(is, issues))
}

// issuePageData is an issue's page; issues (newest first) give its
// neighbours.
func (s *Server) issuePageData(is *digest.StoredIssue, issues []digest.IssueSummary) Page {
	p := s.page(is.Subject)
	p.URL = fmt.Sprintf("%s/archive/%d", s.base(), is.Number)
	p.Description = describe(is)
	p.Issue = &IssuePage{Number: is.Number, Subject: is.Subject, Date: is.Date.Format("Monday, 2 January 2006"), Content: is.Content}
	for i, other := range issues {
		if other.Number != is.Number {
			continue
		}
		if i > 0 {
			p.Issue.Next = issues[i-1].Number
		}
		if i+1 < len(issues) {
			p.Issue.Prev = issues[i+1].Number
		}
	}
	return p
}

// describe is an issue's one-line description: its preheader, else its
// story titles.
func describe(is *digest.StoredIssue) string {
	if is.Preheader != "" {
		return is.Preheader
	}
	var titles []string
	if is.Content != nil {
		for _, st := range is.Content.Stories {
			titles = append(titles, st.Title)
		}
	}
	return strings.Join(titles, " · ")
}

// legacyIssuePage shows an issue stored before its content was kept: the
// email with neutral values where a reader's would go.
func (s *Server) legacyIssuePage(w http.ResponseWriter, is *digest.StoredIssue) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, s.legacyHTML(is))
}

func (s *Server) legacyHTML(is *digest.StoredIssue) string {
	v := digest.Values{Name: "reader", Email: "your address", Unsubscribe: s.base() + "/subscribe",
		ViewOnline: fmt.Sprintf("%s/archive/%d", s.base(), is.Number)}
	return digest.NewPersonaliser(is.Rendered.HTML, true).Fill(v, nil)
}
