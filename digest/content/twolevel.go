package content

import (
	"regexp"
	"strings"
	"unicode"
)

// splitAtHeadings cuts a list of 1s where a heading stands between two
// items: a two-level list whose lists were each flattened.
func splitAtHeadings(items []numItem, art []*block) [][]numItem {
	// a plain line over the first item and over two or more others ("Castleford
	// Rovers 2-1 Breyton Athletic" over each match's 1s) is a group line too
	lines := 0
	for i, it := range items {
		if !groupLineAbove(art, it.pos) {
			if i == 0 {
				break
			}
			continue
		}
		lines++
	}
	runs := [][]numItem{{items[0]}}
	for i := 1; i < len(items); i++ {
		cut := lines >= 3 && items[i].pos > items[i-1].pos+1 && groupLineAbove(art, items[i].pos)
		for p := items[i-1].pos + 1; p < items[i].pos; p++ {
			if (art[p].kind == heading || art[p].bold) && !isMarked(art[p]) {
				cut = true
			}
		}
		if cut {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], items[i])
	}
	return runs
}

// groupLineAbove reports a short plain line without a stop straight
// above the item at pos: a match's score, a product's name.
func groupLineAbove(art []*block, pos int) bool {
	if pos == 0 {
		return false
	}
	b := art[pos-1]
	return b.kind == para && !b.bullet && b.words <= 16 && !isMarked(b) && isHeadlineLike(b.text) && !strings.HasSuffix(b.text, "?")
}

// threadLede drops a thread's first post when it only announces the
// thread ("1/ A thread on the budget 🧵", or its second line "The five
// points, one post each 👇"): it is the lede, not a point.
func threadLede(art []*block, items []numItem) []numItem {
	if len(items) <= 2 || !strings.HasSuffix(items[0].m.style, "/") || items[0].m.n != 1 {
		return items
	}
	announces := func(t string) bool {
		return leadIn.MatchString(t) || strings.Contains(t, "🧵") || strings.Contains(t, "👇") || strings.Contains(strings.ToLower(t), "thread")
	}
	if announces(items[0].m.rest) {
		return items[1:]
	}
	for p := items[0].pos + 1; p < items[1].pos && p <= items[0].pos+2; p++ {
		if art[p].kind == para && announces(art[p].text) {
			return items[1:] // the post's later line
		}
	}
	return items
}

// twoLevel joins runs that each follow a group heading (a match, a
// product) into one layout whose sections keep their group.
func twoLevel(art []*block, runs [][]numItem) (layout, bool) {
	if len(runs) < 2 {
		return layout{}, false
	}
	runs = joinFlattened(runs)
	if len(runs) < 2 {
		return layout{}, false
	}
	l := layout{kind: "two-level", groups: map[int]bool{}}
	for _, r := range runs {
		g := groupAbove(art, r[0].pos)
		if g < 0 {
			return layout{}, false
		}
		l.groups[g] = true
		sub := numberedLayout(art, r, "")
		for i := range sub.sections {
			sub.sections[i].group = groupName(art[g].text)
		}
		l.sections = append(l.sections, sub.sections...)
	}
	return l, true
}

// joinFlattened joins to the run before it a run that starts on the very
// next block with a "1" again: a group's list that a scraper flattened
// to all 1s ("1. A", "1. B", "1. C") is one list, not three.
func joinFlattened(runs [][]numItem) [][]numItem {
	out := [][]numItem{runs[0]}
	for _, r := range runs[1:] {
		last := out[len(out)-1]
		if prev := last[len(last)-1]; r[0].m.n == 1 && prev.m.n == 1 && r[0].pos == prev.pos+1 {
			out[len(out)-1] = append(last, r...)
			continue
		}
		out = append(out, r)
	}
	return out
}

