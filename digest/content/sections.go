package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digest-dev/digest/digest"
)

var (
	// leadIn is the "Here are the main takeaways…" line that introduces the list.
	leadIn = regexp.MustCompile(`(?i)^(here[’']?s|here (is|are)|these are|below (is|are)|the following (is|are)|the (main|key) takeaways|what we learned|what you need to know|what to know|(but |so )?what (have|did) (we|i) learn(ed|t)?\b.*\?$)`)
	// conclusionHeading names a closing section.
	conclusionHeading = regexp.MustCompile(`(?i)(verdict|bottom line|what happens next|what happens now|what[’']?s next|what comes next|next up|^up next(: .{2,50})?$|^what to watch( for)?( next| now| from here)?$|^what (i|we)(['’]m| am|['’]re| are|['’]ll be| will be) watching( for)?( next| now| from here)?$|in conclusion|in closing|to wrap (it |things )?up|conclusion|the upshot|(final|closing|parting|last) (thoughts?|takeaways?|word|analysis|notes|remarks)|wrapping up|epilogue|afterword|^coda$|^in sum$|^tl;? ?dr$|^and finally$|^(so,? |and |ok,? )?what now\??$|wrap-up|in summary|to sum up|summing up|looking ahead|^looking (ahead )?to (next|the next|week|game|round|the [\p{L}-]+ round) ?[\p{L}\d ]{0,20}$|the big(ger)? picture|the takeaway|^overall$|where (that|this|it) leaves (us|me|them|[\p{L}]+( [\p{L}]+)?)$|what (it|this|it all|this all) means|what (it|this|it all|this all|they) adds? up to|the last word|looking forward|next steps|^(the )?outlook:?$|^summary$|where (do|does|will) .{1,30} go from here|^where (we|they|it|this|things|the [\p{L}]+) goe?s? from here$|what (i|we)(['’]d| would) do differently|(would|will) (i|we) do it again|if (i|we) (did|had to do) it (all )?again|(was|is) it (all )?worth it|the road ahead|should you (buy|get|upgrade|update|switch|pre-?order|wait)\b)`)
)

// namedConclusion is a heading after a box's points that names a
// conclusion ("What happens next"), set as a heading or a bold line, or -1.
func namedConclusion(art []*block, l layout) int {
	last := l.sections[len(l.sections)-1]
	for p := last.start + 1; p < len(art); p++ {
		if b := art[p]; (b.kind == heading || b.bold || p <= last.start+3 && isHeadingLine(art, p)) && isConclusionHead(b) {
			return p // also a plain "Final takeaways" line straight under the box's points
		}
		if b := art[p]; b.lead != "" && b.kind == para && !b.bullet && p >= len(art)-4 && conclusionLead.MatchString(b.text) {
			return p // "**The bottom line:** ..." closing the story under its box
		}
		if b := art[p]; p == last.start+1 && b.kind == para && !b.bullet && conclusionLead.MatchString(b.text) {
			return p // "Bottom line: ..." straight under the list's last point
		}
	}
	return -1
}

