package content

import "strings"

var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func normaliseNewlines(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if !strings.Contains(s, "\r") {
		return s
	}
	return newlines.Replace(s)
}

// cleanSpace trims s and folds runs of white space (non-breaking spaces
// and zero-width characters included) to one space. Text that is already
// clean is returned as it is, without allocating.
func cleanSpace(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isZeroWidth(r):
		case isSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanWordCount is wordCount for text that cleanSpace returned, which
// is not empty: one space parts each two words, so strings.Count, which
// scans many bytes at a time, counts them.
func cleanWordCount(s string) int { return strings.Count(s, " ") + 1 }

// isClean reports text with no leading, trailing or repeated spaces and
// no other white space: the common case, checked byte by byte.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < 0x20 || c == ' ' && prev == ' ' {
			if c >= 0x80 {
				return isCleanUnicode(s)
			}
			return false
		}
		prev = c
	}
	return true
}

func isCleanUnicode(s string) bool {
	prev := rune(0)
	for _, r := range s {
		if isZeroWidth(r) || (isSpace(r) && (r != ' ' || prev == ' ')) {
			return false
		}
		prev = r
	}
	return true
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\u2002' ||
		r == '\u2003' || r == '\u200a' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == '\u3000'
}

func isZeroWidth(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad'
}
