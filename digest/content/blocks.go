package content

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// kind tells what a block was in its source format.
type kind int

const (
	para    kind = iota // a paragraph or a line of plain text
	heading             // a real heading (Markdown #, HTML h1-h6)
	quote               // a block quote
	item                // a list item (bullet, ordered item, HTML <li>)
)

// block is one unit of article text in reading order, with what the
// parser learns about it on the way.
type block struct {
	kind    kind
	level   int    // heading level, 1-6
	text    string // the words, markup stripped
	words   int    // the number of words in text
	line    int    // source line it starts on; 0 when unknown (HTML)
	bold    bool   // the whole block is bold, as headings often are
	italic  bool   // the whole block is in italics, as captions often are
	lead    string // a bold run-in head that opens the block ("**Head:** rest")
	bullet  bool   // an unordered list item
	ordinal int    // position in an HTML <ol>, from 1; 0 otherwise
	link    bool   // the whole block is one link (HTML)
	// linkItem: a Markdown list item that is one link ("1. [Headline](/url)")
	linkItem bool
	nested   bool   // a list item indented under another: a detail of that point
	home     bool   // a heading that is one link to a site's home page ("# [Site](https://site/)")
	anchor   bool   // the whole block links to a place on the same page: a table of contents entry
	image    bool   // the block follows an image, where captions sit
	dek      bool   // a standfirst under the headline, never a section heading
	brk      bool   // a section break (a rule, "* * *") stands just above it, set by article
	drop     string // the boilerplate rule that removed it, if any
	role     string // what it became, for --explain
	// titled: the opening sentence taken from the block as the headline
	// (a social post's first sentence); text holds the rest
	titled string
}

// textBlocks splits plain text into blocks. Prose written one paragraph a
// line (as pasted from the web) keeps each line; hard-wrapped prose has its
// lines joined again.
func textBlocks(src string, firstLine int) []block {
	lines := pageBreaks(strings.Split(src, "\n"))
	if w := hardWrapWidth(lines); w > 0 {
		return splitRunOnLists(splitLines(lines, firstLine, false, true, w))
	}
	return splitRunOnLists(splitLines(lines, firstLine, false, false, wrapWidth(lines)))
}

// splitRunOnLists splits a paragraph that holds a whole numbered list,
// as text that lost its line breaks has it ("... Here are our takeaways.
// 1) The first point. ... 2) The second ..."), into a paragraph for the
// text before the list and one for each point.
func splitRunOnLists(bs []block) []block {
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		if b.kind != para || b.bullet || len(b.text) < 400 {
			continue
		}
		cuts := runOnItems(b.text)
		if cuts == nil {
			continue
		}
		parts := make([]block, 0, len(cuts)+1)
		from := 0
		for _, c := range append(cuts, len(b.text)) {
			if t := strings.TrimSpace(b.text[from:c]); t != "" {
				nb := newBlock(para, t, b.line)
				nb.words = cleanWordCount(nb.text)
				parts = append(parts, nb)
			}
			from = c
		}
		bs = append(bs[:i], append(parts, bs[i+1:]...)...)
		i += len(parts) - 1
	}
	return bs
}

// runOnItems finds the points of a numbered list run into one paragraph:
// "1) ", "2) ", "3) "... (or "1. ", "2. "...) in order, each after a
// sentence's end and before a capital letter. It returns where each
// point starts, or nil for fewer than three. Each number is looked for
// after the one before it, so the text is read once.
func runOnItems(t string) []int {
	var cuts []int
	sep := ""
	for n, pos := 1, 0; pos < len(t); {
		seps := []string{sep}
		if sep == "" {
			seps = []string{") ", ". "}
		}
		found := -1
		for _, sp := range seps {
			mark := " " + itoa(n) + sp
			for from := pos; ; {
				j := strings.Index(t[from:], mark)
				if j < 0 {
					break
				}
				j += from
				next, _ := utf8.DecodeRuneInString(t[j+len(mark):])
				if j > 0 && strings.IndexByte(".!?\"')", t[j-1]) >= 0 && (isUpper(next) || next == '"' || next == '“') {
					found, sep = j+1, sp
					break
				}
				from = j + 1
			}
			if found >= 0 {
				break
			}
		}
		if found < 0 {
			break
		}
		cuts = append(cuts, found)
		pos, n = found+1, n+1
	}
	if len(cuts) < 3 {
		return nil
	}
	return cuts
}

