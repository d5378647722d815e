package content

import (
	"regexp"
	"sort"
	"strings"
)

// section is a takeaway while it is being found.
type section struct {
	start int    // position of the block that opens it
	head  string // its heading, or the text to take a run-in head from
	group string // the group heading above it, in a two-level list
	skip  int    // blocks after start that the heading used up
}

// layout is one reading of the article's structure.
type layout struct {
	kind     string
	sections []section
	groups   map[int]bool // positions of group headings
	box      bool         // the sections are a key-points box, not the article's sections
	stop     int          // when above 0, where the last section ends at the latest
	closed   bool         // nothing from stop on is the conclusion either (a live page's earlier entries)
	colons   bool         // most points' first sentences hold ": ", their heads' end (see runInHead)
}

// until is where section i of l ends: the next section's start, or n
// after the last.
func (l layout) until(i, n int) int {
	if i+1 < len(l.sections) {
		return l.sections[i+1].start
	}
	return n
}

// headingLayouts reads unnumbered headings: each class of heading (a
// Markdown or HTML level, bold lines, short lines of scraped text) that
// opens a run of sections gives a layout.
func headingLayouts(art []*block) []layout {
	classes := map[string][]int{}
	var order []string
	for i := range art {
		c := headingClass(art, i)
		if c == "" {
			continue
		}
		if _, ok := classes[c]; !ok {
			order = append(order, c)
		}
		classes[c] = append(classes[c], i)
		if b := art[i]; b.kind == heading && b.bold && b.words <= 20 {
			// "### **Head**" among "**Head**" lines: a CMS that set one of
			// the article's bold headings as a heading
			classes["bold"] = append(classes["bold"], i)
		}
	}
	var out []layout
	for _, c := range order {
		pos := classes[c]
		l := layout{kind: "headings " + c}
		for _, p := range pos {
			l.sections = append(l.sections, section{start: p, head: art[p].text})
		}
		if c == "line" {
			l.kind = "heading lines"
			stopHeadings(art, &l)
			longFirstHeading(art, &l)
		}
		out = append(out, l)
	}
	return out
}

// longFirstHeading adds to heading lines the one straight under the
// story's lead-in ("Here are the main takeaways:") that runs longer than
// a heading line may ("Rich countries moved further than expected on
// adaptation money, but most of it will be loans"): no stop ends it, and
// a paragraph of its own follows, as under the others.
func longFirstHeading(art []*block, l *layout) {
	if len(l.sections) < 2 {
		return
	}
	first := l.sections[0].start
	longest := 0
	for _, s := range l.sections {
		longest = max(longest, art[s.start].words)
	}
	for i := 1; i < first && i+1 < len(art); i++ {
		b, n := art[i], art[i+1]
		if !strings.HasSuffix(art[i-1].text, ":") || !leadIn.MatchString(art[i-1].text) {
			continue
		}
		if b.kind != para || b.bullet || isMarked(b) || b.words > min(22, longest+8) || len(b.text) > 150 || endsSentence(b.text) ||
			strings.HasSuffix(b.text, ":") || !opensCapital(b.text) || n.kind != para || n.bullet || n.words <= b.words || !endsSentence(n.text) {
			return
		}
		l.sections = append([]section{{start: i, head: b.text}}, l.sections...)
		return
	}
}

// stopHeadings adds to two heading lines or more the line among them
// (or before them) whose writer ended it with a stop ("Tarek Benhaddou
// is the tournament's breakout star." between two sections, over a long
// paragraph): one sentence no longer than the others, prose above it. A
// third of the lines at most may be such (or the first over two), or
// they are the story's short paragraphs.
func stopHeadings(art []*block, l *layout) {
	if len(l.sections) < 2 {
		return
	}
	longest := 0
	for _, s := range l.sections {
		longest = max(longest, art[s.start].words)
	}
	var add []section
	for i := 1; i+1 < len(art); i++ { // the first section's may be the one: "Clinton did get under Trump's skin." under the lede
		b, p, n := art[i], art[i-1], art[i+1]
		if b.kind != para || b.bullet || b.words < 4 || b.words > min(12, longest+2) || !strings.HasSuffix(b.text, ".") || firstSentence(b.text) != b.text || leadIn.MatchString(b.text) ||
			!opensCapital(b.text) || strings.ContainsAny(b.text, "“”\":") || isMarked(b) || initialismEnd(b.text) {
			continue
		}
		if p.kind != para || p.bullet || p.words < 12 || !endsSentence(p.text) || n.kind != para || n.bullet || n.words < 25 || headingClass(art, i-1) != "" {
			continue
		}
		add = append(add, section{start: i, head: b.text})
	}
	if len(add) == 0 || len(add)*3 > len(l.sections) && !(len(l.sections) == 2 && len(add) == 1 && add[0].start < l.sections[0].start) {
		return
	}
	l.sections = append(l.sections, add...)
	sort.Slice(l.sections, func(a, b int) bool { return l.sections[a].start < l.sections[b].start })
}

