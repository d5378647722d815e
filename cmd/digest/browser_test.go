package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/digest-dev/digest/mailer/mailtest"
	"github.com/digest-dev/digest/subscribers"
)

// chromium finds Debian's chromium; CI installs it (.ci/run), so there a
// missing browser fails the test instead of skipping it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH; .ci/run installs it with apt-get")
	}
	t.Skip("no chromium on PATH: apt-get install chromium to run the browser test")
	return ""
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// linkIn finds a URL with the path prefix in the newest message to addr.
func linkIn(t *testing.T, srv *mailtest.Server, addr, prefix string) string {
	t.Helper()
	msgs := srv.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To[0] != addr {
			continue
		}
		text, _ := decodeParts(t, msgs[i].Data)
		if m := regexp.MustCompile(`http://\S+` + regexp.QuoteMeta(prefix) + `\S+`).FindString(text); m != "" {
			return m
		}
	}
	t.Fatalf("no %s link in mail to %s", prefix, addr)
	return ""
}

func TestBrowserSubscribeConfirmSendUnsubscribe(t *testing.T) {
	browser := newBrowser(t)
	srv, smtpYAML := startSMTP(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	e := newTestEnv(t, smtpYAML)
	content := filepath.Join(e.dir, "content")
	os.MkdirAll(content, 0o755)
	for _, f := range []string{"harbour-ferry-relaunch.md", "comet-watch.html"} {
		data, _ := os.ReadFile(filepath.Join("../../examples/content", f))
		os.WriteFile(filepath.Join(content, f), data, 0o644)
	}
	e.env["DIGEST_NEWSLETTER_PUBLIC_URL"] = base
	e.env["DIGEST_CONTENT_SOURCES"] = "content:" + content
	e.mustRun("subscribers", "add", "regular@example.com")

	w := e.newWeb(t)
	st := w.st
	go w.srv.Serve(ln)
	status := func(addr string) string {
		s, err := st.Find(context.Background(), addr)
		if err != nil {
			return "absent"
		}
		return s.Status
	}
	const who = "bea@example.com"

	// Subscribe through the form.
	must(t, chromedp.Do(browser,
		chromedp.Navigate(base+"/subscribe"),
		chromedp.SendKeys(chromedp.CSS("#email"), who),
		chromedp.SendKeys(chromedp.CSS("#name"), "Bea"),
		chromedp.Click(chromedp.CSS("button")),
		chromedp.WaitVisible("//h1[contains(., 'Check your inbox')]"),
	))
	if status(who) != subscribers.Pending {
		t.Fatalf("after the form: %s, want pending", status(who))
	}
	// Follow the confirmation link from the mail.
	must(t, chromedp.Do(browser, chromedp.Navigate(linkIn(t, srv, who, "/confirm/"))))
	text, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS("h1")))
	must(t, err)
	if !strings.Contains(text, "You are subscribed") || status(who) != subscribers.Active {
		t.Fatalf("after confirming: %q, %s", text, status(who))
	}
	// The next send reaches them; its unsubscribe link and button stop mail.
	e.mustRun("send")
	if srv.Copies()[who] != 2 { // the confirmation and the issue
		t.Fatalf("%s got %d messages, want the confirmation and one issue", who, srv.Copies()[who])
	}
	must(t, chromedp.Do(browser,
		chromedp.Navigate(linkIn(t, srv, who, "/unsubscribe/")),
		chromedp.WaitVisible(chromedp.CSS("button")),
	))
	if status(who) != subscribers.Active {
		t.Fatal("opening the unsubscribe link unsubscribed without the button")
	}
	must(t, chromedp.Do(browser,
		chromedp.Click(chromedp.CSS("button")),
		chromedp.WaitVisible("//h1[contains(., 'You are unsubscribed')]"),
	))
	if status(who) != subscribers.Unsubscribed {
		t.Fatalf("after the button: %s", status(who))
	}
	// The following send skips them.
	data, _ := os.ReadFile("../../examples/content/council-budget-vote.txt")
	os.WriteFile(filepath.Join(content, "council-budget-vote.txt"), data, 0o644)
	e.mustRun("send")
	if srv.Copies()[who] != 2 || srv.Copies()["regular@example.com"] != 2 {
		t.Errorf("second issue: %s got %d, regular got %d", who, srv.Copies()[who], srv.Copies()["regular@example.com"])
	}
	screenshots(t, browser, base)
}

// screenshots keeps the archive and an issue page at phone and desktop
// widths as test artefacts in testoutput/.
func screenshots(t *testing.T, browser context.Context, base string) {
	dir := filepath.Join("testoutput", "screenshots")
	os.MkdirAll(dir, 0o755)
	for _, page := range []struct{ name, path string }{{"archive", "/archive"}, {"issue", "/archive/1"}} {
		for _, width := range []int64{375, 1280} {
			must(t, chromedp.Do(browser, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+page.path)))
			png, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
			must(t, err)
			if len(png) < 1000 {
				t.Errorf("%s at %d px: empty screenshot", page.name, width)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", page.name, width))
			os.WriteFile(path, png, 0o644)
			t.Logf("screenshot: %s", path)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// overflowJS lists the elements wider than the viewport or than the card
// they sit in, or placed past its right edge: on a phone they make the
// page scroll sideways, or stick out of the card.
const overflowJS = `Array.from(document.querySelectorAll('body *')).filter(function (e) {
	var r = e.getBoundingClientRect(), card = e.closest('.card');
	var right = card && card !== e ? card.getBoundingClientRect().right : window.innerWidth;
	return r.width > 0 && (r.right > right + 0.5 || r.right > window.innerWidth + 0.5 || r.left < -0.5);
}).map(function (e) { return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''); })
.concat(document.documentElement.scrollWidth > window.innerWidth ? ['the page scrolls sideways'] : [])`

// TestPagesFitAPhone loads the sign-up form, the archive and an issue page
// at 375 px in Chromium: no element may be wider than the screen.
func TestPagesFitAPhone(t *testing.T) {
	browser := newBrowser(t)
	_, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com")
	e.mustRun("send")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := e.newWeb(t)
	go w.srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	dir := filepath.Join("testoutput", "screenshots")
	os.MkdirAll(dir, 0o755)
	for _, page := range []string{"/subscribe", "/archive", "/archive/1"} {
		must(t, chromedp.Do(browser, chromedp.EmulateViewport(375, 800), chromedp.Navigate(base+page)))
		over, err := chromedp.Run(browser, chromedp.Evaluate[[]string](overflowJS))
		must(t, err)
		if len(over) > 0 {
			t.Errorf("%s at 375 px: wider than the screen or its card: %v", page, over)
		}
		png, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
		must(t, err)
		name := strings.Trim(strings.ReplaceAll(page, "/", "-"), "-")
		os.WriteFile(filepath.Join(dir, "phone-"+name+".png"), png, 0o644)
	}
}