// markdownBlocks splits Markdown into blocks, joining the lines of a
// paragraph as Markdown does.
func markdownBlocks(src string, firstLine int) []block {
	lines := strings.Split(src, "\n")
	if strings.Contains(src, "![") {
		joinWrappedImages(lines)
	}
	return splitLines(lines, firstLine, true, true, 0)
}

// chromeDiv reports a Pandoc div whose class names page chrome: "{.ad-slot
// data-slot=...}", "related-card", "tags" (a byline's div stays, for the
// writer and the date).
func chromeDiv(attrs string) bool {
	if !strings.HasPrefix(attrs, "{") {
		return chromeClass.MatchString(attrs) // "::: related-card": the class alone
	}
	for _, f := range strings.Fields(strings.Trim(attrs, "{}")) {
		if c, ok := strings.CutPrefix(f, "."); ok && chromeClass.MatchString(c) {
			return true // "::: {.ad-slot data-slot=...}": a class among the attributes
		}
	}
	return false
}

// joinWrappedImages puts an image that a converter wrapped over lines
// back on its first line ("![Ilievska attacks [(Image" over "credit:
// Pauline" over "Ferrand-Voss/SWpix)]{.credit}](https://...)"), so that
// it goes whole, as an image on a line of its own does; the lines it
// took stay, blank.
func joinWrappedImages(lines []string) {
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "![") || strings.Contains(t, "](") {
			continue
		}
		for j := i + 1; j < len(lines) && j <= i+5 && strings.TrimSpace(lines[j]) != ""; j++ {
			if u := strings.TrimSpace(lines[j]); strings.Contains(u, "](") && strings.HasSuffix(u, ")") {
				parts := make([]string, 0, j-i+1)
				for k := i; k <= j; k++ {
					parts = append(parts, strings.TrimSpace(lines[k]))
					lines[k] = ""
				}
				lines[i] = strings.Join(parts, " ")
				i = j
				break
			}
		}
	}
}

var (
	mdHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	// headingAttrs is the attribute list that Pandoc, kramdown and many
	// static-site generators allow after a heading: "## Limits {#limits}".
	headingAttrs = regexp.MustCompile(`\s*\{:?\s*[#.][^{}]*\}\s*$`)
	// pandocDiv is a Pandoc fenced div's opening or closing line.
	pandocDiv = regexp.MustCompile(`^:{3,}\s*(\{[^{}]*\}|[\w-]+)?\s*(:{3,})?$`)
	// spanAttrs is the attribute list Pandoc sets after a link, an image
	// or a bracketed span: "[9 min read]{.byline-reading-time}".
	spanAttrs = regexp.MustCompile(`([\])])\{[#.:][^{}]*\}`)
	// linkSpan is a Pandoc span around a link: "[By [A Writer](/a)]{.byline}".
	linkSpan = regexp.MustCompile(`(^|[^!\]])\[([^\[\]]*)\[([^\[\]]*)\]\([^()]*\)([^\[\]]*)\]\{[#.:][^{}]*\}`)
	// bracketSpan is a Pandoc span: "[text]{.class}", not a link's text.
	bracketSpan = regexp.MustCompile(`(^|[^!\]])\[([^\[\]]*)\]\{[#.:][^{}]*\}`)
	mdQuote     = regexp.MustCompile(`^>\s?`)
	bulletMark  = regexp.MustCompile(`^([-*+•·▪●◦‣–►➤→✔✅☑👉🔹🔸]|\\-)\s+`)
	mdFence     = regexp.MustCompile("^(```|~~~)")
	mdRule      = regexp.MustCompile(`^([-*_=]\s*){3,}$`)
	mdSetext    = regexp.MustCompile(`^(=+|-+)\s*$`)
	tableRule   = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?$`)
	// anchorOnly is a list entry that only links to a place on the same
	// page: "[Heading](#heading)", "1. [Heading](#heading)".
	anchorOnly = regexp.MustCompile(`^(\d{1,3}[.)]\s+)?\[[^\]]+\]\(#[^)\s]*\)$`)
	// linkOnly is a paragraph that is one link: "[Headline](https://...)".
	linkOnly  = regexp.MustCompile(`^\[[^\]]+\]\([^)\s]+\)$`)
	imageOnly = regexp.MustCompile(`^(\[?!\[[^\]]*\]\([^)]*\)(\]\([^)]*\))?\s*)+$`)
	// numberStart opens a numbered point, which never continues the
	// paragraph above it: "1.", "2)", "3 -", "No. 4", "#5", "B.", or a
	// number alone on its line.
	numberStart = regexp.MustCompile(`^(?:(\*\*|__)?(\d{1,3}(\.|\)|:|\s+[-–—])|[A-Za-z][.)]|#\d{1,3}|No\.\s?\d{1,3})(\s|$)|(\*\*|__)?\d{1,3},\s+[\p{Lu}"“‘'(*_]|\d{1,3}$)`)
)

