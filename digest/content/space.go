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
// no other white space: the common case. A byte below 0x20 or a second
// space in a row makes text unclean; from the first byte of 0x80 or more
// on, isCleanUnicode decides, unless a control byte came first.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	// Pass over eight bytes at a time while all of them lie in 0x20-0x7f:
	// x-0x20 sets a byte's top bit (by wrapping) only where it is below
	// 0x20, and x itself sets it where it is 0x80 or more. The first
	// eight bytes that fail are read again one at a time, below.
	// (strings.Contains(s, "  ") would stop at every single space.)
	prev := byte(0)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		if (x|(x-lowBytes*0x20))&highBits != 0 {
			break
		}
		if sp := zeroBytes(x ^ lowBytes*' '); sp&(sp>>8) != 0 || prev == ' ' && s[i] == ' ' {
			return false // two spaces in a row
		}
		prev = s[i+7]
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return isCleanUnicode(s)
		}
		if c < 0x20 || c == ' ' && prev == ' ' {
			return false
		}
		prev = c
	}
	return true
}

const (
	lowBytes = 0x0101010101010101 // times a byte: that byte eight times over
	highBits = 0x8080808080808080 // the top bit of each byte
)

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// zeroBytes sets the top bit of each byte of x that is zero, and no
// other bit: adding 0x7f to the low seven bits carries into the top bit
// of every byte that is not zero, and never into the next byte.
func zeroBytes(x uint64) uint64 {
	return ^((x&^highBits + lowBytes*0x7f) | x) & highBits
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

// containsVia is strings.Contains(s, sub), found by scanning for sub's
// byte at k, which should be rarer in text than its first byte: Index
// stops at every space when sub opens with one (" wrote:"), while
// strings.IndexByte passes over many bytes at a time to the next ":".
func containsVia(s, sub string, k int) bool {
	for i := k; i < len(s); i++ {
		j := strings.IndexByte(s[i:], sub[k])
		if j < 0 {
			return false
		}
		i += j
		if start := i - k; start+len(sub) <= len(s) && s[start:start+len(sub)] == sub {
			return true
		}
	}
	return false
}

// countVia is strings.Count(s, sub) for a sub that is not empty,
// found as containsVia finds it: the leftmost match from where the last
// one ended, each time.
func countVia(s, sub string, k int) int {
	n, from := 0, 0 // from: where the next match may start
	for i := k; i < len(s); i++ {
		j := strings.IndexByte(s[i:], sub[k])
		if j < 0 {
			break
		}
		i += j
		if start := i - k; start >= from && start+len(sub) <= len(s) && s[start:start+len(sub)] == sub {
			n++
			from = start + len(sub)
		}
	}
	return n
}
