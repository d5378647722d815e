package content

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	mdImage  = regexp.MustCompile(`!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)`) // a caption may hold a bracketed credit: "![... [(Image credit: A Name)]](...)"
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdStrong = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	// emphasis opens and closes with the same mark: "*... @a_name*" is one
	mdEmph      = regexp.MustCompile(`(^|[\s(“"])\*(\S(?:[^*]*?\S)?)\*([\s).,;:!?”"]|$)`)
	mdEmphUnder = regexp.MustCompile(`(^|[\s(“"])_(\S(?:(?:\\_|[^_])*?\S)?)_([\s).,;:!?”"]|$)`)
	mdCode      = regexp.MustCompile("`([^`]+)`")
	// linkCue is link text left in the prose by a scraper: "(WATCH HERE)".
	linkCue = regexp.MustCompile(`(?i)\s*[(\[](watch|listen)( (here|now|live|video|the video|below))?[)\]]|\s*[(\[](click|read|view|see|watch|listen) (here|more)[)\]]`)
	// markedBold is a marker followed by bold text: "1. **Head**".
	// itemMark opens a list item: "1. ", "2) ", "- ", "* "
	itemMark   = regexp.MustCompile(`^(\d{1,3}[.)]|[-*+•])\s+`)
	looseAttrs = regexp.MustCompile(`\{[#.][\w-]+(\s[^{}]*)?\}`)
	superNote  = regexp.MustCompile(`\^\d{1,3}\^`)
	markedBold = regexp.MustCompile(`^(\S{1,8}\s+)(\*\*|__)`)
	escapes    = strings.NewReplacer(`\*`, "*", `\_`, "_", `\#`, "#", `\[`, "[", `\]`, "]", `\.`, ".", `\)`, ")", `\-`, "-", `\!`, "!", `\'`, "'", `\"`, "\"", `\$`, "$", `\(`, "(", `\<`, "<", `\>`, ">", `\&`, "&", `\@`, "@", `\~`, "~", `\^`, "^") // pandoc escapes quotes, dollars and brackets too
)

// newBlock makes a block from one paragraph of Markdown or text,
// noting bold and italic before the markup is stripped.
func newBlock(k kind, raw string, line int) block { return newBlockOf(k, raw, line, "") }

// newBlockOf is newBlock, told a text that cleanSpace returned (clean)
// or "", for inlineOf.
func newBlockOf(k kind, raw string, line int, clean string) block {
	t := strings.TrimSpace(raw)
	b := block{kind: k, line: line}
	b.bold = wholeBold(t)
	if !b.bold {
		b.lead = boldLead(t)
		if b.lead == "" && (strings.Contains(t, "**") || strings.Contains(t, "__")) {
			if m := markedBold.FindStringSubmatch(t); m != nil {
				b.lead = boldLead(t[len(m[1]):]) // "1. **Head.** Body"
			}
		}
		b.italic = wholeItalic(t)
	}
	b.anchor = strings.HasSuffix(t, ")") && anchorOnly.MatchString(t)
	// a paragraph that is one link; a Markdown heading that links somewhere
	// heads a section of its own (a product roundup), unlike a page's card
	b.link = k != heading && !b.anchor && strings.HasSuffix(t, ")") && linkOnly.MatchString(t)
	if k != heading && !b.link && len(t) > 6 && strings.HasPrefix(t, "**[") && strings.HasSuffix(t, ")**") {
		b.link = linkOnly.MatchString(t[2 : len(t)-2]) // "**[SIGN UP: ...](url)**": one link set in bold
	}
	if b.lead != "" && !b.link && strings.HasSuffix(t, ")") && strings.HasPrefix(t, "**") {
		// "**Full list of winners:** [See every category here](/winners)": a
		// bold label over one link, not a run-in point
		if end := strings.Index(t[2:], "**"); end >= 0 {
			b.link = linkOnly.MatchString(strings.TrimSpace(t[end+4:]))
		}
	}
	if m := itemMarkOf(t); m != "" && k != heading {
		b.linkItem = strings.HasSuffix(t, ")") && linkOnly.MatchString(t[len(m):])
	}
	b.home = k == heading && strings.HasSuffix(t, "/)") && linkOnly.MatchString(t) && homeLink(t)
	b.text = inlineOf(t, clean)
	return b
}

// itemMarkOf is itemMark's match in t, tried only when t opens with a
// byte that the pattern's marks can open with.
func itemMarkOf(t string) string {
	if t == "" || !isDigit(t[0]) && strings.IndexByte("-*+\xe2", t[0]) < 0 { // 0xe2 opens "•"
		return ""
	}
	return itemMark.FindString(t)
}