// headingClass is the class of a block that can head a section, or "".
func headingClass(art []*block, i int) string {
	b := art[i]
	if b.dek {
		return ""
	}
	if _, ok := blockMarker(b); ok {
		return ""
	}
	if b.words <= 8 && isKeyBoxLabel(b.text) {
		return "" // a key-points box's label is not one of the sections
	}
	switch {
	case b.kind == heading:
		return "h" + string(rune('0'+b.level))
	case b.kind == quote || b.bullet || b.ordinal > 0:
		return ""
	case b.bold && b.words <= 20:
		return "bold"
	case isHeadingLine(art, i):
		return "line"
	}
	return ""
}

// isHeadingLine is a short line of scraped text that reads as a
// heading: no final stop, and followed by a longer paragraph. A heading
// set in Title Case may run to 20 words ("The Raiders Threw Us a
// Curveball with Their First Pick, But it Wasn't a Bad One").
func isHeadingLine(art []*block, i int) bool {
	b := art[i]
	words := b.words
	if strings.HasSuffix(b.text, "?") && leadIn.MatchString(b.text) {
		return false // "But what have we learned from the group stages?": the lede's question, not a section
	}
	text := strings.TrimRight(b.text, "?!")
	if words <= 8 && strings.HasSuffix(text, ":") && i+1 < len(art) && art[i+1].kind == para && !art[i+1].bullet && !isMarked(art[i+1]) &&
		!strings.HasSuffix(art[i+1].text, ":") && !speech.MatchString(strings.TrimSuffix(text, ":")) && !strings.HasPrefix(text, "About ") && !leadIn.MatchString(text) {
		// a label over its paragraph: "Big winner:", "Embracing the
		// Challenges:" (not a page's "About this article:" box, nor a
		// lead-in, "Here's what you need to know:")
		text = strings.TrimSuffix(text, ":")
	}
	if words > 14 && !(words <= 20 && len(b.text) <= 130 && titleCased(b.text)) || len(b.text) > 130 || words <= 14 && len(b.text) > 110 || !isHeadlineLike(text) || i+1 >= len(art) ||
		strings.Contains(b.text, " | ") || isSpecLine(b.text) || words == 1 && strings.ContainsAny(b.text, "_@") {
		return false // "pitmaster_dell": a poster's handle over the post
	}
	if i > 0 && words <= 8 && labelled(b.text) && labelled(art[i-1].text) && art[i-1].words <= 12 {
		return false // the last line of a box of facts ("Display: 7.8-inch", "Battery: 4,850mAh")
	}
	if strings.HasPrefix(b.text, "“") || strings.HasPrefix(b.text, "\"") {
		// a quoted phrase (“A great victory”), not a quote and its speaker
		return (strings.HasSuffix(b.text, "”") || strings.HasSuffix(b.text, "\"")) &&
			strings.Count(b.text, "”")+strings.Count(b.text, "\"") <= 2 && !strings.Contains(b.text, " said")
	}
	next := art[i+1]
	nextWords := wordCount(next.text)
	return next.kind != heading && nextWords > words && (endsSentence(next.text) || nextWords >= 15)
}

// isSpecLine spares specLine the lines that do not open with the first
// letter of one of its labels, in either case (0xc5 and 0xe2 open "ſ" and
// the Kelvin sign, which (?i) folds to "s" and "k").
func isSpecLine(s string) bool {
	return s != "" && strings.IndexByte("pcrvskwbfaPCRVSKWBFA\xc5\xe2", s[0]) >= 0 && specLine.MatchString(s)
}

// specLine is a line of a review's facts, never a heading: "Pros: ...".
var specLine = regexp.MustCompile(`(?i)^(pros|cons|price|rating|verdict|score|specs?|key specs|we like|we don[’']t like|buy if|skip if|for|against)\s*:`)

// keyBoxLabel names a box of key points near the top of an article.
var keyBoxLabel = regexp.MustCompile(`(?i)^(?:(the )?(key|main|quick) (takeaways?|points|facts|findings|things to know)|(takeaways|key points|highlights|in brief|at a glance|the big picture|tl;?dr|the short version|in short|summary|what (you need to know|you need|we know|to know)( so far| now| today)?|(the )?(key|main) (facts|numbers|details)|at a glance|what to know|need to know|why it matters|the essentials)[:.…]*$)`)

// isKeyBoxLabel reports a key-points box's label (keyBoxLabel); every
// one opens with a letter, so a numbered point's heading is passed over
// without running the pattern.
func isKeyBoxLabel(s string) bool { return opensWithLetter(s) && keyBoxLabel.MatchString(s) }

// keyBoxLayout reads a "Key takeaways" box: its label near the top and
// the list items after it.
func keyBoxLayout(art []*block) (layout, bool) { return keyBoxWithin(art, false) }