// build fills the story from the chosen layout: lede, takeaways (with
// their groups) and conclusion, and records each block's role.
func build(st *digest.Story, art []*block, l layout, opt Options) {
	first := firstGroup(l) // a two-level list's first group, a box's label
	st.Intro = strings.Join(ledeParas(art, first), "\n\n")
	concl, runIn := -1, ""
	if !l.box || l.kind == "lessons section" { // a document's "Next steps" still closes it
		l, concl, runIn = conclusionItem(art, l)
		if concl < 0 {
			l = extraSibling(art, l)
			concl = findConclusion(art, l)
		}
		if c := concl; c >= 0 && runIn == "" && (conclusionLead.MatchString(art[c].text) || leadCloses(art[c])) &&
			!(art[c].kind == heading || art[c].words <= 10 && isHeadlineLike(art[c].text) && c+1 < len(art)) {
			runIn = art[c].text // "The bottom line: ..." runs on; "What's next: the semi-final draw" over its paragraph is a heading
		}
	} else {
		concl = namedConclusion(art, l) // a box's article may still close with "## What happens next"
		if concl < 0 {
			concl = closingParagraph(art, l) // a box that is the story's points, its reaction paragraph under it
		}
		if concl >= 0 && art[concl].kind == para && (art[concl].lead != "" || conclusionLead.MatchString(art[concl].text)) {
			runIn = art[concl].text
		}
	}
	if concl > 0 && runIn == "" && len(l.sections) > 0 && unheadedClose(art[concl]) && plainHeadOver(art, concl, l.sections[len(l.sections)-1].start) {
		concl-- // "Our take", or "Implications for policymakers" after a box's last point, over the closing paragraph: the close's heading
	}
	l = sectionsBefore(l, concl)
	l.colons = colonHeads(art, l)
	for i, s := range l.sections {
		end := sectionEnd(art, l, i, concl)
		t := takeaway(art, s, end, l, opt)
		markRoles(art, s, end, len(st.Takeaways)+1, l)
		st.Takeaways = append(st.Takeaways, t)
	}
	if concl >= 0 && runIn == "" && unheadedClose(art[concl]) {
		// the writer's closing paragraph, no heading of its own: it and
		// the plain paragraphs after it, up to a heading or a list
		c := &digest.Conclusion{}
		for p := concl; p < len(art); p++ {
			if b := art[p]; p > concl && (b.kind != para || b.bullet || b.bold || isMarked(b) || b.words <= 12 && !endsSentence(b.text) || b.words < 5 || strings.HasSuffix(b.text, ":")) {
				break
			}
			t := art[p].text
			if p == concl && isMarked(art[p]) {
				t = stripMarker(t) // "8/ None of this means ...": the post's place goes
			}
			c.Body = append(c.Body, t)
			art[p].role = "conclusion"
		}
		st.Conclusion, concl = c, -1
	}
	if concl >= 0 {
		c := &digest.Conclusion{Heading: cleanHeading(art[concl].text)}
		if runIn != "" {
			h, rest := runInHead(art[concl], runIn, false)
			c.Heading = cleanHeading(h)
			if rest != "" {
				c.Body = append(c.Body, rest)
			}
		}
		if isMarked(art[concl]) {
			if _, ok := parseMarker(c.Heading); ok {
				c.Heading = cleanHeading(stripMarker(c.Heading)) // "6. Final thoughts", numbered with the points
			}
		}
		art[concl].role = "conclusion heading"
		for p := concl + 1; p < len(art); p++ {
			if h := art[concl]; h.kind == heading && art[p].kind == heading && art[p].level <= h.level && p > concl+1 {
				break // "## Get the newsletter" after "## Conclusion" and its text: the page's next part
			}
			if runIn != "" && art[concl].kind == para && (art[p].kind == heading || art[p].bold || capsLabel(art[p]) && art[p].words >= 2 || l.stop > 0 && p >= l.stop) {
				break // "Bottom line: ..." and its paragraphs, then a newsletter's "ELSEWHERE ON THE WATERFRONT"
			}
			if art[p].brk && p > concl+1 && (art[concl].kind == heading || art[concl].bold) {
				break // "## Closing thoughts" and its text, then "* * *" and the "Also shipped this cycle: ..."
			}
			c.Body = append(c.Body, art[p].text)
			art[p].role = "conclusion"
		}
		st.Conclusion = c
	}
	if st.Intro == "" && l.box {
		st.Intro = gist(art, l)
	}
	for g := range l.groups { // a product's price box under its name
		for p := g + 1; p < len(art) && art[p].role == ""; p++ {
			art[p].role = "group"
		}
	}
}

// unheadedClose reports a close that is a paragraph of prose, not a
// heading or a line naming the close: the writer's last paragraph
// (closingParagraph).
func unheadedClose(b *block) bool {
	return b.kind == para && !b.bullet && !b.bold && b.lead == "" && b.words >= 12 && proseLike(b) && !isConclusionHead(b)
}

func firstGroup(l layout) int {
	f := l.sections[0].start
	for g := range l.groups {
		f = min(f, g)
	}
	return f
}

// ledeParas are the blocks before the first section, less the line that
// introduces the list.
func ledeParas(art []*block, first int) []string {
	var out []string
	box := false // inside a key-points box above sections of the article's own
	for p := 0; p < first; p++ {
		b := art[p]
		words := b.words
		switch {
		case words <= 8 && isKeyBoxLabel(b.text):
			box, b.role = true, "key points box"
		case box && (b.kind == item || b.bullet || b.ordinal > 0 || isMarked(b)):
			b.role = "key points box"
		case (leadIn.MatchString(b.text) && words <= 15) || (p == first-1 && words <= 15 && (strings.HasSuffix(b.text, ":") || strings.HasSuffix(b.text, "…") || strings.HasSuffix(b.text, "..."))):
			box, b.role = false, "lead-in"
		default:
			box, b.role = false, "lede"
			out = append(out, b.text)
		}
	}
	return out
}

