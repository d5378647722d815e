// Command feeds measures `digest render` on feeds: it serves F feeds of N
// items each from loopback, each feed from its own server (a site of its
// own, so the per-host limit applies per feed as it would on the web),
// with an article page per item, generated with numbered takeaways and
// page furniture. It runs render twice on a fresh database and prints the
// wall time of each, the requests the servers saw and digest's peak RSS:
// the first render is cold (every feed, robots.txt and page fetched and
// parsed), the second warm (every feed answers 304 and nothing else is
// fetched).
//
//	go build -o bench/out/digest ./cmd/digest
//	go run ./bench/feeds -digest bench/out/digest -feeds 20 -items 30
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	digest := flag.String("digest", "bench/out/digest", "the digest binary")
	feeds := flag.Int("feeds", 20, "feeds")
	items := flag.Int("items", 30, "items per feed")
	flag.Parse()
	var requests, pages, notModified atomic.Int64
	var sources strings.Builder
	now := time.Now().UTC()
	for f := 0; f < *feeds; f++ {
		site := newSite(f, *items, now)
		srv := httptest.NewServer(site.handler(&requests, &pages, &notModified))
		defer srv.Close()
		site.base = srv.URL
		fmt.Fprintf(&sources, "    - {type: feed, url: %s/feed.xml}\n", srv.URL)
	}
	dir, err := os.MkdirTemp("", "digest-feeds-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte(`newsletter:
  name: Bench Brief
  from: "Bench Brief <brief@news.example.com>"
  public_url: https://news.example.com
content:
  fetch: {allow_private: true}
  sources:
`+sources.String()), 0o644)
	fmt.Printf("%d feeds x %d items from loopback, %d servers\n", *feeds, *items, *feeds)
	for _, name := range []string{"cold", "warm"} {
		requests.Store(0)
		pages.Store(0)
		notModified.Store(0)
		wall, rss := render(*digest, cfg, dir)
		fmt.Printf("%s render: %6.2f s   requests %4d (pages %d, 304s %d)   peak RSS %d MB\n",
			name, wall.Seconds(), requests.Load(), pages.Load(), notModified.Load(), rss>>10)
	}
}

func render(digest, cfg, dir string) (time.Duration, int64) {
	cmd := exec.Command(digest, "--config", cfg, "render", "--out", filepath.Join(dir, "issue"))
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		log.Fatalf("render: %v\n%s", err, out)
	}
	if strings.Count(string(out), "failed: ") > 0 || !strings.Contains(string(out), "issue 1:") {
		log.Fatalf("render did not read every feed:\n%s", out)
	}
	return wall, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
}

// site is one generated feed and its article pages.
type site struct {
	n     int
	base  string
	items int
	now   time.Time
	rng   *rand.Rand
	pages map[string]string
}

func newSite(n, items int, now time.Time) *site {
	s := &site{n: n, items: items, now: now, rng: rand.New(rand.NewSource(int64(n) + 1)), pages: map[string]string{}}
	for i := 0; i < items; i++ {
		s.pages[fmt.Sprintf("/articles/%d.html", i)] = s.page(i)
	}
	return s
}

func (s *site) handler(requests, pages, notModified *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		var body, ctype string
		switch {
		case r.URL.Path == "/feed.xml":
			body, ctype = s.feed(), "application/rss+xml"
		case r.URL.Path == "/robots.txt":
			body, ctype = "User-agent: *\nDisallow: /admin/\n", "text/plain"
		case s.pages[r.URL.Path] != "":
			pages.Add(1)
			body, ctype = s.pages[r.URL.Path], "text/html; charset=utf-8"
		default:
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", ctype)
		fmt.Fprint(w, body)
	})
}

func (s *site) feed() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Site %d</title><link>%s/</link><description>d</description>`, s.n, s.base)
	for i := 0; i < s.items; i++ {
		date := s.now.Add(-time.Duration(s.n*s.items+i) * time.Minute).Format(time.RFC1123Z)
		fmt.Fprintf(&b, `<item><title>Story %d of site %d</title><link>%s/articles/%d.html?utm_source=rss</link><guid>s%d-%d</guid><pubDate>%s</pubDate><description>Teaser.</description></item>`,
			i, s.n, s.base, i, s.n, i, date)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

var words = strings.Fields(`council harbour ferry school budget bridge library river farm market station hospital
road water energy price plan vote crew season winter summer storm rail bus tram port night morning town valley
village street square park museum court police fire report study survey school teacher nurse driver worker owner
resident visitor minister mayor engineer official said says will would could new old first last more less
million thousand euros percent year month week day hour minute open close rise fall build repair approve reject`)

func (s *site) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[s.rng.Intn(len(words))]
	}
	return strings.ToUpper(w[0][:1]) + w[0][1:] + " " + strings.Join(w[1:], " ") + "."
}

func (s *site) para() string {
	return s.sentence(12+s.rng.Intn(8)) + " " + s.sentence(10+s.rng.Intn(10)) + " " + s.sentence(8+s.rng.Intn(12))
}

func (s *site) page(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Story %d of site %d</title>
<meta property="og:site_name" content="Bench Site %d"><link rel="canonical" href="https://site%d.example/articles/%d">
</head><body><div class="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Story %d of site %d</h1><p>%s</p><p>%s</p><p>Here are the main takeaways.</p>`, i, s.n, s.n, s.n, i, i, s.n, s.para(), s.para())
	for t := 1; t <= 5; t++ {
		fmt.Fprintf(&b, "<h2>%d) %s</h2><p>%s</p><p>%s</p>", t, strings.TrimSuffix(s.sentence(5), "."), s.para(), s.para())
	}
	fmt.Fprintf(&b, `<h2>The bottom line</h2><p>%s</p></article>
<aside class="related"><a href="/x">Related story</a></aside><div class="share-bar">Share</div>
<section class="comments"><p>A comment.</p></section></main><footer>© Bench Site</footer></body></html>`, s.para())
	return b.String()
}
