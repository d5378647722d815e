package content

import (
	"regexp"
	"strings"
)

// chooseLayout tries every reading of the article's structure and keeps
// the one an editor would: numbered points first (two-level when they
// restart under group headings), then headings, then short heading
// lines, then weaker shapes (a plain numbered list, run-in heads,
// ordinals, a key-points box). A numbered list that sits inside one
// section of a heading layout is that section's steps, not the structure.
func chooseLayout(art []*block) (layout, bool) {
	if isInterview(art) {
		// questions and answers are not points; a summary box above them
		// holds the takeaways
		if l, ok := keyBoxLayout(art); ok {
			return l, true
		}
		return layout{}, false
	}
	if isLiveBlog(art) {
		// a live blog's entries are updates in time, not points: its
		// summary box, when it has one, holds the takeaways
		if l, ok := keyBoxWithin(art, true); ok {
			return l, true
		}
	}
	if l, ok := tableLayout(art); ok {
		return l, true // "| # | Takeaway | What we'll change |" over its rows
	}
	var strongNum, twoLvl, single *layout
	for _, l := range numberedLayouts(art) {
		l := l
		if timeline(l) {
			continue // "09:31 A change is deployed": a timeline's rows, not points
		}
		switch {
		case len(l.sections) == 1:
			if single == nil && bodyWords(art, l.sections[0].start+1, len(art)) > 0 && headingShaped(art[l.sections[0].start], l.sections[0].head) {
				single = &l
			}
		case l.kind == "two-level":
			if groupsAreLists(art, l) || groupTimeline(l) {
				continue // results tables under their headings ("1. A Rider (FRA) Team 4:12:33"), not points
			}
			if twoLvl == nil || len(l.sections) > len(twoLvl.sections) {
				twoLvl = &l
			}
		case len(l.sections) < minItems(art, l):
		case (sectionLike(art, l)*2 >= len(l.sections) || announced(art, l)) && !isList(art, l):
			if strongNum == nil || better(art, l, *strongNum) {
				strongNum = &l
			}
		}
	}
	heads, lines := bestHeadings(art)
	heads, lines = withoutBoxSection(art, heads), withoutBoxSection(art, lines)
	if heads != nil && crossheads(art, *heads) {
		heads = nil
	}
	if lines != nil && crossheads(art, *lines) {
		lines = nil
	}
	var runIn layout // set by runInWithin, only when the switch gets that far
	sub, subOK := subheadSection(art)
	if subOK && heads != nil {
		_, lessons := lessonsSection(art, *heads)
		subOK = !lessons // a lessons section keeps its own reading
	}
	switch {
	case twoLvl != nil && (strongNum == nil || len(twoLvl.sections) > len(strongNum.sections)):
		return *twoLvl, true
	case strongNum != nil && !(heads != nil && inOneSection(*strongNum, *heads)):
		if l, ok := pointsSection(art, *strongNum); ok {
			return l, true // a newsletter's "1 BIG THING: 4 takeaways from ..." over its bullets, then "2. COUNCIL RACE ..."
		}
		return *strongNum, true
	case subOK:
		return sub, true
	case heads != nil && runInAbove(art, *heads, &runIn):
		return runIn, true // "* **Head:** body" points, then "## Conclusion" and "## Get the newsletter"
	case heads != nil && allQuestions(art, *heads):
		if l, ok := keyBoxLayout(art); ok {
			return l, true // a reader's questions, answered, under a summary box
		}
		fallthrough
	case heads != nil:
		if l, ok := lessonsSection(art, *heads); ok {
			return l, true
		}
		if l, ok := bulletGroups(art, *heads); ok {
			return l, true
		}
		if l, ok := headingGroups(art, *heads); ok {
			return l, true
		}
		return *heads, true
	case lines != nil && runInWithin(art, *lines, &runIn):
		runIn.kind = "heading's run-in points" // the newsletter's later sections ("Quick hits") are not its close
		return runIn, true
	case lines != nil && !(strongNum != nil && inOneSection(*strongNum, *lines)):
		if l, ok := lessonsSection(art, *lines); ok {
			return l, true // "What the researchers found" over its "First, ...", "Second, ..."
		}
		if l, ok := keyBoxLayout(art); ok && !announced(art, *lines) {
			return l, true // a key points box over a story's crossheads (not over sections a line announces: "Here is what we learned:")
		}
		if l, ok := bulletGroups(art, *lines); ok {
			return l, true
		}
		if l, ok := capsGroups(art, *lines); ok {
			return l, true
		}
		if l, ok := capsSentenceGroups(art, *lines); ok {
			return l, true // "WINNERS" over "Pollsters. The only public poll ..."
		}
		if l, ok := plainRunInLayout(art); ok && l.kind == "run-in groups" && (allCapsLabels(art, *lines) || linesAreGroups(l, *lines)) {
			return l, true // "WINNERS" and "LOSERS:" over "Renters: $41 million goes to ...", a score line over "Head- Body" points
		}
		if l, ok := runInLayout(art); ok && l.kind == "run-in groups" && len(l.groups) > len(lines.sections) && linesAreGroups(l, *lines) {
			return l, true // results over "• Head: body" bullets, more of them than the lines read as headings
		}
		return *lines, true
	case strongNum != nil:
		return *strongNum, true
	}
	for _, try := range []func([]*block) (layout, bool){keyBoxLayout, runInLayout, ordinalLayout, plainRunInLayout, bulletHeadsLayout, stopLinesLayout, bulletListLayout, sentenceParasLayout} {
		if l, ok := try(art); ok {
			return l, true
		}
	}
	if single != nil {
		return *single, true
	}
	return layout{}, false
}