// headingPermalink is a heading's permalink anchor, before or after its
// text: "## Limits [¶](#limits)", "## [#](#limits) Limits".
var headingPermalink = regexp.MustCompile(`^\[(¶|#|§|🔗|⚓)\x{FE0F}?\]\(#[^)\s]*\)\s*|\s*\[(¶|#|§|🔗|⚓)\x{FE0F}?\]\(#[^)\s]*\)$`)

// lineSplitter holds the state of splitLines.
type lineSplitter struct {
	out       []block
	cur       []string
	curKind   kind
	curLine   int
	curItem   bool
	curAnchor bool // the current item only links into the page (raw HTML)
	image     bool
	markdown  bool
	join      bool // the lines of a paragraph are joined (Markdown, hard-wrapped text)
	inQuote   bool // the current block is a list item inside a block quote
	indent    int  // the leading spaces of the line being read
	curNested bool // the current item is indented under another
	listBase  int  // the indent of the current list's first item; -1 outside a list
	width     int  // the width paragraphs were wrapped at, or 0 (wrapWidth)
	// clean is the last line that cleanSpace returned and was not empty:
	// a paragraph of that one line is known to be clean (newBlockOf).
	// curClean is clean as it was when the current paragraph started: a
	// short line is held until the next one shows whether it runs on
	// (headingPart), by when clean is the next line's.
	clean, curClean string
	// broken holds a PDF's page-break lines met inside the current
	// paragraph; they follow it, dropped, for --explain.
	broken []block
	// lazy are the paragraphs whose inline reading (newBlockOf) waits for
	// finish, which shares a long text's out among the processors: it
	// depends on each paragraph's own text alone.
	lazy []lazyBlock
}

// runOnHead is a bold run-in head that opens a sentence: "... into the
// federal courts. **Gig platform exposure:** Amazon ...".
var runOnHead = regexp.MustCompile(`(^|[.!?]["”’)]? +)\*\*[^*]{2,80}?:\*\* `)

// runOnPoints splits a paragraph that holds three bold run-in heads or
// more, each opening a sentence, into one paragraph per point: a page's
// points that a copy ran into one paragraph ("**Last-mile workers:**
// Drivers who ... **Flowers distributors:** Angelo ..."). nil when the
// paragraph is not such a run.
func runOnPoints(raw string) []string {
	at := runOnHead.FindAllStringIndex(raw, -1)
	if len(at) < 3 {
		return nil
	}
	var parts []string
	prev := 0
	for _, m := range at {
		start := m[0] + strings.Index(raw[m[0]:m[1]], "**")
		if start > prev {
			parts = append(parts, strings.TrimSpace(raw[prev:start]))
		}
		prev = start
	}
	return append(parts, strings.TrimSpace(raw[prev:]))
}

