package mailer

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/mailtest"
)

// renderedWithPlaceholders puts placeholders at many columns, so that
// quoted-printable soft line breaks fall inside some of them.
func renderedWithPlaceholders() digest.Rendered {
	var text, html strings.Builder
	for i := 0; i < 80; i++ {
		pad := strings.Repeat("x", i)
		text.WriteString(pad + " Hi " + digest.PlaceholderName + ", unsubscribe: " + digest.PlaceholderUnsubscribe + " €\n")
		html.WriteString("<p>" + pad + ` <a href="` + digest.PlaceholderUnsubscribe + `">` + digest.PlaceholderName + "</a> " + digest.PlaceholderViewOnline + "</p>\n")
	}
	return digest.Rendered{Text: text.String(), HTML: html.String()}
}

func TestTemplateFillEqualsPersonalisedParts(t *testing.T) {
	b := newBuilder(t)
	r := renderedWithPlaceholders()
	tm, err := b.Compile(&digest.StoredIssue{Number: 3, Subject: "Subject · with non-ASCII", Rendered: r})
	if err != nil {
		t.Fatal(err)
	}
	rc := digest.Recipient{ID: 9, Email: "zoe@example.com", Name: `Zoë "Z" <O'Hara> & Co = the long name of someone with many middle names indeed`}
	links := digest.Links{Unsubscribe: "https://news.example.com/unsubscribe/9.abcdefghijklmnopqrstuvwxyz0123456789?x=1&y=2",
		UnsubscribeMail: "mailto:list@news.example.com?subject=unsubscribe+9", ViewOnline: "https://news.example.com/archive/3?s=9.token"}
	m := &digest.Message{Issue: 3, To: rc, Links: links, MessageID: "issue3.9"}
	data := tm.Fill(nil, m, fixedNow())
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || to[0].Name != rc.Name || to[0].Address != rc.Email {
		t.Errorf("To = %q (%v)", msg.Header.Get("To"), err)
	}
	if got := msg.Header.Get("Message-ID"); got != "<issue3.9@news.example.com>" {
		t.Errorf("Message-ID = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe"); got != "<"+links.Unsubscribe+">, <"+links.UnsubscribeMail+">" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || msg.Header.Get("Date") == "" {
		t.Error("template lost a header")
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "List-Unsubscribe") && !strings.HasPrefix(line, "To:") {
			t.Errorf("line over 78 characters: %q", line)
			break
		}
	}
	v := digest.ValuesFor(rc, links)
	wantText := digest.NewPersonaliser(r.Text, false).Fill(v, rc.Attrs)
	wantHTML := digest.NewPersonaliser(r.HTML, true).Fill(v, rc.Attrs)
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i, want := range []string{wantText, wantHTML} {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(p)
		if strings.ReplaceAll(string(got), "\r\n", "\n") != want {
			t.Errorf("part %d differs from the personalised render", i)
		}
	}
}

func TestDKIMSignaturesVerify(t *testing.T) {
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, key := range map[string]any{"ed25519": edKey, "rsa": rsaKey} {
		t.Run(name, func(t *testing.T) {
			d, err := NewDKIM("news.example.com", "digest2026", key)
			if err != nil {
				t.Fatal(err)
			}
			tm, err := newBuilder(t).Compile(&digest.StoredIssue{Number: 3, Subject: "Subject", Rendered: renderedWithPlaceholders()})
			if err != nil {
				t.Fatal(err)
			}
			m := &digest.Message{Issue: 3, To: digest.Recipient{ID: 1, Email: "a@example.com", Name: "A Very Long Display Name That Makes Headers Fold"},
				Links:     digest.Links{Unsubscribe: "https://news.example.com/unsubscribe/1.tok", UnsubscribeMail: "mailto:list@news.example.com?subject=unsubscribe+1.tok"},
				MessageID: "issue3.1"}
			signed, err := d.Sign(tm.Fill(nil, m, fixedNow()))
			if err != nil {
				t.Fatal(err)
			}
			record, _ := d.DNSRecord()
			verifs, err := dkim.VerifyWithOptions(bytes.NewReader(signed), &dkim.VerifyOptions{
				LookupTXT: func(domain string) ([]string, error) {
					if domain != "digest2026._domainkey.news.example.com" {
						t.Errorf("looked up %s", domain)
					}
					return []string{record}, nil
				},
			})
			if err != nil || len(verifs) != 1 || verifs[0].Err != nil {
				t.Fatalf("verify: %v %+v", err, verifs)
			}
			for _, h := range []string{"list-unsubscribe", "list-unsubscribe-post", "from", "to", "subject"} {
				found := false
				for _, k := range verifs[0].HeaderKeys {
					found = found || strings.EqualFold(k, h)
				}
				if !found {
					t.Errorf("%s is not signed (h=%v)", h, verifs[0].HeaderKeys)
				}
			}
		})
	}
}