// pointsSection reads a newsletter whose numbered sections are its
// stories: when one section's heading names points ("1 BIG THING: 4
// takeaways from the transit deal") and three bullets or more stand in
// it, those bullets are the points, and they end with the section.
func pointsSection(art []*block, l layout) (layout, bool) {
	for k, s := range l.sections {
		if !pointsTitle.MatchString(stripMarker(art[s.start].text)) {
			continue // "Takeaway 3: Turnout collapsed" is a point of its own, whatever its marker says
		}
		end := l.until(k, len(art))
		out := layout{kind: "run-in heads", stop: end, closed: true}
		for j := s.start + 1; j < end; j++ {
			if b := art[j]; b.bullet && !b.nested {
				out.sections = append(out.sections, section{start: j, head: b.text})
			}
		}
		if len(out.sections) >= 3 {
			return out, true
		}
	}
	return layout{}, false
}

// boxHeading names a box set before the story's sections: "The winners
// at a glance", "The week in brief".
var boxHeading = regexp.MustCompile(`(?i)\b(at a glance|in brief|in numbers|by the numbers)$`)

// prefaceHeading heads a first section that sets the scene before the
// points: "Background", "Context".
var prefaceHeading = regexp.MustCompile(`(?i)^(background|context|introduction|intro|overview|some background|a bit of background)$`)

// withoutBoxSection leaves out of a heading layout a first section that
// is a box ("The winners at a glance" over a list of winners) or sets the
// scene ("Background"): it is part of the lede, not a point.
func withoutBoxSection(art []*block, l *layout) *layout {
	if l == nil || len(l.sections) < 3 {
		return l
	}
	if k := leadInUnder(art, *l); k > 0 {
		out := *l
		out.sections = l.sections[k:]
		return &out
	}
	if first := strings.TrimRight(art[l.sections[0].start].text, ":"); !boxHeading.MatchString(first) && !prefaceHeading.MatchString(first) {
		return l
	}
	out := *l
	out.sections = l.sections[1:]
	return &out
}