// menuRow is a line of three or more menu entries of one to three
// words (one of them may have four: "Log in with Bluesky"), set apart by
// two spaces or more, with no sentence among them.
func menuRow(t string) bool {
	if len(t) > 160 || !strings.Contains(t, "  ") {
		return false // a menu is short; most lines are prose
	}
	parts := strings.Split(t, "  ")
	n, long := 0, 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		w := countWords(p, 5)
		if w == 4 {
			long++
		}
		if r, _ := utf8.DecodeRuneInString(p); !unicode.IsLetter(r) || w > 4 || long > 1 || strings.ContainsAny(p, ",;:!?") || strings.Contains(p, ".") && !initials.MatchString(p) {
			return false
		}
		n++
	}
	return n >= 3
}

// homeLink is a Markdown link "[Name](https://site/)" to a site's home
// page: the address has nothing after the host but a slash.
func homeLink(t string) bool {
	_, addr, _ := strings.Cut(t, "](")
	addr = strings.TrimSuffix(strings.TrimSuffix(addr, ")"), "/")
	_, host, ok := strings.Cut(addr, "://")
	return ok && host != "" && !strings.Contains(host, "/")
}

// wholeBold is "**text**" (or "__text__"), a trailing colon allowed.
func wholeBold(t string) bool {
	t = strings.TrimRight(t, ": ")
	for _, m := range []string{"**", "__"} {
		if len(t) > 4 && strings.HasPrefix(t, m) && strings.HasSuffix(t, m) && !strings.Contains(t[2:len(t)-2], m) {
			return true
		}
	}
	return false
}

// wholeItalic is "*text*" or "_text_".
func wholeItalic(t string) bool {
	if len(t) < 3 || strings.HasPrefix(t, "**") || strings.HasPrefix(t, "__") {
		return false
	}
	for _, m := range []string{"*", "_"} {
		if strings.HasPrefix(t, m) && strings.HasSuffix(t, m) && !strings.Contains(strings.ReplaceAll(t[1:len(t)-1], `\`+m, ""), m) {
			return true // (an escaped mark inside, "@goyama\_ppb", is the text's own)
		}
	}
	return false
}

// boldLead is the bold run-in head of "**Head:** rest" or "**Head.** rest".
func boldLead(t string) string {
	for _, m := range []string{"**", "__"} {
		if !strings.HasPrefix(t, m) {
			continue
		}
		end := strings.Index(t[2:], m)
		if end <= 0 || strings.TrimSpace(t[2+end+2:]) == "" {
			return ""
		}
		return strings.TrimRight(inline(t[2:2+end]), ":.—–- ")
	}
	return ""
}

// inline strips Markdown inline markup and entities, keeping the words.
func inline(s string) string { return inlineOf(s, "") }

// inlineOf is inline, told a text that cleanSpace returned (clean) or
// "": a result equal to it is clean, so cleanSpace would return it as it
// is, and it is not scanned again. Most paragraphs of text are one line
// that splitLines has cleaned, and hold no markup.
func inlineOf(s, clean string) string {
	if strings.Contains(s, "](") {
		s = mdImage.ReplaceAllString(s, "")
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "][") {
		s = mdRefLink.ReplaceAllString(s, "$1") // html2text's "[school levy][19]"
	}
	if strings.Contains(s, "**") || strings.Contains(s, "__") {
		s = mdStrong.ReplaceAllString(s, "$2")
		if strings.Count(s, "**") == 1 {
			// a bold line whose opening mark a copy lost ("Unveiling the
			// Index**"), or whose closing one
			s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "**"), "**"))
		}
	}
	// strings.IndexByte (what strings.Contains does for one byte) scans
	// many bytes at a time, and most paragraphs hold none of these
	if strings.IndexByte(s, '*') >= 0 {
		s = mdEmph.ReplaceAllString(s, "$1$2$3")
	}
	if strings.Contains(s, "_") {
		s = mdEmphUnder.ReplaceAllString(s, "$1$2$3")
	}
	if strings.Contains(s, "`") {
		s = mdCode.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "{.") || strings.Contains(s, "{#") {
		s = looseAttrs.ReplaceAllString(s, "") // a Pandoc attribute list a line break kept apart from its link: "↩︎{.footnote-back role=...}"
	}
	if n := len(s); n > 6 && (s[n-1] == ')' && isDigit(s[n-2]) || s[n-1] == '/') {
		s = trimPostCounter(s) // "... since 2019. (2/7)", "... put numbers on it. 7/": a thread post's place
	}
	if strings.IndexByte(s, '^') >= 0 {
		s = superNote.ReplaceAllString(s, "") // pandoc's "away from it.^1^": a note's number set as a superscript
	}
	if strings.Contains(s, "\\") {
		s = escapes.Replace(s)
	}
	if (strings.IndexByte(s, ')') >= 0 || strings.IndexByte(s, ']') >= 0) && containsFoldAny(s, linkCueWords) {
		s = linkCue.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	if s == clean {
		return s // equal strings compare in constant time when they share their bytes
	}
	return cleanSpace(s)
}

// mdRefLink is a reference-style link: "[text][12]", "[text][]".
var mdRefLink = regexp.MustCompile(`\[([^\[\]]{1,200})\]\[[\w-]{0,20}\]`)

// linkCueWords are the words of a link cue, one of which it holds.
var linkCueWords = []string{"watch", "listen", "here)", "more)", "here]", "more]"}

// stripTags removes raw HTML tags left in Markdown or text; <strong> and
// <b> become "**" so that bold heads are still seen. It is linear: the
// position of the next ">" is found once and reused.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	nextGT := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '<' || i+1 == len(s) || !isTagStart(s[i+1]) {
			b.WriteByte(c)
			continue
		}
		if nextGT < i {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				b.WriteString(s[i:])
				break
			}
			nextGT = i + j
		}
		if nextGT-i > 400 {
			b.WriteByte(c)
			continue
		}
		b.WriteString(tagReplacement(s[i+1 : nextGT]))
		i = nextGT
	}
	return b.String()
}

