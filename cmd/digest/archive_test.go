package main

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// archiveSite sends two issues (a second article arrives in between) and
// serves the web side.
func archiveSite(t *testing.T) (*httptest.Server, func(string) (int, string)) {
	t.Helper()
	_, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada")
	e.mustRun("--set", "content.max_stories=2", "send")
	e.mustRun("--set", "content.max_stories=2", "send") // the next two stories: issue 2
	ts := httptest.NewServer(e.newWeb(t).srv.Handler)
	t.Cleanup(ts.Close)
	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	return ts, get
}

// TestArchiveIsAPublicPage: an issue's page is a web page of its own, not
// a forwarded copy of somebody's email.
func TestArchiveIsAPublicPage(t *testing.T) {
	_, get := archiveSite(t)
	code, page := get("/archive/2")
	if code != 200 {
		t.Fatalf("issue 2: %d", code)
	}
	for _, want := range []string{`<title>`, `<meta name="description" content="`, `<meta property="og:title" content="`,
		`<meta property="og:url" content="https://news.example.com/archive/2">`, `href="https://news.example.com/subscribe"`,
		`href="https://news.example.com/archive/1" rel="prev"`} {
		if !strings.Contains(page, want) {
			t.Errorf("issue page lacks %s", want)
		}
	}
	for _, bad := range []string{"ada@example.com", "Ada", "DGSTx", "receiving", "View in browser", "Unsubscribe", `rel="next"`} {
		if strings.Contains(page, bad) {
			t.Errorf("issue page carries %q", bad)
		}
	}
	if _, first := get("/archive/1"); !strings.Contains(first, `href="https://news.example.com/archive/2" rel="next"`) || strings.Contains(first, `rel="prev"`) {
		t.Error("issue 1 does not link on to issue 2 (and only to it)")
	}
	_, list := get("/archive")
	titles := regexp.MustCompile(`<ul class="stories"><li>`).FindAllString(list, -1)
	if len(titles) != 2 || !regexp.MustCompile(`Issue 2 · \w+day, \d+ \w+ 2026`).MatchString(list) {
		t.Errorf("the archive lists no dates or lead stories:\n%s", list)
	}
}

// TestFeedIsValidAtom reads /feed.xml back with a real feed parser and
// checks what RFC 4287 requires.
func TestFeedIsValidAtom(t *testing.T) {
	_, get := archiveSite(t)
	code, body := get("/feed.xml")
	if code != 200 {
		t.Fatalf("feed: %d", code)
	}
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	if f.FeedType != "atom" || f.Title == "" || len(f.Authors) == 0 || f.Authors[0].Name == "" || f.UpdatedParsed == nil || len(f.Items) != 2 {
		t.Fatalf("feed = %+v", f)
	}
	for _, it := range f.Items {
		if it.GUID != "https://news.example.com/archive/"+it.Link[strings.LastIndex(it.Link, "/")+1:] || it.UpdatedParsed == nil ||
			it.Description == "" || !strings.Contains(it.Content, "<h2>") {
			t.Errorf("entry %q: id %q, updated %v, summary %q, content %d bytes", it.Title, it.GUID, it.UpdatedParsed, it.Description, len(it.Content))
		}
	}
	// The raw XML, as RFC 4287 spells it: feed id, updated, author name;
	// entries with id, updated, summary and HTML content.
	var raw struct {
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Content struct {
				Type string `xml:"type,attr"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	if raw.ID == "" || raw.Updated == "" || raw.Author.Name == "" {
		t.Errorf("feed head: %+v", raw)
	}
	for _, e := range raw.Entries {
		if e.ID == "" || e.Updated == "" || e.Summary == "" || e.Content.Type != "html" {
			t.Errorf("entry: %+v", e)
		}
	}
	// A second read gives the same ids: they are stable.
	_, again := get("/feed.xml")
	if regexp.MustCompile(`<id>[^<]*</id>`).FindAllString(again, -1)[1] != regexp.MustCompile(`<id>[^<]*</id>`).FindAllString(body, -1)[1] {
		t.Error("entry ids changed between two reads")
	}
}

// TestRenderedSampleUnsubscribesNoOne: the unsubscribe link in digest
// render's sample issue is a sample's, not the first subscriber's.
func TestRenderedSampleUnsubscribesNoOne(t *testing.T) {
	e := newTestEnv(t, "")
	e.mustRun("subscribers", "add", "ada@example.com")
	out := t.TempDir()
	e.mustRun("render", "--out", out)
	eml, err := os.ReadFile(filepath.Join(out, "issue.eml"))
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https://news\.example\.com/unsubscribe/[^>\s"]+`).Find(eml)
	if link == nil {
		t.Fatalf("no unsubscribe link in issue.eml")
	}
	ts := httptest.NewServer(e.newWeb(t).srv.Handler)
	defer ts.Close()
	path := strings.TrimPrefix(string(link), "https://news.example.com")
	resp, err := http.Post(ts.URL+path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if show := e.mustRun("subscribers", "show", "ada@example.com"); !strings.Contains(show, "active") {
		t.Errorf("the sample's link (%d) changed a real subscriber:\n%s", resp.StatusCode, show)
	}
}