// leadInUnder is the number of sections, up to three, that come before
// the line introducing the points ("Here are 11 highlights that made
// the night.", "... let's dive in."), two sections or more still after
// it; or 0. Their headings are a caption, a date, a credit or the dek
// over the lede ("Photo from The Daily", "Feb 29, 2016 @ 5:30 am"), and
// the points start after the lead-in.
func leadInUnder(art []*block, l layout) int {
	for k := 1; k <= 3 && k+2 <= len(l.sections); k++ {
		last := l.sections[k].start - 1
		for last > l.sections[k-1].start && art[last].drop != "" {
			last--
		}
		b := art[last]
		if last > l.sections[k-1].start && b.kind == para && !b.bullet && (introduced(b) || diveIn.MatchString(b.text)) {
			return k
		}
	}
	return 0
}

// diveIn is a lede's last sentence that sends the reader on to the
// points: "Now that I've fixed Monday nights, let's dive in.", "Keep
// scrolling for the best moments of the evening."; or a line that only
// names them, "My takeaways".
var diveIn = regexp.MustCompile(`(?i)(\blet[’']?s (dive|jump|get) (in|into it|to it|started|going)|without further ado|keep (scrolling|reading) (for|to see|to find)\b[^.!?]*|^(my|our|the|some) (key |main |biggest |top )?(takeaways|lessons|learnings|observations))[.!:…]?$`)

// allCapsLabels reports heading lines that are all short lines in
// capitals (capsLabel): groups, when points stand under them.
func allCapsLabels(art []*block, l layout) bool {
	for _, s := range l.sections {
		b := *art[s.start]
		b.text = strings.TrimSuffix(b.text, ":")
		if !capsLabel(&b) {
			return false
		}
	}
	return true
}

// linesAreGroups reports heading lines that are, two in three or more,
// the groups of run-in points: each line heads points, not prose.
func linesAreGroups(runIn, lines layout) bool {
	n := 0
	for _, s := range lines.sections {
		if runIn.groups[s.start] {
			n++
		}
	}
	return n >= 2 && n*3 >= len(lines.sections)*2
}

// allQuestions reports a heading layout whose headings are all questions
// ("Q: Should I spray?").
func allQuestions(art []*block, l layout) bool {
	for _, s := range l.sections {
		t := art[s.start].text
		if !strings.HasPrefix(t, "Q:") && !strings.HasSuffix(t, "?") {
			return false
		}
	}
	return true
}

// crossheads reports headings that only break up a news story: two of
// them, after a lede of three paragraphs or more that carries much of the
// story (the story is told before its first heading), or after a key
// points box of more points than they are ("## Key takeaways" over four
// findings, then "## How the researchers did it" and "## Caveats").
func crossheads(art []*block, l layout) bool {
	if len(withoutConclusion(art, l).sections) != 2 {
		return false
	}
	first := l.sections[0].start
	if first > 0 && introduced(art[first-1]) {
		return false // "Here are six." over the two: the points, however few
	}
	paras, words := 0, 0
	for _, b := range art[:first] {
		if b.kind == para && !b.bullet && endsSentence(b.text) {
			paras++
			words += b.words
		}
	}
	if paras >= 1 {
		if box, ok := keyBoxLayout(art); ok && len(box.sections) >= 3 && box.sections[len(box.sections)-1].start < first {
			return true
		}
	}
	return paras >= 3 && words*3 >= bodyWords(art, 0, len(art))
}

// endsInFigure reports a row that ends in a figure, or a figure and its
// unit: "+0:21", "4 pts", "12.5 km".
func endsInFigure(s string) bool {
	w := strings.Fields(strings.TrimRight(s, " ."))
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if strings.ContainsAny(last, "0123456789") {
		return true
	}
	return len(w) > 1 && len(last) <= 4 && strings.ContainsAny(w[len(w)-2], "0123456789")
}

// isLiveBlog reports three or more entries stamped with a time alone on
// a line ("15.41 GMT", "9:05am"), as a live page sets its updates.
func isLiveBlog(art []*block) bool {
	n := 0
	for _, b := range art {
		if b.words <= 3 && timeOnly.MatchString(b.text) {
			n++
		} else if b.words <= 8 {
			if t, _, ok := strings.Cut(b.text, " · "); ok && timeOnly.MatchString(t) {
				n++ // "3:40 p.m. · A Writer"
			}
		}
	}
	return n >= 3
}