// sectionEnd is the position after section i's last block.
func sectionEnd(art []*block, l layout, i, concl int) int {
	end := len(art)
	if l.box {
		return l.sections[i].start + 1
	}
	if i+1 < len(l.sections) {
		end = l.sections[i+1].start
		for g := range l.groups {
			if g > l.sections[i].start && g < end {
				end = g
			}
		}
	} else if concl >= 0 {
		end = concl
	}
	if i == len(l.sections)-1 && l.stop > 0 && l.stop < end {
		end = l.stop // a takeaways section's last point ends with the section
	}
	if i > 0 && i == len(l.sections)-1 && bulletsOnly(art, l) {
		// a list of bulleted points, each its own item: the paragraphs
		// after the last are the story going on ("\"...," said the chief
		// executive"), not that point's text
		e := l.sections[i].start + 1
		for e < end && art[e].nested {
			e++
		}
		end = e
	}
	return end
}

// bulletsOnly reports points that are each one bulleted item, with
// nothing but its indented sub-items under it.
func bulletsOnly(art []*block, l layout) bool {
	for k, s := range l.sections {
		if !art[s.start].bullet || art[s.start].nested {
			return false
		}
		if k+1 < len(l.sections) {
			for p := s.start + 1; p < l.sections[k+1].start; p++ {
				if !art[p].nested {
					return false
				}
			}
		}
	}
	return true
}

// takeaway makes the takeaway of section s, whose blocks end before end.
func takeaway(art []*block, s section, end int, l layout, opt Options) digest.Takeaway {
	b := art[s.start+s.skip] // the block that holds the heading
	head, rest := s.head, ""
	if lead := leadOf(b, s.head); !headingShaped(b, s.head) && !(l.kind == "heading lines" && b.words <= 15) || lead != "" && len(s.head) > len(lead) || strings.Contains(l.kind, "run-in") || strings.HasPrefix(l.kind, "bullet list") {
		// a bold lead heads even a short point, and a point read for its
		// run-in head or first sentence is split however short
		// ("Apprentices: Apprentices in building trades will get a
		// grant", "• "It's so quick." We'll see.")
		head, rest = runInHead(b, s.head, l.colons)
	}
	t := digest.Takeaway{Heading: cleanHeading(head), Group: s.group}
	if rest != "" {
		t.Body = append(t.Body, rest)
	}
	for p := s.start + 1 + s.skip; p < end; p++ {
		if !l.groups[p] {
			t.Body = append(t.Body, art[p].text)
		}
	}
	t.Summary = summary(t.Body, opt.SummaryWords)
	t.Quotes = quotes(t.Body)
	return t
}

// headingShaped is a heading set as one: a real or bold heading, or a
// short line that does not end a sentence.
func headingShaped(b *block, head string) bool {
	words := wordCount(head)
	question := strings.HasSuffix(head, "?") && firstSentence(head) == head // "What can go in it - and what shouldn't?"
	return b.kind == heading || b.bold || (words <= 15 && (!endsSentence(head) || question)) || (words <= 6 && b.ordinal == 0)
}

// colonHeads reports points most of whose first sentences hold ": ":
// the list's heads end there, however a head reads ("St Edric's should
// be worried, but not panicking (Harlow Town 3-1 St Edric's): ...").
func colonHeads(art []*block, l layout) bool {
	n := 0
	for _, s := range l.sections {
		if strings.Contains(firstSentence(s.head), ": ") {
			n++
		}
	}
	return n*2 > len(l.sections)
}