// lazyBlock is a paragraph of out read in finish: its joined text and
// the clean line newBlockOf is told.
type lazyBlock struct {
	at         int
	raw, clean string
}

// calloutHead is an Obsidian callout's first line: "[!summary]- Key takeaways".
var calloutHead = regexp.MustCompile(`^\[![\w-]{1,20}\][-+]?\s*(.*)$`)

// quoteLine adds a line of a block quote (its "> " cut off). The
// paragraphs of a quote run together, but a list inside it ("> - point")
// keeps its items apart, as a key-points box set in a quote does.
func (s *lineSplitter) quoteLine(t string, n int) {
	if s.markdown && strings.HasPrefix(t, "[!") {
		// an Obsidian callout's head: "[!summary] Key takeaways" is the
		// box's label
		if m := calloutHead.FindStringSubmatch(t); m != nil {
			s.flush()
			s.start(para, m[1], n, false)
			s.flush()
			s.inQuote = false
			return
		}
	}
	switch {
	case s.markdown && bulletMark.MatchString(t) && !strings.HasPrefix(t, "**"):
		s.start(para, bulletMark.ReplaceAllString(t, ""), n, true)
		s.inQuote = true
		return
	case s.inQuote && t == "":
		s.flush()
	case s.inQuote:
		s.cur = append(s.cur, t)
		return
	case s.curKind != quote:
		s.start(quote, "", n, false)
		s.cur = nil
	}
	if t != "" {
		s.cur = append(s.cur, t)
	}
}

func (s *lineSplitter) flush() {
	if len(s.cur) > 0 {
		// read in finish; its place after an image passes on there if its
		// text comes out empty
		s.lazy = append(s.lazy, lazyBlock{at: len(s.out), raw: strings.Join(s.cur, " "), clean: s.curClean})
		s.out = append(s.out, block{kind: s.curKind, line: s.curLine, bullet: s.curItem, nested: s.curNested, anchor: s.curAnchor, image: s.image})
		s.image = false
	}
	for _, b := range s.broken {
		s.add(b)
	}
	s.broken = s.broken[:0]
	s.cur, s.curKind, s.curItem, s.curAnchor, s.inQuote = s.cur[:0], para, false, false, false
}

func (s *lineSplitter) add(b block) {
	if b.text == "" {
		return
	}
	b.words = cleanWordCount(b.text) // b comes from newBlock, its text from cleanSpace
	b.image = s.image
	s.image = false
	s.out = append(s.out, b)
}

func (s *lineSplitter) start(k kind, text string, line int, bullet bool) {
	s.flush()
	s.cur, s.curKind, s.curLine, s.curItem, s.curClean = append(s.cur[:0], text), k, line, bullet, s.clean
	// an item is nested when it is indented under the list's first item:
	// a converter that indents a whole list ("  * **Head:** ...") nests
	// nothing
	if !bullet {
		s.listBase = -1
	} else if s.listBase < 0 {
		s.listBase = s.indent
	}
	s.curNested = bullet && s.indent >= s.listBase+2
}