// keyBoxWithin is keyBoxLayout; anywhere also finds a box in the
// article's second half, under a lessons label too ("What we learned"
// closing a live page).
func keyBoxWithin(art []*block, anywhere bool) (layout, bool) {
	for i := 0; i < len(art) && (anywhere || i*10 <= len(art)*5+10); i++ {
		t := art[i].text
		label := (isKeyBoxLabel(t) || anywhere && lessonsLabel.MatchString(t)) && wordCount(t) <= 8
		intro := leadIn.MatchString(t) && wordCount(t) <= 25 && (strings.HasSuffix(t, ":") || strings.HasSuffix(t, "…")) ||
			art[i].words <= 150 && leadInEnd.MatchString(t) // "... Here are the major points to take away from tonight's speech:"
		if !label && !intro {
			continue
		}
		l := layout{kind: "key points box", box: true, groups: map[int]bool{i: true}}
		for j := i + 1; j < len(art) && (art[j].kind == item || art[j].bullet || art[j].ordinal > 0 || isMarked(art[j])); j++ {
			if !art[j].nested { // an indented bullet is a detail of the point above
				l.sections = append(l.sections, section{start: j, head: stripMarker(art[j].text)})
			}
		}
		if len(l.sections) == 0 && label {
			// "<p><b>Landfall:</b> Odalys came ashore ...</p>": paragraphs
			// with bold run-in heads straight under the label
			for j := i + 1; j < len(art) && art[j].kind == para && art[j].lead != "" && art[j].words <= 60; j++ {
				l.sections = append(l.sections, section{start: j, head: art[j].text})
			}
		}
		if len(l.sections) == 0 && (label || intro && strings.HasSuffix(t, ":")) && art[i].line > 0 {
			// the box's bullets lost in a copy: sentences on the lines
			// straight under the label, with no blank line between them
			// (one may stand between the label and the first: "Key Points"
			// over a blank line and three sentences; an agency's "Summary"
			// lines have no final stop). Under a lead-in
			// ("Here are the key takeaways from the decision:") every line
			// is one whole sentence, three or more: a heading line there
			// opens the story's sections instead, and the first line of two
			// sentences is the story going on.
			for j := i + 1; j < len(art) && (art[j].line == art[j-1].line+1 || label && j == i+1 && art[j].line == art[i].line+2 && j+1 < len(art) && art[j+1].line == art[j].line+1) && art[j].kind == para &&
				art[j].words <= 40 && (endsSentence(art[j].text) && (label || firstSentence(art[j].text) == art[j].text) || label && art[j].words >= 4 && art[j].words <= 30 && !strings.HasSuffix(art[j].text, ":")); j++ {
				l.sections = append(l.sections, section{start: j, head: art[j].text})
			}
			if !label && len(l.sections) < 3 {
				l.sections = nil
			}
		}
		if !label && allRunIn(art, l.sections) {
			// "Here are some takeaways:" over "• Money first. Richer
			// nations ...": bullets with run-in heads, read as such
			return layout{}, false
		}
		if len(l.sections) >= 2 {
			return l, true
		}
	}
	return layout{}, false
}

// allRunIn reports a box whose every bullet opens with a run-in head: a
// bold one, or a short first sentence ("• Money first. Richer ...").
func allRunIn(art []*block, sections []section) bool {
	for _, s := range sections {
		b := art[s.start]
		if b.lead != "" && wordCount(b.lead) <= 15 {
			continue
		}
		if b.bullet && colonHead(b.text) {
			continue // "• Fleet plan: Halvorsen will take ..."
		}
		if head := firstSentence(b.text); !b.bullet || head == b.text || wordCount(head) > 8 {
			return false
		}
	}
	return len(sections) >= 2
}

func isMarked(b *block) bool { _, ok := parseMarker(b.text); return ok }

func stripMarker(s string) string {
	if m, ok := parseMarker(s); ok && m.rest != "" {
		return m.rest
	}
	return s
}

// runInLayout reads bullets or paragraphs that open with a run-in head
// ("• Head. Body", "**Head:** body").
func runInLayout(art []*block) (layout, bool) {
	l := layout{kind: "run-in heads"}
	bullets := 0
	for i, b := range art {
		if b.nested || b.kind == quote && !b.bullet {
			continue // "    - **Display:** 6.3-inch": a detail of the point above; "> **Reader poll:** ...": a box between points
		}
		if b.lead != "" && wordCount(b.lead) <= 15 {
			if rest := strings.TrimLeft(strings.TrimPrefix(b.text, b.lead), " :—–-"); strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "“") {
				continue // "**A Name, manager:** "It wasn't pretty ..."": a speaker and their words, not a point
			}
			if !b.bullet && dateline.MatchString(b.text) {
				continue // "**RIVERTON (Northwire) —** The state Supreme Court ...": a wire story's dateline in bold, its lede
			}
			if !b.bullet && (admonition.MatchString(b.lead) || briefLabel.MatchString(b.lead)) {
				continue // "**Heads up:** the codemod does not ...", "**Why it matters:** ...": a callout or a brief's label between points, not one of them
			}
			if !b.bullet && isSpecLine(b.text) {
				continue // "**Pros:** Light · Bright **Cons:** ...": a review's box under its verdict
			}
			l.sections = append(l.sections, section{start: i, head: stripMarker(b.text)})
			continue
		}
		if b.bullet && b.words >= 12 && (firstSentence(b.text) != b.text || colonHead(b.text) && !briefLabel.MatchString(labelOf(b.text))) {
			// "• Head. Body ...": a single sentence is a list's item, a
			// fact of the story ("Under the terms of the deal:"), not a
			// point with a head of its own
			l.sections = append(l.sections, section{start: i, head: b.text})
			bullets++
		}
	}
	if bullets >= 3 && bullets == len(l.sections) {
		l.sections = wholeList(art, l.sections)
	}
	ok := len(l.sections) >= 3 || (len(l.sections) == 2 && bullets == 0)
	if ok {
		runInGroups(art, &l)
	}
	return l, ok
}

