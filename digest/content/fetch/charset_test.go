package fetch

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	long := strings.Repeat("plain ascii ", 200) // past the 1024 bytes that are sniffed
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"header", "text/html; charset=windows-1252", []byte("caf\xe9 \x93quoted\x94 \x80"), "café “quoted” €"},
		{"meta", "text/html", []byte("<meta charset=\"iso-8859-1\"><p>na\xefve</p>"), "<meta charset=\"iso-8859-1\"><p>naïve</p>"},
		{"utf-8 late", "text/html", []byte(long + "café"), long + "café"},
		{"undeclared legacy", "text/html", []byte("<p>caf\xe9</p>"), "<p>café</p>"},
		{"utf-8 header", "text/html; charset=utf-8", []byte("caf\xc3\xa9"), "café"},
		{"bom", "", []byte("\xef\xbb\xbfhello"), "hello"},
	}
	for _, tt := range tests {
		got, err := (&Response{Body: tt.body, ContentType: tt.contentType}).Text()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
