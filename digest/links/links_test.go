package links

import (
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

func TestTokens(t *testing.T) {
	sg, _ := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	other, _ := NewSigner([]byte("another secret, also long enough"))
	tok := sg.Token(PurposeUnsubscribe, 42)
	if id, ok := sg.Verify(PurposeUnsubscribe, tok); !ok || id != 42 {
		t.Errorf("Verify(own token) = %d, %v", id, ok)
	}
	_, mac, _ := strings.Cut(tok, ".")
	forged := []string{
		"15." + mac, // another subscriber's ID with 42's MAC
		sg.ExpiringToken(PurposeConfirm, 42, time.Now().Add(time.Hour)), // a confirm token used to unsubscribe
		other.Token(PurposeUnsubscribe, 42),                             // signed with another secret
		tok[:len(tok)-1],                                                // truncated
		"", ".", "abc", "0." + mac, "-1." + mac, "016." + mac,           // malformed
	}
	for _, f := range forged {
		if _, ok := sg.Verify(PurposeUnsubscribe, f); ok {
			t.Errorf("forged token %q accepted", f)
		}
	}
	if _, err := NewSigner([]byte("short")); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestLinks(t *testing.T) {
	sg, _ := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	l := &Maker{Signer: sg, BaseURL: "https://news.example.com/", MailTo: "list@news.example.com"}
	links := l.Links(3, digest.Recipient{ID: 42})
	tok := sg.Token(PurposeUnsubscribe, 42)
	if links.Unsubscribe != "https://news.example.com/unsubscribe/"+tok {
		t.Errorf("unsubscribe = %q", links.Unsubscribe)
	}
	if links.ViewOnline != "https://news.example.com/archive/3" {
		t.Errorf("view = %q", links.ViewOnline)
	}
	if links.UnsubscribeMail != "mailto:list@news.example.com?subject=unsubscribe+"+tok {
		t.Errorf("mailto = %q", links.UnsubscribeMail)
	}
}

func TestExpiringTokens(t *testing.T) {
	sg, _ := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	now := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	tok := sg.ExpiringToken(PurposeConfirm, 7, now.Add(48*time.Hour))
	if id, until, ok, expired := sg.VerifyExpiring(PurposeConfirm, tok, now.Add(47*time.Hour)); !ok || expired || id != 7 || !until.Equal(now.Add(48*time.Hour)) {
		t.Errorf("fresh token: %d %v %v", id, ok, expired)
	}
	if id, _, ok, expired := sg.VerifyExpiring(PurposeConfirm, tok, now.Add(49*time.Hour)); ok || !expired || id != 7 {
		t.Errorf("expired token: %d %v %v", id, ok, expired)
	}
	if _, _, ok, expired := sg.VerifyExpiring(PurposeUnsubscribe, tok, now); ok || expired {
		t.Error("a confirmation token verified for another purpose")
	}
}

// BenchmarkLinks is the per-copy cost of a recipient's links (one HMAC).
func BenchmarkLinks(b *testing.B) {
	s, err := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		b.Fatal(err)
	}
	m := &Maker{Signer: s, BaseURL: "https://news.example.com", MailTo: "list@news.example.com"}
	id := int64(0)
	for b.Loop() {
		id++
		m.Links(7, digest.Recipient{ID: id})
	}
}

// Tokens already sent in mail must keep verifying after an upgrade: these
// are HMAC-SHA256("unsubscribe:<id>") under the key, cut to 18 bytes,
// computed apart from this package (Python's hmac module). Each is made
// twice, so that a reused HMAC is checked as well as a new one.
func TestTokensAreStable(t *testing.T) {
	sg, _ := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	for range 2 {
		for id, want := range map[int64]string{42: "16.Ip1pV8JvM5RodT8tYOED4dNh", 1_000_000: "lfls.hcJdJeUct-HwQRhi3kvivcvy"} {
			if got := sg.Token(PurposeUnsubscribe, id); got != want {
				t.Errorf("Token(%d) = %q, want %q", id, got, want)
			}
		}
	}
}