// stopLinesLayout reads headings set as short sentences with their full
// stop ("Crime and policing became the dividing line.") over paragraphs,
// some perhaps without the stop: two or more when the first stands
// straight under a line that introduces them ("Here are five
// takeaways."), else three or more (and then only under a headline that
// names its points: notTakeaways). It is tried when nothing else is
// found. A quote and its speaker ("“It is wrong,” Mr. Yang said.") is
// never one.
func stopLinesLayout(art []*block) (layout, bool) {
	l := layout{kind: "heading sentences"}
	for i := 1; i+1 < len(art); i++ {
		b := art[i]
		t := b.text
		if rest := pastEmoji(t); rest != "" {
			t = rest // "🎾 Korvel's second serve is a weapon again."
		}
		if b.kind != para || b.bullet || isMarked(b) || b.words < 2 || b.words > 12 || !(strings.HasSuffix(t, ".") || isHeadlineLike(t)) ||
			firstSentence(t) != t || strings.ContainsAny(t, "“”\"") || speech.MatchString(strings.TrimSuffix(t, ".")) || !opensCapital(t) {
			continue
		}
		if n := art[i+1]; n.words < 15 || n.words < 2*b.words {
			continue
		}
		l.sections = append(l.sections, section{start: i, head: b.text})
	}
	if len(l.sections) >= 2 && introduced(art[l.sections[0].start-1]) {
		return l, true
	}
	return l, len(l.sections) >= 3
}

// sentenceParasLayout reads the paragraphs under a lead-in that names
// points ("... Here's what we learned.") when each opens with a short
// sentence that states its point and goes on to explain it ("The Cavs
// have the best fans in the NBA. We've heard a lot about ..."): the bold
// a copy lost. Three or more, and every paragraph after the lead-in but
// a last one (the close) must read so, or it is the story's prose.
func sentenceParasLayout(art []*block) (layout, bool) {
	l := layout{kind: "run-in heads"}
	k := -1
	for i, b := range art {
		if i < 12 && b.kind == para && !b.bullet && introduced(b) && pointWords.MatchString(lastSentence(b.text)) {
			k = i
			break
		}
	}
	if k < 0 {
		return l, false
	}
	rest := 0
	for i := k + 1; i < len(art); i++ {
		b := art[i]
		if b.kind != para || b.bullet || isMarked(b) {
			rest++
			continue
		}
		first := firstSentence(b.text)
		if fw := wordCount(first); rest == 0 && first != b.text && fw >= 2 && fw <= 20 && b.words-fw >= 5 && !strings.ContainsAny(first, "“”\"") {
			l.sections = append(l.sections, section{start: i, head: b.text})
			continue
		}
		rest++
	}
	return l, len(l.sections) >= 3 && rest <= 1
}

// lastSentence is the last sentence of a paragraph, read sentence by
// sentence (firstSentence), so that "the major new U.N. climate report:"
// stays one.
func lastSentence(t string) string {
	last := t
	for f := firstSentence(last); len(f) < len(last); f = firstSentence(last) {
		last = strings.TrimSpace(last[len(f):])
	}
	return last
}

// bulletHeadsLayout reads bullets that head sections: each is one line
// with the story's paragraphs under it, not a list of items ("• Trump
// feared for his job" over two paragraphs, then "• But it did not clear
// him"). Three or more, or two under a line that introduces them, and
// every bullet between the first and the last heads a section: a list's
// items follow one another, so only its last has a paragraph under it.
func bulletHeadsLayout(art []*block) (layout, bool) {
	l := layout{kind: "bullet headings"}
	first, bullets := -1, 0
	for i := 0; i+1 < len(art); i++ {
		b, next := art[i], art[i+1]
		if !b.bullet || b.nested {
			continue
		}
		if first < 0 {
			first = i
		}
		bullets++
		if b.words > 30 || next.bullet || next.kind != para || next.words <= b.words || isMarked(b) {
			continue
		}
		l.sections = append(l.sections, section{start: i, head: b.text})
	}
	if len(l.sections) < 2 || bullets != len(l.sections) {
		return layout{}, false // a list of items among them (the sections are some of the bullets)
	}
	if len(l.sections) >= 3 || first > 0 && introduced(art[first-1]) {
		return l, true
	}
	return layout{}, false
}

