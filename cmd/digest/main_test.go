package main

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// TestRenderWritesThreeFiles: render prints the issue and each file's
// true size, and issue.eml is the sample reader's message whose parts are
// issue.html and issue.txt.
func TestRenderWritesThreeFiles(t *testing.T) {
	e := newTestEnv(t, "")
	dir := filepath.Join(e.dir, "r")
	out := e.mustRun("render", "--out", dir)
	// No warning line: the sample issue fits Gmail's limits.
	m := regexp.MustCompile(`^source [^\n]+: 4 items, 4 new, 0 failed\nissue 1: ([^\n]+)\n` +
		`  issue\.html +(\d+) bytes\n  issue\.txt +(\d+) bytes\n  issue\.eml +(\d+) bytes\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("render printed:\n%s", out)
	}
	files := map[string][]byte{}
	for i, name := range []string{"issue.html", "issue.txt", "issue.eml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
		if size := strconv.Itoa(len(data)); size != m[i+2] {
			t.Errorf("%s is %s bytes; render said %s", name, size, m[i+2])
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(files["issue.eml"]))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m[1] || msg.Header.Get("To") != `"Sample Reader" <reader@example.com>` {
		t.Errorf("issue.eml: Subject %q, To %q; want %q to the sample reader", subject, msg.Header.Get("To"), m[1])
	}
	text, html := decodeParts(t, files["issue.eml"])
	crlf := strings.NewReplacer("\r\n", "\n")
	if crlf.Replace(text) != string(files["issue.txt"]) || crlf.Replace(html) != string(files["issue.html"]) {
		t.Error("issue.eml's parts are not issue.txt and issue.html")
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

// TestHelpDocumentsExitCodes: --help, the command's too, lists each exit
// code with its meaning, and the codes digest returns are those.
func TestHelpDocumentsExitCodes(t *testing.T) {
	e := newTestEnv(t, "")
	documented := []struct {
		code int
		line string
	}{
		{exitOK, "\n  0    success"},
		{exitError, "\n  1    unexpected error"},
		{exitUsage, "\n  2    usage or configuration error"},
		{exitPartial, "\n  3    partial: some recipients failed"},
		{exitInterrupted, "\n  130  interrupted (Ctrl-C or SIGTERM)"},
	}
	for _, args := range [][]string{{"--help"}, {"send", "--help"}} {
		out := e.mustRun(args...)
		if !strings.Contains(out, "\nEXIT STATUS\n") {
			t.Errorf("digest %s has no EXIT STATUS section:\n%s", strings.Join(args, " "), out)
			continue
		}
		for _, d := range documented {
			if !strings.Contains(out, d.line) || !strings.HasPrefix(strings.TrimSpace(d.line), strconv.Itoa(d.code)+" ") {
				t.Errorf("digest %s does not document exit %d as %q", strings.Join(args, " "), d.code, strings.TrimSpace(d.line))
			}
		}
	}
	code, out, errOut := e.run("frobnicate")
	if code != exitUsage || out != "" || !strings.HasPrefix(errOut, `digest: unknown command "frobnicate" for "digest"`) {
		t.Errorf("unknown command: exit %d, stdout %q, stderr %q; want 2 and the command named", code, out, errOut)
	}
	code, _, errOut = e.run("send", "--bogus")
	if code != exitUsage || !strings.HasPrefix(errOut, "digest: unknown flag: --bogus\n") || !strings.Contains(errOut, "\nUsage:\n  digest send ") {
		t.Errorf("unknown flag: exit %d, stderr %q; want 2, the flag named and send's usage", code, errOut)
	}
}
