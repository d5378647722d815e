package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSuppressedSignUpGetsTheUsualReplyAndNoMail posts the web form for a
// suppressed address: same page, no record, no confirmation mail.
func TestSuppressedSignUpGetsTheUsualReplyAndNoMail(t *testing.T) {
	e, srv, mp := bounceEnv(t, 2)
	bounceBack(t, srv, mp, "arf-abuse.eml", reader(1))
	e.mustRun("bounces")
	e.mustRun("subscribers", "remove", reader(1))
	w := e.newWeb(t)
	ts := httptest.NewServer(w.srv.Handler)
	defer ts.Close()
	before := len(srv.Messages())
	code, body := postForm(t, ts.URL, reader(1))
	if code != http.StatusOK || !strings.Contains(body, "Check your inbox") {
		t.Errorf("sign-up of a suppressed address: %d %q", code, body)
	}
	if n := len(srv.Messages()); n != before {
		t.Errorf("%d messages sent for a suppressed sign-up, want none", n-before)
	}
	if out := e.mustRun("subscribers", "count", "--json"); !strings.Contains(out, `"pending":0`) {
		t.Errorf("a suppressed sign-up was recorded: %s", out)
	}
	if code, _ := postForm(t, ts.URL, "newcomer@example.com"); code != http.StatusOK || len(srv.Messages()) != before+1 {
		t.Errorf("an ordinary sign-up should still get its confirmation mail")
	}
}

// postForm fetches the form for its CSRF cookie and posts an address.
func postForm(t *testing.T, base, email string) (int, string) {
	t.Helper()
	c := newCookieClient(t)
	resp, err := c.Get(base + "/subscribe")
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, resp)
	csrf := between(page, `name="csrf" value="`, `"`)
	resp, err = c.PostForm(base+"/subscribe", map[string][]string{"csrf": {csrf}, "email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readAll(t, resp)
}

func between(s, a, b string) string {
	_, after, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(after, b)
	return v
}

// TestWebhooksRoute: an unconfigured provider is 404; Mailgun, once on,
// refuses unsigned payloads and applies signed ones.
func TestWebhooksRoute(t *testing.T) {
	e := newTestEnv(t, "bounces:\n  webhooks:\n    mailgun:\n      enabled: true\n")
	e.env["DIGEST_MAILGUN_SIGNING_KEY"] = "mailgun-key-for-tests"
	e.mustRun("subscribers", "add", "angry@example.com")
	w := e.newWeb(t)
	ts := httptest.NewServer(w.srv.Handler)
	defer ts.Close()
	event := `{"id":"ev1","event":"complained","recipient":"angry@example.com"}`
	sign := func(key, token string) string {
		stamp := strconv.FormatInt(time.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(key))
		mac.Write([]byte(stamp + token))
		return fmt.Sprintf(`{"signature":{"timestamp":%q,"token":%q,"signature":%q},"event-data":%s}`, stamp, token, hex.EncodeToString(mac.Sum(nil)), event)
	}
	post := func(path, body string) int {
		resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, path, body string
		want             int
	}{
		{"SES not configured", "/webhooks/ses", "{}", http.StatusNotFound},
		{"unknown provider", "/webhooks/sendgrid", "{}", http.StatusNotFound},
		{"unsigned", "/webhooks/mailgun", `{"event-data":` + event + `}`, http.StatusUnauthorized},
		{"signed with another key", "/webhooks/mailgun", sign("not-the-key", "t1"), http.StatusUnauthorized},
		{"garbage", "/webhooks/mailgun", "not json", http.StatusBadRequest},
	}
	for _, tt := range tests {
		if code := post(tt.path, tt.body); code != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, code, tt.want)
		}
	}
	if st := statuses(t, e); st["angry@example.com"] != "active" {
		t.Fatalf("a refused webhook changed the subscriber: %s", st["angry@example.com"])
	}
	if code := post("/webhooks/mailgun", sign("mailgun-key-for-tests", "t2")); code != http.StatusOK {
		t.Fatalf("signed complaint: %d", code)
	}
	if st := statuses(t, e); st["angry@example.com"] != "unsubscribed" {
		t.Errorf("after a signed complaint the subscriber is %s, want unsubscribed", st["angry@example.com"])
	}
	delete(e.env, "DIGEST_MAILGUN_SIGNING_KEY")
	if code, _, errOut := e.run("run"); code != exitUsage || !strings.Contains(errOut, "bounces.webhooks.mailgun.enabled: is true but $DIGEST_MAILGUN_SIGNING_KEY") {
		t.Errorf("mailgun on without its key: exit %d %q", code, errOut)
	}
}

func newCookieClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
