package content

import (
	"regexp"
	"strings"
)

var (
	// rawBlockTag is the block-level HTML tag a raw line of Markdown or
	// text opens with, as a page pasted into Markdown keeps them.
	rawBlockTag = regexp.MustCompile(`^<(/?)(p|div|li|ul|ol|h[1-6]|tr|td|th|table|section|details|summary|nav|blockquote|br|hr|figure|figcaption|header|footer|aside)\b`)
	// rawAnchorItem is a list item that only links to a place on the page.
	rawAnchorItem = regexp.MustCompile(`(?i)^<li[^>]*>\s*<a\s[^>]*href="#[^"]*"[^>]*>[^<]*</a>\s*(</li>)?$`)
	// rawBlockEnd closes a block at the end of a raw line.
	rawBlockEnd = regexp.MustCompile(`(?i)(</(p|div|li|h[1-6]|summary|td|th|tr|blockquote|figcaption)>|<br\s*/?>)\s*$`)
)

// rawHTML reads a line of raw HTML left in Markdown or text that opens
// with a block tag: it starts a block of its own (a list item, a
// heading, a paragraph) instead of running on into the paragraph above,
// and a list item that only links into the page is a table of contents
// entry. It reports whether it read the line.
func (s *lineSplitter) rawHTML(raw, l string, n int) bool {
	t := strings.TrimSpace(raw)
	if len(t) < 3 || t[0] != '<' {
		return false
	}
	m := rawBlockTag.FindStringSubmatch(strings.ToLower(t[:min(len(t), 16)]))
	if m == nil {
		return false
	}
	s.flush()
	open, tag := m[1] == "", m[2]
	switch {
	case l == "":
	case open && tag == "li":
		s.start(para, l, n, true)
		s.curAnchor = rawAnchorItem.MatchString(t)
	case open && len(tag) == 2 && tag[0] == 'h' && tag != "hr":
		b := newBlock(heading, l, n)
		b.level = int(tag[1] - '0')
		s.add(b)
	default:
		s.start(para, l, n, false)
	}
	if rawBlockEnd.MatchString(t) {
		s.flush()
	}
	return true
}