// runInHead splits a paragraph that opens a takeaway into its run-in
// head and the rest: a bold lead, the text before ": " or " — ", or else
// the first sentence. colons tells that the list's heads end at ": ".
func runInHead(b *block, text string, colons bool) (string, string) {
	if lead := leadOf(b, text); lead != "" && len(text) > len(lead) {
		return lead, openSentence(strings.TrimLeft(text[len(lead):], ":.—–- "))
	}
	first := firstSentence(text)
	at, width := -1, 0 // the run-in head's end: the first separator that may end it
	for _, sep := range []string{": ", " — ", " – ", " - "} {
		i := strings.Index(text, sep)
		if i > 0 && i < len(first) && sep != ": " && len(first) < len(text) && (wordCount(first[i:]) <= 3 || wordCount(first[i:]) <= 9 && opensLower(text[i+len(sep):]) && wordCount(text[:i]) >= 4) {
			continue // "Route 9 is saved — for now. The bus line ...", "X ran on her record - and mostly stuck to it. She ...": the dash is the head's own
		}
		if sep == ": " && i > 0 && !colons && clauseJoin(text[:i]) && wordCount(text[:i]) > 8 {
			continue // "Yes, few games show them, but Rainbow Six: Siege is ...": a sentence with a name's colon, not a head
		}
		if i > 0 && i < len(first) && (wordCount(text[:i]) <= 12 || sep != " - " && opensCapital(text[i+len(sep):]) && wordCount(text[:i]) <= 16) {
			if at >= 0 && at < i && sep != ": " {
				continue
			}
			if at >= 0 && width == 2 && wordCount(text[i:at]) <= 3 {
				continue // "The moderators lost control — twice: ...": the colon ends the head
			}
			at, width = i, len(sep)
		}
	}
	if at >= 0 && width == 2 {
		at = colonHeadEnd(text, at) // "Library hours: a compromise, not a restoration: The main library ..."
	}
	if at >= 0 { // "Apple Pencil - on first look I thought: ...": the dash comes first
		return text[:at], openSentence(strings.TrimSpace(text[at+width:]))
	}
	if i := gluedDash(text); i > 0 && i < len(first) {
		return text[:i], strings.TrimSpace(text[i+2:]) // "... exclusive content- The intro ...": a dash typed against the head
	}
	return first, strings.TrimSpace(text[len(first):])
}

// clauseJoin reports words that join two clauses with a comma and a
// conjunction (", but ", ", and ", ", so ", ", yet "): in more than eight
// words, a sentence's, not a run-in head's ("Prices are up, but not
// everywhere: ..." is one).
func clauseJoin(s string) bool {
	for _, c := range []string{", but ", ", and ", ", so ", ", yet "} {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}

// leadOf is the block's bold lead as it opens text, the point's text
// after its number: a lead set in bold with its number ("<strong>5.
// Prices fall – in one place.</strong>") heads the text without it. It
// is "" when the lead does not open text.
func leadOf(b *block, text string) string {
	if b.lead == "" {
		return ""
	}
	if strings.HasPrefix(text, b.lead) {
		return b.lead
	}
	if m, ok := parseMarker(b.lead); ok && m.rest != "" && strings.HasPrefix(text, m.rest) {
		return m.rest
	}
	return ""
}

// opensCapital reports whether s opens with a capital letter: after a
// colon, a new sentence ("...after all: Staff had recommended ..."), so
// the words before the colon are a head even when they run long.
func opensCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isUpper(r)
}

// openSentence capitalises the text left after a run-in head was lifted
// out ("Insurance: a group policy cost..." leaves "A group policy
// cost..."), unless its first word is set in mixed case ("iPhone").
func openSentence(s string) string {
	w, _, _ := strings.Cut(s, " ")
	if w == "" || strings.ToLower(w) != w {
		return s
	}
	return capitalise(s)
}

// dropCommentAnchor drops the anchor of a reviewer's comment that a
// Google Docs export glues to the end of a heading: "Postal costs rose[c]"
// (the comment itself, "[c]Source?", is at the document's foot), and a
// note's number glued there: "Voters rejected the package[1]".
func dropCommentAnchor(s string) string {
	n := len(s)
	if n < 5 || s[n-1] != ']' {
		return s
	}
	k := strings.LastIndexByte(s, '[')
	if k < 1 || n-k > 4 || s[k-1] == ' ' {
		return s
	}
	for i := k + 1; i < n-1; i++ {
		if !isLowerASCII(s[i]) && !isDigit(s[i]) && !(s[i] == '^' && i == k+1) {
			return s // a comment's letter ("[b]"), a note's number ("[1]", "[^2]")
		}
	}
	return s[:k]
}

// cleanHeading drops a heading's final stop or colon; "?" and "!" stay.
func cleanHeading(s string) string {
	s = trimEmoji(strings.TrimSpace(dropCommentAnchor(s)))
	for strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "...") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, " —") || strings.HasSuffix(s, " -") {
		s = strings.TrimSpace(strings.TrimRight(s, ".:—- "))
	}
	return s
}

// summary is the first sentence of the first body paragraph that is
// prose, capped at max words.
func summary(body []string, max int) string {
	for _, p := range body {
		if (wordCount(p) >= 6 || endsSentence(p)) && !strings.HasPrefix(p, "| ") {
			return summarise(p, max) // a table row is no summary
		}
	}
	return ""
}