// bulletListLayout reads one list of bullets that carries the piece:
// three or more items in a row, each a point headed by its first
// sentence ("• Apple Arcade is at least 4 years late. I'll bite,
// regardless."), when the list stands straight under a line ending in a
// colon ("Some of my impressions from the event:") or under a headline
// that names its points (see unannounced), and holds a third of the
// article's words or more; or a summary's bullets of a sentence each
// under the headline (past a byline or a caption), over the story ("•
// Army tanker drivers to be deployed if needed").
func bulletListLayout(art []*block) (layout, bool) {
	total, prose := 0, len(art) // prose: the story's first block of 25 words or more
	for k, b := range art {
		total += b.words
		if b.words >= 25 && prose == len(art) {
			prose = k
		}
	}
	for i := 0; i < len(art); i++ {
		if !art[i].bullet || art[i].nested {
			continue
		}
		j, words, short := i, 0, true
		for ; j < len(art) && art[j].bullet; j++ {
			words += art[j].words
			short = short && art[j].words <= 30 && !art[j].nested
		}
		top := i <= prose // nothing of the story above the list: a byline, a caption at most
		n := 0
		for k := i; k < j; k++ {
			if !art[k].nested {
				n++
			}
		}
		if n < 3 {
			i = j
			continue
		}
		l := layout{kind: "bullet list", box: true} // each item is its point: the story goes on after the list
		for k := i; k < j; k++ {
			if !art[k].nested {
				l.sections = append(l.sections, section{start: k, head: art[k].text})
			}
		}
		summary := top && short && j < len(art) && art[j].kind == para && art[j].words >= 25
		colon := i > 0 && art[i-1].kind == para && !art[i-1].bullet && strings.HasSuffix(art[i-1].text, ":") && !introducesList(art[i-1])
		if summary || words*3 >= total {
			if summary || colon {
				l.kind = "bullet list under its lead-in"
			}
			return l, true
		}
		i = j
	}
	return layout{}, false
}

// unannounced reports heading sentences (stopLinesLayout) that no line
// introduces, or a bullet list (bulletListLayout) under neither a colon
// nor its own place as the agency's summary, under a headline that
// names no points: a story's short paragraphs or its own list, not its
// points.
func unannounced(title string, art []*block, l layout) bool {
	if l.kind == "bullet list" {
		return !pointsTitle.MatchString(title) // a list with nothing that announces it: the story's own list
	}
	return l.kind == "heading sentences" && !introduced(art[l.sections[0].start-1]) && !pointsTitle.MatchString(title)
}

// plainRunInLayout reads paragraphs that open with a short head set
// apart by a colon or a dash and no other mark ("Student Loans: In
// another 6-3 decision, ...", "The Jets blew the draft away – Heading
// in, ..."): three or more, and at least half the story's paragraphs
// from the first of them on.
func plainRunInLayout(art []*block) (layout, bool) {
	l := layout{kind: "run-in heads"}
	paras := 0
	for i, b := range art {
		if b.kind != para || b.bullet || b.words < 15 && (len(l.sections) == 0 || b.words < 5) || isMarked(b) {
			continue // after the first point a short one counts too ("Witten - Great play, when we needed one.")
		}
		head := plainHead(b.text) && !(len(l.sections) == 0 && introduced(b)) // "New Delhi: The results ... Here are 12 points:", a dateline over the lede
		if head || len(l.sections) > 0 {
			paras++
		}
		if head {
			l.sections = append(l.sections, section{start: i, head: b.text})
		}
	}
	if len(l.sections) >= 3 && colonHeads(art, l) {
		// "Zoom fatigue is real: meetings on Zoom are ..." between heads
		// that all end at ": "
		var all []section
		for k, s := range l.sections {
			all = append(all, s)
			if k+1 == len(l.sections) {
				break
			}
			for p := s.start + 1; p < l.sections[k+1].start; p++ {
				if b := art[p]; b.kind == para && !b.bullet && b.words >= 15 && lowerColonHead(b.text) {
					all = append(all, section{start: p, head: b.text})
				}
			}
		}
		l.sections = all
	}
	ok := len(l.sections) >= 3 && len(l.sections)*2 >= paras
	if !ok && len(l.sections) < 3 {
		// every head ends at ": " with lower case after it ("Sound beats
		// picture every time: students will forgive ..."): three or more
		// such paragraphs, at least half of those from the first on
		var low []section
		n := 0
		for i, b := range art {
			if b.kind != para || b.bullet || b.words < 5 || isMarked(b) {
				continue
			}
			if len(low) > 0 {
				n++
			}
			if b.words >= 15 && (lowerColonHead(b.text) || plainHead(b.text) && strings.Contains(b.text, ": ")) {
				if len(low) == 0 {
					n++
				}
				low = append(low, section{start: i, head: b.text})
			}
		}
		if len(low) >= 3 && len(low)*2 >= n {
			l.sections, ok = low, true
		}
	}
	if ok {
		runInGroups(art, &l)
	}
	return l, ok
}

