package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/bounce"
	"github.com/digest-dev/digest/mailer/mailtest"
)

// bounceSample reads one of mailer/bounce's sample messages and fills it
// for a recipient, as that package's tests do: {{VERP}} the envelope
// sender the copy went out with, {{EMAIL}} the address, {{MSGID}} our
// Message-ID, {{ID}} the report's own Message-ID. Lines end in CRLF.
func bounceSample(t *testing.T, file, verp, email, msgID, id string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "mailer", "bounce", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("{{VERP}}", verp, "{{EMAIL}}", email, "{{MSGID}}", msgID, "{{ID}}", id)
	text := strings.ReplaceAll(r.Replace(string(b)), "\r\n", "\n")
	return []byte(strings.ReplaceAll(text, "\n", "\r\n"))
}

// bounceEnv is a list sent through the mailtest SMTP server with VERP
// return paths, and a mailpit POP3 mailbox for what comes back.
func bounceEnv(t *testing.T, n int) (*testEnv, *mailtest.Server, *mailtest.Mailpit) {
	t.Helper()
	srv, smtpYAML := startSMTP(t, nil)
	mp := startBounceMailbox(t)
	e := newTestEnv(t, smtpYAML+fmt.Sprintf(`  return_path: bounces@news.example.com
bounces:
  mailbox:
    protocol: pop3
    host: 127.0.0.1
    port: %d
    tls: none
    username: %s
    delete: true
`, mp.POP3Port, mailtest.MailpitPOP3User))
	e.env["DIGEST_SECRET"] = testSecret
	e.env["DIGEST_BOUNCES_PASSWORD"] = mailtest.MailpitPOP3Password
	addReaders(t, e, 1, n)
	e.mustRun("send")
	if got := len(srv.Messages()); got != n {
		t.Fatalf("%d messages sent, want %d", got, n)
	}
	return e, srv, mp
}

// bounceBack delivers a sample into the mailbox for the copy sent to
// email, addressed to that copy's envelope sender, from the null sender.
func bounceBack(t *testing.T, srv *mailtest.Server, mp *mailtest.Mailpit, file, email string) {
	t.Helper()
	for _, m := range srv.Messages() {
		if m.To[0] != email {
			continue
		}
		v, _ := bounce.NewVERP("bounces@news.example.com", []byte(testSecret))
		issue, id, ok := v.Parse(m.From)
		if !ok {
			t.Fatalf("copy to %s went out with envelope sender %q, not a VERP address", email, m.From)
		}
		msgID := digest.MessageID(issue, id, "") + "@news.example.com"
		raw := bounceSample(t, file, m.From, email, msgID, fmt.Sprintf("%s.%d", strings.TrimSuffix(file, ".eml"), id))
		if err := mp.Deliver("", []string{m.From}, raw); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no copy was sent to %s", email)
}

// statuses reads every subscriber's status with subscribers list --json.
func statuses(t *testing.T, e *testEnv) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(e.mustRun("subscribers", "list", "--json")))
	for sc.Scan() {
		var s struct{ Email, Status string }
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out[s.Email] = s.Status
	}
	return out
}

