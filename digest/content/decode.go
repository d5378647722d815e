package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// DefaultMaxBytes is the largest article read when Options.MaxBytes is 0.
const DefaultMaxBytes = 5 << 20

// ErrTooLarge is returned for an article over Options.MaxBytes.
var ErrTooLarge = errors.New("article too large")

// ErrBinary is returned for input that is not text.
var ErrBinary = errors.New("not text (binary data)")

// decode checks that data is text and returns it as UTF-8: HTML in a
// declared or sniffed legacy charset is decoded, and text that was UTF-8
// read as Windows-1252 or Latin-1 ("donâ€™t") is repaired.
func decode(data []byte, f Format, maxBytes int) (string, error) {
	if len(data) > maxBytes {
		return "", fmt.Errorf("%w: %d bytes, over the limit of %d (content.max_article_bytes)", ErrTooLarge, len(data), maxBytes)
	}
	if isBinary(data) {
		return "", ErrBinary
	}
	if !utf8.Valid(data) {
		if f != HTML {
			return "", errors.New("not UTF-8 text")
		}
		enc, name, _ := charset.DetermineEncoding(data, "text/html")
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) {
			return "", fmt.Errorf("not UTF-8 text, and not %s either", name)
		}
		data = out
	}
	return repairMojibake(string(data)), nil
}

// isBinary reports NUL bytes or a high share of control characters in
// the first 8 KB, as in an image or an archive.
func isBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

// cp1252 maps the runes Windows-1252 puts in 0x80-0x9F back to their byte.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91,
	'’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98,
	'™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// legacyByte is the byte that Windows-1252 (or Latin-1) shows as r.
func legacyByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := cp1252[r]
	return b, ok
}

// repairMojibake restores UTF-8 sequences that were decoded one byte at a
// time as Windows-1252 or Latin-1. Only a run of such characters that
// forms a complete UTF-8 sequence is replaced ("â€™" becomes "’", "Ã©"
// "é"), so correct text, curly quotes included, is left as it is. It is
// linear in the length of s.
func repairMojibake(s string) string {
	if !hasMojibakeLead(s) {
		return s
	}
	var out []byte
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		if seq, used := mojibakeAt(s[i:]); used > 0 {
			out = append(out, seq...)
			i += used
			continue
		}
		out = append(out, s[i:i+n]...)
		i += n
	}
	return string(out)
}

// hasMojibakeLead is a quick test for a character that may open a
// misdecoded sequence (Â-ô, the lead bytes of UTF-8). Those characters
// are encoded as 0xC3 0x82 to 0xC3 0xB4, and 0xC3 is never a continuation
// byte, so strings.IndexByte, which scans many bytes at a time, finds
// them without decoding every character of s.
func hasMojibakeLead(s string) bool {
	for {
		i := strings.IndexByte(s, 0xC3)
		if i < 0 || i+1 == len(s) {
			return false
		}
		if c := s[i+1]; c >= 0x82 && c <= 0xB4 {
			return true
		}
		s = s[i+1:]
	}
}

// lostByte is the last byte of a three-byte sequence that Windows-1252
// has no character for, so that a decoder dropped it: "â€" is what is
// left of "”" (0xE2 0x80 0x9D), "â†" of "←" (0xE2 0x86 0x90).
func lostByte(buf []byte, want int) (byte, bool) {
	if want != 3 || len(buf) != 2 || buf[0] != 0xE2 {
		return 0, false
	}
	switch buf[1] {
	case 0x80:
		return 0x9D, true
	case 0x86:
		return 0x90, true
	}
	return 0, false
}

// mojibakeAt decodes one misdecoded UTF-8 sequence at the start of s:
// the lead character and its continuation characters, mapped back to
// bytes, must form one valid multi-byte rune. It returns that rune's
// bytes and the length of s it replaces, or 0.
func mojibakeAt(s string) ([]byte, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r < 0xC2 || r > 0xF4 {
		return nil, 0
	}
	want := 2
	switch {
	case r >= 0xF0:
		want = 4
	case r >= 0xE0:
		want = 3
	}
	buf := []byte{byte(r)}
	used := n
	for len(buf) < want {
		c, m := utf8.DecodeRuneInString(s[used:])
		b, ok := legacyByte(c)
		if !ok || b < 0x80 || b > 0xBF {
			if lost, ok := lostByte(buf, want); ok {
				if c == utf8.RuneError && m == 3 {
					used += m // the lost byte shown as "�"
				}
				buf = append(buf, lost)
				continue
			}
			return nil, 0
		}
		buf = append(buf, b)
		used += m
	}
	if dr, size := utf8.DecodeRune(buf); dr == utf8.RuneError || size != want {
		return nil, 0
	}
	return buf, used
}
