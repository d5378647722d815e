package content

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content/fetch"
)

// web is a loopback server of the feeds and article pages in
// testdata/web, written for these tests, and of broken feeds; it
// answers conditional requests as a well-behaved server does and counts
// the requests per path.
type testWeb struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

// pages maps served paths to files and their Content-Type.
var webFiles = map[string][2]string{
	"/feeds/valley.rss":           {"valley.rss", "application/rss+xml; charset=utf-8"},
	"/feeds/hill.rdf":             {"hill.rdf", "application/rdf+xml"},
	"/feeds/coast.atom":           {"coast.atom", "application/atom+xml"},
	"/feeds/orchard.json":         {"orchard.json", "application/feed+json"},
	"/feeds/front-page.xml":       {"night-buses.html", "text/html; charset=utf-8"}, // a page given as a feed
	"/articles/night-buses.html":  {"night-buses.html", "text/html; charset=utf-8"},
	"/articles/library.html":      {"library.html", "text/html"},
	"/articles/tram-depot.html":   {"tram-depot.html", "text/html; charset=utf-8"},
	"/articles/harbour-wall.html": {"harbour-wall.html", "text/html; charset=utf-8"},
	"/articles/glass-plant.html":  {"glass-plant.html", "text/html; charset=utf-8"},
	"/articles/cider.html":        {"cider.html", "text/html; charset=utf-8"},
	"/articles/cafe.html":         {"cafe-1252.html", "text/html; charset=windows-1252"},
}

func newWeb(t *testing.T) *testWeb {
	t.Helper()
	gzipBomb() // made before serving, so that the first request is not slow
	w := &testWeb{hits: map[string]int{}}
	w.Server = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.Close)
	return w
}

func (w *testWeb) serve(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	w.hits[r.URL.Path]++
	w.mu.Unlock()
	switch r.URL.Path {
	case "/robots.txt":
		fmt.Fprint(rw, "User-agent: *\nDisallow: /private/\n")
		return
	case "/feeds/slow.xml":
		<-r.Context().Done()
		return
	case "/feeds/huge.xml":
		rw.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`))
		rw.Write(bytes.Repeat([]byte("<item><title>x</title></item>"), 30<<20/29))
		return
	case "/feeds/bomb.xml":
		rw.Header().Set("Content-Encoding", "gzip")
		rw.Write(gzipBomb())
		return
	case "/feeds/loop.xml":
		http.Redirect(rw, r, "/feeds/loop.xml?again", http.StatusFound)
		return
	case "/feeds/malformed.xml":
		rw.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Half an item</ti`)
		return
	}
	p, ok := webFiles[r.URL.Path]
	if !ok {
		http.NotFound(rw, r)
		return
	}
	body := w.file(p[0])
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	rw.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag && !r.URL.Query().Has("always") {
		rw.WriteHeader(http.StatusNotModified)
		return
	}
	rw.Header().Set("Content-Type", p[1])
	rw.Write(body)
}

func (w *testWeb) file(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "web", name))
	if err != nil {
		panic(err)
	}
	return bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(w.URL))
}

func (w *testWeb) count(path string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.hits[path]
}

func (w *testWeb) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for p, c := range w.hits {
		if p != "/robots.txt" {
			n += c
		}
	}
	return n
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// gzipBomb is 8 KB that decompresses to 8 MB, eight times the tests' cap.
func gzipBomb() []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte{' '}, 8<<20))
		zw.Close()
		bomb = b.Bytes()
	})
	return bomb
}

// testNow is "today" for the feeds in testdata/web.
var testNow = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

func newTestFetcher(t *testing.T, allowPrivate bool) *fetch.Fetcher {
	t.Helper()
	return newTestFetcherTimeout(t, allowPrivate, 10*time.Second)
}

// newTestFetcherTimeout is a fetcher with a 1 MiB cap and the given timeout.
func newTestFetcherTimeout(t *testing.T, allowPrivate bool, timeout time.Duration) *fetch.Fetcher {
	t.Helper()
	f, err := fetch.New(fetch.Config{UserAgent: fetch.UserAgent("https://news.example.com"), AllowPrivate: allowPrivate,
		Timeout: timeout, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// memStore is an in-memory Store. Like the database, it keeps stories as
// JSON (so a kept story is a copy, not the caller's value) and refuses
// what the schema refuses.
type memStore struct {
	mu       sync.Mutex
	states   map[string]digest.SourceState
	articles map[string][]byte
}

func newMemStore() *memStore {
	return &memStore{states: map[string]digest.SourceState{}, articles: map[string][]byte{}}
}

func (m *memStore) SourceState(_ context.Context, key string) (*digest.SourceState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.states[key]
	if !ok {
		return nil, nil
	}
	return &st, nil
}

func (m *memStore) SaveSourceState(_ context.Context, st *digest.SourceState) error {
	if st.Key == "" || (st.Type != digest.SourceFeed && st.Type != digest.SourceContent) {
		return fmt.Errorf("bad source state %+v", st)
	}
	switch st.Status {
	case digest.StatusOK, digest.StatusNotModified, digest.StatusFailed:
	default:
		return fmt.Errorf("bad source status %q", st.Status)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.states[st.Key] = *st
	return nil
}

func (m *memStore) Article(_ context.Context, url string) (*digest.Article, error) {
	m.mu.Lock()
	b, ok := m.articles[url]
	m.mu.Unlock()
	if !ok {
		return nil, nil
	}
	var a digest.Article
	return &a, json.Unmarshal(b, &a)
}

func (m *memStore) SaveArticle(_ context.Context, a *digest.Article) error {
	switch {
	case a.URL == "" || a.Source == "" || a.FetchedAt.IsZero():
		return fmt.Errorf("article without URL, source or fetch time: %+v", a)
	case a.Status != digest.ArticleFromPage && a.Status != digest.ArticleFromItem && a.Status != digest.ArticleFailed:
		return fmt.Errorf("bad article status %q", a.Status)
	case (a.Story == nil) != (a.Status == digest.ArticleFailed):
		return fmt.Errorf("article %s: status %s with story %v", a.URL, a.Status, a.Story != nil)
	}
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.articles[a.URL] = b
	return nil
}

func (m *memStore) SourceArticles(ctx context.Context, source string, since time.Time) ([]digest.Article, error) {
	m.mu.Lock()
	var urls []string
	for u := range m.articles {
		urls = append(urls, u)
	}
	m.mu.Unlock()
	var out []digest.Article
	for _, u := range urls {
		a, _ := m.Article(ctx, u)
		when := a.Published
		if when.IsZero() {
			when = a.FetchedAt
		}
		if a.Source == source && !when.Before(since) {
			out = append(out, *a)
		}
	}
	return out, nil
}

func storyTitles(stories []digest.Story) []string {
	var out []string
	for _, s := range stories {
		out = append(out, s.Title)
	}
	return out
}

func storyTitled(t *testing.T, stories []digest.Story, prefix string) digest.Story {
	t.Helper()
	for _, s := range stories {
		if strings.HasPrefix(s.Title, prefix) {
			return s
		}
	}
	t.Fatalf("no story titled %q in %q", prefix, storyTitles(stories))
	return digest.Story{}
}