// splitLines turns lines into blocks. join says whether the lines of a
// paragraph are joined (Markdown, hard-wrapped text) or each one stands
// alone (text pasted one paragraph a line). width, when not 0, is the
// width the paragraphs of text that is not joined were wrapped at: a
// line close to it runs on into the next (wrapsOn).
func splitLines(lines []string, firstLine int, markdown, join bool, width int) []block {
	s := &lineSplitter{markdown: markdown, join: join, width: width, out: make([]block, 0, len(lines)/2+1), listBase: -1}
	fenced, bulletNext := false, false
	var divs []bool // the Pandoc divs open around the line: page chrome or not
	chrome := 0     // how many of them are page chrome
	for i, raw := range lines {
		n := firstLine + i
		if !markdown && len(raw) <= 4 && loneBullet(raw) && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" && !loneBullet(lines[i+1]) {
			// "-" alone over its item's text: a list copied with each
			// bullet on a line of its own
			s.flush()
			bulletNext = true
			continue
		}
		if bulletNext {
			raw, bulletNext = "- "+strings.TrimSpace(raw), false
		}
		if isBreakLine(raw) {
			// a PDF's page break (pageBreaks): left out, and the
			// paragraph it cut goes on over it
			if raw[0] == breakBlank[0] {
				s.flush()
			}
			if rest := raw[1:]; rest != "" {
				b := newBlock(para, cleanSpace(rest), n)
				b.drop = "page break"
				s.broken = append(s.broken, b)
			}
			continue
		}
		l := cleanSpace(stripTags(raw))
		if l != "" {
			s.clean = l
		}
		s.indent = len(raw) - len(strings.TrimLeft(raw, " "))
		fence := l
		if markdown && len(l) > 6 && l[0] != ':' && strings.Contains(l[:min(len(l), 8)], " :::") {
			fence = strings.TrimLeft(strings.TrimLeft(l, "0123456789.-*+"), " ") // "1.  ::: {.comment-author .vcard}": a list item opening a div
		}
		if markdown && len(fence) >= 3 && fence[0] == ':' && pandocDiv.MatchString(fence) {
			s.flush() // a Pandoc div's fence ("::: {.post-share}", ":::"): a paragraph's edge
			if m := pandocDiv.FindStringSubmatch(fence); m[1] != "" && m[2] == "" {
				c := chromeDiv(m[1])
				divs = append(divs, c)
				if c {
					chrome++
				}
			} else if m[1] == "" && len(divs) > 0 {
				if divs[len(divs)-1] {
					chrome--
				}
				divs = divs[:len(divs)-1]
			}
			continue
		}
		if chrome > 0 {
			continue // inside "::: related-card", "::: tags", "::: {.ad-slot}": the page's chrome, not its text
		}
		if markdown && (strings.Contains(l, "]{") || strings.Contains(l, "){")) {
			// "[Sep 30, 2025]{.byline-meta-date}", "[Home](/){.nav}"
			if strings.Contains(l, ")]{") {
				l = linkSpan.ReplaceAllString(l, "$1$2$3$4")
			}
			l = spanAttrs.ReplaceAllString(bracketSpan.ReplaceAllString(l, "$1$2"), "$1")
		}
		if markdown && mdFence.MatchString(l) {
			s.flush()
			fenced = !fenced
			continue
		}
		if fenced { // code is text, never a heading or a numbered point
			if len(s.cur) == 0 {
				s.curLine = n
			}
			s.cur, s.curKind = append(s.cur, l), quote
			continue
		}
		if raw != "" && raw[0] == '<' && s.rawHTML(raw, l, n) {
			continue
		}
		// l == raw only when raw is clean, so holds no run of spaces: a
		// menu row needs one, and most lines are spared menuRow's scan
		if l != raw && menuRow(strings.TrimSpace(raw)) {
			// "Home  Archive  Talks  About  RSS": a menu whose entries only
			// spaces set apart
			s.flush()
			b := newBlock(para, l, n)
			b.drop = "navigation"
			s.add(b)
			continue
		}
		s.line(l, n, join)
	}
	s.flush()
	return s.finish()
}