var timeOnly = regexp.MustCompile(`(?i)^\d{1,2}[.:]\d{2}\s?([ap]\.?m\.?)?(\s?(GMT|BST|UTC|CET|CEST|[ECMP][SD]?T))?$`)

// lessonsLabel heads the one section of a document that holds its
// takeaways as a list: a retrospective's "What we learned".
var lessonsLabel = regexp.MustCompile(`(?i)^(what (we|i) (learned|learnt)|(the |our )?lessons( (we |i )?(learned|learnt))?|key lessons|(the |our )?(key |main )?(takeaways|learnings|findings|decisions)|what was (decided|agreed)|(the )?decisions( (made|taken))?|(the )?key points|([\p{L}\d-]+ ){0,4}highlights|what (the )?([\p{L}-]+ ){0,2}(found|showed))[:.]?$`)

// lessonsSection reads a document whose sections are its parts (context,
// what we learned, next steps) rather than its points: when one section
// is headed "What we learned" or the like and holds three or more bullets
// with run-in heads, those bullets are the takeaways.
func lessonsSection(art []*block, heads layout) (layout, bool) {
	for k, s := range heads.sections {
		if !lessonsLabel.MatchString(strings.TrimSpace(art[s.start].text)) {
			continue
		}
		end := heads.until(k, len(art))
		l := layout{kind: "lessons section", box: true, groups: map[int]bool{s.start: true}}
		for j := s.start + 1; j < end; j++ {
			if b := art[j]; (b.bullet || b.ordinal > 0) && !b.nested && (b.lead != "" && wordCount(b.lead) <= 15 || b.lead == "" && colonHead(b.text)) { // "• Head: body" too
				l.sections = append(l.sections, section{start: j, head: stripMarker(b.text)})
			}
		}
		if len(l.sections) == 0 {
			// or bullets with run-in heads nested under bullets that name
			// their group ("- **What's working**" over "    - **Usage
			// pricing is winning** — ..."), as a notes app exports them
			cur := ""
			for j := s.start + 1; j < end; j++ {
				switch b := art[j]; {
				case b.bullet && !b.nested && b.lead == "" && b.words <= 8:
					cur = groupName(b.text)
					l.groups[j] = true
				case b.bullet && b.nested && b.lead != "" && wordCount(b.lead) <= 15 && cur != "":
					l.sections = append(l.sections, section{start: j, head: b.text, group: cur})
				}
			}
			if len(l.groups) < 3 { // the label and two groups at least
				l.sections = nil
			}
		}
		if len(l.sections) == 0 {
			// or paragraphs opened by ordinals: "What the researchers found"
			// over "First, more steps ...", "Second, ...", "Finally, ..."
			if o, ok := ordinalLayout(art[:end]); ok && o.sections[0].start > s.start {
				l.sections = o.sections
			}
		}
		if len(l.sections) == 0 && art[s.start].kind == heading {
			// or headings one level down: "<h2>Lessons learned</h2>" over
			// "<h3>Clocks lie</h3>" and the others (a "Tip" box apart)
			for j := s.start + 1; j < end; j++ {
				if b := art[j]; b.kind == heading && b.level == art[s.start].level+1 && !callout.MatchString(b.text) {
					l.sections = append(l.sections, section{start: j, head: stripMarker(b.text)}) // "Lesson 1 - Head"
				}
			}
		}
		return l, len(l.sections) >= 3
	}
	return layout{}, false
}

// subheadLabel heads a section that holds the takeaways under headings
// of their own: "Highlights", "Key takeaways", "What 40 loaves taught me".
var subheadLabel = regexp.MustCompile(`(?i)^(what [\p{L}\d ]{1,40} taught (me|us)|(the |our )?(key |main )?(highlights|takeaways|lessons|learnings)|what (we|i) (learned|learnt))[:.]?$`)

