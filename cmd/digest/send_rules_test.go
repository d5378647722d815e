package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

func TestDryRunWithPreviewSendsNothing(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	out := e.mustRun("send", "--preview", "--dry-run")
	// The source's line, then one line for the one preview address: the
	// issue it would be, and nothing else.
	want := regexp.MustCompile(`^source [^\n]+/examples/content: 4 items, 4 new, 0 failed\n` +
		`dry run: the preview of issue 1 \("Test Brief, \d{1,2} [A-Z][a-z]{2} \d{4}: The harbour ferry returns after three years"\) would go to editor@news\.example\.com; nothing sent\n$`)
	if !want.MatchString(out) {
		t.Errorf("preview dry run printed:\n%s\nwant:\n%s", out, want)
	}
	if srv.Total() != 0 {
		t.Errorf("a dry run sent %d messages", srv.Total())
	}
}

// TestMessageIDsDifferAcrossInstallations: <issue1.1@domain> alone would
// repeat in every new installation, and providers drop repeats.
func TestMessageIDsDifferAcrossInstallations(t *testing.T) {
	ids := map[string]bool{}
	for i := 0; i < 2; i++ {
		srv, smtpYAML := startSMTP(t, nil)
		e := newTestEnv(t, smtpYAML)
		e.mustRun("subscribers", "add", "ada@example.com")
		e.mustRun("send")
		h, _ := messageTo(t, rawMessages(srv), "ada@example.com")
		id := h.Get("Message-ID")
		if !regexp.MustCompile(`^<issue1\.1\.[a-z0-9]{6,}@news\.example\.com>$`).MatchString(id) {
			t.Errorf("Message-ID %q has no random part", id)
		}
		ids[id] = true
	}
	if len(ids) != 2 {
		t.Errorf("two installations gave the same Message-ID: %v", ids)
	}
}

// TestOneClickOnlyWithHTTPS: RFC 8058 one-click needs an https link.
func TestOneClickOnlyWithHTTPS(t *testing.T) {
	for _, scheme := range []string{"http", "https"} {
		srv, smtpYAML := startSMTP(t, nil)
		e := newTestEnv(t, smtpYAML)
		e.mustRun("subscribers", "add", "ada@example.com")
		e.mustRun("--set", "newsletter.public_url="+scheme+"://news.example.com", "send")
		h, _ := messageTo(t, rawMessages(srv), "ada@example.com")
		post := h.Get("List-Unsubscribe-Post")
		if (scheme == "https") != (post == "List-Unsubscribe=One-Click") {
			t.Errorf("%s public_url: List-Unsubscribe-Post = %q", scheme, post)
		}
		if !strings.HasPrefix(h.Get("List-Unsubscribe"), "<"+scheme+"://news.example.com/unsubscribe/") {
			t.Errorf("%s public_url: List-Unsubscribe = %q", scheme, h.Get("List-Unsubscribe"))
		}
	}
}

// TestPreviewIsWhatASubscriberGets: a preview and a subscriber's copy take
// the same road, so they differ only in the recipient's values.
func TestPreviewIsWhatASubscriberGets(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "editor@news.example.com")
	e.mustRun("send", "--preview")
	e.mustRun("send")
	msgs := rawMessages(srv)
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	// Per message: Date, Message-ID, Subject ("[Preview] "), the MIME
	// boundary and the recipient's signed tokens.
	norm := regexp.MustCompile(`(?m)^(Date|Message-ID|Subject): .*(\r\n[ \t].*)*\r\n|boundary=[0-9a-f]+|--[0-9a-f]{32,}|(unsubscribe/|\?s=|\?s=3D|unsubscribe\+)[0-9]+\.[A-Za-z0-9_-]+`)
	preview := norm.ReplaceAll(msgs[0], nil)
	copy := norm.ReplaceAll(msgs[1], nil)
	if !bytes.Equal(preview, copy) {
		t.Errorf("the preview differs from the subscriber's copy beyond the recipient's values:\n--- preview\n%s\n--- copy\n%s", preview, copy)
	}
	if h, _ := messageTo(t, msgs[:1], "editor@"); !strings.Contains(h.Get("Subject"), "Preview") {
		t.Errorf("preview subject = %q", h.Get("Subject"))
	}
}

// TestDKIMKeyPaths: key_file in the config file is relative to the file,
// DIGEST_DKIM_KEY_FILE to the working directory, as for every path; either
// way issue.eml carries a signature that verifies against the key.
func TestDKIMKeyPaths(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	record := "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
	t.Run("file", func(t *testing.T) {
		e := newTestEnv(t, "dkim:\n  domain: news.example.com\n  selector: s1\n  key_file: keys/dkim.pem\n")
		if err := os.MkdirAll(filepath.Join(e.dir, "keys"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(e.dir, "keys", "dkim.pem"), pemBytes, 0o600); err != nil {
			t.Fatal(err)
		}
		checkSigned(t, e, record)
	})
	t.Run("env", func(t *testing.T) {
		e := newTestEnv(t, "dkim:\n  domain: news.example.com\n  selector: s1\n")
		wd, _ := os.Getwd()
		dir, err := os.MkdirTemp(wd, "dkimtest")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, "dkim.pem"), pemBytes, 0o600); err != nil {
			t.Fatal(err)
		}
		e.env["DIGEST_DKIM_KEY_FILE"] = filepath.Join(filepath.Base(dir), "dkim.pem") // relative to the working directory
		checkSigned(t, e, record)
	})
}

