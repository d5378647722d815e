package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers"
)

func TestSubscribeFormProtections(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "member@example.com")
	w := e.newWeb(t)
	st, ctx := w.st, context.Background()
	ts := httptest.NewServer(w.srv.Handler)
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	csrf := func() string {
		resp, err := client.Get(ts.URL + "/subscribe")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(string(body))[1]
	}
	post := func(c *http.Client, form url.Values) (int, string) {
		resp, err := c.PostForm(ts.URL+"/subscribe", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// A cross-site post has no cookie: refused, nothing stored.
	if code, _ := post(http.DefaultClient, url.Values{"email": {"victim@example.com"}, "csrf": {"abc"}}); code != http.StatusForbidden {
		t.Errorf("post without the CSRF cookie: %d, want 403", code)
	}
	if _, err := st.Find(ctx, "victim@example.com"); err == nil {
		t.Error("a forged post stored an address")
	}
	// The reply is the same for a new address and one already on the list;
	// only the new one gets a confirmation.
	_, newReply := post(client, url.Values{"email": {"new@example.com"}, "csrf": {csrf()}})
	_, memberReply := post(client, url.Values{"email": {"member@example.com"}, "csrf": {csrf()}})
	if newReply != memberReply || !strings.Contains(newReply, "Check your inbox") {
		t.Errorf("replies differ, revealing membership:\n%s\n---\n%s", newReply, memberReply)
	}
	if c := srv.Copies(); c["new@example.com"] != 1 || c["member@example.com"] != 0 {
		t.Errorf("confirmation mails: %v", c)
	}
	if s, _ := st.Find(ctx, "member@example.com"); s.Status != subscribers.Active {
		t.Errorf("member became %s", s.Status)
	}
	// An expired confirmation link says so and changes nothing.
	sub, _ := st.Find(ctx, "new@example.com")
	old := w.d.signer.ExpiringToken(digest.LinkConfirm, sub.ID, time.Now().Add(-time.Minute))
	resp, _ := http.Get(ts.URL + "/confirm/" + old)
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone {
		t.Errorf("expired link: %d, want 410", resp.StatusCode)
	}
	if s, _ := st.Find(ctx, "new@example.com"); s.Status != subscribers.Pending {
		t.Errorf("an expired link made the subscriber %s", s.Status)
	}
	// Per-IP rate limit: ten posts per ten minutes.
	limited := 0
	for i := 0; i < 12; i++ {
		if code, _ := post(client, url.Values{"email": {"x@example.com"}, "csrf": {"nope"}}); code == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("no post was rate-limited")
	}
}

func TestMaxPerDayStopsTheSend(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML+"  max_per_day: 3\n")
	addSubscribers(t, e, 5)
	code, out, errOut := e.run("send")
	if code != exitPartial || !strings.Contains(errOut, "max_per_day") || srv.Total() != 3 {
		t.Errorf("exit %d, %d sent\n%s%s", code, srv.Total(), out, errOut)
	}
	// The same day, a rerun sends nothing more; the rest stay queued.
	code, _, _ = e.run("send")
	if code != exitPartial || srv.Total() != 3 {
		t.Errorf("rerun: exit %d, %d sent", code, srv.Total())
	}
	if show := e.mustRun("issues", "show", "1"); !strings.Contains(show, "queued 2") {
		t.Errorf("issues show: %s", show)
	}
}

// TestConsentIsNeverOverwritten: posting an unsubscribed address to the
// form leaves it unsubscribed, its records untouched, until its owner
// confirms from the mail; then a new consent record is added next to the
// old ones, and subscribers show lists them all.
func TestConsentIsNeverOverwritten(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada")
	w := e.newWeb(t)
	st, ctx := w.st, context.Background()
	staleLink := w.d.signer.ExpiringToken(digest.LinkConfirm, 1, time.Now().Add(confirmWindow-10*time.Second))
	e.mustRun("subscribers", "unsubscribe", "ada@example.com")
	before, _ := st.Find(ctx, "ada@example.com")
	ts := httptest.NewServer(w.srv.Handler)
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, _ := client.Get(ts.URL + "/subscribe")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(string(body))[1]
	resp, _ = client.PostForm(ts.URL+"/subscribe", url.Values{"email": {"ada@example.com"}, "csrf": {csrf}})
	resp.Body.Close()
	after, _ := st.Find(ctx, "ada@example.com")
	if after.Status != subscribers.Unsubscribed || !after.ConsentAt.Equal(before.ConsentAt) || after.ConsentSource != before.ConsentSource {
		t.Fatalf("the form changed an unsubscribed address: %+v", after)
	}
	// A link made before the unsubscribe cannot undo it.
	if resp, _ := http.Get(ts.URL + "/confirm/" + staleLink); resp.StatusCode != http.StatusGone {
		t.Errorf("a confirmation link older than the unsubscribe: %d, want 410", resp.StatusCode)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d confirmation mails, want 1", len(msgs))
	}
	link := regexp.MustCompile(`https://news\.example\.com/confirm/[A-Za-z0-9._-]+`).FindString(strings.ReplaceAll(string(msgs[0].Data), "=\r\n", ""))
	resp, err := http.Get(ts.URL + strings.TrimPrefix(link, "https://news.example.com"))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("following the confirmation link: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	final, _ := st.Find(ctx, "ada@example.com")
	if final.Status != subscribers.Active || !final.ConsentAt.Equal(before.ConsentAt) {
		t.Errorf("after confirming: %+v", final)
	}
	show := e.mustRun("subscribers", "show", "ada@example.com")
	for _, want := range []string{"consent\tcli", "unsubscribed\tcli", "requested\tweb", "confirmed\tweb"} {
		if !strings.Contains(strings.ReplaceAll(show, "  ", "\t"), want) && !regexp.MustCompile(strings.ReplaceAll(want, "\t", `\s+`)).MatchString(show) {
			t.Errorf("subscribers show lacks %q:\n%s", want, show)
		}
	}
}

// confirmWindow is how long confirmation links last (web.confirmFor).
const confirmWindow = 48 * time.Hour
