package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRobotsTxtForPages(t *testing.T) {
	var robots atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robots.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: Digest\nDisallow: /private/\nAllow: /private/open\n")
			return
		}
		fmt.Fprint(w, "page")
	}))
	defer srv.Close()
	f := newFetcher(t, Config{})
	tests := []struct {
		path string
		page bool
		ok   bool
	}{
		{"/news/ferry", true, true},
		{"/private/memo", true, false},
		{"/private/open-day", true, true},
		{"/private/feed.xml", false, true}, // feeds are not checked
	}
	for _, tt := range tests {
		_, err := f.Get(context.Background(), Request{URL: srv.URL + tt.path, Page: tt.page})
		if tt.ok && err != nil {
			t.Errorf("%s: %v", tt.path, err)
		}
		if !tt.ok && !errors.Is(err, ErrDisallowed) {
			t.Errorf("%s: err = %v, want ErrDisallowed", tt.path, err)
		}
	}
	if robots.Load() != 1 {
		t.Errorf("robots.txt fetched %d times, want once", robots.Load())
	}
}

func TestRobotsTxtMissingOrDown(t *testing.T) {
	tests := []struct {
		status int
		ok     bool
	}{
		{http.StatusNotFound, true},
		{http.StatusForbidden, true},
		{http.StatusInternalServerError, false},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(tt.status)
				return
			}
			fmt.Fprint(w, "page")
		}))
		_, err := newFetcher(t, Config{}).Get(context.Background(), Request{URL: srv.URL + "/a", Page: true})
		srv.Close()
		if tt.ok != (err == nil) {
			t.Errorf("robots.txt %d: err = %v, want ok = %v", tt.status, err, tt.ok)
		}
		if !tt.ok && !strings.Contains(fmt.Sprint(err), "robots.txt unreachable") {
			t.Errorf("robots.txt %d: err = %v, want it to say robots.txt is unreachable", tt.status, err)
		}
	}
}

func TestParseRobots(t *testing.T) {
	body := `# a comment
User-agent: othercrawler
Disallow: /

User-agent: digest
User-agent: friend
Disallow: /drafts/
Allow: /drafts/public$
Disallow: /*.pdf$
Disallow: /search?*
Disallow:

User-agent: *
Disallow: /everything
`
	r := parseRobots(body, robotsToken)
	tests := []struct {
		path, query string
		want        bool
	}{
		{"/", "", true},
		{"/news/a", "", true},
		{"/drafts/x", "", false},
		{"/drafts/public", "", true},
		{"/drafts/public/more", "", false},
		{"/files/report.pdf", "", false},
		{"/files/report.pdf.html", "", true},
		{"/search", "q=ferry", false},
		{"/everything", "", true}, // the * group does not apply: digest has its own
	}
	for _, tt := range tests {
		if got := r.allows(tt.path, tt.query); got != tt.want {
			t.Errorf("allows(%s?%s) = %v, want %v", tt.path, tt.query, got, tt.want)
		}
	}
	star := parseRobots("User-agent: *\nDisallow: /private\n", robotsToken)
	if star.allows("/private/x", "") || !star.allows("/public", "") {
		t.Error("the * group must apply when no group names digest")
	}
	if empty := parseRobots("User-agent: digest\nDisallow:\n\nUser-agent: *\nDisallow: /\n", robotsToken); !empty.allows("/a", "") {
		t.Error("an empty group naming digest allows everything")
	}
}