// checkSigned renders issue.eml and verifies its one DKIM signature for
// news.example.com, selector s1, against the public key's DNS record.
func checkSigned(t *testing.T, e *testEnv, record string) {
	t.Helper()
	out := filepath.Join(e.dir, "render")
	e.mustRun("render", "--out", out)
	eml, err := os.ReadFile(filepath.Join(out, "issue.eml"))
	if err != nil {
		t.Fatal(err)
	}
	verifs, err := dkim.VerifyWithOptions(bytes.NewReader(eml), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "s1._domainkey.news.example.com" {
				return nil, fmt.Errorf("looked up %s, want s1._domainkey.news.example.com", domain)
			}
			return []string{record}, nil
		},
	})
	if err != nil || len(verifs) != 1 || verifs[0].Err != nil || verifs[0].Domain != "news.example.com" {
		t.Errorf("issue.eml: want one valid signature by news.example.com, got %v %+v", err, verifs)
	}
}

func TestConnectionsAreCapped(t *testing.T) {
	e := newTestEnv(t, "")
	code, _, errOut := e.run("--set", "smtp.connections=500", "send", "--dry-run")
	if code != exitUsage || !strings.Contains(errOut, "smtp.connections: must be 1 to 200, got 500") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestNamesRefuseControlCharacters: add refuses what import refuses, so a
// backup always imports back.
func TestNamesRefuseControlCharacters(t *testing.T) {
	e := newTestEnv(t, "")
	code, _, errOut := e.run("subscribers", "add", "ada@example.com", "--name", "Ada\x1bLovelace")
	if code != exitUsage || !strings.Contains(errOut, "control character") {
		t.Errorf("add: exit %d %q", code, errOut)
	}
	if out := e.mustRun("subscribers", "list"); strings.Contains(out, "ada@") {
		t.Errorf("the refused add left a subscriber:\n%s", out)
	}
	e.mustRun("subscribers", "add", "grace@example.com", "--name", "Grace Hopper")
	backup := filepath.Join(e.dir, "backup.csv")
	e.mustRun("subscribers", "export", backup)
	e2 := newTestEnv(t, "")
	e2.mustRun("subscribers", "import", backup)
	again := filepath.Join(e2.dir, "again.csv")
	e2.mustRun("subscribers", "export", again)
	want, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(want, []byte("grace@example.com,Grace Hopper")) || !bytes.Equal(got, want) {
		t.Errorf("export of the imported backup differs from the backup:\n--- backup\n%s--- again\n%s", want, got)
	}
}

// TestRemoveLeavesNoCopyInTheFile: the right to be forgotten, on disk.
func TestRemoveLeavesNoCopyInTheFile(t *testing.T) {
	_, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	const addr = "forget.me.please@example.com"
	e.mustRun("subscribers", "add", addr, "--name", "Forgettable Person")
	addSubscribers(t, e, 30)
	e.mustRun("send")
	e.mustRun("subscribers", "remove", addr)
	files, err := filepath.Glob(filepath.Join(e.dir, "digest.db*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no database files to read: %v", err)
	}
	var all []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(addr)) || bytes.Contains(data, []byte("Forgettable Person")) {
			t.Errorf("%s still holds the removed subscriber", filepath.Base(f))
		}
		all = append(all, data...)
	}
	// The files are read as stored: the readers who stayed are found in them.
	if !bytes.Contains(all, []byte(reader(0))) {
		t.Errorf("the database files do not show %s either: the search proves nothing", reader(0))
	}
}

// TestGreetingAndAttributes: the greeting uses first_name, then the name,
// then "there"; a theme or an intro can use any attribute.
func TestGreetingAndAttributes(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	theme := t.TempDir()
	for _, name := range []string{"email.html", "email.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "templates", "theme", name))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte("</body>"), []byte(`<p>Weather for {{attr "city"}}.</p></body>`), 1)
		if name == "email.txt" {
			b = append(b, []byte("\nWeather for {{ attr \"city\" }}.\n")...)
		}
		os.WriteFile(filepath.Join(theme, name), b, 0o644)
	}
	e := newTestEnv(t, smtpYAML+"templates:\n  dir: "+theme+"\n")
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada Lovelace", "--attr", "first_name=Ada", "--attr", "city=Leeds")
	e.mustRun("subscribers", "add", "grace@example.com", "--name", "Grace Hopper")
	e.mustRun("subscribers", "add", "anon@example.com")
	e.mustRun("--set", `newsletter.intro=Greetings to {{attr "city"}}!`, "send")
	want := map[string][]string{
		"ada@example.com":   {"Hello Ada,", "Weather for Leeds.", "Greetings to Leeds!"},
		"grace@example.com": {"Hello Grace Hopper,", "Weather for .", "Greetings to !"},
		"anon@example.com":  {"Hello there,", "Weather for .", "Greetings to !"},
	}
	msgs := srv.Messages()
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, want one to each of %d subscribers", len(msgs), len(want))
	}
	for _, m := range msgs {
		lines, ok := want[m.To[0]]
		if !ok {
			t.Errorf("a copy went to %v", m.To)
			continue
		}
		delete(want, m.To[0])
		text, html := decodeParts(t, m.Data)
		for _, w := range lines {
			if !strings.Contains(text, w) || !strings.Contains(html, w) {
				t.Errorf("%s: the copy lacks %q", m.To[0], w)
			}
		}
		if bytes.Contains(m.Data, []byte("DGSTx")) {
			t.Errorf("%s: a placeholder is left", m.To[0])
		}
	}
}