// subheadSection reads an article whose takeaways are the sub-headings of
// one section named for them ("## Highlights" over "**Async sessions are
// stable**" and the others, or "### **Head**" lines), the article's other
// sections being its parts (a changelog, a recipe card): each
// sub-heading that carries text is a point, three or more of them, and
// the points end with the section. The section is found by its heading
// (a Markdown or HTML heading, or a bold line over headings one level
// down), so the article is read once.
func subheadSection(art []*block) (layout, bool) {
	for i, b := range art {
		if b.kind != heading || b.words > 8 || !subheadLabel.MatchString(strings.TrimSpace(b.text)) {
			continue
		}
		return subheadsUnder(art, i)
	}
	return layout{}, false
}

// subheadsUnder reads the sub-headings of the section that heading i
// opens as its points, three or more: they end with the section.
func subheadsUnder(art []*block, i int) (layout, bool) {
	b := art[i]
	l := layout{kind: "headings in a takeaways section", groups: map[int]bool{i: true}}
	j := i + 1
	for ; j < len(art); j++ {
		c := art[j]
		if c.kind == heading && c.level <= b.level && !c.bold {
			break // the next part of the article
		}
		sub := c.kind == heading && c.level > b.level || c.kind == para && c.bold && !c.bullet && c.words <= 20
		if sub && !isMarked(c) && j+1 < len(art) && art[j+1].kind != heading && !art[j+1].bold {
			l.sections = append(l.sections, section{start: j, head: c.text})
		}
	}
	if len(l.sections) < 3 {
		return layout{}, false
	}
	if j < len(art) {
		l.stop = j
	}
	return l, true
}

// ordinalsUnder reads the paragraphs opened by ordinals in the section
// that heading i opens ("First, the rainy-day fund ...", "Finally, ..."),
// three or more, as its points: they end with the section.
func ordinalsUnder(art []*block, i int) (layout, bool) {
	j := i + 1
	for j < len(art) && !(art[j].kind == heading && art[j].level <= art[i].level) {
		j++
	}
	l, ok := ordinalLayout(art[i+1 : j])
	if !ok {
		return layout{}, false
	}
	for k := range l.sections {
		l.sections[k].start += i + 1
	}
	if j < len(art) {
		l.stop, l.closed = j, true
	}
	return l, true
}

// countedSection finds, for a headline that counts its points ("Four
// takeaways from DevDay at Kilnworks") over a newsletter's sections that
// do not, the one section whose sub-headings are that many, a close
// named as one ("What's next") aside; or first, the section named for
// its points whose paragraphs open with that many ordinals.
func countedSection(title string, art []*block, l layout) (layout, bool) {
	n := titleCount(title)
	if n < 3 || !strings.HasPrefix(l.kind, "headings") {
		return l, false
	}
	for i, b := range art {
		if b.kind == heading && b.level <= 2 && howToPoints.MatchString(b.text) {
			if o, ok := ordinalsUnder(art, i); ok && len(o.sections) == n {
				return o, true // "The big one: four takeaways from the budget" over "First, ...", "Second, ...", "Finally, ..."
			}
		}
	}
	if len(l.sections) == n {
		return l, false
	}
	for i, b := range art {
		if b.kind != heading || b.level > 2 {
			continue
		}
		sub, ok := subheadsUnder(art, i)
		if !ok {
			continue
		}
		points := 0
		for _, s := range sub.sections {
			if !isConclusionHead(art[s.start]) {
				points++
			}
		}
		if points == n {
			return sub, true
		}
	}
	return l, false
}

// countedRunIn reads run-in heads ("The stores were in the wrong places:
// Nearly two-thirds ...") that are fewer than half the story's paragraphs
// (each point runs on with quotes and reaction), when they are exactly
// as many as the headline counts ("What the collapse ... tells us: 5
// takeaways").
func countedRunIn(title string, art []*block) (layout, bool) {
	n := titleCount(title)
	if n < 3 {
		return layout{}, false
	}
	l, _ := plainRunInLayout(art) // its heads, whatever their share of the paragraphs
	if len(l.sections) != n {
		return layout{}, false
	}
	l.kind = "run-in heads"
	return l, true
}