// finish reads the lazy paragraphs, a long text's shared out among the
// processors, and leaves out those whose text came out empty (an image's
// line in Markdown), passing on their place after an image.
func (s *lineSplitter) finish() []block {
	if len(s.lazy) == 0 {
		return s.out
	}
	read := func(lo, hi int) {
		for _, z := range s.lazy[lo:hi] {
			o := &s.out[z.at]
			b := newBlockOf(o.kind, z.raw, o.line, z.clean)
			b.bullet, b.nested, b.anchor, b.image = o.bullet, o.nested, b.anchor || o.anchor, o.image
			if o.bullet {
				b.kind = item
			}
			if b.text != "" {
				b.words = cleanWordCount(b.text)
			}
			*o = b
		}
	}
	var runOn map[int][]string // a paragraph of bold run-in points a copy ran together, by its place
	for k, z := range s.lazy {
		if o := &s.out[z.at]; o.kind == para && !o.bullet && strings.Count(z.raw, ":**") >= 3 {
			if parts := runOnPoints(z.raw); parts != nil {
				if runOn == nil {
					runOn = map[int][]string{}
				}
				runOn[z.at] = parts[1:]
				s.lazy[k].raw, s.lazy[k].clean = parts[0], ""
			}
		}
	}
	inParallel(len(s.lazy), read)
	out, image := s.out[:0:0], false
	if runOn == nil {
		out = s.out[:0] // no paragraph grows: the blocks are written over in place
	}
	for i, b := range s.out {
		if b.text == "" {
			image = image || b.image
			continue
		}
		if image {
			b.image, image = true, false
		}
		out = append(out, b)
		for _, p := range runOn[i] {
			n := newBlock(para, p, b.line)
			n.words = cleanWordCount(n.text)
			out = append(out, n)
		}
	}
	return out
}

// line handles one cleaned line.
func (s *lineSplitter) line(l string, n int, join bool) {
	if len(s.out) < 8 && readerKey(l) {
		s.start(para, l, n, false) // a reader service's header line stands alone
		s.flush()
		return
	}
	if l != "" && plainStart(l) {
		s.prose(l, n, join)
		return
	}
	switch {
	case l == "":
		s.flush()
	case isASCIILetter(l[0]) || isDigit(l[0]):
		// Of the line patterns, only numberStart lets a line open with a
		// letter or a digit: the others are not tried on it.
		if numberStart.MatchString(l) {
			s.start(para, l, n, false)
			s.endLine(join)
		} else {
			s.prose(l, n, join)
		}
	case s.markdown && mdSetext.MatchString(l) && len(s.cur) == 1 && s.curKind == para && !s.curItem:
		level := 1
		if l[0] == '-' {
			level = 2
		}
		b := newBlock(heading, headingText(s.cur[0]), s.curLine)
		b.level = level
		s.cur = nil
		s.add(b)
	case mdRule.MatchString(l) || tableRule.MatchString(l) || !s.markdown && tildeLine(l):
		s.flush() // in text, also a title underlined with "~~~~" (in Markdown, a code fence)
		if mdRule.MatchString(l) {
			b := newBlock(para, "* * *", n) // a section break, kept as a mark (see article)
			b.drop = "separator"
			s.add(b)
		}
	case strings.HasPrefix(l, "|") && strings.HasSuffix(l, "|"):
		s.start(para, l, n, false) // a table row stands alone
		s.flush()
	case imageOnly.MatchString(l):
		s.flush()
		s.image = true
	case mdHeading.MatchString(l):
		s.flush()
		m := mdHeading.FindStringSubmatch(l)
		b := newBlock(heading, headingText(m[2]), n)
		b.level = len(m[1])
		s.add(b)
	case mdQuote.MatchString(l):
		s.quoteLine(mdQuote.ReplaceAllString(l, ""), n)
	case bulletMark.MatchString(l) && !strings.HasPrefix(l, "**"):
		s.start(para, bulletMark.ReplaceAllString(l, ""), n, true)
	case strings.HasPrefix(l, "-- ") && colonHead(l[3:]):
		s.start(para, l[3:], n, true) // "-- Key testimony: McConney walked ...": a wire's bullet typed as two hyphens
	case numberStart.MatchString(l):
		s.start(para, l, n, false)
		s.endLine(join)
	default:
		s.prose(l, n, join)
	}
}

