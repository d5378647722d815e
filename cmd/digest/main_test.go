package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digest-dev/digest/mailer/mailtest"
)

// TestNoIssueForNoOne: a send before anyone has subscribed makes no issue,
// so the stories are still there for the first real one.
func TestNoIssueForNoOne(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	if out := e.mustRun("send"); !strings.Contains(out, "no active subscribers") {
		t.Errorf("send to an empty list: %q", out)
	}
	addSubscribers(t, e, 2)
	if out := e.mustRun("send"); !strings.Contains(out, "issue 1: sent 2") {
		t.Errorf("first send with readers: %q", out)
	}
	if srv.Total() != 2 {
		t.Errorf("%d messages, want 2", srv.Total())
	}
}

// TestPlaceholderFromIsNotMailed: the built-in From address may fill the
// outbox, but never goes to subscribers through an SMTP server.
func TestPlaceholderFromIsNotMailed(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.env["DIGEST_NEWSLETTER_FROM"] = "digest@localhost.localdomain"
	addSubscribers(t, e, 1)
	code, _, errOut := e.run("send")
	if code != exitUsage || !strings.Contains(errOut, "newsletter.from") || srv.Total() != 0 {
		t.Errorf("exit %d, %d sent: %s", code, srv.Total(), errOut)
	}
}

func TestPreviewToOutbox(t *testing.T) {
	e := newTestEnv(t, "")
	out := e.mustRun("send", "--preview")
	if !strings.Contains(out, "preview of issue 1 sent to editor@news.example.com") {
		t.Errorf("stdout = %q", out)
	}
	files, _ := filepath.Glob(filepath.Join(e.dir, "outbox", "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox has %v, want one .eml", files)
	}
	data, _ := os.ReadFile(files[0])
	for _, want := range []string{"Subject: [Preview] Test Brief", "Content-Type: text/plain; charset=UTF-8", "Content-Type: text/html; charset=UTF-8", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf(".eml lacks %q", want)
		}
	}
	// A preview records nothing: the next preview is still issue 1.
	if out := e.mustRun("send", "--preview", "--to", "other@example.com"); !strings.Contains(out, "preview of issue 1 sent to other@example.com") {
		t.Errorf("second preview: %q", out)
	}
}

func TestSendExactlyOncePerActiveSubscriber(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada Lovelace")
	e.mustRun("subscribers", "add", "grace@example.org", "Alan@Example.net")
	e.mustRun("subscribers", "add", "gone@example.com", "--status", "unsubscribed")
	out := e.mustRun("send")
	if !strings.Contains(out, "issue 1: sent 3, failed 0") {
		t.Errorf("summary = %q", out)
	}
	copies := srv.Copies()
	for _, addr := range []string{"ada@example.com", "grace@example.org", "alan@example.net"} {
		if copies[addr] != 1 {
			t.Errorf("%s got %d copies, want 1", addr, copies[addr])
		}
	}
	if copies["gone@example.com"] != 0 || srv.Total() != 3 {
		t.Errorf("copies = %v", copies)
	}
	for _, m := range srv.Messages() {
		text, html := decodeParts(t, m.Data)
		if m.To[0] == "ada@example.com" && (!strings.Contains(text, "Hello Ada Lovelace,") || !strings.Contains(html, "Hello Ada Lovelace,")) {
			t.Error("ada's copy is not personalised")
		}
		if m.To[0] == "grace@example.org" && !strings.Contains(text, "Hello there,") {
			t.Error("an unnamed subscriber is not greeted as there")
		}
		if bytes.Contains(m.Data, []byte("DGSTx")) {
			t.Errorf("placeholder left in message to %s", m.To[0])
		}
	}
	// The takeaways are used up: a second send has nothing new, and sends nothing.
	if out := e.mustRun("send"); !strings.Contains(out, "nothing new since issue 1") {
		t.Errorf("second send: %q", out)
	}
	if srv.Total() != 3 {
		t.Errorf("second send mailed %d more", srv.Total()-3)
	}
}