// TestBouncesBar is the issue's bar: a send to 50 subscribers; 5 DSN hard
// bounces, 5 soft, 2 ARF complaints and an auto-reply into a POP3
// mailbox; after digest bounces exactly the 5 hard-bounced are bounced,
// the 2 complainers unsubscribed and suppressed, the others unchanged;
// re-importing the 7 adds none of them.
func TestBouncesBar(t *testing.T) {
	e, srv, mp := bounceEnv(t, 50)
	hard := map[int]string{3: "dsn-hard-user-unknown.eml", 11: "dsn-hard-user-unknown.eml", 19: "dsn-hard-no-domain.eml", 27: "dsn-hard-user-unknown.eml", 35: "dsn-hard-no-domain.eml"}
	soft := map[int]string{4: "dsn-soft-mailbox-full.eml", 12: "dsn-soft-expired.eml", 20: "dsn-soft-mailbox-full.eml", 28: "dsn-soft-expired.eml", 36: "dsn-soft-mailbox-full.eml"}
	complaints := map[int]string{5: "arf-abuse.eml", 13: "arf-abuse.eml"}
	for _, set := range []map[int]string{hard, soft, complaints, {6: "autoreply-out-of-office.eml"}} {
		for i, file := range set {
			bounceBack(t, srv, mp, file, reader(i))
		}
	}
	var c bounce.Counts
	if err := json.Unmarshal([]byte(e.mustRun("bounces", "--json")), &c); err != nil {
		t.Fatal(err)
	}
	want := bounce.Counts{Messages: 13, Hard: 5, Soft: 5, Complaints: 2, AutoReplies: 1, Bounced: 5, Unsubscribed: 2, Deleted: 13}
	if c != want {
		t.Errorf("digest bounces --json\n got %+v\nwant %+v", c, want)
	}
	st := statuses(t, e)
	for i := 1; i <= 50; i++ {
		wantStatus := "active"
		if _, ok := hard[i]; ok {
			wantStatus = "bounced"
		}
		if _, ok := complaints[i]; ok {
			wantStatus = "unsubscribed"
		}
		if st[reader(i)] != wantStatus {
			t.Errorf("%s is %s, want %s", reader(i), st[reader(i)], wantStatus)
		}
	}
	suppressed := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(e.mustRun("subscribers", "suppressed", "--json")))
	for sc.Scan() {
		var sp struct{ Email, Reason string }
		json.Unmarshal(sc.Bytes(), &sp)
		suppressed[sp.Email] = sp.Reason
	}
	wantSuppressed := map[string]string{}
	for i := range hard {
		wantSuppressed[reader(i)] = "hard_bounce"
	}
	for i := range complaints {
		wantSuppressed[reader(i)] = "complaint"
	}
	if fmt.Sprint(suppressed) != fmt.Sprint(wantSuppressed) {
		t.Errorf("suppressed %v\nwant %v", suppressed, wantSuppressed)
	}
	// The mailbox is empty: every message was handled and deleted.
	mb, err := bounce.OpenMailbox(context.Background(), bounce.MailboxConfig{Protocol: "pop3", Host: "127.0.0.1", Port: mp.POP3Port, TLS: "none",
		Username: mailtest.MailpitPOP3User, Password: mailtest.MailpitPOP3Password})
	if err != nil {
		t.Fatal(err)
	}
	if refs, err := mb.List(context.Background()); err != nil || len(refs) != 0 {
		t.Errorf("mailbox still holds %d messages (%v); want none", len(refs), err)
	}
	mb.Close()
	// Re-importing the seven adds none of them.
	var csv strings.Builder
	csv.WriteString("email\n")
	for i := range wantSuppressed {
		csv.WriteString(i + "\n")
	}
	code, out, errOut := e.run("subscribers", "import", e.file("again.csv", csv.String()))
	if code != exitPartial || !strings.Contains(out, "0 added, 0 updated, 0 unchanged, 7 rejected") || strings.Count(errOut, "is suppressed") != 7 {
		t.Errorf("re-import: exit %d\n%s%s", code, out, errOut)
	}
	if got := statuses(t, e); len(got) != 50 || fmt.Sprint(got) != fmt.Sprint(st) {
		t.Errorf("the re-import changed the list")
	}
	// The issue shows what came back.
	show := e.mustRun("issues", "show", "1")
	if !strings.Contains(show, "bounced 10 (20.00%), complained 2 (4.00%)") {
		t.Errorf("issues show 1:\n%s", show)
	}
	code, out, errOut = e.run("issues", "list")
	if code != 0 || !strings.Contains(out, "4.00%") || !strings.Contains(errOut, "warning: issue 1 has a complaint rate of 4.00% (2 of 50), above 0.1%") {
		t.Errorf("issues list: exit %d\n%s%s", code, out, errOut)
	}
	if out := e.mustRun("bounces"); !strings.HasPrefix(out, "bounces: 0 messages") {
		t.Errorf("second digest bounces: %s", out)
	}
}
