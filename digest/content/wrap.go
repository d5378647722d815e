package content

import (
	"regexp"
	"strings"
)

// wrapWidth is the width text was wrapped at when only its paragraphs
// are hard-wrapped, among lines that stand alone (a menu, a headline, a
// byline above the body): the widest line that runs on into a line that
// opens in lower case, as a sentence broken by a wrapping editor does,
// when several lines run close to it and on that way (four when some
// lines run past 100 bytes: paragraphs pasted unwrapped beside wrapped
// ones). It is 0 when the text shows no such wrapping.
func wrapWidth(lines []string) int {
	widest, width := 0, 0
	for i, l := range lines {
		l = unbroken(l)
		widest = max(widest, len(l))
		if i+1 < len(lines) && runsOn(lines[i+1]) {
			width = max(width, len(l))
		}
	}
	if width > 100 || width < 50 {
		return 0
	}
	broken := 0
	for i := 0; i+1 < len(lines); i++ {
		if runsOn(lines[i+1]) && len(unbroken(lines[i]))*10 >= width*6 {
			broken++
		}
	}
	// a text with long lines too (the points pasted one a line, the lede
	// wrapped) needs more breaks to show its wrapping
	if broken < 3 || widest > 100 && broken < 4 {
		return 0
	}
	return width
}

// runsOn reports a line that opens in lower case: the rest of a
// sentence broken at the line above.
func runsOn(l string) bool {
	l = strings.TrimLeft(l, " ")
	return l != "" && isLowerASCII(l[0])
}

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

// wrapsOn reports whether the current paragraph's last line runs on into
// the next line of text wrapped at s.width: the last line is close to
// the width, and next opens in lower case or its first word would not
// have fitted on the last line (a short paragraph's end, a list entry,
// that only happens to run long); next is not a short label after a
// sentence's end, nor the line after a headline or a byline.
func (s *lineSplitter) wrapsOn(next string) bool {
	if s.brokenHeading(next) {
		return true
	}
	if !s.mayWrap() || next == "" {
		return false
	}
	if isLowerASCII(next[0]) {
		return true
	}
	last := s.cur[len(s.cur)-1]
	if endsSentence(last) && !endsSentence(next) && countWords(next, 5) <= 4 {
		return false // a label after the paragraph's last sentence ("Most read")
	}
	if len(s.cur) == 1 && (titleCased(last) || bylineLead(last)) {
		return false // a headline or a byline stands alone
	}
	// s.width is the widest line seen broken, a little short of the
	// width the editor wrapped at (an indented line ran wider)
	word, _, _ := strings.Cut(next, " ")
	return len(last)+1+len(word) > s.width-4
}

// brokenHeading reports a short heading that a narrow column broke in
// two, its second line opening in lower case: "Since the Fed began
// raising rates," over "the economy has continually improved", "Job
// growth, a key consideration" over "for the Fed, is robust". Neither
// line ends a sentence, and the two make a heading's length.
func (s *lineSplitter) brokenHeading(next string) bool {
	if next == "" || !isLowerASCII(next[0]) || !s.headingPart() {
		return false
	}
	if isMarked(&block{text: next}) || metaOpener.MatchString(next) || strings.ContainsAny(next, "|·•") {
		return false // "iv. Dropped catches ...", "posted Tuesday, February 10": a line of its own
	}
	nw := countWords(next, 11)
	return nw >= 2 && nw <= 10 && countWords(s.cur[0], 11)+nw <= 16 && !endsSentence(next) && !strings.HasSuffix(next, ":")
}

// metaOpener opens a line of metadata set in lower case.
var metaOpener = regexp.MustCompile(`^(posted|updated|published|last updated|by|via|photo|credit|image|source|filed|tags)\b`)

// headingPart reports a paragraph of one short line that may be the
// first half of a broken heading (brokenHeading): it is held until the
// next line shows whether it runs on.
func (s *lineSplitter) headingPart() bool {
	if len(s.cur) != 1 || s.curKind != para || s.curItem || s.markdown {
		return false
	}
	last := s.cur[0]
	if len(last) > 70 || len(last) < 5 || strings.IndexByte(".!?:;", last[len(last)-1]) >= 0 {
		return false // the cheap tests first: every line of text comes here
	}
	w := countWords(last, 11)
	return w >= 3 && w <= 10 && !bylineLead(last) && !strings.HasPrefix(last, "by ")
}

// mayWrap reports a paragraph whose last line is close to the wrapping
// width, so that it may run on into the next line.
func (s *lineSplitter) mayWrap() bool {
	if s.width == 0 || len(s.cur) == 0 || s.curKind != para {
		return false
	}
	n := len(s.cur[len(s.cur)-1])
	return n*10 >= s.width*6 && n <= s.width+4 // a longer line was never wrapped
}

// titleCased reports a line in title case, as headlines are set: three
// or more words of four letters or more, nearly all capitalised.
func titleCased(l string) bool {
	long, upper := capitalised(l)
	return long >= 3 && upper*10 >= long*8
}

// capitalised counts the words of four letters or more in l, and those
// of them that do not open in lower case.
func capitalised(l string) (long, upper int) {
	for _, w := range strings.Fields(l) {
		if len(w) < 4 {
			continue
		}
		long++
		if !isLowerASCII(w[0]) {
			upper++
		}
	}
	return long, upper
}

// bylineLead reports a line that opens as a byline: "By A Writer",
// "Written by A Writer on ...".
func bylineLead(l string) bool {
	if strings.HasPrefix(l, "By ") {
		return true
	}
	_, rest, ok := strings.Cut(l, " ")
	return ok && strings.HasPrefix(rest, "by ") && len(l)-len(rest) <= 12
}
