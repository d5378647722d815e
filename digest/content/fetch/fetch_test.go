package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testUA = "Mozilla/5.0 (compatible; digest/1.0; +https://news.example.com)"

// newFetcher returns a Fetcher that may reach the loopback test servers.
func newFetcher(t *testing.T, cfg Config) *Fetcher {
	t.Helper()
	cfg.UserAgent = UserAgent("https://news.example.com")
	if !cfg.AllowPrivate {
		cfg.AllowPrivate = true
	}
	f, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

func get(t *testing.T, f *Fetcher, url string) (*Response, error) {
	t.Helper()
	return f.Get(context.Background(), Request{URL: url})
}

func TestUserAgentAndConditionalGet(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("User-Agent"))
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Fri, 27 Nov 2026 06:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Fri, 27 Nov 2026 06:00:00 GMT")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f := newFetcher(t, Config{})
	first, err := get(t, f, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || string(first.Body) != "<rss/>" || first.ETag != `"v1"` {
		t.Fatalf("first response = %+v", first)
	}
	second, err := f.Get(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || len(second.Body) != 0 {
		t.Errorf("second response = %+v, want 304 Not Modified", second)
	}
	for _, ua := range seen {
		if ua != testUA {
			t.Errorf("User-Agent = %q, want %q", ua, testUA)
		}
	}
}

func TestFailures(t *testing.T) {
	bomb := gzipped(bytes.Repeat([]byte("a"), 30<<20))
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(30<<20))
		w.Write(make([]byte, 30<<20))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 30; i++ {
			w.Write(make([]byte, 1<<20))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bomb)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-again", http.StatusFound) })
	mux.HandleFunc("/loop-again", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/gone", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// Only the slow server gets a short timeout: under -race on a loaded
	// machine, reading 10 MB can take longer than 300ms.
	slow, f := newFetcher(t, Config{Timeout: 300 * time.Millisecond}), newFetcher(t, Config{Timeout: 10 * time.Second})
	tests := []struct {
		path, want string
		is         error
	}{
		{"/slow", "timed out after 300ms", ErrTimeout},
		{"/big", "response larger than 10485760 bytes", ErrTooLarge},
		{"/big-chunked", "response larger than 10485760 bytes", ErrTooLarge},
		{"/bomb", "response larger than 10485760 bytes", ErrTooLarge},
		{"/loop", "too many redirects (more than 5)", ErrTooManyRedirects},
		{"/gone", "HTTP 404 Not Found", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			fetcher := f
			if tt.path == "/slow" {
				fetcher = slow
			}
			_, err := get(t, fetcher, srv.URL+tt.path)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if want := "get " + srv.URL + tt.path + ": " + tt.want; err.Error() != want {
				t.Errorf("error = %q, want %q", err, want)
			}
		})
	}
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestGzipBodyIsDecompressed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipped([]byte("<p>hello</p>")))
	}))
	defer srv.Close()
	resp, err := get(t, newFetcher(t, Config{}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<p>hello</p>" {
		t.Errorf("body = %q", resp.Body)
	}
}

func TestFiveRedirectsAreFollowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, "arrived")
	}))
	defer srv.Close()
	f := newFetcher(t, Config{})
	resp, err := get(t, f, srv.URL+"/r/5")
	if err != nil || string(resp.Body) != "arrived" || resp.URL != srv.URL+"/r/0" {
		t.Fatalf("5 redirects: %+v, %v", resp, err)
	}
	if _, err := get(t, f, srv.URL+"/r/6"); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("6 redirects: err = %v, want ErrTooManyRedirects", err)
	}
}

func TestPrivateAddressesAreRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	f, err := New(Config{UserAgent: testUA})
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/feed.xml", "http://[::ffff:127.0.0.1]:" + port} {
		_, err := f.Get(context.Background(), Request{URL: u})
		var blocked *BlockedError
		if !errors.As(err, &blocked) || blocked.Kind != "loopback" {
			t.Errorf("%s: err = %v, want a refusal of a loopback address", u, err)
		}
	}
	if _, err := f.Get(context.Background(), Request{URL: srv.URL, Page: true}); !errors.Is(err, ErrBlocked) {
		t.Errorf("page: err = %v, want ErrBlocked", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the server got %d requests, want none", hits.Load())
	}
}

// A public host that redirects to a private one is refused at the
// redirect: the check runs on every connection. Here 127.0.0.1 stands for
// the public host and 127.0.0.2 for the private one.
func TestRedirectToPrivateAddressIsRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	var hits atomic.Int32
	private := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	private.Listener.Close()
	private.Listener = ln
	private.Start()
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/latest/meta-data/", http.StatusFound)
	}))
	defer public.Close()
	f := newFetcher(t, Config{})
	f.guard.permit = func(ip netip.Addr) bool { return ip == netip.MustParseAddr("127.0.0.1") }
	_, err = get(t, f, public.URL)
	var blocked *BlockedError
	if !errors.As(err, &blocked) || blocked.Addr != "127.0.0.2" {
		t.Errorf("err = %v, want a refusal of 127.0.0.2", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the private server got %d requests, want none", hits.Load())
	}
}

func TestClassify(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
		"10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private", "fd00:ec2::254": "private",
		"169.254.169.254": "link-local", "fe80::1": "link-local", "0.0.0.0": "unspecified", "::": "unspecified",
		"100.64.0.1": "shared (carrier-grade NAT)", "239.1.2.3": "multicast", "224.0.0.1": "link-local", "255.255.255.255": "broadcast",
		"192.0.2.1": "documentation", "240.0.0.1": "reserved",
		"93.184.215.14": "", "2606:4700::1111": "", "8.8.8.8": "",
	}
	for in, want := range tests {
		if got := classify(netip.MustParseAddr(in)); got != want {
			t.Errorf("classify(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestPerHostLimit(t *testing.T) {
	var inflight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond) // a server that takes its time
	}))
	defer srv.Close()
	f := newFetcher(t, Config{})
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Go(func() {
			if _, err := get(t, f, fmt.Sprintf("%s/%d", srv.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := peak.Load(); got != 2 {
		t.Errorf("peak requests in flight = %d, want 2", got)
	}
}

func TestRetryAfter(t *testing.T) {
	var calls atomic.Int32
	var first, second time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/busy":
			if calls.Add(1) == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			second = time.Now()
			fmt.Fprint(w, "ok")
		case "/down":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/down-no-hint":
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	f := newFetcher(t, Config{})
	resp, err := get(t, f, srv.URL+"/busy")
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("busy: %v, %v", resp, err)
	}
	if wait := second.Sub(first); wait < time.Second {
		t.Errorf("retried after %s, want at least the 1s Retry-After", wait)
	}
	_, err = get(t, NewForTest(t), srv.URL+"/down")
	var later *RetryLaterError
	if !errors.As(err, &later) || later.After != time.Hour {
		t.Errorf("down: err = %v, want a RetryLaterError of 1h", err)
	}
	var status *StatusError
	if _, err := get(t, NewForTest(t), srv.URL+"/down-no-hint"); !errors.As(err, &status) || status.Code != 503 {
		t.Errorf("down without Retry-After: err = %v, want HTTP 503", err)
	}
}

// NewForTest is a fresh Fetcher, with no host held off by an earlier test.
func NewForTest(t *testing.T) *Fetcher { t.Helper(); return newFetcher(t, Config{}) }

func TestRetryAfterValue(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"Fri, 27 Nov 2026 06:00:30 GMT", 30 * time.Second, true},
		{"Fri, 27 Nov 2026 05:00:00 GMT", 0, true},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
