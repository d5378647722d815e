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