// titleCount is the number of points a headline counts ("Four
// takeaways from ...", "7 things we learned"), or 0.
func titleCount(title string) int {
	m := countedPoints.FindStringSubmatch(title)
	if m == nil {
		return 0
	}
	if isDigit(m[1][0]) {
		return atoi(m[1])
	}
	for i, w := range numberWords {
		if strings.EqualFold(m[1], w) {
			return i + 1
		}
	}
	return 0
}

var countedPoints = regexp.MustCompile(`(?i)\b(\d{1,2}|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:[\p{L}-]+\s+){0,2}?(?:takeaways?|things|lessons|points|observations|thoughts|learnings)\b`)

// callout is a box's label inside a section: "Tip", "Note", "Warning".
var callout = regexp.MustCompile(`(?i)^(tip|note|warning|caution|important|info|pro tip|heads up)[:!]?$`)

// timeline reports a numbered list whose every item opens with a time of
// day: an incident's timeline.
func timeline(l layout) bool {
	for _, s := range l.sections {
		if !timeStart.MatchString(s.head) {
			return false
		}
	}
	return len(l.sections) > 0
}

// groupTimeline reports a two-level reading one of whose groups is a
// timeline ("## Timeline" over "1. **13:51** — ..."): a postmortem's
// parts, not groups of points.
func groupTimeline(l layout) bool {
	byGroup := map[string][]section{}
	for _, s := range l.sections {
		byGroup[s.group] = append(byGroup[s.group], s)
	}
	for _, ss := range byGroup {
		if len(ss) >= 3 && timeline(layout{sections: ss}) {
			return true
		}
	}
	return false
}

var timeStart = regexp.MustCompile(`^\d{1,2}[:.]\d{2}\b`)

// isList reports a numbered list set in the text (its items follow one
// another with nothing between them, and are short): steps or options,
// which are article text; only a label such as "Key points" makes such
// a list the takeaways (see keyBoxLayout).
func isList(art []*block, l layout) bool {
	words, heads := 0, 0
	for i, s := range l.sections {
		if i > 0 && s.start != l.sections[i-1].start+1 {
			return false
		}
		words += art[s.start].words
		if art[s.start].lead != "" || firstSentence(s.head) != s.head || dashedHead(s.head) {
			heads++ // a bold head, a head sentence with more after it, "Head — body"
		}
	}
	if announced(art, l) {
		return false // "... but here are seven ways to cut through the noise:" over the points, a line each
	} else if first := l.sections[0].start; first > 0 && introducesList(art[first-1]) && !spacedItems(art, l) {
		return true // "... issued the following advice:" over the list straight under it
	}
	return words < 25*len(l.sections) && heads*2 < len(l.sections) // run-in heads make points, not steps
}

// spacedItems reports points set apart by blank lines in the source,
// each a paragraph of its own: a writer's notes under "My notes:", not a
// tight list in the story.
func spacedItems(art []*block, l layout) bool {
	for i := 1; i < len(l.sections); i++ {
		a, b := art[l.sections[i-1].start], art[l.sections[i].start]
		if a.line == 0 || b.line <= a.line+1 {
			return false
		}
	}
	return len(l.sections) >= 3
}

// introducesList reports a sentence of the story that ends in a colon
// over a list, without promising its points ("Here are the takeaways:",
// "What we learned:"): "The council issued the following advice:".
func introducesList(b *block) bool {
	t := b.text
	return b.kind == para && !b.bullet && b.words >= 6 && strings.HasSuffix(t, ":") && !leadIn.MatchString(t) && !pointWords.MatchString(t) && !keyFindings.MatchString(t)
}