func quotes(body []string) []string {
	var out []string
	for _, p := range body {
		for m, rest, ok := nextQuoted(p); ok; m, rest, ok = nextQuoted(rest) {
			if q := strings.TrimRight(strings.TrimSpace(m), ",;: "); wordCount(q) >= 4 {
				out = append(out, q)
			}
		}
	}
	return out
}

// markRoles records, for --explain, what each block of a section became.
func markRoles(art []*block, s section, end, n int, l layout) {
	art[s.start].role = "takeaway " + itoa(n) + " heading"
	for p := s.start + 1; p < end; p++ {
		switch {
		case p <= s.start+s.skip:
			art[p].role = "takeaway " + itoa(n) + " heading"
		case l.groups[p]:
			art[p].role = "group"
		default:
			art[p].role = "takeaway " + itoa(n) + " body"
		}
	}
	for g := range l.groups {
		if art[g].role == "" {
			art[g].role = groupRole(l)
		}
	}
}

// groupRole names a layout's group headings for --explain: a box's label
// or a two-level list's group.
func groupRole(l layout) string {
	if l.box {
		return "key points box"
	}
	return "group"
}

// summarise is the first sentence of p, capped at max words.
func summarise(p string, max int) string {
	if max <= 0 {
		max = 30
	}
	s := firstSentence(p)
	w := strings.Fields(s)
	if len(w) <= max {
		return s
	}
	return strings.TrimRight(strings.Join(w[:max], " "), ",;:–—-") + "…"
}

// gluedStop reports a full stop at i with the next sentence glued to it,
// a copy having lost the space: a word of three lower-case letters or
// more before it, a capital and lower case after it ("explosion.The").
// "U.S." and "v1.The" are not.
func gluedStop(p string, i int) bool {
	if i < 3 || i+2 >= len(p) || (p[i+1] < 'A' || p[i+1] > 'Z') || !isLowerASCII(p[i+2]) {
		return false
	}
	return isLowerASCII(p[i-1]) && isLowerASCII(p[i-2]) && isLowerASCII(p[i-3])
}

// firstSentence cuts p after the first full stop that is followed by a
// capital letter or quote (or a number after a number: "Route 12. 37
// people"), skipping common abbreviations;
// or a stop a copy glued to the next sentence (gluedStop).
func firstSentence(p string) string {
	for i, r := range p {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		rest := strings.TrimLeft(p[i+utf8.RuneLen(r):], "”\"’')")
		if !strings.HasPrefix(rest, " ") {
			if r == '.' && gluedStop(p, i) {
				return p[:i+1] // "... for a nuclear explosion.The assumption ...": a copy lost the space
			}
			continue
		}
		after := strings.TrimLeft(rest, " ")
		if after != "" && after[0] >= 0xE2 {
			after = strings.TrimLeftFunc(after, decoration) // "... for once. 😅 The final ...": the emoji is no word
		}
		next, _ := utf8.DecodeRuneInString(after)
		// a number after a number's full stop opens a sentence too: "...
		// about Route 12. 37 people signed up", and after a word's: "... we
		// have ever run. 163 volunteers ...", "Turnout decided it. 71%
		// voted", with a sign or a currency
		// before it: "... but barely. +147K vs ~125K"
		numeral := (r == '.' && i > 0 && (isDigit(p[i-1]) || wordBefore(p[:i]) >= 2) || r == '?' || r == '!') && startsNumber(after) // "Where was Ramsdell? 9 points, ..."
		if !(isUpper(next) || next == '“' || next == '"' || next == '‘' || numeral) || isAbbrev(p[:i]) || clockBefore(p[:i+1], after) {
			continue
		}
		return p[:len(p)-len(rest)]
	}
	return p
}

// clockBefore reports a time of day ending in "a.m."/"p.m." before a
// day or a time zone: "at 6 a.m. Wednesday", "7 p.m. ET" go on.
func clockBefore(head, after string) bool {
	if !strings.HasSuffix(head, "a.m.") && !strings.HasSuffix(head, "p.m.") {
		return false
	}
	w, _, _ := strings.Cut(after, " ")
	w = strings.TrimRight(w, ".,;:)")
	switch w {
	case "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "GMT", "BST", "UTC":
		return true
	}
	return false
}

