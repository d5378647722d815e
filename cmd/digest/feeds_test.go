package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// feedSite serves the feeds and article pages written for the content
// package's tests (digest/content/testdata/web) on loopback, answering
// conditional requests, and counts what it is asked for.
type feedSite struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

var feedFiles = map[string][2]string{
	"/feeds/valley.rss":           {"valley.rss", "application/rss+xml"},
	"/feeds/hill.rdf":             {"hill.rdf", "application/rdf+xml"},
	"/feeds/coast.atom":           {"coast.atom", "application/atom+xml"},
	"/feeds/orchard.json":         {"orchard.json", "application/feed+json"},
	"/feeds/front-page.xml":       {"night-buses.html", "text/html"},
	"/articles/night-buses.html":  {"night-buses.html", "text/html"},
	"/articles/library.html":      {"library.html", "text/html"},
	"/articles/harbour-wall.html": {"harbour-wall.html", "text/html"},
	"/articles/glass-plant.html":  {"glass-plant.html", "text/html"},
	"/articles/cider.html":        {"cider.html", "text/html"},
	"/articles/cafe.html":         {"cafe-1252.html", "text/html; charset=windows-1252"},
}

func newFeedSite(t *testing.T) *feedSite {
	t.Helper()
	s := &feedSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		s.mu.Unlock()
		f, ok := feedFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, err := os.ReadFile(filepath.Join("..", "..", "digest", "content", "testdata", "web", f[0]))
		if err != nil {
			t.Error(err)
		}
		body = bytes.ReplaceAll(body, []byte("{{BASE}}"), []byte(s.URL))
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", f[1])
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

// take returns the paths requested since the last call.
func (s *feedSite) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

// feedsYAML is the content section for the site's feeds plus a page
// given as a feed; loopback needs allow_private.
func feedsYAML(site *feedSite) string {
	return fmt.Sprintf(`  max_stories: 0
  max_age: 0s
  fetch:
    allow_private: true
    timeout: 10s
  sources:
    - type: feed
      url: %[1]s/feeds/valley.rss
    - type: feed
      url: %[1]s/feeds/hill.rdf
    - type: feed
      url: %[1]s/feeds/coast.atom
    - type: feed
      url: %[1]s/feeds/orchard.json
      name: The Orchard
    - type: feed
      url: %[1]s/feeds/front-page.xml
      name: Page Post
`, site.URL)
}

// newFeedEnv is a test environment whose only sources are the site's feeds.
func newFeedEnv(t *testing.T, site *feedSite) *testEnv {
	t.Helper()
	e := newTestEnv(t, "")
	cfg, err := os.ReadFile(filepath.Join(e.dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(cfg), "content:\n")
	j := strings.Index(string(cfg), "preview:")
	cfg = []byte(string(cfg[:i]) + "content:\n" + feedsYAML(site) + string(cfg[j:]))
	if err := os.WriteFile(filepath.Join(e.dir, "config.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRenderFromFeeds(t *testing.T) {
	site := newFeedSite(t)
	e := newFeedEnv(t, site)
	out := filepath.Join(e.dir, "issue")
	stdout := e.mustRun("render", "--out", out)
	for _, want := range []string{
		"source Valley Gazette: 4 items, 4 new, 0 failed\n",
		"source Hill Post: 2 items, 2 new, 0 failed\n",
		"source Coast Wire: 4 items, 4 new, 0 failed\n",
		"source The Orchard: 2 items, 2 new, 0 failed\n",
		"source Page Post: failed: " + site.URL + "/feeds/front-page.xml: not a feed: the server sent an HTML page (text/html)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	text, err := os.ReadFile(filepath.Join(out, "issue.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Night buses return to the valley line", "1. Every hour, every night", "Valley Gazette · 27 Nov 2026",
		"Harbour wall repairs to finish before the storm season", "Café owners on the old square",
		"Northfield council approves glass recycling plant", "Also in: Hill Post",
		"Orchard co-operative presses a record cider harvest", "The Orchard",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("issue.txt lacks %q", want)
		}
	}
	if strings.Contains(string(text), "Glass recycling plant gets green light") {
		t.Error("the rewritten wire story appears twice: it was not merged")
	}
	site.take()
	stdout = e.mustRun("render", "--out", out)
	for _, p := range site.take() {
		if !strings.HasPrefix(p, "/feeds/") {
			t.Errorf("second render fetched %s; want nothing but the feeds", p)
		}
	}
	if !strings.Contains(stdout, "source Coast Wire: 4 items, 0 new, 0 failed (not modified)\n") {
		t.Errorf("second render:\n%s", stdout)
	}
	again, _ := os.ReadFile(filepath.Join(out, "issue.txt"))
	if !bytes.Equal(text, again) {
		t.Error("the second render made a different issue from the kept articles")
	}
}

func TestSendStopsWhenEverySourceFailed(t *testing.T) {
	site := newFeedSite(t)
	e := newTestEnv(t, "")
	e.env["DIGEST_CONTENT_SOURCES"] = "feed:" + site.URL + "/feeds/front-page.xml,feed:" + site.URL + "/feeds/gone.xml"
	e.env["DIGEST_CONTENT_FETCH_ALLOW_PRIVATE"] = "true"
	e.mustRun("subscribers", "add", "ada@example.com")
	code, stdout, stderr := e.run("send")
	if code != exitError || !strings.Contains(stderr, "every source failed; nothing was sent") {
		t.Errorf("exit %d, stderr %q; want 1 and the reason", code, stderr)
	}
	if !strings.Contains(stdout, "/feeds/gone.xml: HTTP 404 Not Found") || strings.Contains(stdout, "sent 1") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if files, _ := filepath.Glob(filepath.Join(e.dir, "outbox", "*.eml")); len(files) != 0 {
		t.Errorf("mail was written: %v", files)
	}
	// Without allow_private, loopback feeds are refused and named.
	delete(e.env, "DIGEST_CONTENT_FETCH_ALLOW_PRIVATE")
	_, stdout, _ = e.run("render", "--out", filepath.Join(e.dir, "r"))
	if !strings.Contains(stdout, "refusing to connect to 127.0.0.1, a loopback address") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestParseFeedAndPageURLs(t *testing.T) {
	site := newFeedSite(t)
	e := newTestEnv(t, "")
	e.env["DIGEST_CONTENT_FETCH_ALLOW_PRIVATE"] = "true"
	var stories []storyJSON
	out := e.mustRun("parse", "--json", site.URL+"/feeds/coast.atom", site.URL+"/feeds/hill.rdf")
	if err := json.Unmarshal([]byte(out), &stories); err != nil {
		t.Fatal(err)
	}
	if len(stories) != 5 {
		t.Errorf("got %d stories from 6 items, want 5 (the wire story merged)", len(stories))
	}
	var glass *storyJSON
	for i := range stories {
		if strings.HasPrefix(stories[i].Title, "Northfield council approves") {
			glass = &stories[i]
		}
	}
	want := []sourceJSON{{Name: "Coast Wire", URL: site.URL + "/articles/glass-plant.html"}, {Name: "Hill Post", URL: site.URL + "/articles/hill-glass.html"}}
	if glass == nil || !reflect.DeepEqual(glass.Sources, want) {
		t.Errorf("merged story: %+v, want sources %+v", glass, want)
	}
	out = e.mustRun("parse", "--json", site.URL+"/articles/night-buses.html")
	stories = nil
	if err := json.Unmarshal([]byte(out), &stories); err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 || len(stories[0].Takeaways) != 3 || stories[0].Author != "Rhea Calloway" ||
		stories[0].URL != "https://valley-gazette.example/transport/night-buses-return" || len(stories[0].Sources) != 1 {
		t.Errorf("page: %+v", stories)
	}
	code, _, stderr := e.run("parse", site.URL+"/articles/nowhere.html")
	if code != exitUsage || !strings.Contains(stderr, "digest: get "+site.URL+"/articles/nowhere.html: HTTP 404 Not Found") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestSourcesCommand(t *testing.T) {
	site := newFeedSite(t)
	e := newFeedEnv(t, site)
	var before []sourceJSONOut
	if err := json.Unmarshal([]byte(e.mustRun("sources", "--json")), &before); err != nil {
		t.Fatal(err)
	}
	if len(before) != 5 || before[0].Status != "never" || before[0].LastFetch != nil || before[3].Name != "The Orchard" {
		t.Errorf("before any run: %+v", before)
	}
	e.mustRun("render", "--out", filepath.Join(e.dir, "issue"))
	var after []sourceJSONOut
	if err := json.Unmarshal([]byte(e.mustRun("sources", "--json")), &after); err != nil {
		t.Fatal(err)
	}
	valley := after[0]
	if valley.Name != "Valley Gazette" || valley.Status != "ok" || valley.Items != 4 || valley.New != 4 || valley.LastFetch == nil ||
		valley.URL != site.URL+"/feeds/valley.rss" {
		t.Errorf("valley after a render: %+v", valley)
	}
	if page := after[4]; page.Status != "failed" || !strings.Contains(page.LastError, "not a feed") {
		t.Errorf("page as feed: %+v", page)
	}
	text := e.mustRun("sources")
	for _, want := range []string{"Valley Gazette (feed " + site.URL + "/feeds/valley.rss)\n  last read ", ": ok, 4 items, 4 new, 0 failed\n",
		"Page Post (feed " + site.URL + "/feeds/front-page.xml)\n", "  last error: " + site.URL + "/feeds/front-page.xml: not a feed"} {
		if !strings.Contains(text, want) {
			t.Errorf("sources lacks %q:\n%s", want, text)
		}
	}
}

// TestSourcesShowsAFolderAfterARun: digest sources finds the state a run
// recorded for a folder source, which both know by content.FolderKey.
func TestSourcesShowsAFolderAfterARun(t *testing.T) {
	e := newTestEnv(t, "")
	articles, err := filepath.Glob("../../examples/content/*")
	if err != nil || len(articles) == 0 {
		t.Fatalf("no sample articles: %v", err)
	}
	e.mustRun("render", "--out", filepath.Join(e.dir, "issue"))
	var got []sourceJSONOut
	if err := json.Unmarshal([]byte(e.mustRun("sources", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d sources, want the one folder: %+v", len(got), got)
	}
	if f := got[0]; f.Type != "content" || f.Status != "ok" || f.Items != len(articles) || f.New != len(articles) || f.LastFetch == nil {
		t.Errorf("the folder after a render: %+v, want ok with %d items, all new", f, len(articles))
	}
}

// TestParseFeedsReadRobotsOnce: `digest parse` given several feeds of
// one site, whose item pages it fetches, reads the site's robots.txt
// once for the run, not once per feed.
func TestParseFeedsReadRobotsOnce(t *testing.T) {
	site := newFeedSite(t)
	e := newTestEnv(t, "")
	e.env["DIGEST_CONTENT_FETCH_ALLOW_PRIVATE"] = "true"
	e.mustRun("parse", "--json", site.URL+"/feeds/coast.atom", site.URL+"/feeds/hill.rdf")
	robots, pages := 0, 0
	for _, p := range site.take() {
		switch {
		case p == "/robots.txt":
			robots++
		case strings.HasPrefix(p, "/articles/"):
			pages++
		}
	}
	if robots != 1 || pages < 2 {
		t.Errorf("robots.txt read %d times for %d pages, want once", robots, pages)
	}
}
