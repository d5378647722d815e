package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestDryRunWithPreviewSendsNothing(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	out := e.mustRun("send", "--preview", "--dry-run")
	if !strings.Contains(out, "would go to editor@news.example.com; nothing sent") || srv.Total() != 0 {
		t.Errorf("preview dry run: %q, %d sent", out, srv.Total())
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
// DIGEST_DKIM_KEY_FILE to the working directory, as for every path.
func TestDKIMKeyPaths(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	t.Run("file", func(t *testing.T) {
		e := newTestEnv(t, "dkim:\n  domain: news.example.com\n  selector: s1\n  key_file: keys/dkim.pem\n")
		os.MkdirAll(filepath.Join(e.dir, "keys"), 0o755)
		os.WriteFile(filepath.Join(e.dir, "keys", "dkim.pem"), pemBytes, 0o600)
		checkSigned(t, e)
	})
	t.Run("env", func(t *testing.T) {
		e := newTestEnv(t, "dkim:\n  domain: news.example.com\n  selector: s1\n")
		wd, _ := os.Getwd()
		dir, err := os.MkdirTemp(wd, "dkimtest")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		os.WriteFile(filepath.Join(dir, "dkim.pem"), pemBytes, 0o600)
		e.env["DIGEST_DKIM_KEY_FILE"] = filepath.Join(filepath.Base(dir), "dkim.pem") // relative to the working directory
		checkSigned(t, e)
	})
}

func checkSigned(t *testing.T, e *testEnv) {
	t.Helper()
	out := filepath.Join(e.dir, "render")
	e.mustRun("render", "--out", out)
	eml, err := os.ReadFile(filepath.Join(out, "issue.eml"))
	if err != nil || !bytes.HasPrefix(eml, []byte("DKIM-Signature: ")) {
		t.Errorf("issue.eml is not signed: %v", err)
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
	e.mustRun("subscribers", "add", "grace@example.com", "--name", "Grace Hopper")
	backup := filepath.Join(e.dir, "backup.csv")
	e.mustRun("subscribers", "export", backup)
	e2 := newTestEnv(t, "")
	if out := e2.mustRun("subscribers", "import", backup); !strings.Contains(out, "1 added") {
		t.Errorf("import of the export: %q", out)
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
	files, _ := filepath.Glob(filepath.Join(e.dir, "digest.db*"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte(addr)) || bytes.Contains(data, []byte("Forgettable Person")) {
			t.Errorf("%s still holds the removed subscriber", filepath.Base(f))
		}
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
		"anon@example.com":  {"Hello there,"},
	}
	for _, m := range srv.Messages() {
		text, html := decodeParts(t, m.Data)
		for _, w := range want[m.To[0]] {
			if !strings.Contains(text, w) || !strings.Contains(html, w) {
				t.Errorf("%s: the copy lacks %q", m.To[0], w)
			}
		}
		if bytes.Contains(m.Data, []byte("DGSTx")) {
			t.Errorf("%s: a placeholder is left", m.To[0])
		}
	}
}