// startsNumber reports whether s opens with a digit, or with a sign or
// currency symbol and a digit: "37", "+147K", "-7K", "~125K", "$4bn".
func startsNumber(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '+', '-', '−', '~', '$', '£', '€':
		s = s[n:]
	}
	return s != "" && isDigit(s[0])
}

// wordBefore is the length of the word of lower-case letters that ends
// before: "ever run" gives 3 ("... ever run. 163 volunteers ...").
func wordBefore(before string) int {
	n := 0
	for i := len(before) - 1; i >= 0 && isLowerASCII(before[i]); i-- {
		n++
	}
	if n < len(before) && before[len(before)-n-1] != ' ' {
		return 0
	}
	return n
}

// isAbbrev reports whether the word just before a full stop is an
// abbreviation; it looks only at that word, so it costs O(1).
// dottedInitials reports letters set apart by stops, less the last stop:
// "A.J", "U.N", "D.C".
func dottedInitials(w string) bool {
	if len(w) < 3 || len(w)%2 == 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if i%2 == 0 && !(w[i] >= 'A' && w[i] <= 'Z') || i%2 == 1 && w[i] != '.' {
			return false
		}
	}
	return true
}

func isAbbrev(before string) bool {
	start := strings.LastIndexAny(before, " (\"“")
	end := start + 1 // where the word begins
	if start >= 0 && before[start] >= 0x80 {
		end = start + len("“") // after an opening quote's three bytes: “Mr. Trump.”
	}
	w := before[end:]
	if w == "" {
		return false
	}
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "col", "lt", "jr", "sr", "vs", "v", "no", "pp", "ch", "op", "cf", "ed", "eq", "inc", "co", "corp", "u.s", "u.k", "e.g", "i.e", "approx", "est", "fig", "vol", "capt", "sgt", "rev", "mt", "ft":
		return true
	}
	if dottedInitials(w) {
		return true // "A.J. Green", "U.N. talks"
	}
	r, n := utf8.DecodeRuneInString(w)
	if n != len(w) || !isUpper(r) {
		return false
	}
	// an initial: "J. Smith", "John F. Kennedy"; after a word in lower
	// case a capital letter is a name of its own ("plan B. Playing ...")
	if start < 0 {
		return true
	}
	prev := strings.TrimRight(before[:end], " (\"“")
	p := strings.LastIndexAny(prev, " (\"“")
	pw := prev[p+1:]
	pr, _ := utf8.DecodeRuneInString(pw)
	return pw == "" || !unicode.IsLower(pr)
}

// nextQuoted finds the next quotation in s as the pattern
// [“"]([^“”"]+)[”"] would, leftmost first: the text inside the marks
// and what follows the closing mark. A byte scan for the marks is far
// faster than the regexp on the many paragraphs that hold one. The
// marks' UTF-8 bytes cannot be part of another character, so the scan
// sees the marks the regexp sees, even in invalid UTF-8.
func nextQuoted(s string) (inner, rest string, ok bool) {
	for {
		i, n := quoteMark(s, false)
		if i < 0 {
			return "", "", false
		}
		s = s[i+n:]
		j, m := quoteMark(s, true)
		if j < 0 {
			return "", "", false
		}
		if j > 0 && !strings.HasPrefix(s[j:], "“") {
			return s[:j], s[j+m:], true
		}
		s = s[j:] // no quotation opens at i: the next try starts at the mark
	}
}

// quoteMark finds the first mark in s that may open a quotation (“ or
// "), or when closing also ”, returning its index and length in bytes, or
// -1.
func quoteMark(s string, closing bool) (int, int) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			return i, 1
		case s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x9C || closing && s[i+2] == 0x9D):
			return i, 3
		}
	}
	return -1, 0
}

// plainHeadOver reports a heading, or a short heading line in words set
// in sentence case, straight over the paragraph at p and after the point at last
// ("Implications for policymakers"): a caption names people or places in
// capitals, or credits its photographer.
func plainHeadOver(art []*block, p, last int) bool {
	h := p - 1
	b := art[h]
	if h > last && b.kind == heading && b.words <= 7 {
		return true // "### Our take" over the closing paragraph
	}
	if h <= last || b.kind != para || b.bullet || b.words < 2 || b.words > 7 || strings.ContainsAny(b.text, "/0123456789") || !isHeadingLine(art, h) {
		return false
	}
	for _, w := range strings.Fields(b.text)[1:] {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && len(w) > 3 {
			return true
		}
	}
	return false
}
