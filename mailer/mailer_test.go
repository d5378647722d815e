package mailer

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/mailtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

var fixedNow = func() time.Time { return time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC) }

func newBuilder(t *testing.T, opts ...BuilderOption) *Builder {
	t.Helper()
	b, err := NewBuilder(Identity{Name: "The Test Brief", From: "The Test Brief <brief@news.example.com>", ReplyTo: "editor@news.example.com"},
		append([]BuilderOption{WithClock(fixedNow)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleMessage(to digest.Recipient) *digest.Message {
	tok := "1.tok" + strings.Split(to.Email, "@")[0]
	return &digest.Message{
		Issue: 7, To: to, Subject: "The Test Brief, 27 Nov 2026: Tram line opens · €1.90",
		Text:      "Hello " + to.Name + ",\n\nTrams run every ten minutes. Fares stay at €1.90.\n\nUnsubscribe: https://news.example.com/unsubscribe/" + tok + "\n",
		HTML:      `<html><body><p>Hello ` + to.Name + `,</p><p>Trams run every ten minutes.</p><a href="https://news.example.com/unsubscribe/` + tok + `">Unsubscribe</a></body></html>`,
		Links:     digest.Links{Unsubscribe: "https://news.example.com/unsubscribe/" + tok, UnsubscribeMail: "mailto:editor@news.example.com?subject=unsubscribe+" + tok},
		MessageID: "issue7." + tok,
	}
}

func TestEMLGolden(t *testing.T) {
	dir := t.TempDir()
	o := &Outbox{Dir: dir, Builder: newBuilder(t, WithBoundary("digest-boundary-0001"))}
	if err := o.Send(context.Background(), sampleMessage(digest.Recipient{ID: 1, Email: "ada@example.com", Name: "Ada Lovelace"})); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "issue-7-ada@example.com.eml"))
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/sample.golden.eml"
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("eml differs from %s; review and run go test -update:\n%s", golden, got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// parts reads a received message and returns its header and decoded parts.
func parts(t *testing.T, data []byte) (mail.Header, []string, []string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", m.Header.Get("Content-Type"), err)
	}
	var types, bodies []string
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body, err = io.ReadAll(quotedprintable.NewReader(p))
		} else {
			body, err = io.ReadAll(p)
		}
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, p.Header.Get("Content-Type"))
		bodies = append(bodies, string(body))
	}
	return m.Header, types, bodies
}

