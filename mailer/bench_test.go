package mailer

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"testing"

	"github.com/digest-dev/digest/digest"
)

// BenchmarkMessage measures what the bulk path does for each recipient
// (Mail.Wire: fill the compiled issue, dot-stuffed for DATA, signing it
// first when DKIM is on) on the sample issue's size, without and with
// DKIM:
//
//	go test -run XXX -bench Message -benchmem ./mailer
func BenchmarkMessage(b *testing.B) {
	html, err := os.ReadFile("../templates/testdata/sample.golden.html")
	if err != nil {
		b.Fatal(err)
	}
	text, err := os.ReadFile("../templates/testdata/sample.golden.txt")
	if err != nil {
		b.Fatal(err)
	}
	is := &digest.StoredIssue{Number: 1, Subject: "The Test Brief, 27 Nov 2026: Tram line opens", Rendered: digest.Rendered{HTML: string(html), Text: string(text)}}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	for _, tt := range []struct {
		name string
		key  any
	}{{"no DKIM", nil}, {"DKIM Ed25519", ed}, {"DKIM RSA 2048", rsaKey}} {
		b.Run(tt.name, func(b *testing.B) {
			var opts []BuilderOption
			if tt.key != nil {
				d, err := NewDKIM("news.example.com", "s1", tt.key)
				if err != nil {
					b.Fatal(err)
				}
				opts = append(opts, WithDKIM(d))
			}
			mail, err := newBuilder(&testing.T{}, opts...).Prepare(is)
			if err != nil {
				b.Fatal(err)
			}
			m := sampleMessage(digest.Recipient{ID: 42, Email: "ada@example.com", Name: "Ada Lovelace"})
			var buf []byte
			for b.Loop() {
				if buf, err = mail.Wire(buf[:0], m); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}
