package content

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// conclusionLead opens a numbered point that is the conclusion.
var conclusionLead = regexp.MustCompile(`(?i)^(so,? )?(the )?(bottom line|verdict|upshot|conclusion|final (thoughts?|word|verdict)|in (conclusion|summary|short)|what[’']?s next|what (happens|comes) (next|now)|looking ahead|next steps|tl;? ?dr)\s*[:—–-]|^(so,? )?where (does|do) (this|that|it|all this) leave (us|me|them|[\p{L}]+)\?\s`)

// conclusionItem finds a numbered point that is really the conclusion
// ("7/8 Bottom line: ..."): it and what follows close the story.
func conclusionItem(art []*block, l layout) (layout, int, string) {
	if strings.HasPrefix(l.kind, "heading") {
		return l, -1, ""
	}
	for i := 1; i < len(l.sections); i++ {
		if s := l.sections[i]; s.skip == 0 && conclusionLead.MatchString(s.head) {
			l.sections = l.sections[:i:i]
			return l, s.start, s.head
		}
	}
	return l, -1, ""
}

// sectionsBefore keeps the sections that start before the conclusion.
func sectionsBefore(l layout, concl int) layout {
	if concl < 0 {
		return l
	}
	var keep []section
	for _, s := range l.sections {
		if s.start < concl {
			keep = append(keep, s)
		}
	}
	l.sections = keep
	return l
}

// findConclusion finds the closing section: a heading in the last
// section that names a conclusion, or for numbered points any
// unnumbered heading after the last one.
func findConclusion(art []*block, l layout) int {
	last := l.sections[len(l.sections)-1]
	if strings.HasPrefix(l.kind, "heading") {
		// the first closing heading in the last third, with what follows
		// it (a review's "Pros:" and "Cons:" after its verdict)
		for i := max(1, len(l.sections)*2/3); i < len(l.sections); i++ {
			if isConclusionHead(art[l.sections[i].start]) {
				return l.sections[i].start
			}
		}
	}
	if l.kind == "lessons section" {
		// a document's later parts ("Dates for your diary") close it only
		// when none of them is named as its close ("And finally")
		for p := last.start + 1 + last.skip; p < len(art); p++ {
			if isConclusionHead(art[p]) {
				return p
			}
		}
	}
	for p := last.start + 1 + last.skip; p < len(art) && !(l.closed && p >= l.stop); p++ {
		b := art[p]
		if isConclusionHead(b) || conclusionLead.MatchString(b.text) && !(headedSections(l) && b.kind == para && b.lead == "") || leadCloses(b) {
			return p
		}
		if valediction(art, p) {
			return -1 // the writer signed off: what follows is the rest of the page (a newsletter's notices), not a close
		}
		numbered := !strings.HasPrefix(l.kind, "heading")
		if b.words == 1 && b.kind != heading && !b.bold && p+1 < len(art) && art[p+1].words < 12 {
			continue // a forum post's "Dave" over his signature line: a name, not a heading
		}
		if numbered && threadEnd.MatchString(b.text) {
			continue // "That's the thread. Same time next year?": the writer's sign-off, not a close
		}
		if numbered && b.words <= 6 && pagePartLabel.MatchString(b.text) {
			return -1 // "Transcript", "Mentioned in this episode": the page's own parts after the story, never its close
		}
		if numbered && b.words <= 4 && storyBoxLabel.MatchString(b.text) {
			continue // "FACT CHECK" over its one paragraph: a box in the story, not its close
		}
		if numbered && p+1 < len(art) && !isMarked(b) && !scoreboard(b.text) && (outranks(b, art[last.start], art, p) || datesHead(art, p)) && !tableBelow(art, p) && !ratingsBelow(art, p) {
			for q := p + 1; q < len(art) && q <= p+40 && !(l.closed && q >= l.stop); q++ {
				if c := art[q]; c.kind == b.kind && c.level == b.level && c.bold == b.bold && !isMarked(c) && isConclusionHead(c) {
					return q // "## How to upgrade", then "## So, what's the verdict?": the close is the one named so
				}
			}
			return p
		}
	}
	return -1
}

// headedSections reports a layout of headed sections, whose last one
// runs on to the next heading (a plain "Looking ahead: ..." sentence in
// it is part of that point); the run-in points under a newsletter's
// heading ("heading's run-in points") end with their list.
func headedSections(l layout) bool {
	return strings.HasPrefix(l.kind, "heading") && l.kind != "heading's run-in points"
}

// leadCloses reports a paragraph whose bold lead names a close: "**Would
// we do it again?** Yes, but ...".
func leadCloses(b *block) bool {
	return b.lead != "" && b.kind == para && !b.bullet && wordCount(b.lead) <= 10 && conclusionHeading.MatchString(b.lead)
}

// storyBoxLabel heads a box set in a story: never its close.
var storyBoxLabel = regexp.MustCompile(`(?i)^(fact ?check|fact ?box|editor['’]s note|correction|clarification|disclosure|context|by the numbers|key numbers|at a glance)[:.]?$`)

