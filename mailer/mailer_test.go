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

// sampleIssue is a small rendered issue with every per-recipient slot.
func sampleIssue() *digest.StoredIssue {
	return &digest.StoredIssue{Number: 7, Subject: "The Test Brief, 27 Nov 2026: Tram line opens · €1.90", Rendered: digest.Rendered{
		Text: "Hello " + digest.PlaceholderName + ",\n\nTrams run every ten minutes. Fares stay at €1.90.\n\nUnsubscribe: " + digest.PlaceholderUnsubscribe + "\n",
		HTML: `<html><body><p>Hello ` + digest.PlaceholderName + `,</p><p>Trams run every ten minutes.</p><a href="` + digest.PlaceholderUnsubscribe + `">Unsubscribe</a></body></html>`,
	}}
}

func sampleMessage(to digest.Recipient) *digest.Message {
	tok := "1.tok" + strings.Split(to.Email, "@")[0]
	return &digest.Message{
		Issue: 7, To: to,
		Links:     digest.Links{Unsubscribe: "https://news.example.com/unsubscribe/" + tok, UnsubscribeMail: "mailto:editor@news.example.com?subject=unsubscribe+" + tok},
		MessageID: "issue7." + tok,
	}
}

// sendOne opens a connection of tr for the sample issue and sends to rc.
func sendOne(t *testing.T, tr digest.Transport, rc digest.Recipient) error {
	t.Helper()
	conn, err := tr.Open(context.Background(), sampleIssue())
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Send(context.Background(), sampleMessage(rc))
}

func TestEMLGolden(t *testing.T) {
	dir := t.TempDir()
	o := &Outbox{Dir: dir, Builder: newBuilder(t, WithBoundary("digest-boundary-0001"))}
	if err := sendOne(t, o, digest.Recipient{ID: 1, Email: "ada@example.com", Name: "Ada Lovelace"}); err != nil {
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

func startServer(t *testing.T, setup func(*mailtest.Server)) *mailtest.Server {
	t.Helper()
	srv, err := mailtest.Start(setup)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func newTransport(t *testing.T, cfg SMTPConfig, opts ...BuilderOption) *SMTPTransport {
	t.Helper()
	tr, err := NewSMTPTransport(cfg, newBuilder(t, opts...))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestSMTPDeliversWhatWasBuilt(t *testing.T) {
	for _, pipelining := range []bool{true, false} {
		t.Run(map[bool]string{true: "pipelining", false: "no pipelining"}[pipelining], func(t *testing.T) {
			srv := startServer(t, func(s *mailtest.Server) {
				s.Username, s.Password, s.NoPipelining = "digest", "s3cret", !pipelining
			})
			tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone, Auth: "plain", Username: "digest", Password: "s3cret"})
			conn, err := tr.Open(context.Background(), sampleIssue())
			if err != nil {
				t.Fatal(err)
			}
			recipients := []digest.Recipient{{ID: 1, Email: "ada@example.com", Name: "Ada Lovelace"}, {ID: 2, Email: "grace@example.org", Name: "Grace Hopper"}}
			for _, r := range recipients {
				if err := conn.Send(context.Background(), sampleMessage(r)); err != nil {
					t.Fatalf("send to %s: %v", r.Email, err)
				}
			}
			conn.Close()
			if got := srv.Pipelined() > 0; got != pipelining {
				t.Errorf("client pipelined = %v, server offered it = %v", got, pipelining)
			}
			checkReceived(t, srv, recipients)
		})
	}
}

func checkReceived(t *testing.T, srv *mailtest.Server, recipients []digest.Recipient) {
	t.Helper()
	got := srv.Messages()
	if len(got) != len(recipients) {
		t.Fatalf("server got %d messages, want %d", len(got), len(recipients))
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

func TestOneClickOnlyOverHTTPS(t *testing.T) {
	tm, err := newBuilder(t).Compile(sampleIssue())
	if err != nil {
		t.Fatal(err)
	}
	for scheme, want := range map[string]string{"https": "List-Unsubscribe=One-Click", "http": ""} {
		m := sampleMessage(digest.Recipient{ID: 1, Email: "ada@example.com"})
		m.Links.Unsubscribe = scheme + "://news.example.com/unsubscribe/1.tok"
		msg, err := mail.ReadMessage(bytes.NewReader(tm.Fill(nil, m, fixedNow())))
		if err != nil {
			t.Fatal(err)
		}
		if got := msg.Header.Get("List-Unsubscribe-Post"); got != want {
			t.Errorf("%s link: List-Unsubscribe-Post = %q, want %q", scheme, got, want)
		}
	}
}

func TestSMTPAuthFailureIsFatal(t *testing.T) {
	srv := startServer(t, func(s *mailtest.Server) { s.Username, s.Password = "digest", "right" })
	tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone, Auth: "plain", Username: "digest", Password: "wrong"})
	err := sendOne(t, tr, digest.Recipient{ID: 1, Email: "ada@example.com"})
	if se := digest.AsSendError(err); se == nil || se.Class != digest.Fatal || strings.Contains(err.Error(), "wrong") {
		t.Errorf("err = %v, want a fatal auth failure that does not print the password", err)
	}
	if srv.Total() != 0 {
		t.Error("a message went through without auth")
	}
}

func TestUnsafeAddressIsRefused(t *testing.T) {
	srv := startServer(t, nil)
	tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone})
	err := sendOne(t, tr, digest.Recipient{ID: 1, Email: "ada@example.com>\r\nRCPT TO:<victim@example.com"})
	if se := digest.AsSendError(err); se == nil || se.Class != digest.Permanent {
		t.Errorf("err = %v, want a permanent refusal", err)
	}
	if srv.Total() != 0 {
		t.Errorf("server accepted %d messages", srv.Total())
	}
}

func TestNewBuilderNeedsFrom(t *testing.T) {
	if _, err := NewBuilder(Identity{Name: "x", From: "not an address"}); !errors.Is(err, ErrNoFrom) {
		t.Errorf("err = %v, want ErrNoFrom", err)
	}
}