func TestSMTPTransportSendsDotLinesIntact(t *testing.T) {
	srv, err := mailtest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone})
	is := &digest.StoredIssue{Number: 4, Subject: "Dots", Rendered: digest.Rendered{
		Text: ".a line that starts with a dot\n..two dots\nHi " + digest.PlaceholderName + "\n.\nend\n",
		HTML: "<p>x</p>\n.<p>" + digest.PlaceholderName + "</p>\n"}}
	conn, err := tr.Open(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rc := digest.Recipient{ID: 1, Email: "dot@example.com", Name: ".Dotty"}
	if err := conn.Send(context.Background(), &digest.Message{Issue: 4, To: rc, MessageID: "issue4.1",
		Links: digest.Links{Unsubscribe: "https://news.example.com/u/1"}}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m, _ := mail.ReadMessage(bytes.NewReader(msgs[0].Data))
	_, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	p, err := multipart.NewReader(m.Body, params["boundary"]).NextPart()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(p)
	want := ".a line that starts with a dot\n..two dots\nHi .Dotty\n.\nend\n"
	if got := strings.ReplaceAll(string(text), "\r\n", "\n"); got != want {
		t.Errorf("text part = %q, want %q", got, want)
	}
}

// TestWireIsTheMessageDotStuffed: what goes on the wire (Mail.Wire, the
// copy stuffed from the compiled issue) is, once a real server has undone
// the dot-stuffing, byte for byte the message the outbox and render write
// (Mail.Message), with dots at the start of template lines, of values and
// of the lines a long value wraps onto; signed or not.
func TestWireIsTheMessageDotStuffed(t *testing.T) {
	r := renderedWithPlaceholders()
	r.Text = ".starts with a dot\n" + r.Text + "..two\n.\n" + digest.PlaceholderName + "\n"
	r.HTML = ".masthead { color: red }\n" + r.HTML
	is := &digest.StoredIssue{Number: 5, Subject: "Dots", Rendered: r}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	d, err := NewDKIM("news.example.com", "s1", ed)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]BuilderOption{nil, {WithDKIM(d)}} {
		srv := startServer(t, nil)
		tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone}, opts...)
		conn, err := tr.Open(context.Background(), is)
		if err != nil {
			t.Fatal(err)
		}
		var want [][]byte
		for i, name := range []string{".Dotty", "Ann", strings.Repeat("x", 69) + "." + strings.Repeat("y", 69) + ".z"} {
			m := &digest.Message{Issue: 5, To: digest.Recipient{ID: int64(i + 1), Email: fmt.Sprintf("r%d@example.com", i), Name: name},
				MessageID: fmt.Sprintf("issue5.%d", i), Links: digest.Links{Unsubscribe: "https://news.example.com/u/" + strings.Repeat(".", 150)}}
			if err := conn.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			mail, _ := tr.builder.Prepare(is)
			msg, err := mail.Message(nil, m)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, msg)
		}
		conn.Close()
		got := srv.Messages()
		if len(got) != len(want) {
			t.Fatalf("%d messages, want %d", len(got), len(want))
		}
		record, _ := d.DNSRecord()
		for i := range want {
			g, w := got[i].Data, want[i]
			if len(opts) > 0 {
				// The signature's t= tag is the second it was made, so
				// the copy signed here may differ from the one sent: the
				// one the server got must verify, and the rest match.
				verifs, err := dkim.VerifyWithOptions(bytes.NewReader(g), &dkim.VerifyOptions{
					LookupTXT: func(string) ([]string, error) { return []string{record}, nil },
				})
				if err != nil || len(verifs) != 1 || verifs[0].Err != nil {
					t.Errorf("message %d: the signature does not verify: %v %+v", i, err, verifs)
				}
				g, w = withoutSignature(t, g), withoutSignature(t, w)
			}
			if !bytes.Equal(g, w) {
				t.Errorf("DKIM %v, message %d: the server got %d bytes, the message is %d; first difference at %d",
					len(opts) > 0, i, len(g), len(w), firstDiff(g, w))
			}
		}
	}
}