// loneBullet is a list's bullet alone on its line: "-", "•", "*".
func loneBullet(l string) bool {
	switch strings.TrimSpace(l) {
	case "-", "•", "*", "◦", "▪", "–":
		return true
	}
	return false
}

// tildeLine is a line of three or more "~" alone: in plain text, the
// underline of the line above it, as "====" and "----" are.
func tildeLine(l string) bool { return len(l) >= 3 && strings.Trim(l, "~") == "" }

// headingText is a Markdown heading's text without the attribute list
// and the permalink anchor that site generators add to it.
func headingText(s string) string {
	s = headingAttrs.ReplaceAllString(s, "")
	if strings.Contains(s, "](#") {
		s = headingPermalink.ReplaceAllString(s, "")
	}
	return s
}

// prose adds a line of running text: a new paragraph, or the next line
// of the current one.
func (s *lineSplitter) prose(l string, n int, join bool) {
	if !join && !s.wrapsOn(l) || s.curKind == quote || len(s.cur) == 0 || creditLine(l) || len(s.cur) == 1 && (creditLine(s.cur[0]) || labelHeadOver(s.cur[0], l)) ||
		s.shortLineEnds() || s.headingLineOver(l) || standaloneLine(l) || standaloneLine(s.cur[len(s.cur)-1]) {
		s.start(para, l, n, false)
	} else {
		s.cur = append(s.cur, l)
	}
	s.endLine(join)
}

// standaloneLine is a line a PDF or a report repeats on every page,
// which never runs on into the text beside it: a licence stamp ("For the
// exclusive use of NAME@FIRM") or a running footer ending in its page
// ("Firm Ltd. See important disclosures ... Page 1 of 3").
func standaloneLine(l string) bool {
	if l == "" {
		return false
	}
	if c := l[len(l)-1]; c >= '0' && c <= '9' && strings.Contains(l, " of ") {
		return pageOf.MatchString(l)
	}
	return strings.IndexByte("FfLlPp", l[0]) >= 0 && distributionStamp.MatchString(l) // anchored: fails at once on most lines
}

// distributionStamp is a research note's licence stamp, repeated on each
// page: "For the exclusive use of NAME@FIRM" (also the "distribution
// notice" line rule).
var distributionStamp = regexp.MustCompile(`(?i)^(for the (exclusive|sole|internal) use of|licensed (to|for) the (exclusive )?use of|prepared for the exclusive use of)\b.{1,80}$`)

// pageOf ends a running footer with its page: standaloneLine keeps such a
// line apart, and the "page footer" line rule drops it.
var pageOf = regexp.MustCompile(`(?i)\bpage \d{1,3} of \d{1,3}$`)

// shortLineEnds reports, in hard-wrapped text (s.width set while lines
// are joined), a last line far short of the width: a wrapping editor
// fills every line of a paragraph but its last, so the line after such
// a line starts a new block ("Ewan Dalgleish-Moss" over "Transport
// correspondent" over the date; a site's name over its menu).
func (s *lineSplitter) shortLineEnds() bool {
	if s.width == 0 || !s.join || s.markdown || len(s.cur) == 0 || s.curKind != para {
		return false
	}
	return len(s.cur[len(s.cur)-1])*10 < s.width*6
}

// headingLineOver reports, in hard-wrapped text, a paragraph's first
// line that the wrap did not break, over the next line l: l's first word
// would have fitted after it (with some slack for a width read in bytes),
// it ends no sentence and a capital opens l. A heading line set straight
// over its paragraph: "Teacher recruitment improved, at least at first"
// over "The pilot schools received ...".
func (s *lineSplitter) headingLineOver(l string) bool {
	if s.width == 0 || !s.join || s.markdown || len(s.cur) != 1 || s.curKind != para || s.curItem || l == "" || !isUpper(rune(l[0])) {
		return false
	}
	head := s.cur[0]
	if strings.ContainsAny(head[len(head)-1:], ".,;:!?") || wordCount(head) > 12 {
		return false
	}
	fw, _, _ := strings.Cut(l, " ")
	return utf8.RuneCountInString(head)+1+utf8.RuneCountInString(fw) < s.width-4
}

