package bounce

import (
	"testing"

	"github.com/digest-dev/digest/digest"
)

func TestFindMessageID(t *testing.T) {
	ours := "<" + digest.MessageID(4, 77, "q2w3e4r5") + "@news.example.com>"
	tests := []struct {
		name  string
		text  string
		issue int
		sub   int64
		ok    bool
	}{
		{"quoted in a returned header", "References: " + ours + "\r\n", 4, 77, true},
		{"folded to upper case", "Message-ID: <ISSUE4.77.Q2W3E4R5@NEWS.EXAMPLE.COM>", 4, 77, true},
		{"after someone else's", "In-Reply-To: <abc.123@mx.example.org>\r\nMessage-ID: " + ours, 4, 77, true},
		{"another domain", "Message-ID: <issue4.77@news.example.org>", 0, 0, false},
		{"a preview's", "Message-ID: <preview4.0a1b2c.20261127@news.example.com>", 0, 0, false},
		{"none", "no identifiers here", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issue, sub, ok := findMessageID([]byte(tt.text), "news.example.com")
			if issue != tt.issue || sub != tt.sub || ok != tt.ok {
				t.Errorf("findMessageID = %d, %d, %v; want %d, %d, %v", issue, sub, ok, tt.issue, tt.sub, tt.ok)
			}
		})
	}
}

// TestAttribute: the rules every road in (the mailbox, SES, Mailgun)
// shares.
func TestAttribute(t *testing.T) {
	v, err := NewVERP("bounces@news.example.com", testKey)
	if err != nil {
		t.Fatal(err)
	}
	msgID := digest.MessageID(4, 77, "salt") + "@news.example.com"
	tests := []struct {
		name     string
		verified bool // the report's address comes signed (a webhook)
		text     []byte
		want     digest.Feedback
	}{
		{"signed return path", false, []byte("Return-Path: <" + v.Address(3, 12) + ">\n<" + msgID + ">"),
			digest.Feedback{Issue: 3, Subscriber: 12, Verified: true}},
		{"webhook's envelope sender", true, webhookText(v.Address(3, 12), msgID),
			digest.Feedback{Issue: 3, Subscriber: 12, Verified: true}},
		{"Message-ID in a bounce", false, []byte("References: <" + msgID + ">"),
			digest.Feedback{Issue: 4, Subscriber: 77}},
		{"Message-ID in a webhook names only the issue", true, webhookText("someone@example.org", msgID),
			digest.Feedback{Issue: 4, Verified: true}},
		{"forged token falls back to the Message-ID", false, []byte("bounces+aaaaaaaaaaaaaaaaaaaa@news.example.com <" + msgID + ">"),
			digest.Feedback{Issue: 4, Subscriber: 77}},
		{"nothing of ours", true, webhookText("", ""), digest.Feedback{Verified: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := digest.Feedback{Verified: tt.verified}
			attribute(v, "news.example.com", &f, tt.text)
			if f != tt.want {
				t.Errorf("got %+v, want %+v", f, tt.want)
			}
		})
	}
}
