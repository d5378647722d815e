package web_test

import (
	"context"
	"fmt"
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
	"github.com/digest-dev/digest/digest/links"
	"github.com/digest-dev/digest/templates"
	"github.com/digest-dev/digest/web"
)

// fakeStore is a function-field fake of web.Store: each test sets what it
// needs, and a call nobody expected fails the test.
type fakeStore struct {
	t             *testing.T
	subs          map[int64]*digest.Subscriber
	statusChanges []string
	subscribed    []string
	names         []string
	suppressed    map[string]bool
	issues        []*digest.StoredIssue // sent, oldest first
	issueReads    []string              // the issue queries asked, in order
}

func (f *fakeStore) LastIssueNumber(context.Context) (int, error) { return 0, nil }
func (f *fakeStore) FindByID(_ context.Context, id int64) (*digest.Subscriber, error) {
	if s, ok := f.subs[id]; ok {
		return s, nil
	}
	return nil, io.EOF
}
func (f *fakeStore) SetStatusByID(_ context.Context, id int64, status, source, _ string) (bool, error) {
	f.statusChanges = append(f.statusChanges, status+" by "+source)
	f.subs[id].Status = status
	return true, nil
}
func (f *fakeStore) Subscribe(_ context.Context, email, name, _ string) (*digest.Subscriber, bool, error) {
	if f.suppressed[email] {
		return nil, false, fmt.Errorf("%s is %w (complaint)", email, digest.ErrSuppressed)
	}
	if _, err := digest.CheckName(name); err != nil { // as subscribers.Store.Add
		return nil, false, err
	}
	f.subscribed, f.names = append(f.subscribed, email), append(f.names, name)
	return &digest.Subscriber{ID: 99, Email: email, Status: digest.StatusPending}, true, nil
}
func (f *fakeStore) Confirm(context.Context, int64, time.Time, string) (*digest.Subscriber, error) {
	f.t.Error("unexpected Confirm")
	return nil, io.EOF
}
func (f *fakeStore) SentIssues(context.Context) ([]digest.IssueSummary, error) {
	f.issueReads = append(f.issueReads, "SentIssues")
	var out []digest.IssueSummary
	for i := len(f.issues) - 1; i >= 0; i-- {
		is := f.issues[i]
		out = append(out, digest.IssueSummary{Number: is.Number, Date: is.Date, Subject: is.Subject, State: "sent"})
	}
	return out, nil
}
func (f *fakeStore) SentIssue(_ context.Context, n int) (*digest.StoredIssue, error) {
	f.issueReads = append(f.issueReads, "SentIssue")
	for _, is := range f.issues {
		if is.Number == n {
			return is, nil
		}
	}
	return nil, nil
}
func (f *fakeStore) LatestSentIssues(_ context.Context, n int) ([]*digest.StoredIssue, error) {
	f.issueReads = append(f.issueReads, "LatestSentIssues")
	var out []*digest.StoredIssue
	for i := len(f.issues) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, f.issues[i])
	}
	return out, nil
}

// mailbox is a transport that keeps what it is asked to send.
type mailbox struct{ sent []string }

func (m *mailbox) Open(context.Context, *digest.StoredIssue) (digest.Conn, error) { return m, nil }
func (m *mailbox) Send(_ context.Context, msg *digest.Message) error {
	m.sent = append(m.sent, msg.To.Email)
	return nil
}
func (m *mailbox) Close() error { return nil }

func newServer(t *testing.T, st *fakeStore, mail *mailbox, hooks map[string]http.Handler) (*httptest.Server, *links.Signer) {
	t.Helper()
	signer, _ := links.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	s := &web.Server{Newsletter: digest.Newsletter{Name: "Test Brief", PublicURL: "https://news.example.com"},
		Store: st, Tokens: signer, Linker: &links.Maker{Signer: signer, BaseURL: "https://news.example.com"},
		Pages: templates.Pages, Mail: mail, Confirmation: &digest.StoredIssue{Subject: "Confirm"}, Webhooks: hooks}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, signer
}