// announced reports a list of three points or more straight under the
// paragraph whose last sentence introduces it (leadInEnd, introduced:
// "Here are some key takeaways from the report."), or names them before
// a colon (namesPoints): the points, even when each is a line of its own
// with no text under it.
func announced(art []*block, l layout) bool {
	first := l.sections[0].start
	if len(l.sections) < 3 || first == 0 || art[first-1].words > 150 {
		return false
	}
	b := art[first-1]
	return leadInEnd.MatchString(b.text) || b.kind == para && !b.bullet && (introduced(b) || namesPoints(b.text))
}

// namesPoints reports a paragraph whose last sentence ends in a colon and
// names what follows as points: "The Times reports the following 5
// takeaways from the climate report:".
func namesPoints(t string) bool {
	if !strings.HasSuffix(t, ":") {
		return false
	}
	last := lastSentence(t)
	return pointWords.MatchString(last) && wordCount(last) <= 30
}

// introduced reports a paragraph whose last sentence introduces what
// follows: "Here are six.", "... Here are three things we learned in Game
// 5.", "Here are some of my thoughts from the first round:".
func introduced(b *block) bool {
	return b.words <= 120 && (leadIn.MatchString(b.text) && b.words <= 20 || leadInLast.MatchString(b.text))
}

// leadInLast is a paragraph's last sentence that introduces a list,
// perhaps after a clause ("With the conference over, here are six main
// takeaways.").
var leadInLast = regexp.MustCompile(`(?i)(^|[.!?]["”’]?\s|,\s)(here[’']?s|here (is|are)|these are|below (is|are)|the following (is|are)|let[’']?s (take a )?(quick |closer )?look at|let[’']?s (go|run|walk) through|let[’']?s break (it|them|this|that) down)\b[^.!?:]{0,120}[.:…]$`)

// leadInEnd is a paragraph whose last sentence introduces the list
// under it: "... but here are seven ways to read the night:".
var leadInEnd = regexp.MustCompile(`(?i)(^|[.!?,;]\s|\bbut |\band )(here[’']?s|here are|these are|below are)\b[^.!?]{0,140}:$`)

// keyFindings promises a list of findings, not advice or steps: "Key
// results from the first year:", "The main findings:".
var keyFindings = regexp.MustCompile(`(?i)\b(key|main|top|headline|major) (results|findings|figures|numbers|highlights|conclusions)\b|\bfindings\b`)

var pointWords = regexp.MustCompile(`(?i)\b(take-?aways?|lessons?|things|points|learned|learnt|know|reasons|observations|thoughts|impressions|highlights|reflections)\b`)

// groupsAreLists reports a two-level layout whose every group holds a
// list set in the text (see isList) of rows that end in a figure: a
// results table under each heading ("1. A Rider (FRA) Team +0:21").
func groupsAreLists(art []*block, l layout) bool {
	bare := 0 // a leader's row may give no time: "1. A Rider"
	for _, s := range l.sections {
		if !endsInFigure(art[s.start].text) {
			if bare++; bare > len(l.sections)/5 {
				return false
			}
		}
	}
	for i := 0; i < len(l.sections); {
		j := i
		for j < len(l.sections) && l.sections[j].group == l.sections[i].group {
			j++
		}
		if !isList(art, layout{sections: l.sections[i:j]}) {
			return false
		}
		i = j
	}
	return true
}

// dashedHead reports a run-in head set off by a dash within the first
// ten words: "Cover what you cannot dig — Cardboard kept ...".
func dashedHead(s string) bool {
	i := strings.Index(s, " — ")
	return i > 0 && countWords(s[:i], 11) <= 10
}

// minItems is the shortest list read as takeaways: letters and "1,"
// need three, since "A." and "1," open ordinary sentences too.
func minItems(art []*block, l layout) int {
	m, _ := blockMarker(art[l.sections[0].start])
	if strings.HasPrefix(m.style, "a") || strings.HasSuffix(m.style, ",") {
		return 3
	}
	return 2
}

// better prefers more sections that carry text, then more sections.
func better(art []*block, a, b layout) bool {
	sa, sb := sectionLike(art, a), sectionLike(art, b)
	if sa != sb {
		return sa > sb
	}
	return len(a.sections) > len(b.sections)
}