// groupAbove finds the group heading of a run that starts at pos: the
// block just above it, or a heading a few blocks up with only short
// lines between (a product's price and rating box).
func groupAbove(art []*block, pos int) int {
	window := pos - 4
	for g := pos - 1; g >= 0 && g >= window; g-- {
		if isTableRow(art[g].text) && window > 0 {
			window-- // a table of the group's figures under its heading takes no place in the window
			continue
		}
		if art[g].bold && art[g].kind != heading && gradeLine.MatchString(art[g].text) {
			continue // "**Grade: A-**" under the team's "## Harbor City Gulls"
		}
		if (art[g].kind == heading || art[g].bold) && isGroupHeading(art[g]) {
			return g
		}
		if art[g].words > 25 || isMarked(art[g]) || art[g].ordinal > 0 {
			break
		}
	}
	g := pos - 1
	for g > 0 && pos-g <= 3 && (gradeLine.MatchString(art[g].text) || detailLine(art[g])) {
		g-- // a team's name over its "Grade: A-" line, an album's over "(Label, 11 tracks)"
	}
	if g < pos-1 && isGroupHeading(art[g]) {
		return g
	}
	if pos > 0 && isGroupHeading(art[pos-1]) {
		return pos - 1 // a score or a name on a line of its own
	}
	// a talk's or a chapter's heading over a speaker line and a paragraph
	// that introduces its points: "### Boring pipelines win", "*A Name,
	// staff engineer*", "Her talk was a tour of ...", "1. **Head.** ..."
	paras := 0
	for g := pos - 1; g >= 0 && g >= pos-4; g-- {
		b := art[g]
		if b.kind == heading {
			if b.level >= 2 && paras > 0 && isGroupHeading(b) {
				return g
			}
			break
		}
		if isMarked(b) || b.ordinal > 0 || b.bullet || b.kind == item || b.words > 120 {
			break
		}
		if paras++; paras > 2 {
			break
		}
	}
	return -1
}