// labelHead is a short line that names a point with a label and its
// number and then its head, with no full stop: "Lesson 1 - Talk to the
// buyer".
var labelHead = regexp.MustCompile(`^(?i:key takeaway|takeaway|lesson|tip|reason|rule|step|part) #?\d{1,3}\s*[:.)–—-]\s+\S.*[^.!?:;,]$`)

// labelHeadOver reports a label line (see labelHead) with the first line
// of its text under it, no blank line between: Markdown would join the
// two, but the label line is the point's heading. A line of up to 60
// bytes, which hard-wrapped prose rarely breaks at, over a capital.
func labelHeadOver(head, l string) bool {
	if len(head) > 60 || l == "" || !isUpper(rune(l[0])) {
		return false
	}
	return labelHead.MatchString(head)
}

// creditLine is a photo credit or caption line ("Photos: Anna Berg"), a
// line of tags or a byline, which never runs on into the paragraph
// beside it.
func creditLine(l string) bool {
	if strings.HasPrefix(l, "By ") {
		_, ok := bylineName(l) // a byline in a file without blank lines
		return ok
	}
	if l[0] == '#' || hasPrefixFold(l, []string{"tags:", "topics:"}) {
		return matchRule(l) == "tag list" // a line of tags ends the paragraph above it too
	}
	if !strings.ContainsAny(l, ":/(") || countWords(l, 21) > 20 {
		return false
	}
	return strings.HasPrefix(matchRule(l), "caption")
}

// endLine ends the paragraph at each line of text pasted one paragraph a line.
func (s *lineSplitter) endLine(join bool) {
	if !join && !s.markdown && s.curKind != quote && !s.mayWrap() && !s.headingPart() {
		s.flush()
	}
}

// plainStart reports a line that opens with a letter and no marker, so
// that none of the line patterns (headings, bullets, numbers, rules,
// fences) need to be tried on it.
func plainStart(l string) bool {
	c := l[0]
	if !isASCIILetter(c) || len(l) < 3 {
		return false
	}
	return l[1] != '.' && l[1] != ')' && !strings.HasPrefix(l, "No")
}

// hardWrapWidth is the width of text wrapped at a fixed width (its
// widest line), or 0 when the text is not so wrapped: no line is long,
// and inside paragraphs the lines that are not last run close to the
// widest line, as a wrapping editor leaves them.
func hardWrapWidth(lines []string) int {
	widest := 0
	for _, l := range lines {
		if u := unbroken(l); !linkLine(u) {
			widest = max(widest, len(u))
		}
	}
	if widest > 100 || widest == 0 {
		return 0
	}
	inner, full := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		l, next := unbroken(lines[i]), unbroken(lines[i+1])
		if l == "" || next == "" || l == "---" || listLine(l) || linkLine(l) {
			continue // a list's items are short by nature (lynx's "* [5]News" menu)
		}
		inner++
		if len(l)*10 >= widest*6 {
			full++
		}
	}
	if inner > 0 && full*10 >= inner*8 {
		return widest
	}
	return 0
}

// listLine is a bulleted list's item: "* News", "+ Sport", "- Jobs".
func listLine(l string) bool {
	return len(l) > 2 && (l[0] == '*' || l[0] == '+' || l[0] == '-') && l[1] == ' '
}

// linkLine is an address that no wrapping breaks, alone on its line or
// after its number in a link list: lynx's "  12. https://site.example/...".
func linkLine(l string) bool {
	return (strings.Contains(l, "://") || strings.Contains(l, "mailto:")) && strings.Count(l, " ") <= 1
}

// unbroken is a line without its spaces, or "" for a page break's line
// (pageBreaks).
func unbroken(l string) string {
	if isBreakLine(l) {
		return ""
	}
	return strings.TrimSpace(l)
}