func TestOneClickUnsubscribe(t *testing.T) {
	st := &fakeStore{t: t, subs: map[int64]*digest.Subscriber{7: {ID: 7, Email: "ada@example.com", Status: digest.StatusActive}}}
	ts, signer := newServer(t, st, &mailbox{}, nil)
	token := signer.Token(digest.LinkUnsubscribe, 7)
	if resp, _ := http.Get(ts.URL + "/unsubscribe/" + token); resp.StatusCode != 200 || len(st.statusChanges) != 0 {
		t.Errorf("GET: %d, changes %v (a GET must change nothing)", resp.StatusCode, st.statusChanges)
	}
	for _, bad := range []string{signer.Token(digest.LinkUnsubscribe, 8), "7.forged", token + "x"} {
		resp, _ := http.Post(ts.URL+"/unsubscribe/"+bad, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if resp.StatusCode != 404 {
			t.Errorf("forged %q: %d, want 404", bad, resp.StatusCode)
		}
	}
	resp, _ := http.Post(ts.URL+"/unsubscribe/"+token, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "unsubscribed\n" || strings.Join(st.statusChanges, ",") != "unsubscribed by one-click" {
		t.Errorf("one-click: %d %q, changes %v", resp.StatusCode, body, st.statusChanges)
	}
}

func TestSuppressedSignUpGetsTheSameReplyAndNothingElse(t *testing.T) {
	st := &fakeStore{t: t, suppressed: map[string]bool{"complainer@example.com": true}}
	mail := &mailbox{}
	ts, _ := newServer(t, st, mail, nil)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	reply := func(email string) string {
		resp, _ := client.Get(ts.URL + "/subscribe")
		page, _ := io.ReadAll(resp.Body)
		csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(string(page))[1]
		resp, _ = client.PostForm(ts.URL+"/subscribe", url.Values{"email": {email}, "csrf": {csrf}})
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if a, b := reply("complainer@example.com"), reply("new@example.com"); a != b {
		t.Errorf("the replies differ:\n%s\n---\n%s", a, b)
	}
	if strings.Join(st.subscribed, ",") != "new@example.com" || strings.Join(mail.sent, ",") != "new@example.com" {
		t.Errorf("recorded %v, mailed %v: the suppressed address must get neither", st.subscribed, mail.sent)
	}
}

func TestWebhooksOnlyForConfiguredProviders(t *testing.T) {
	called := 0
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called++ })
	ts, _ := newServer(t, &fakeStore{t: t}, &mailbox{}, map[string]http.Handler{"ses": hook})
	for provider, want := range map[string]int{"ses": 200, "postmark": 404, "..": 404} {
		resp, err := http.Post(ts.URL+"/webhooks/"+provider, "application/json", strings.NewReader("{}"))
		if err != nil || resp.StatusCode != want {
			t.Errorf("%s: %v %v, want %d", provider, resp.StatusCode, err, want)
		}
	}
	if called != 1 {
		t.Errorf("the ses handler ran %d times", called)
	}
}

// TestFeedReadsTheStoreOnce: the feed's entries come from one query, not
// one per issue.
func TestFeedReadsTheStoreOnce(t *testing.T) {
	st := &fakeStore{t: t}
	for n := 1; n <= 25; n++ {
		st.issues = append(st.issues, &digest.StoredIssue{Number: n, Subject: fmt.Sprintf("Issue %d", n),
			Date: time.Date(2026, 11, n, 7, 0, 0, 0, time.UTC), Content: &digest.Content{Stories: []digest.Story{{Title: "A story"}}}})
	}
	ts, _ := newServer(t, st, &mailbox{}, nil)
	resp, err := http.Get(ts.URL + "/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if got := strings.Count(string(body), "<entry>"); resp.StatusCode != 200 || got != 20 {
		t.Fatalf("feed: %d with %d entries, want 200 with 20", resp.StatusCode, got)
	}
	if !strings.Contains(string(body), "/archive/25</id>") || strings.Contains(string(body), "/archive/5</id>") {
		t.Errorf("the feed should hold issues 25 down to 6")
	}
	if got := strings.Join(st.issueReads, ","); got != "LatestSentIssues" {
		t.Errorf("store reads: %s, want one LatestSentIssues", got)
	}
}

// TestSubscribeRefusesABadName: a name the store would refuse (a control
// character could forge a mail header) is answered 422 with the form and
// a message that says what is wrong, and nothing is recorded or mailed.
func TestSubscribeRefusesABadName(t *testing.T) {
	tests := []struct {
		name, given string
		want        int
	}{
		{"bell", "Ada\x07", http.StatusUnprocessableEntity},
		{"escape", "Ada \x1b[31mLovelace", http.StatusUnprocessableEntity},
		{"line break", "Ada\r\nBcc: x@example.com", http.StatusUnprocessableEntity},
		{"fine", "  Ada   Lovelace ", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, mail := &fakeStore{t: t}, &mailbox{}
			ts, _ := newServer(t, st, mail, nil)
			f := openForm(t, ts)
			code, body := f.post(url.Values{"email": {"ada@example.com"}, "name": {tt.given}})
			if code != tt.want {
				t.Fatalf("%q: %d, want %d\n%s", tt.given, code, tt.want, body)
			}
			if tt.want == http.StatusOK {
				if got := strings.Join(st.names, ","); got != "Ada Lovelace" {
					t.Errorf("recorded name %q, want %q", got, "Ada Lovelace")
				}
				return
			}
			if !strings.Contains(body, "Your name cannot contain control characters") || !strings.Contains(body, `name="csrf"`) {
				t.Errorf("the reply should explain and show the form again:\n%s", body)
			}
			if len(st.subscribed) != 0 || len(mail.sent) != 0 {
				t.Errorf("recorded %v, mailed %v: a refused form must do neither", st.subscribed, mail.sent)
			}
			// The form shown again works: its CSRF token matches the cookie.
			if code, body := f.post(url.Values{"email": {"ada@example.com"}, "name": {"Ada"}}); code != http.StatusOK {
				t.Errorf("the corrected form: %d\n%s", code, body)
			}
		})
	}
}

// form is a browser on the sign-up form: its cookies and the CSRF token
// of the last page it was shown.
type form struct {
	t      *testing.T
	ts     *httptest.Server
	client *http.Client
	csrf   string
}

func openForm(t *testing.T, ts *httptest.Server) *form {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	f := &form{t: t, ts: ts, client: &http.Client{Jar: jar}}
	resp, err := f.client.Get(ts.URL + "/subscribe")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	f.read(string(page))
	return f
}

func (f *form) read(page string) {
	if m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page); m != nil {
		f.csrf = m[1]
	}
}

// post submits the form with the values and the current token.
func (f *form) post(values url.Values) (int, string) {
	f.t.Helper()
	values.Set("csrf", f.csrf)
	resp, err := f.client.PostForm(f.ts.URL+"/subscribe", values)
	if err != nil {
		f.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	f.read(string(body))
	return resp.StatusCode, string(body)
}
