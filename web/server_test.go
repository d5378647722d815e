package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/links"
	"github.com/digest-dev/digest/subscribers"
	"github.com/digest-dev/digest/templates"
	"github.com/digest-dev/digest/web"
)

// store is the real store on a SQLite file, so the web side meets the
// same rules and errors as in production (an unknown subscriber, a
// suppressed address, a bad name), with its issue reads counted.
type store struct {
	*subscribers.Store
	mu         sync.Mutex
	issueReads []string // the issue queries asked, in order
}

func newStore(t *testing.T) *store {
	t.Helper()
	st, err := subscribers.Open(context.Background(), subscribers.SQLite, filepath.Join(t.TempDir(), "digest.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &store{Store: st}
}

func (s *store) read(q string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issueReads = append(s.issueReads, q)
}

func (s *store) SentIssues(ctx context.Context) ([]digest.IssueSummary, error) {
	s.read("SentIssues")
	return s.Store.SentIssues(ctx)
}

func (s *store) SentIssue(ctx context.Context, n int) (*digest.StoredIssue, error) {
	s.read("SentIssue")
	return s.Store.SentIssue(ctx, n)
}

func (s *store) LatestSentIssues(ctx context.Context, n int) ([]*digest.StoredIssue, error) {
	s.read("LatestSentIssues")
	return s.Store.LatestSentIssues(ctx, n)
}

func (s *store) mustAdd(t *testing.T, email, status string) *digest.Subscriber {
	t.Helper()
	sub := &digest.Subscriber{Email: email, Status: status}
	if err := s.Add(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

// history is a subscriber's consent events as "event by source".
func (s *store) history(t *testing.T, id int64) string {
	t.Helper()
	h, err := s.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range h {
		out = append(out, c.Event+" by "+c.Source)
	}
	return strings.Join(out, ",")
}

// mailbox is a transport that keeps what it is asked to send.
type mailbox struct{ sent []string }

func (m *mailbox) Open(context.Context, *digest.StoredIssue) (digest.Conn, error) { return m, nil }
func (m *mailbox) Send(_ context.Context, msg *digest.Message) error {
	m.sent = append(m.sent, msg.To.Email)
	return nil
}
func (m *mailbox) Close() error { return nil }

func newServer(t *testing.T, st web.Store, mail *mailbox, hooks map[string]http.Handler) (*httptest.Server, *links.Signer) {
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
	st := newStore(t)
	ada := st.mustAdd(t, "ada@example.com", digest.StatusActive)
	ts, signer := newServer(t, st, &mailbox{}, nil)
	token := signer.Token(digest.LinkUnsubscribe, ada.ID)
	if resp, _ := http.Get(ts.URL + "/unsubscribe/" + token); resp.StatusCode != 200 || st.history(t, ada.ID) != "" {
		t.Errorf("GET: %d, history %q (a GET must change nothing)", resp.StatusCode, st.history(t, ada.ID))
	}
	for _, bad := range []string{signer.Token(digest.LinkUnsubscribe, ada.ID+1), "1.forged", token + "x"} {
		resp, _ := http.Post(ts.URL+"/unsubscribe/"+bad, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if resp.StatusCode != 404 {
			t.Errorf("forged %q: %d, want 404", bad, resp.StatusCode)
		}
	}
	for range 2 { // a second click changes nothing
		resp, _ := http.Post(ts.URL+"/unsubscribe/"+token, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		body, _ := io.ReadAll(resp.Body)
		if got := st.history(t, ada.ID); resp.StatusCode != 200 || string(body) != "unsubscribed\n" || got != "unsubscribed by one-click" {
			t.Errorf("one-click: %d %q, history %q", resp.StatusCode, body, got)
		}
	}
}

func TestSuppressedSignUpGetsTheSameReplyAndNothingElse(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	angry := st.mustAdd(t, "complainer@example.com", digest.StatusActive)
	if _, err := st.ApplyFeedback(ctx, digest.Feedback{Kind: digest.FeedbackComplaint, Subscriber: angry.ID, Verified: true,
		Key: "test:complaint"}, digest.FeedbackPolicy{}); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(ctx, "complainer@example.com"); err != nil {
		t.Fatal(err)
	}
	mail := &mailbox{}
	ts, _ := newServer(t, st, mail, nil)
	f := openForm(t, ts)
	_, a := f.post(url.Values{"email": {"complainer@example.com"}})
	_, b := f.post(url.Values{"email": {"new@example.com"}})
	if a != b {
		t.Errorf("the replies differ:\n%s\n---\n%s", a, b)
	}
	if _, err := st.Find(ctx, "complainer@example.com"); !errors.Is(err, subscribers.ErrNotFound) {
		t.Errorf("the suppressed address was recorded: %v", err)
	}
	if sub, err := st.Find(ctx, "new@example.com"); err != nil || sub.Status != digest.StatusPending {
		t.Errorf("new@example.com: %+v, %v; want pending", sub, err)
	}
	if got := strings.Join(mail.sent, ","); got != "new@example.com" {
		t.Errorf("mailed %q: the suppressed address must get nothing", got)
	}
}

func TestWebhooksOnlyForConfiguredProviders(t *testing.T) {
	called := 0
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called++ })
	ts, _ := newServer(t, newStore(t), &mailbox{}, map[string]http.Handler{"ses": hook})
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
	st := newStore(t)
	ctx := context.Background()
	for n := 1; n <= 25; n++ {
		is := &digest.StoredIssue{Number: n, Subject: fmt.Sprintf("Issue %d", n),
			Date: time.Date(2026, 11, n, 7, 0, 0, 0, time.UTC), Content: &digest.Content{Stories: []digest.Story{{Title: "A story"}}}}
		if err := st.CreateIssue(ctx, is); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishIssue(ctx, n); err != nil {
			t.Fatal(err)
		}
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
			st, mail := newStore(t), &mailbox{}
			ts, _ := newServer(t, st, mail, nil)
			f := openForm(t, ts)
			code, body := f.post(url.Values{"email": {"ada@example.com"}, "name": {tt.given}})
			if code != tt.want {
				t.Fatalf("%q: %d, want %d\n%s", tt.given, code, tt.want, body)
			}
			if tt.want == http.StatusOK {
				if sub, err := st.Find(context.Background(), "ada@example.com"); err != nil || sub.Name != "Ada Lovelace" {
					t.Errorf("recorded %+v, %v; want the name %q", sub, err, "Ada Lovelace")
				}
				return
			}
			if !strings.Contains(body, "Your name cannot contain control characters") || !strings.Contains(body, `name="csrf"`) {
				t.Errorf("the reply should explain and show the form again:\n%s", body)
			}
			if _, err := st.Find(context.Background(), "ada@example.com"); !errors.Is(err, subscribers.ErrNotFound) || len(mail.sent) != 0 {
				t.Errorf("find: %v, mailed %v: a refused form must neither record nor mail", err, mail.sent)
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