func TestSMTPDeliversWhatWasBuilt(t *testing.T) {
	srv, err := mailtest.Start(func(s *mailtest.Server) { s.Username, s.Password = "digest", "s3cret" })
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := NewSMTP(SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone, Auth: "plain", Username: "digest", Password: "s3cret"}, newBuilder(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recipients := []digest.Recipient{{ID: 1, Email: "ada@example.com", Name: "Ada Lovelace"}, {ID: 2, Email: "grace@example.org", Name: "Grace Hopper"}}
	for _, r := range recipients {
		if err := s.Send(context.Background(), sampleMessage(r)); err != nil {
			t.Fatalf("send to %s: %v", r.Email, err)
		}
	}
	got := srv.Messages()
	if len(got) != 2 {
		t.Fatalf("server got %d messages, want 2", len(got))
	}
	if srv.Connections() != 1 {
		t.Errorf("connections = %d, want one reused connection", srv.Connections())
	}
	for i, r := range recipients {
		m := got[i]
		if m.From != "brief@news.example.com" || len(m.To) != 1 || m.To[0] != r.Email {
			t.Errorf("envelope = %s -> %v", m.From, m.To)
		}
		h, types, bodies := parts(t, m.Data)
		checkHeaders(t, h, r)
		if len(types) != 2 || !strings.HasPrefix(types[0], "text/plain; charset=UTF-8") || !strings.HasPrefix(types[1], "text/html; charset=UTF-8") {
			t.Errorf("parts = %q, want text then html in UTF-8", types)
		}
		if !strings.Contains(bodies[0], "Hello "+r.Name+",") || !strings.Contains(bodies[0], "€1.90") {
			t.Errorf("text part = %q", bodies[0])
		}
		if !strings.Contains(bodies[1], `<p>Hello `+r.Name+`,</p>`) {
			t.Errorf("html part = %q", bodies[1])
		}
	}
}

func checkHeaders(t *testing.T, h mail.Header, r digest.Recipient) {
	t.Helper()
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != r.Name || to[0].Address != r.Email {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(h.Get("Subject"))
	tok := "1.tok" + strings.Split(r.Email, "@")[0]
	want := map[string]string{
		"From":                  `"The Test Brief" <brief@news.example.com>`,
		"Reply-To":              "<editor@news.example.com>",
		"Message-ID":            "<issue7." + tok + "@news.example.com>",
		"List-Id":               "The Test Brief <the-test-brief.news.example.com>",
		"List-Unsubscribe":      "<https://news.example.com/unsubscribe/" + tok + ">, <mailto:editor@news.example.com?subject=unsubscribe+" + tok + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Date":                  "Fri, 27 Nov 2026 07:00:00 +0000",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if subj != "The Test Brief, 27 Nov 2026: Tram line opens · €1.90" {
		t.Errorf("Subject = %q", subj)
	}
	for _, k := range []string{"User-Agent", "X-Mailer"} {
		if h.Get(k) != "" {
			t.Errorf("%s header present: %q", k, h.Get(k))
		}
	}
}

func TestSMTPErrors(t *testing.T) {
	srv, err := mailtest.Start(func(s *mailtest.Server) {
		s.RcptErr = func(to string, _ int) error {
			if strings.HasPrefix(to, "busy") {
				return mailtest.Reply(451, "4.3.0", "try again later")
			}
			return nil
		}
		s.DataErr = func(to []string) error {
			if strings.HasPrefix(to[0], "spam") {
				return mailtest.Reply(554, "5.7.1", "message refused")
			}
			return nil
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := NewSMTP(SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSOpportunistic}, newBuilder(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	err = s.Send(ctx, sampleMessage(digest.Recipient{ID: 3, Email: "busy@example.com"}))
	if err == nil || !IsTemporary(err) || !strings.Contains(err.Error(), "451") {
		t.Errorf("4xx RCPT: err = %v, want a temporary error with the reply", err)
	}
	err = s.Send(ctx, sampleMessage(digest.Recipient{ID: 4, Email: "spam@example.com"}))
	if err == nil || IsTemporary(err) || !strings.Contains(err.Error(), "554") {
		t.Errorf("5xx DATA: err = %v, want a permanent error with the reply", err)
	}
	if err := s.Send(ctx, sampleMessage(digest.Recipient{ID: 5, Email: "fine@example.com"})); err != nil {
		t.Errorf("a good recipient after failures: %v", err)
	}
	if c := srv.Copies(); c["fine@example.com"] != 1 || c["busy@example.com"] != 0 || c["spam@example.com"] != 0 {
		t.Errorf("copies = %v", c)
	}
}

func TestSMTPAuthFailure(t *testing.T) {
	srv, err := mailtest.Start(func(s *mailtest.Server) { s.Username, s.Password = "digest", "right" })
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, _ := NewSMTP(SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone, Auth: "plain", Username: "digest", Password: "wrong"}, newBuilder(t))
	err = s.Send(context.Background(), sampleMessage(digest.Recipient{ID: 1, Email: "ada@example.com"}))
	if err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("err = %v, want an auth failure that does not print the password", err)
	}
	if srv.Total() != 0 {
		t.Error("a message went through without auth")
	}
}

func TestBuildRejectsInjection(t *testing.T) {
	b := newBuilder(t)
	m := sampleMessage(digest.Recipient{ID: 1, Email: "ada@example.com\r\nBcc: victim@example.com"})
	if _, err := b.Build(m); err == nil {
		t.Error("an address with CRLF was accepted")
	}
}

func TestNewBuilderNeedsFrom(t *testing.T) {
	if _, err := NewBuilder(Identity{Name: "x", From: "not an address"}); !errors.Is(err, ErrNoFrom) {
		t.Errorf("err = %v, want ErrNoFrom", err)
	}
}