func isTagStart(c byte) bool {
	return c == '/' || c == '!' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// tagReplacement is what a raw tag leaves in the text.
func tagReplacement(tag string) string {
	name := strings.ToLower(strings.TrimLeft(tag, "/"))
	if i := strings.IndexAny(name, " \t/"); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "strong", "b":
		return "**"
	case "br", "p", "div", "li", "td", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
		return " "
	}
	return ""
}

// initials is a menu entry of initials: "U.S.", "U.K.".
var initials = regexp.MustCompile(`^(\p{Lu}\.){2,3}$`)

// navWords are the words of a site's section menu.
var navWords = map[string]bool{"news": true, "sport": true, "sports": true, "business": true, "politics": true, "world": true,
	"opinion": true, "reviews": true, "deals": true, "tech": true, "technology": true, "video": true, "videos": true,
	"podcasts": true, "culture": true, "life": true, "lifestyle": true, "style": true, "travel": true, "food": true,
	"health": true, "science": true, "weather": true, "entertainment": true, "home": true, "about": true,
	"contact": true, "subscribe": true, "local": true, "national": true, "markets": true, "money": true,
	"arts": true, "music": true, "books": true, "photos": true, "newsletters": true, "obituaries": true,
	"games": true, "guides": true, "features": true, "events": true, "jobs": true, "shop": true, "more": true,
	"notifications": true, "messages": true, "following": true, "explore": true, "spaces": true, "profile": true,
	"trips": true, "blog": true, "archive": true, "search": true}

// navWordsRow is a site's section menu copied as one line of single
// spaces: four words or more, each capitalised, none of the small words
// a headline needs ("of", "the", "to"), two or more of them menu words.
func navWordsRow(t string) bool {
	ws := strings.Fields(t)
	menu := 0
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if w == "&" {
			continue
		}
		if !unicode.IsUpper(r) || strings.ContainsAny(w, ",;:!?'’\"") || strings.Contains(w, ".") && !initials.MatchString(w) {
			return false
		}
		if navWords[strings.ToLower(w)] {
			menu++
		}
	}
	return menu >= 2 && menu*3 >= len(ws)
}

// trimPostCounter is s without a thread post's counter at its end: "(2/7)",
// when the first number is not above the second, or "7/" after a
// sentence's end.
func trimPostCounter(s string) string {
	if s[len(s)-1] != ')' {
		// "... put numbers on it. 7/": after a sentence's end
		sp := strings.LastIndexByte(s, ' ')
		if sp < 1 || !strings.ContainsAny(s[sp-1:sp], ".!?") {
			return s
		}
		a, b, ok := strings.Cut(s[sp+1:], "/")
		if !ok || !isNumber(a) || len(a) > 2 || b != "" {
			return s // "2/8" with its total is read later, as the post's number (frontPostNumbers)
		}
		return s[:sp]
	}
	open := strings.LastIndex(s, " (")
	if open < 0 {
		return s
	}
	a, b, ok := strings.Cut(s[open+2:len(s)-1], "/")
	if !ok || a == "" || b == "" || len(a) > 2 || len(b) > 2 || !isNumber(a) || !isNumber(b) || atoi(a) > atoi(b) || atoi(a) == 0 {
		return s
	}
	return strings.TrimRight(s[:open], " ")
}