func TestPreviewOverSMTPReachesOnlyTheTestInbox(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com")
	e.mustRun("send", "--preview")
	if c := srv.Copies(); len(c) != 1 || c["editor@news.example.com"] != 1 {
		t.Errorf("copies = %v, want the preview address only", c)
	}
	if !bytes.Contains(srv.Messages()[0].Data, []byte("Subject: [Preview] ")) {
		t.Error("preview subject lacks [Preview]")
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com")
	out := e.mustRun("send", "--dry-run")
	if !strings.Contains(out, "would go to 1 active subscribers") || srv.Total() != 0 {
		t.Errorf("dry run: %q, %d sent", out, srv.Total())
	}
	if out := e.mustRun("send"); !strings.Contains(out, "issue 1: sent 1") {
		t.Errorf("send after dry run: %q", out)
	}
}

func TestPermanentFailureExitsPartial(t *testing.T) {
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) {
		s.RcptErr = func(to string, _ int) error {
			if to == "nobody@example.com" {
				return mailtest.Reply(550, "5.1.1", "no such user")
			}
			return nil
		}
	})
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "nobody@example.com", "ada@example.com")
	code, out, errOut := e.run("send")
	if code != exitPartial || !strings.Contains(out, "sent 1, failed 1") || !strings.Contains(errOut, "550") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if srv.Copies()["ada@example.com"] != 1 {
		t.Error("one failure stopped another recipient")
	}
}

func TestParseJSONContract(t *testing.T) {
	e := newTestEnv(t, "")
	out := e.mustRun("parse", "--json", "../../examples/content/council-budget-vote.txt", "../../examples/content/library-late-opening.txt")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("%d stories", len(got))
	}
	for _, k := range []string{"title", "source", "url", "published", "intro", "takeaways", "conclusion"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	tk := got[0]["takeaways"].([]any)[0].(map[string]any)
	for _, k := range []string{"heading", "summary", "body", "quotes"} {
		if _, ok := tk[k]; !ok {
			t.Errorf("takeaway key %q missing", k)
		}
	}
	if got[1]["conclusion"] != nil {
		t.Errorf("gist story: conclusion %v", got[1]["conclusion"])
	}
	for _, k := range got[1]["takeaways"].([]any) {
		if k.(map[string]any)["extracted"] != true {
			t.Errorf("gist story: takeaway %v is not marked extracted", k)
		}
	}
	code, _, errOut := e.run("parse", "/nonexistent/article.md")
	if code != exitUsage || !strings.Contains(errOut, "/nonexistent/article.md") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func TestRenderWritesThreeFiles(t *testing.T) {
	e := newTestEnv(t, "")
	out := e.mustRun("render", "--out", filepath.Join(e.dir, "r"))
	for _, f := range []string{"issue.html", "issue.txt", "issue.eml"} {
		if _, err := os.Stat(filepath.Join(e.dir, "r", f)); err != nil || !strings.Contains(out, f) {
			t.Errorf("%s: %v (stdout %q)", f, err, out)
		}
	}
	if strings.Contains(out, "warning") {
		t.Errorf("the sample issue should fit Gmail's limits: %q", out)
	}
}

func TestSubscribersCommands(t *testing.T) {
	e := newTestEnv(t, "")
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada", "--attr", "timezone=Europe/London")
	code, out, _ := e.run("subscribers", "add", "ADA@example.com")
	if code != exitPartial || !strings.Contains(out, "already on the list") {
		t.Errorf("duplicate add: exit %d %q", code, out)
	}
	code, _, errOut := e.run("subscribers", "add", "not-an-address")
	if code != exitUsage || !strings.Contains(errOut, "not-an-address") {
		t.Errorf("bad address: exit %d %q", code, errOut)
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("subscribers", "list", "--json")), &row); err != nil {
		t.Fatal(err)
	}
	if row["email"] != "ada@example.com" || row["name"] != "Ada" || row["status"] != "active" || row["attributes"].(map[string]any)["timezone"] != "Europe/London" || row["created_at"] == nil {
		t.Errorf("list --json row = %v", row)
	}
	if out := e.mustRun("subscribers", "count", "--json"); strings.TrimSpace(out) != `{"active":1,"bounced":0,"pending":0,"unsubscribed":0}` {
		t.Errorf("count --json = %s", out)
	}
	e.mustRun("subscribers", "remove", "ada@example.com")
	if out := e.mustRun("subscribers", "list", "--json"); out != "" {
		t.Errorf("after remove: %q", out)
	}
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	e := newTestEnv(t, "")
	out := e.mustRun("--help")
	if !strings.Contains(out, "EXIT STATUS") || !strings.Contains(out, "130") {
		t.Errorf("help = %q", out)
	}
	if code, _, _ := e.run("frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := e.run("send", "--bogus"); code != exitUsage {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}