// lowerColonHead reports a paragraph opening with a head of up to eight
// words, a capital first and no stop or quote in it, before ": " and lower
// case: a run-in point among points whose heads all end at ": ".
func lowerColonHead(s string) bool {
	i := strings.Index(s, ": ")
	if i <= 0 || !opensCapital(s) || wordCount(s[:i]) > 8 || strings.ContainsAny(s[:i], ".!?;\"“”") {
		return false
	}
	return opensLower(s[i+2:]) && !speech.MatchString(s[:i]) && !admonition.MatchString(s[:i])
}

// plainHead reports a paragraph opening with a head of up to ten
// words, no stop in it, before ": " (a capital or a figure after it, or
// anything after a Title Case head of up to five words; see colonHeadEnd
// for a colon inside the head), " – ", " — " or " - " (not a wire
// story's dateline), which is not a speaker ("Ms Lind said: ...") nor a
// note ("Correction: ...").
func plainHead(s string) bool {
	at, sep := -1, ""
	for _, x := range []string{": ", " – ", " — ", " - "} {
		if i := strings.Index(s, x); i > 0 && (at < 0 || i < at) {
			at, sep = i, x
		}
	}
	if i := gluedDash(s); i > 0 && (at < 0 || i < at) {
		at, sep = i, "- " // "The Mariners' line finally showed up- For six weeks ...": a dash typed against the head
	}
	if at < 0 || !opensCapital(s) || sep != ": " && placeDateline(s) || leadIn.MatchString(s[at+len(sep):]) {
		return false // "ALDSKOV, Norvaal (CP) — A jury ...": a wire story's dateline, not a head; nor "BOSTON – Here are the talking points ..."
	}
	if sep == ": " {
		at = colonHeadEnd(s, at)
	}
	head := s[:at]
	if n := wordCount(head); n > 10 && !(sep == "- " && n <= 14) || strings.ContainsAny(strings.TrimSuffix(head, "?"), "!?;\"“”") || // "That team again? – ..."
		stopInside(head) || strings.HasSuffix(head, ".") && !strings.HasSuffix(head, ".m.") && !initialismEnd(head) ||
		sep == ": " && !opensCapital(s[at+2:]) && !startsNumber(s[at+2:]) && !(n <= 5 && titleCasedHead(head)) {
		return false // a stop ends a sentence, not a head; "$2.1 million" and "11:48 p.m." are not stops
	}
	return !speech.MatchString(head) && !admonition.MatchString(head) // "Correction: An earlier version ..."
}

// gluedDash is where a run-in head ends at a dash typed against its
// last word, a capital after it ("... showed up- For six weeks"), within
// fourteen words; or -1.
func gluedDash(s string) int {
	if i := strings.Index(s, "- "); i > 0 && isASCIILetter(s[i-1]) && opensCapital(s[i+2:]) && wordCount(s[:i]) <= 14 {
		return i
	}
	return -1
}

