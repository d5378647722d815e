package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/digest-dev/digest/digest"
)

// feedEntries is how many issues the feed carries, newest first.
const feedEntries = 20

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   atomText `xml:"summary"`
	Content   atomText `xml:"content"`
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Links     []atomLink  `xml:"link"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

// feed is an Atom feed (RFC 4287) of the sent issues: each entry has a
// stable id (its archive address), its dates, a summary and the issue as
// its HTML content.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	f, err := s.atom(r.Context())
	if err != nil {
		s.Log.Error("feed", "error", err)
		http.Error(w, "feed unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	enc.Encode(f)
}

func (s *Server) atom(ctx context.Context) (*atomFeed, error) {
	base := s.base()
	f := &atomFeed{Title: s.Newsletter.Name, Subtitle: "Every issue of " + s.Newsletter.Name, ID: base + "/archive",
		Links: []atomLink{{Href: base + "/archive", Rel: "alternate", Type: "text/html"},
			{Href: base + "/feed.xml", Rel: "self", Type: "application/atom+xml"}},
		Updated: s.Now().UTC().Format(time.RFC3339), Author: atomPerson{Name: s.Newsletter.Name, URI: base}, Generator: "digest"}
	// One more issue than the feed shows: the last entry's page links
	// to the issue before it.
	latest, err := s.Store.LatestSentIssues(ctx, feedEntries+1)
	if err != nil {
		return nil, err
	}
	issues := make([]digest.IssueSummary, len(latest))
	for i, is := range latest {
		issues[i] = digest.IssueSummary{Number: is.Number}
	}
	for i, is := range latest[:min(len(latest), feedEntries)] {
		e, err := s.atomEntry(is, issues)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, *e)
	}
	return f, nil
}

// atomEntry is an issue's entry; issues (newest first) give its
// neighbours.
func (s *Server) atomEntry(is *digest.StoredIssue, issues []digest.IssueSummary) (*atomEntry, error) {
	u := fmt.Sprintf("%s/archive/%d", s.base(), is.Number)
	date := is.Date.UTC().Format(time.RFC3339)
	e := &atomEntry{Title: is.Subject, ID: u, Link: atomLink{Href: u, Rel: "alternate", Type: "text/html"},
		Published: date, Updated: date, Summary: atomText{Type: "text", Body: describe(is)}}
	var body bytes.Buffer
	if is.Content != nil {
		if err := s.Pages.ExecuteTemplate(&body, "issue-body", s.issuePageData(is, issues)); err != nil {
			return nil, err
		}
	} else {
		body.WriteString(s.legacyHTML(is))
	}
	e.Content = atomText{Type: "html", Body: body.String()}
	return e, nil
}