// pagePartLabel heads a part of the page after the story: a podcast's
// transcript and links, a paper's sources.
var pagePartLabel = regexp.MustCompile(`(?i)^((full |episode |auto-generated )?transcript\b.{0,40}|read (the )?full transcript|show notes|(links |resources )?mentioned in (this|the|today['’]s) (episode|show)|chapters|timestamps|further reading|references|sources|footnotes|endnotes)[:.]?$`)

// valediction reports a letter's farewell at p: a short line ending in a
// comma ("Ngā mihi nui,", "Warm wishes,") over the writer's name, a
// line of a few capitalised words.
func valediction(art []*block, p int) bool {
	b := art[p]
	if b.words > 4 || !strings.HasSuffix(b.text, ",") || b.kind == heading || b.bullet || isMarked(b) || p+1 >= len(art) {
		return false
	}
	n := art[p+1]
	r, _ := utf8.DecodeRuneInString(n.text)
	return n.words >= 2 && n.words <= 4 && isUpper(r) && !endsSentence(n.text) && !strings.Contains(n.text, ",")
}

// ratingsBelow reports a box of figures under the heading at p: a line
// of players' marks or a line-up ("Rovers: Maddox 6; Ilunga 7, Harte 7,
// ..."), five numbers or more in a line of names and figures.
func ratingsBelow(art []*block, p int) bool {
	t := art[p+1].text
	if len(t) > 600 || !strings.ContainsAny(t, ";,") {
		return false
	}
	return len(smallNumber.FindAllStringIndex(t, 5)) == 5 && (!endsSentence(strings.TrimSpace(t)) || strings.Count(t, ";") >= 3)
}

var smallNumber = regexp.MustCompile(`\b\d{1,2}(\.\d)?\b`)

// tableBelow reports a table of results under the heading at p ("1.
// Moray 4 pts", "2. Kittiwake 7 pts", or a Markdown table's "| 1 |
// Moray | 4 |" rows): the heading is the table's, not a conclusion.
func tableBelow(art []*block, p int) bool {
	if p+1 < len(art) && isTableRow(art[p+1].text) {
		return true
	}
	rows := 0
	for q := p + 1; q < len(art) && rows < 2; q++ {
		if !isMarked(art[q]) || !endsInFigure(art[q].text) {
			return false
		}
		rows++
	}
	return rows == 2
}

// outranks reports a heading after the last numbered point that closes
// the list rather than heading part of that point: a heading of the same
// or a higher level than the points' own, or any heading when the points
// are numbered paragraphs.
func outranks(b, point *block, art []*block, p int) bool {
	if point.kind == heading {
		return b.kind == heading && b.level <= point.level
	}
	return b.kind == heading || b.bold || !b.bullet && b.kind != item && isHeadingLine(art, p) // a list's item is no heading
}

// isConclusionHead is a short heading naming a conclusion ("So, what's
// the verdict?", "The bottom line", "What's next").
func isConclusionHead(b *block) bool {
	if b.kind == quote || b.words > 10 || !conclusionHeading.MatchString(b.text) {
		return false
	}
	return b.kind == heading || b.bold || isHeadlineLike(strings.TrimRight(b.text, "?!"))
}

// extraSibling adds to numbered points an unnumbered heading set like
// them after the last one ("### And the one we didn't: ...") when a named
// conclusion ("## The bottom line") still follows: it is one more point,
// not the conclusion.
func extraSibling(art []*block, l layout) layout {
	if strings.HasPrefix(l.kind, "heading") || l.box {
		return l
	}
	last := l.sections[len(l.sections)-1]
	lb := art[last.start]
	if lb.kind != heading && !lb.bold {
		return l
	}
	named := -1 // the last named conclusion
	for q := len(art) - 1; q > last.start && named < 0; q-- {
		if isConclusionHead(art[q]) {
			named = q
		}
	}
	for p := last.start + 1 + last.skip; p < named; p++ {
		b := art[p]
		if isConclusionHead(b) || conclusionLead.MatchString(b.text) {
			return l
		}
		if b.kind == lb.kind && b.level == lb.level && b.bold == lb.bold && !isMarked(b) {
			l.sections = append(l.sections[:len(l.sections):len(l.sections)], section{start: p, head: b.text})
			return l
		}
	}
	return l
}

// datesHead is a short heading line over a list of dated entries, as a
// newsletter closes ("Upcoming dates" over "Mon 24 June – Sports day").
func datesHead(art []*block, p int) bool {
	b := art[p]
	if b.words > 6 || !isHeadlineLike(b.text) || p+2 >= len(art) {
		return false
	}
	return datedEntry(art[p+1].text) && datedEntry(art[p+2].text)
}

// datedEntry is a line of a list of dates: a date, a dash or a colon,
// and what happens then ("Fri 28 June – Last day of term").
func datedEntry(s string) bool {
	if wordCount(s) > 16 {
		return false
	}
	for _, sep := range []string{" – ", " — ", " - ", ": "} {
		if d, _, ok := strings.Cut(s, sep); ok && (isDateLine(d) || noYear.MatchString(d)) {
			return true
		}
	}
	return false
}