// sectionLike counts the sections that carry text: a long opening
// paragraph, or paragraphs before the next section.
func sectionLike(art []*block, l layout) int {
	n := 0
	for i, s := range l.sections {
		end := l.until(i, len(art))
		if wordCount(s.head) >= 15 || firstSentence(s.head) != s.head || hasProse(art, s.start+1+s.skip, end) {
			n++
		}
	}
	return n
}

// hasProse reports a block of prose among art[from:to]: a sentence, or
// eight words or more.
func hasProse(art []*block, from, to int) bool {
	for i := from; i < to && i < len(art); i++ {
		if endsSentence(art[i].text) || art[i].words >= 8 {
			return true
		}
	}
	return false
}

func bodyWords(art []*block, from, to int) int {
	w := 0
	for i := from; i < to && i < len(art); i++ {
		w += art[i].words
	}
	return w
}

// bestHeadings picks the heading layout (the highest level that opens
// at least two sections that carry text) and the heading-lines layout.
func bestHeadings(art []*block) (heads, lines *layout) {
	for _, l := range headingLayouts(art) {
		l := l
		if sectionLike(art, l) < 2 || sectionLike(art, withoutConclusion(art, l)) < 2 {
			continue // "## What didn't work" and "## Final takeaways" are one point at most
		}
		if l.kind == "heading lines" {
			lines = &l
			continue
		}
		if heads == nil || headingRank(l.kind) < headingRank(heads.kind) {
			heads = &l
		}
	}
	return heads, lines
}

// headingRank orders heading layouts: a higher level of real heading
// first ("headings h2" before "headings h3"), bold lines after every
// level. Compared as strings, "headings bold" came before "headings h2"
// and the choice hung on which class the article opened with.
func headingRank(kind string) string {
	if kind == "headings bold" {
		return "headings z"
	}
	return kind
}

// withoutConclusion is l less a last section named as a conclusion.
func withoutConclusion(art []*block, l layout) layout {
	if n := len(l.sections); n > 0 && isConclusionHead(art[l.sections[n-1].start]) {
		l.sections = l.sections[:n-1]
	}
	return l
}

// inOneSection reports whether inner lies inside one section of outer
// (no section of outer starts among inner's items) and outer has at least
// as many sections: a list of steps inside one of several headed parts.
// runInWithin reports bullets with run-in heads, more of them than there
// are heading lines, all under one of those lines (a newsletter's "Five
// things to know from ..." over its five "• Head. Body" points, with
// "Quick hits" and "The long read" after them), and sets *into to them.
func runInWithin(art []*block, lines layout, into *layout) bool {
	r, ok := runInLayout(art)
	if !ok || len(r.sections) <= len(lines.sections) {
		return false
	}
	first, last := r.sections[0].start, r.sections[len(r.sections)-1].start
	for _, s := range lines.sections {
		if s.start > first && s.start < last {
			return false
		}
	}
	*into = r
	return true
}

// runInAbove reports bullets with run-in heads, three or more and more
// of them than there are headings, all before the first heading: the
// headings are the page's parts after the points (its close, a sign-up
// box), not its sections. It sets *into to them.
func runInAbove(art []*block, heads layout, into *layout) bool {
	r, ok := runInLayout(art)
	if !ok || len(r.sections) < 3 || len(r.sections) <= len(heads.sections) || r.sections[len(r.sections)-1].start > heads.sections[0].start {
		return false
	}
	*into = r
	return true
}

func inOneSection(inner, outer layout) bool {
	first, last := inner.sections[0].start, inner.sections[len(inner.sections)-1].start
	for _, s := range outer.sections {
		if s.start > first && s.start < last {
			return false
		}
	}
	if first < outer.sections[0].start {
		return false // the numbered points come before the headings ("### 1. ...", then "### The so-what", "### What I'm reading"): inside none of them
	}
	return len(outer.sections) >= len(inner.sections)
}