// detailLine is a line of facts in brackets under a group's name:
// "(Driftwood Records, 11 tracks, 41 min)".
func detailLine(b *block) bool {
	t := b.text
	return b.words <= 15 && strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") && strings.Count(t, "(") == 1
}

// gradeLine is a group's grade or rating set under its name: "Grade:
// A-", "Rating: 4/5", "Score: 8.5".
var gradeLine = regexp.MustCompile(`(?i)^(grade|rating|score|verdict|overall|our (grade|rating|score|verdict)|stars)\s*[:—–-]\s*\S{1,10}$`)

func isGroupHeading(b *block) bool {
	if isTableRow(b.text) {
		return false // a table's row (the group's figures), never its name
	}
	if m, ok := parseMarker(b.text); ok && !(m.style[0] == 'a' || m.style[0] == 'i') {
		return false // a lettered group ("A. On the main stage") heads numbered points
	}
	return b.kind == heading || b.bold || (isHeadlineLike(b.text) && b.words <= 16) // a long score line ("A 150 & 266 lost to B 311 & 106-2 by eight wickets")
}

// bulletGroups reads headed sections that hold nothing but bullets with
// run-in heads ("Velmont" over "• Book the ferry a day ahead. The 9:10
// boat..."), or paragraphs opening with a bold head (a match's score
// over "**Brandt is running the midfield now.** Three months ago ..."):
// the headings are groups and the bullets the points. A
// section with prose of its own is a point, with its bullets as details.
func bulletGroups(art []*block, heads layout) (layout, bool) {
	l := layout{kind: "bullet groups", groups: map[int]bool{}}
	groups := 0
	for k, s := range heads.sections {
		end := heads.until(k, len(art))
		head := art[s.start]
		var points []section
		prose, after := 0, 0 // the prose among the points, and after the last so far (a closing paragraph)
		for j := s.start + 1 + s.skip; j < end; j++ {
			b := art[j]
			if b.kind == heading && (head.kind != heading || b.level < head.level) {
				break // "## Which one should you buy?" after the last product: not the product's
			}
			if b.kind == para && !b.bullet && conclusionLead.MatchString(b.text) {
				break // "**The bottom line:** ..." closing the piece under the last group
			}
			switch {
			case isSpecLine(b.text):
				after += b.words // a review's "Pros: ... Cons: ..." box, no point
			case b.bullet && !b.nested && (b.lead != "" && wordCount(b.lead) <= 15 || b.lead == "" && (firstSentence(b.text) != b.text && wordCount(firstSentence(b.text)) <= 15 || colonHead(b.text) || dashHead(b.text))),
				b.kind == para && !b.bullet && b.lead != "" && wordCount(b.lead) <= 15 && len(b.text) > len(b.lead)+40: // "<p><strong>Head.</strong> Body ...</p>"
				points = append(points, section{start: j, head: b.text, group: groupName(head.text)})
				prose, after = prose+after, 0
			case b.kind == para && !b.bullet && !isTableRow(b.text):
				after += b.words // a table of the products' figures is not the group's prose
			}
		}
		if len(points) == 0 || k < len(heads.sections)-1 {
			prose += after // only the last group may close the piece with a paragraph
		}
		if len(points) < 2 || prose > 40 || head.words > 6 && !isScore(head.text) && !(head.words <= 25 && setScores.MatchString(head.text)) || endsSentence(head.text) {
			continue
		}
		groups++
		l.groups[s.start] = true
		l.sections = append(l.sections, points...)
	}
	return l, groups >= 2 && groups*3 >= len(withoutConclusion(art, heads).sections)*2 // "## Bottom line" after the groups is no group
}

// groupedThrough gives the points of a list numbered straight through
// the groups of its page their group: "<h2>Rovers 27-20 Lenny</h2>" over
// "<h3>1. ...</h3>" and "<h3>2. ...</h3>", then "<h2>Blues 13-31
// Vayre</h2>" over "<h3>3. ...</h3>". Every point must fall under a
// group heading of a higher level than its own, two groups or more.
func groupedThrough(art []*block, l *layout) {
	if len(l.sections) < 3 {
		return
	}
	first := art[l.sections[0].start]
	g := prevHeading(art, l.sections[0].start, first)
	if g < 0 {
		return
	}
	level := art[g].level
	groupsThrough(art, l, func(i int) int {
		if i == 0 {
			return g
		}
		last := -1 // the last heading of the groups' level between the two points
		for p := l.sections[i-1].start + 1; p < l.sections[i].start; p++ {
			if b := art[p]; b.kind == heading && b.level == level && !isMarked(b) {
				last = p
			}
		}
		return last
	})
}

// prevHeading is the group heading just above the first point at pos
// (only short lines between): a heading of a higher level than the
// point's own, or any heading over a point that is not one.
func prevHeading(art []*block, pos int, point *block) int {
	for g := pos - 1; g >= 0 && g >= pos-3; g-- {
		b := art[g]
		if b.kind == heading && !isMarked(b) && (point.kind != heading || b.level < point.level) {
			return g
		}
		if b.words > 25 || isMarked(b) {
			return -1
		}
	}
	return -1
}

// headingGroups reads headings of two levels as groups and points
// ("## Theme 1: Audiences" over "### Free entry is not the same as
// open" and two more, or over bold lines): when every section of the upper level, a named
// conclusion apart, holds two or more sections of the next level that
// carry text and little text of its own before them.
func headingGroups(art []*block, heads layout) (layout, bool) {
	top := withoutConclusion(art, heads)
	if len(top.sections) < 2 {
		return layout{}, false
	}
	l := layout{kind: "heading groups", groups: map[int]bool{}}
	multi := 0 // groups of two points or more
	level := art[top.sections[0].start].level
	for k, s := range top.sections {
		end := heads.until(k, len(art))
		g := art[s.start]
		if g.kind != heading {
			return layout{}, false
		}
		var subs []section
		own := 0
		for j := s.start + 1; j < end; j++ {
			b := art[j]
			switch {
			case b.kind == heading && b.level == level+1,
				b.kind == para && b.bold && !b.bullet && b.words <= 20 && strings.ToUpper(b.text) != b.text: // "## Winners" over "**Suburban turnout**" (a related headline in capitals is no point)
				subs = append(subs, section{start: j, head: b.text, group: groupName(g.text)})
			case len(subs) == 0 && !isTableRow(b.text):
				own += b.words // a table of the group's figures (a ward's results) is not text of its own
			}
		}
		if len(subs) == 0 && (k == len(top.sections)-1 && k >= 2 || isConclusionHead(g) && len(l.sections) > 0) {
			break // a last upper section without points of its own after the groups: the close ("The bigger picture"), or "## Final thoughts" before the page's lists
		}
		if len(subs) == 0 && len(l.sections) == 0 && (own <= 40 || k == 0) && k < len(top.sections)-2 {
			continue // "## Watch the debate" over a video's link, or the first "## Some context", before the first group
		}
		if len(subs) == 0 || len(subs) == 1 && k != len(top.sections)-1 || own > 40 || sectionLike(art, layout{sections: subs}) < len(subs) {
			return layout{}, false
		}
		if len(subs) >= 2 {
			multi++
		}
		l.groups[s.start] = true
		l.sections = append(l.sections, subs...)
	}
	return l, multi >= 2 // a last group may hold one point ("## Orbix Buds Air" over one "###")
}

// capsGroups reads heading lines grouped under lines in capitals
// ("WINNERS" straight over "Port Halden Herons" and the lines after it,
// then "LOSERS"): the capitals are groups, two or more, and the first
// stands over the first point.
func capsGroups(art []*block, lines layout) (layout, bool) {
	if len(lines.sections) < 3 {
		return layout{}, false
	}
	l := layout{kind: "caps groups", groups: map[int]bool{}}
	cur := ""
	for k, s := range lines.sections {
		if k == len(lines.sections)-1 && k >= 3 && isConclusionHead(art[s.start]) && !(s.start > 0 && capsLabel(art[s.start-1])) {
			break // "Final word" after the last group's points: the close
		}
		if p := s.start - 1; p >= 0 && capsLabel(art[p]) {
			cur = groupName(art[p].text)
			l.groups[p] = true
		} else if k == 0 {
			return layout{}, false
		}
		s.group = cur
		l.sections = append(l.sections, s)
	}
	if len(l.groups) < 2 {
		return layout{}, false
	}
	return l, true
}

// setScores is a result line's set or game scores: "... (POR) 7-5,
// 6-7(4), 6-3".
var setScores = regexp.MustCompile(`\d{1,2}-\d{1,2}(\(\d{1,2}\))?, \d{1,2}-\d{1,2}`)

// capsSentenceGroups reads paragraphs under lines in capitals that each
// open with a short name as a sentence of its own ("WINNERS" over "Gov.
// Marisol Eckhart. The first-term Democrat ..." and "Pollsters. The only
// public poll ...", then "LOSERS"): each paragraph is a point, the name
// its head. Every paragraph under the labels is such a point, but the
// last group may end in the story's closing paragraph.
func capsSentenceGroups(art []*block, lines layout) (layout, bool) {
	if len(lines.sections) < 2 || !allCapsLabels(art, lines) {
		return layout{}, false
	}
	l := layout{kind: "caps groups", groups: map[int]bool{}}
	for k, s := range lines.sections {
		end, n := lines.until(k, len(art)), 0
		for j := s.start + 1; j < end; j++ {
			b := art[j]
			h := firstSentence(b.text)
			if b.kind != para || b.bullet || b.words < 15 || h == b.text || wordCount(h) > 8 || !opensCapital(h) || strings.HasSuffix(h, "?") {
				if k == len(lines.sections)-1 && n > 0 {
					break
				}
				return layout{}, false
			}
			l.sections = append(l.sections, section{start: j, head: b.text, group: groupName(art[s.start].text)})
			n++
		}
		if n == 0 {
			return layout{}, false
		}
		l.groups[s.start] = true
	}
	return l, len(l.sections) >= 3
}

// capsLabel is a short line in capitals: "WINNERS", "THE LOSERS".
func capsLabel(b *block) bool {
	if b.words > 4 || b.bullet || isMarked(b) || endsSentence(b.text) || b.kind == heading {
		return false
	}
	letters := 0
	for _, r := range b.text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}

// groupName is a group heading as a point's group: without the letter
// ("A. On the main stage") or the "Theme 1:" or "Part 2:" that only
// numbers it. Every two-level reading names its groups through it.
func groupName(s string) string {
	if matchScore.MatchString(s) {
		return s // "No. 4 Tallis State 31, No. 12 Marrow 28": a ranking, no group's number
	}
	s = strings.TrimSuffix(stripMarker(s), ":") // "LOSERS:"
	if m := groupNumber.FindStringIndex(s); m != nil && m[1] < len(s) {
		return s[m[1]:]
	}
	return s
}

var groupNumber = regexp.MustCompile(`^(?i:theme|part|section|topic)\s+\d{1,2}\s*[:.—–-]\s*`)
