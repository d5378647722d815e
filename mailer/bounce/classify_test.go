package bounce

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digest-dev/digest/digest"
)

var testKey = []byte("a test signing key of 32 bytes!!")

func newTestVERP(t *testing.T) *VERP {
	t.Helper()
	v, err := NewVERP("bounces@news.example.com", testKey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sample is a testdata message filled in for one recipient.
type sample struct {
	File       string
	Email      string
	Issue      int
	Subscriber int64
	ID         string // the bounce's own Message-ID local part
}

// mustSample reads testdata/<file> and fills its placeholders: {{VERP}}
// the recipient's return path, {{EMAIL}} their address, {{MSGID}} our
// Message-ID, {{ID}} the report's own Message-ID, {{FORGED}} a token that
// looks right but is not signed with the key. Lines end in CRLF.
func mustSample(t testing.TB, v *VERP, s sample) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(), s.File))
	if err != nil {
		t.Fatal(err)
	}
	if s.ID == "" {
		s.ID = strings.TrimSuffix(s.File, ".eml")
	}
	r := strings.NewReplacer("{{VERP}}", v.Address(s.Issue, s.Subscriber), "{{EMAIL}}", s.Email,
		"{{MSGID}}", digest.MessageID(s.Issue, s.Subscriber, "")+"@news.example.com", "{{ID}}", s.ID,
		"{{FORGED}}", "aebaaaaaaaaaaaaaaaaaaaaa")
	text := strings.ReplaceAll(r.Replace(string(b)), "\r\n", "\n")
	return []byte(strings.ReplaceAll(text, "\n", "\r\n"))
}

func testdataDir() string { return "testdata" }

func TestClassify(t *testing.T) {
	v := newTestVERP(t)
	c := &Classifier{VERP: v, Domain: "news.example.com"}
	tests := []struct {
		file               string
		kind               Kind
		format             string
		feedback           string // feedback kind, "" for none
		status             string
		verified, attached bool // signed VERP found; subscriber named at all
		email              string
	}{
		{"dsn-hard-user-unknown.eml", KindBounce, "dsn", digest.FeedbackHard, "5.1.1", true, true, "ada@lakeside.example"},
		{"dsn-hard-no-domain.eml", KindBounce, "dsn", digest.FeedbackHard, "5.4.4", true, true, "ada@lakeside.example"},
		{"dsn-soft-mailbox-full.eml", KindBounce, "dsn", digest.FeedbackSoft, "5.2.2", true, true, "ada@lakeside.example"},
		{"dsn-soft-expired.eml", KindBounce, "dsn", digest.FeedbackSoft, "4.4.7", true, true, "ada@lakeside.example"},
		{"dsn-delayed.eml", KindIgnored, "dsn", "", "", false, false, ""},
		{"arf-abuse.eml", KindComplaint, "arf", digest.FeedbackComplaint, "", true, true, "ada@lakeside.example"},
		{"arf-redacted.eml", KindComplaint, "arf", digest.FeedbackComplaint, "", true, true, "redacted@isp.example"},
		{"arf-not-spam.eml", KindIgnored, "arf", "", "", false, false, ""},
		{"plain-provider.eml", KindBounce, "plain", digest.FeedbackHard, "5.1.1", false, true, "ada@lakeside.example"},
		{"plain-quota.eml", KindBounce, "plain", digest.FeedbackSoft, "", true, true, "ada@lakeside.example"},
		{"autoreply-out-of-office.eml", KindAutoReply, "", "", "", false, false, ""},
		{"autoreply-vacation.eml", KindAutoReply, "", "", "", false, false, ""},
		{"junk.eml", KindUnknown, "", "", "", false, false, ""},
		{"dsn-forged.eml", KindBounce, "dsn", digest.FeedbackHard, "5.1.1", false, false, "ada@lakeside.example"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := mustSample(t, v, sample{File: tt.file, Email: "ada@lakeside.example", Issue: 7, Subscriber: 42})
			r := c.Classify(raw)
			if r.Kind != tt.kind || r.Format != tt.format {
				t.Fatalf("got %s/%s (%s), want %s/%s", r.Kind, r.Format, r.Why, tt.kind, tt.format)
			}
			f := r.Feedback
			if tt.feedback == "" {
				if f != nil {
					t.Errorf("feedback %+v, want none", f)
				}
				return
			}
			if f == nil {
				t.Fatal("no feedback")
			}
			if f.Kind != tt.feedback || f.Status != tt.status || !strings.EqualFold(f.Email, tt.email) {
				t.Errorf("feedback %s %q for %q, want %s %q for %q", f.Kind, f.Status, f.Email, tt.feedback, tt.status, tt.email)
			}
			if f.Verified != tt.verified || (f.Subscriber == 42) != tt.attached || (tt.attached && f.Issue != 7) {
				t.Errorf("attributed to issue %d subscriber %d verified %v; want subscriber 42 of issue 7: %v, verified %v",
					f.Issue, f.Subscriber, f.Verified, tt.attached, tt.verified)
			}
			if f.Key == "" || f.Source != "mailbox" {
				t.Errorf("key %q source %q: want a key and source mailbox", f.Key, f.Source)
			}
		})
	}
}

func TestClassifyReadsSaltedMessageIDs(t *testing.T) {
	v := newTestVERP(t)
	c := &Classifier{VERP: v, Domain: "news.example.com"}
	raw := mustSample(t, v, sample{File: "plain-provider.eml", Email: "ada@lakeside.example", Issue: 7, Subscriber: 42})
	raw = []byte(strings.Replace(string(raw), "issue7.42@news.example.com", "issue7.42.k3vq7xma@news.example.com", 1))
	if f := c.Classify(raw).Feedback; f == nil || f.Issue != 7 || f.Subscriber != 42 {
		t.Errorf("feedback %+v: want issue 7, subscriber 42 from <issue7.42.k3vq7xma@news.example.com>", f)
	}
	raw = []byte(strings.Replace(string(raw), "issue7.42.k3vq7xma@news.example.com", "issue7.42.k3vq7xma@elsewhere.example", 1))
	if f := c.Classify(raw).Feedback; f == nil || f.Subscriber != 0 {
		t.Errorf("feedback %+v: a Message-ID on another domain is not ours", f)
	}
}