// stopInside reports a sentence's stop inside a head: ". " after a word
// that is no abbreviation ("Rep. Harlan Ruud loses ..." holds none).
func stopInside(head string) bool {
	for i := strings.Index(head, ". "); i >= 0; {
		if !isAbbrev(head[:i]) {
			return true
		}
		j := strings.Index(head[i+2:], ". ")
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

// colonHeadEnd is where a run-in head that ends at ": " ends, given the
// first ": " at i: past a colon inside the head, when lower case follows
// it and a later ": " within twelve words has a capital or a figure after
// it ("Library hours: a compromise, not a restoration: The main library
// ..."), or past a verdict's label ("Winner: Dodgers: Andrew ...").
func colonHeadEnd(s string, i int) int {
	if verdictLabel.MatchString(s[:i]) {
		// "Winner: Dodgers: Andrew Friedman has done it again": the label
		// and its name make the head
		if j := strings.Index(s[i+2:], ": "); j > 0 && wordCount(s[i+2:i+2+j]) <= 6 && !strings.ContainsAny(s[i+2:i+2+j], ".!?") {
			return i + 2 + j
		}
	}
	if opensCapital(s[i+2:]) || startsNumber(s[i+2:]) {
		return i
	}
	if j := strings.Index(s[i+2:], ": "); j > 0 {
		j += i + 2
		if wordCount(s[:j]) <= 12 && !strings.ContainsAny(s[:j], ".!?") && (opensCapital(s[j+2:]) || startsNumber(s[j+2:])) {
			return j
		}
	}
	return i
}

// verdictLabel is a label that a head's name follows: "Winner: Dodgers:
// ...", "Stock down: Rasmussen: ...".
var verdictLabel = regexp.MustCompile(`(?i)^(winners?|losers?|stock (up|down)|risers?|fallers?|buy|sell|hold|hit|miss|grade [a-f][+-]?)$`)

// speech is a speaker's verb at the end of a head: "Ms Lind said".
var speech = regexp.MustCompile(`(?i)\b(said|says|told|tells|wrote|writes|asked|asks|added|adds|explained|noted|warned)$`)

// colonHead reports a head of up to twelve words before ": " that opens
// the text, a capital or a figure after it: "Deeply understand the
// problem: Avoid cognitive biases ...", "User growth: 3.5 billion ...".
func colonHead(s string) bool {
	i := strings.Index(s, ": ")
	return i > 0 && wordCount(s[:i]) <= 12 && !strings.ContainsAny(s[:i], ".!?") && (opensCapital(strings.TrimLeft(s[i+2:], "'\"“‘")) || startsNumber(s[i+2:])) // "... was snubbed: 'The Glasshouse,' ..."
}

// dashHead reports a head of up to twelve words before a spaced dash that
// opens the text, a capital or a figure after it: "Tony Romo - He was
// not quite in sync ...", "DL – Not a lot of pressure ...", "Dell Ramos -
// 112 yards on 19 carries".
func dashHead(s string) bool {
	for _, sep := range []string{" - ", " – ", " — "} {
		if i := strings.Index(s, sep); i > 0 && wordCount(s[:i]) <= 12 && !strings.ContainsAny(s[:i], ".!?:") && (opensCapital(s[i+len(sep):]) || startsNumber(s[i+len(sep):])) {
			return true
		}
	}
	return false
}

// wholeList gives bulleted run-in points the items of their list that
// are one sentence ("• Still iOS, not iPhoneOS."), when the points are
// all of one list, unbroken, and at least half its items: a writer's
// list of thoughts, some with more to say than others. Its sub-items stay
// in their point's text.
func wholeList(art []*block, secs []section) []section { return listOf(art, secs, false) }

// listOf is wholeList; all takes every item of the list however few of
// them have a head of their own, for a list under a headline that names
// its points ("My 8 lessons learned from a failed bakery").
func listOf(art []*block, secs []section, all bool) []section {
	from, to := secs[0].start, secs[len(secs)-1].start
	for i := from; i <= to; i++ {
		if !art[i].bullet {
			return secs
		}
	}
	for from > 0 && art[from-1].bullet {
		from--
	}
	for to+1 < len(art) && art[to+1].bullet {
		to++
	}
	var out []section
	for i := from; i <= to; i++ {
		if !art[i].nested { // a sub-item stays in its point's text
			out = append(out, section{start: i, head: art[i].text})
		}
	}
	if len(secs)*2 < len(out) && !all {
		return secs
	}
	return out
}

// namedList gives a run-in layout of bullets the whole of their list when
// the headline names its points: the items with no more than their head
// sentence ("• Hire slowly, part ways quickly.") are lessons too.
func namedList(title string, art []*block, l *layout) {
	if l.kind != "run-in heads" || len(l.sections) < 3 || !pointsTitle.MatchString(title) {
		return
	}
	l.sections = listOf(art, l.sections, true) // unchanged unless every section is a bullet
}

// briefLabel is a label a smart-brevity news brief sets in bold before
// its paragraphs ("**Why it matters:**", "**Between the lines:**"): the
// story's furniture around its points, never one of them.
var briefLabel = regexp.MustCompile(`(?i)^(why it matters|the big picture|between the lines|yes,? but|driving the news|by the numbers|zoom (in|out)|state of play|catch up quick|what they['’]re saying|the other side|reality check|flashback|the intrigue|be smart|what to watch|go deeper|our thought bubble|threat level|how it works|where it stands|the backstory|follow the money|the latest|what we['’]re watching|what['’]s next|the bottom line|the big question|behind the scenes|the fine print)[:.]?$`)

// admonition is a callout's label between points: "Note:", "Heads up:",
// "Update (March 14):".
var admonition = regexp.MustCompile(`(?i)^(heads[ -]up|note|n\.?b\.?|tip|pro tip|warning|caution|important|editor['’]s note|programming note|housekeeping( note)?|method(ology)? note|update|correction|disclosure|spoiler( alert)?|fyi|psa|reminder)( \([^()]{1,30}\))?[:.!]?$`)

// runInGroups gives run-in points their group when every run of them
// stands straight under a group line of its own, two runs or more: a
// match's score line, too long to read as a heading line ("First Test,
// Port Isla: A 301 & 190 beat B 254 & 188 by 49 runs"), over its
// bullets; or a state's name in capitals over "Head: body" points with
// paragraphs of their own between them ("NORTHMARK" over "Rep. Ruud
// loses after 18 years: ..." and "The Senate field is set early: ...").
// A run that nothing heads, after anything but the last point's text,
// leaves the points ungrouped.
func runInGroups(art []*block, l *layout) {
	groups := map[int]bool{}
	names := make([]string, len(l.sections))
	cur := ""
	for i, s := range l.sections {
		if i == 0 || s.start != l.sections[i-1].start+1 {
			g := s.start - 1
			for g > 0 && isSpecLine(art[g].text) {
				g-- // "Paperlane Mini 6" over "Specs: 6-inch, 300 ppi | $89" over its bullets
			}
			if g >= 0 && groupLine(art[g]) {
				groups[g] = true
				cur = groupName(art[g].text)
			} else if i == 0 || !bodyBetween(art, l.sections[i-1].start, s.start) {
				return
			} // else the point after the last one's own paragraphs, in its group
		}
		names[i] = cur
	}
	if len(groups) < 2 {
		return
	}
	for i := range l.sections {
		l.sections[i].group = names[i]
	}
	l.kind, l.groups = "run-in groups", groups
}

// bodyBetween reports that the blocks after a point at from, up to the
// next at to, are its text: paragraphs and list items, none a line that
// could head a group.
func bodyBetween(art []*block, from, to int) bool {
	for k := from + 1; k < to; k++ {
		if b := art[k]; b.kind == heading || b.bold || !b.bullet && groupLine(b) {
			return false
		}
	}
	return true
}

// groupLine is a block that can head a run of points: a heading, a bold
// line, or a line of up to 25 words without a final stop or colon (a
// score line runs long), never a point itself.
func groupLine(b *block) bool {
	if b.bullet || b.lead != "" || b.kind == quote || b.kind == item || isMarked(b) {
		return false
	}
	t := b.text
	if b.kind == heading || b.bold {
		return true
	}
	if b.words <= 3 && strings.HasSuffix(t, ":") && strings.ToUpper(t) == t {
		t = strings.TrimSuffix(t, ":") // "LOSERS:" over its run-in points
	}
	return b.words <= 25 && t != "" && !strings.ContainsAny(t[len(t)-1:], ".:;,!?") && !endsSentence(t) && opensWithLetter(t)
}

// ordinalLayout reads paragraphs opened by ordinals that run through the
// piece: First, Second (and Third...), Finally.
func ordinalLayout(art []*block) (layout, bool) {
	l := layout{kind: "ordinals"}
	want := 1
	for i, b := range art {
		n, rest, ok := parseOrdinal(b.text)
		if ok && n == 1 && want == 2 {
			l.sections, want = l.sections[:0], 1 // "First, some context." before the points' own "First, sampling is ...": the later one counts
		}
		if !ok || (n != want && n != 0) || (n == 0 && want < 3) {
			continue
		}
		l.sections = append(l.sections, section{start: i, head: rest})
		if n == 0 {
			break
		}
		want++
	}
	return l, len(l.sections) >= 3
}

// pointColumn names a table's column of takeaways: "Takeaway", "Lesson".
var pointColumn = regexp.MustCompile(`(?i)^(the )?(key )?(takeaways?|lessons?( learned| learnt)?|findings?|points?|insights?|what we (learned|learnt))$`)

// tableLayout reads takeaways set as a table's rows under a header that
// names them ("| # | Takeaway | What we'll change |"): each row is a
// point, headed by its cell in that column, with its other cells (but a
// bare number) as its text. The header row is the list's label.
func tableLayout(art []*block) (layout, bool) {
	for i, b := range art {
		if !isTableRow(b.text) || b.words > 20 {
			continue
		}
		col := -1
		for k, c := range tableCells(b.text) {
			if pointColumn.MatchString(c) {
				col = k
				break
			}
		}
		if col < 0 {
			continue
		}
		l := layout{kind: "table rows", groups: map[int]bool{i: true}}
		for j := i + 1; j < len(art) && isTableRow(art[j].text); j++ {
			cells := tableCells(art[j].text)
			if col >= len(cells) || strings.Trim(cells[col], "-: ") == "" {
				continue // the header's "|---|---|" rule
			}
			var rest []string
			for k, c := range cells {
				if k != col && c != "" && !isNumber(c) {
					rest = append(rest, c)
				}
			}
			t := cleanHeading(cells[col])
			if len(rest) > 0 {
				t += " — " + strings.Join(rest, " ")
			}
			art[j].text, art[j].words = t, wordCount(t)
			l.sections = append(l.sections, section{start: j, head: t})
		}
		if len(l.sections) >= 2 {
			return l, true
		}
	}
	return layout{}, false
}

// tableCells splits a table row ("| 1 | Head | Text |") into its cells.
func tableCells(row string) []string {
	cells := strings.Split(strings.Trim(row, "| "), "|")
	for k := range cells {
		cells[k] = strings.TrimSpace(cells[k])
	}
	return cells
}

// titleCasedHead reports a short head whose every word of four letters
// or more is capitalised: "Affirmative Action" before ": in a 6-3
// decision, ...".
func titleCasedHead(head string) bool {
	long, upper := capitalised(head)
	return long > 0 && upper == long
}

// placeDateline reports a wire story's dateline that names its place's
// region or its agency ("ALDSKOV, Norvaal (CP) — "), unlike a run-in
// head in capitals ("GRAIN SECURITY - The leaders agreed ...").
func placeDateline(s string) bool {
	m := dateline.FindString(s)
	return m != "" && strings.ContainsAny(m, ",(")
}