// withoutSignature cuts the leading DKIM-Signature field (and its folded
// lines) from msg.
func withoutSignature(t *testing.T, msg []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(msg, []byte("DKIM-Signature:")) {
		t.Fatalf("no DKIM-Signature first: %.40q", msg)
	}
	i := bytes.Index(msg, []byte("\r\n"))
	for i >= 0 && i+2 < len(msg) && (msg[i+2] == ' ' || msg[i+2] == '\t') {
		j := bytes.Index(msg[i+2:], []byte("\r\n"))
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return msg[i+2:]
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// failingSigner stands for a key that cannot sign (a hardware token that
// went away, a key the library refuses).
type failingSigner struct{ crypto.Signer }

func (failingSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("signing device unavailable")
}

// TestDKIMFailureIsFatal: a key that cannot sign stops the send as a
// configuration error; nothing goes out unsigned.
func TestDKIMFailureIsFatal(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	srv := startServer(t, nil)
	d := &DKIM{Domain: "news.example.com", Selector: "s1", key: failingSigner{key}}
	tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone}, WithDKIM(d))
	err := sendOne(t, tr, digest.Recipient{ID: 1, Email: "ada@example.com"})
	if se := digest.AsSendError(err); se == nil || se.Class != digest.Fatal || !strings.Contains(err.Error(), "signing device unavailable") {
		t.Errorf("err = %v, want a fatal signing failure", err)
	}
	if srv.Total() != 0 {
		t.Error("a message went out unsigned")
	}
}

func TestSMTPTransportEnvelopeSender(t *testing.T) {
	srv, err := mailtest.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	verp := func(issue int, sub int64) string { return fmt.Sprintf("bounces+i%ds%d@news.example.com", issue, sub) }
	tr, err := NewSMTPTransport(SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone}, newBuilder(t, WithEnvelopeSender(verp)))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := tr.Open(context.Background(), &digest.StoredIssue{Number: 5, Subject: "S", Rendered: digest.Rendered{Text: "t", HTML: "<p>h</p>"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, id := range []int64{7, 8} {
		rc := digest.Recipient{ID: id, Email: fmt.Sprintf("r%d@example.com", id)}
		if err := conn.Send(context.Background(), &digest.Message{Issue: 5, To: rc, MessageID: fmt.Sprintf("issue5.%d", id),
			Links: digest.Links{Unsubscribe: "https://news.example.com/u/1"}}); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range srv.Messages() {
		if want := verp(5, int64(7+i)); m.From != want {
			t.Errorf("message to %v: envelope sender %q, want %q", m.To, m.From, want)
		}
		if h, _ := mail.ReadMessage(bytes.NewReader(m.Data)); h.Header.Get("From") == "" || strings.Contains(h.Header.Get("From"), "bounces+") {
			t.Errorf("From header %q: want the newsletter's address, untouched", h.Header.Get("From"))
		}
	}
}
