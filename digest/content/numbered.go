package content

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numItem is a block that opens with a marker.
type numItem struct {
	pos int // position in the article's blocks
	m   marker
	key string // container and style: items of one list share it
}

// numberedItems finds the blocks that open with a marker. A number
// alone on its line takes the next block as its heading.
func numberedItems(art []*block) []numItem {
	var out []numItem
	for i, b := range art {
		m, ok := blockMarker(b)
		if !ok {
			continue
		}
		if m.rest == "" {
			// a number alone on its line: the next block is the heading, or
			// a whole paragraph with its run-in head
			if i+1 >= len(art) || art[i+1].kind == heading && isMarked(art[i+1]) || isMarked(art[i+1]) {
				continue
			}
		}
		if m.style == "1/" && strings.HasPrefix(m.rest, "(") && strings.HasSuffix(m.rest, ")") {
			continue // "6/ (That extension would have eaten a month.)": a thread's aside, not a point
		}
		key := container(b) + "|" + m.style
		if n := len(out); n > 0 && strings.HasSuffix(m.style, ",") && out[n-1].m.n == m.n-1 &&
			strings.HasPrefix(out[n-1].key, container(b)+"|") {
			key = out[n-1].key // "3," typed among "1)", "2)", "5)": the same list
		}
		if m.n == 2 && !hasKey(out, key) && wordMarker(m.style) {
			if p, rest := labelledFirst(art, i); p >= 0 {
				// "The biggest takeaway: ..." before "Number 2: ...": the
				// first point, labelled in words
				out = append(out, numItem{pos: p, m: marker{style: m.style, n: 1, rest: rest}, key: key})
			}
		}
		out = append(out, numItem{pos: i, m: m, key: key})
	}
	return out
}

// hasKey reports an item of the list key among items.
func hasKey(items []numItem, key string) bool {
	for _, it := range items {
		if it.key == key {
			return true
		}
	}
	return false
}

// wordMarker reports a marker style that opens with a word ("Number 2:",
// "Takeaway 2 -"), not a bare number.
func wordMarker(style string) bool { return style != "" && isASCIILetter(style[0]) }

// firstLabel opens a paragraph naming itself the first point in words:
// "The biggest takeaway:", "Our first lesson:".
var firstLabel = regexp.MustCompile(`(?i)^(the |our |my )?(biggest|first|top|main|big|key|number one|no\. 1) (takeaway|lesson|thing|point|observation|talking point)s?( of the (night|day|week))?: `)

// labelledFirst finds, within three blocks above the second point at i,
// a paragraph labelled as the first ("The biggest takeaway: The general
// election started ..."): its position and its text after the label.
func labelledFirst(art []*block, i int) (int, string) {
	for p := i - 1; p >= 0 && p >= i-3; p-- {
		if loc := firstLabel.FindStringIndex(art[p].text); loc != nil && art[p].kind == para && !art[p].bullet {
			return p, art[p].text[loc[1]:]
		}
	}
	return -1, ""
}

// blockMarker is the marker of a block: its own text's, or its place
// in an HTML ordered list.
func blockMarker(b *block) (marker, bool) {
	if b.kind == quote {
		return marker{}, false
	}
	if b.bullet {
		// "🔹 1. Rates held steady" read as a bullet: the number still counts
		if m, ok := parseMarker(b.text); ok && !b.nested && (m.style == "1." || m.style == "1)") && m.rest != "" {
			return m, true
		}
		return marker{}, false
	}
	if b.ordinal > 0 {
		return marker{style: "ol", n: b.ordinal, rest: b.text}, true
	}
	if m, ok := parseMarker(b.text); ok {
		return m, true
	}
	if b.kind == heading || b.bold || b.words <= 16 && isHeadlineLike(b.text) {
		return spacedNumber(b.text) // "1 Heading": a heading whose dot was lost
	}
	if b.kind == para && b.text != "" && isDigit(b.text[0]) {
		// "1 Theresa Vale's future looks far from secure. After ...": a
		// whole paragraph whose number lost its dot (only a run counting
		// up from 1 makes a list of them)
		if m, ok := spacedNumber(b.text); ok && opensCapital(m.rest) {
			return m, true
		}
	}
	return marker{}, false
}

// spacedNumber reads a heading whose number is set apart by a space
// alone, as a page styles it: "<h2><span>1</span> Heading</h2>".
func spacedNumber(s string) (marker, bool) {
	digits := 0
	for digits < len(s) && digits < 3 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == 2 && gluedHead(s[digits:]) {
		s = s[:2] + " " + s[2:] // "<span>01</span>Fire doors...": the page set no space
	}
	if digits == 0 || digits == len(s) || s[digits] != ' ' {
		return marker{}, false
	}
	rest := strings.TrimSpace(s[digits:])
	if n := atoi(s[:digits]); n >= 1 && n <= 99 && rest != "" && !startsWithUnit(rest) {
		return marker{style: "1 ", n: n, rest: rest}, true
	}
	return marker{}, false
}

// gluedHead reports a heading glued to a two-digit number before it: a
// capital and a lower-case letter ("Fire"), not a unit ("10X", "3D").
func gluedHead(rest string) bool {
	r, n := utf8.DecodeRuneInString(rest)
	r2, _ := utf8.DecodeRuneInString(rest[n:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}

// startsWithUnit reports "3 things", "10 years": a number that is part
// of the heading's own words, lower case after it.
func startsWithUnit(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsLower(r)
}

// container tells blocks apart by how they are set, so that numbered
// headings and a numbered list inside one of them are different lists.
func container(b *block) string {
	switch {
	case b.kind == heading:
		return "h" + string(rune('0'+b.level))
	case b.ordinal > 0:
		return "ol" // an item wholly bold, or opening with a bold <p>, is in its list
	case b.bold:
		return "b"
	}
	return "p"
}

// numberedRuns splits the items of one style into runs that count up
// from 1. A run goes on over a gap of one or a repeated number (a site's
// own slips) and over a list of 1s (a scraper's renumbering); a list
// that restarts at 1 inside a point and then gives way to the next
// point's number is that point's steps, not a new run.
func numberedRuns(items []numItem, art []*block) [][]numItem {
	if len(items) == 0 {
		return nil
	}
	if allOnes(items) {
		return splitAtHeadings(items, art) // a scraper's "1." for every item
	}
	if spaced, tight := apartFromSteps(items, art); spaced != nil {
		// "1." over each point, a blank line apart, and a point's own
		// steps ("1. What paged", "2. What's still open") set line under
		// line: two lists
		return append(splitAtHeadings(spaced, art), numberedRuns(tight, art)...)
	}
	// three "1."s in a row are a flattened list, whatever other list
	// (a recipe's steps) follows or comes before it
	for i := 0; i < len(items); i++ {
		j := i
		for j < len(items) && items[j].m.n == 1 {
			j++
		}
		if j < len(items) && items[j].m.n == 2 {
			j-- // the last "1." opens the list that goes on with "2."
		}
		if j-i >= 3 {
			runs := numberedRuns(items[:i], art)
			runs = append(runs, splitAtHeadings(items[i:j], art)...)
			return append(runs, numberedRuns(items[j:], art)...)
		}
		i = max(i, j)
	}
	var runs [][]numItem
	var cur, outer []numItem
	for _, it := range items {
		v := it.m.n
		switch {
		case cur == nil:
			// a thread's first post is its lede, so its list opens at 2
			if v == 1 || v == 2 && strings.HasSuffix(it.m.style, "/") {
				cur = []numItem{it}
			}
		case fits(cur, v) && !(outer != nil && fits(outer, v) && tight(cur) && !adjacent(cur, it) && !groupBetween(art, outer, cur)):
			cur = append(cur, it)
		case outer != nil && fits(outer, v):
			cur, outer = append(outer, it), nil // the inner list was steps
		case v == 1:
			if outer != nil {
				runs = append(runs, outer)
			}
			outer, cur = cur, []numItem{it}
		default:
			runs = appendRuns(runs, outer, cur)
			cur, outer = nil, nil
		}
	}
	return appendRuns(runs, outer, cur)
}

// dashScore is a match's result as a line: "Kingsmoor 4-3 Redcliffe Albion".
// resultLine is a match's result over its points: "2nd ODI, Colombo:
// Sri Lanka 268/6 (50) beat India 265 (49.4) by 3 runs".
var resultLine = regexp.MustCompile(`\d.{0,60}\b(beat|beats|lost to|drew with|tied with|defeated|edged|thrashed)\b.{0,60}\bby (\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|an innings)\b`)

var dashScore = regexp.MustCompile(`^\p{Lu}[\p{L}\d'’.&-]*(\s\p{Lu}[\p{L}\d'’.&-]*){0,3}\s\d{1,3}\s?[-–]\s?\d{1,3}\s\p{Lu}[\p{L}\d'’.&-]*(\s\p{Lu}[\p{L}\d'’.&-]*){0,3}( \([^()]{2,60}\))?$`)

// groupBetween reports a group heading between two runs (a product's
// name, a match's score): the second run is the next group's points,
// not steps inside the first run's last point.
func groupBetween(art []*block, outer, cur []numItem) bool {
	from, to := outer[len(outer)-1].pos, cur[0].pos
	for p := from + 1; p < to; p++ {
		if b := art[p]; (b.kind == heading || b.bold) && !isMarked(b) && outranksItem(b, art[cur[0].pos]) {
			return true
		}
		if p == to-1 && scoreLine(art[p]) {
			return true // a match's score on a line of its own over its points
		}
	}
	return false
}

// outranksItem reports a heading set above an item: a heading of a higher
// level than a heading item, any heading or bold line above a paragraph.
func outranksItem(h, it *block) bool {
	if it.kind == heading {
		return h.kind == heading && h.level < it.level
	}
	return true
}

func appendRuns(runs [][]numItem, more ...[]numItem) [][]numItem {
	for _, r := range more {
		if len(r) > 0 {
			runs = append(runs, r)
		}
	}
	return runs
}

// fits reports whether v can follow the run: the next number, a repeat
// or a gap of one.
func fits(run []numItem, v int) bool {
	last := run[len(run)-1].m.n
	return v == last+1 || v == last+2 || (v == last && last > 1)
}

// apartFromSteps splits a scraper's all-"1." list of points, each set
// apart by a blank line, from a tight list counting up inside one of them
// (each item on the line straight under the last): nil when the items
// are not so.
func apartFromSteps(items []numItem, art []*block) (spaced, tight []numItem) {
	for k, it := range items {
		b := art[it.pos]
		close := k > 0 && b.line > 0 && b.line == art[items[k-1].pos].line+1 || k+1 < len(items) && b.line > 0 && art[items[k+1].pos].line == b.line+1
		if close {
			tight = append(tight, it)
		} else {
			spaced = append(spaced, it)
		}
	}
	if len(spaced) < 3 || len(tight) < 2 || !allOnes(spaced) || allOnes(tight) {
		return nil, nil
	}
	return spaced, tight
}

func allOnes(items []numItem) bool {
	for _, it := range items {
		if it.m.n != 1 {
			return false
		}
	}
	return len(items) > 1
}

// tight reports a run whose items follow one another with nothing
// between them: a list, not a series of sections.
func tight(run []numItem) bool {
	for i := 1; i < len(run); i++ {
		if run[i].pos != run[i-1].pos+1 {
			return false
		}
	}
	return true
}

func adjacent(run []numItem, it numItem) bool { return it.pos == run[len(run)-1].pos+1 }

// countdowns reverses nothing but accepts a list that counts down to 1
// ("No. 5" ... "No. 1"), read in article order, or three items or more
// that count down from higher ("10. Adele", "9. ...", "8. ..."), when the
// page sets its last place apart.
func countdown(items []numItem) []numItem {
	if len(items) < 2 || items[len(items)-1].m.n != 1 && (len(items) < 3 || items[0].m.n > 25) {
		return nil
	}
	for i := 1; i < len(items); i++ {
		if items[i].m.n != items[i-1].m.n-1 {
			return nil
		}
	}
	return items
}

// numberedLayouts makes a layout from each run of numbered items, and a
// two-level layout where runs restart under group headings.
func numberedLayouts(art []*block) []layout {
	byKey := map[string][]numItem{}
	var keys []string
	all := numberedItems(art)
	for _, it := range all {
		if _, ok := byKey[it.key]; !ok {
			keys = append(keys, it.key)
		}
		byKey[it.key] = append(byKey[it.key], it)
	}
	var out []layout
	for _, k := range keys {
		items := byKey[k]
		if c := countdown(items); c != nil {
			out = append(out, numberedLayout(art, c, "numbered"))
			continue
		}
		runs := numberedRuns(threadLede(art, items), art)
		if l, ok := twoLevel(art, runs); ok {
			out = append(out, l)
		}
		for _, r := range runs {
			l := numberedLayout(art, fillGaps(art, all, r), "numbered")
			groupedThrough(art, &l)
			scoresThrough(art, &l)
			threadSignOff(art, &l)
			threadContext(art, &l)
			ordinalPosts(&l)
			out = append(out, l)
		}
	}
	return out
}

// ordinalPosts reads numbered posts whose points say their place in
// words ("2/ First: Nobody trains for the downhills. ...", "3/ Second:
// ..."), three or more: the word is no head, so it goes (parseOrdinal);
// and the posts after the last such one (a shout-out, a sign-off) are
// not points.
func ordinalPosts(l *layout) {
	last, n := -1, 0
	for i, s := range l.sections {
		if _, _, ok := parseOrdinal(s.head); ok {
			last, n = i, n+1
		}
	}
	if n < 3 || n*2 < len(l.sections) {
		return
	}
	if last+1 < len(l.sections) {
		l.stop = l.sections[last+1].start // the last point ends where the next post begins
		l.sections = l.sections[:last+1]
	}
	for i := range l.sections {
		if _, rest, ok := parseOrdinal(l.sections[i].head); ok {
			l.sections[i].head = rest
		}
	}
}

// contextPost opens a thread's post that gives the background before
// the points: "First, some context.", "Some background:", "Quick context:".
var contextPost = regexp.MustCompile(`(?i)^(first,? )?((some|a bit of|a little|quick) )?(context|background)\b[ .:—–-]`)

// threadContext drops a thread's first numbered post from the points
// when it gives the background ("2/ First, some context. We build ..."):
// it belongs to the lede.
func threadContext(art []*block, l *layout) {
	if len(l.sections) < 4 || len(l.groups) > 0 {
		return
	}
	if m, ok := blockMarker(art[l.sections[0].start]); ok && strings.HasSuffix(m.style, "/") && m.n <= 2 && contextPost.MatchString(m.rest) {
		l.sections = l.sections[1:]
	}
}

// threadSignOff ends a thread's points before its last posts (up to
// three) when they only sign off ("6/ I'll post the table tomorrow.
// /end", "That's it. Follow for more", "Huge thanks to ..."): they are
// neither points nor the close.
func threadSignOff(art []*block, l *layout) {
	for k := 0; k < 3; k++ { // "12/ If this was useful, follow me ...", then "13/ Also: huge thanks to ..."
		n := len(l.sections)
		if n < 4 || len(l.groups) > 0 {
			return
		}
		last := l.sections[n-1].start
		if m, ok := blockMarker(art[last]); !ok || !strings.HasSuffix(m.style, "/") || !signOff.MatchString(art[last].text) {
			return
		}
		l.sections, l.stop, l.closed = l.sections[:n-1], last, true
	}
}

// signOff is a thread's last post that only ends it.
var signOff = regexp.MustCompile(`(?i)(/end\b|\bend of (the )?thread\b|^\d+/\d*\s*(that['’]s (it|all)|thanks for reading|if (this|you found this)( thread)? (was|is) (useful|helpful)|(also:? )?(huge |big |special )?(thanks|shout-?out) to)\b|\bfollow (me )?(@\w+ )?for more\b)`)

// scoresThrough gives the points of a list numbered straight through
// the matches of a round-up their group: a match's score on a line of its
// own ("U14s 0-2 Castleford Juniors", perhaps over its sponsor's line)
// just above the first point and above two others or more.
func scoresThrough(art []*block, l *layout) {
	if len(l.groups) > 0 || len(l.sections) < 3 {
		return
	}
	scoreAbove := func(i int) int {
		from := 0
		if i > 0 {
			from = l.sections[i-1].start + 1
		}
		for p := l.sections[i].start - 1; p >= from && p >= l.sections[i].start-2; p-- {
			if scoreLine(art[p]) {
				return p
			}
			if b := art[p]; b.kind == para && b.words <= 6 && !endsSentence(b.text) && (letterGroup(b.text) || capsLabel(b)) {
				return p // "A. Offense" or "THE GOOD" over points numbered straight through the groups
			}
		}
		return -1
	}
	if scoreAbove(0) >= 0 {
		groupsThrough(art, l, scoreAbove)
	}
}

// isScore reports a match's final score: "Salt Harbor Mariners 19, Cold
// Springs Pioneers 17", "Kingsmoor 4-3 Redcliffe Albion".
func isScore(s string) bool { return matchScore.MatchString(s) || dashScore.MatchString(s) }

// scoreLine is a match's score or result on a line of its own, over its
// points: "Kingsmoor 4-3 Redcliffe Albion", "2nd ODI, Colombo: Sri Lanka
// 268/6 (50) beat India 265 (49.4) by 3 runs".
func scoreLine(b *block) bool {
	return b.kind == para && !b.bullet && b.lead == "" && b.words <= 25 && !endsSentence(b.text) &&
		(!isMarked(b) && (dashScore.MatchString(b.text) || resultLine.MatchString(b.text)) || matchScore.MatchString(b.text)) // "No. 4 Tallis State 31, ..." opens with a ranking, not a point's number
}

// groupsThrough gives each point of l the group whose line groupAt finds
// over it (-1: the group of the point before), when there are two groups
// or more.
func groupsThrough(art []*block, l *layout, groupAt func(i int) int) {
	groups := map[int]bool{}
	names := make([]string, len(l.sections))
	cur := ""
	for i := range l.sections {
		if g := groupAt(i); g >= 0 {
			groups[g], cur = true, groupName(art[g].text)
		}
		names[i] = cur
	}
	if len(groups) < 2 {
		return
	}
	for i := range l.sections {
		l.sections[i].group = names[i]
	}
	l.groups = groups
}

// letterGroup is a group's line marked with a capital letter: "A.
// Offense", "B) Defense".
func letterGroup(t string) bool {
	m, ok := parseMarker(t)
	return ok && m.style[0] == 'a' && len(t) > 1 && isUpper(rune(t[0])) && m.rest != ""
}

// fillGaps puts back an item the run skipped because it was typed
// differently ("3," among "1." items, a bold "3." after "<h2>2)"), when
// its number is the one the run needs at that place.
func fillGaps(art []*block, all []numItem, run []numItem) []numItem {
	if len(run) > 1 && allOnes(run) {
		return run // a flattened list counts nothing: a "2." after it is another list's
	}
	return fillLost(art, filled(all, run))
}

// fillLost puts back a point that lost its number ("3", a heading line,
// then "Turnout slumps to a record low" with no "4" over it, then "5"):
// where the run skips one number, a short heading line with a paragraph
// of prose under it, between the two points, is the missing one.
func fillLost(art []*block, run []numItem) []numItem {
	if len(run) < 3 {
		return run
	}
	out := run[:1:1]
	for k := 1; k < len(run); k++ {
		prev, cur := run[k-1], run[k]
		if cur.m.n == prev.m.n+2 {
			from := prev.pos + 1
			if prev.m.rest == "" {
				from++ // the number alone's heading line
			}
			for p := from + 1; p < cur.pos-1 && p < len(art); p++ {
				b := art[p]
				if b.kind != heading && b.kind != para || isMarked(b) || b.bullet || b.words > 12 || b.words < 2 || endsSentence(b.text) || !isHeadlineLike(b.text) {
					continue
				}
				if n := art[p+1]; n.kind == para && n.words >= 12 && endsSentence(n.text) {
					out = append(out, numItem{pos: p, m: marker{style: prev.m.style, n: prev.m.n + 1, rest: b.text}, key: prev.key})
					break
				}
			}
		}
		out = append(out, cur)
	}
	return out
}

// filled is fillGaps' first step: the items typed differently.
func filled(all []numItem, run []numItem) []numItem {
	out := []numItem{run[0]}
	next := 1
	from := sort.Search(len(all), func(i int) bool { return all[i].pos > run[0].pos })
	end := run[len(run)-1].pos + nearby // a point typed differently just after the run
	taken := -1                         // the index in all of the last item taken
	for k, it := range all[from:] {
		last := out[len(out)-1]
		if it.pos > end && next >= len(run) {
			break
		}
		if next >= len(run) && it.m.n == 1 && it.pos > run[len(run)-1].pos {
			break // another list starts after the run ("Agenda for the April 9 meeting" over 1 to 7): its numbers are its own
		}
		if next < len(run) && it.pos == run[next].pos {
			out = append(out, it)
			next++
			taken = k
			continue
		}
		before := next >= len(run) || it.pos < run[next].pos
		// past the run, the list may go on with a gap of one ("1,", "2)",
		// "3.", then "5.", "6."), each point within reach of the last
		step := it.m.n == last.m.n+1 || next >= len(run) && it.m.n == last.m.n+2 ||
			it.m.n == last.m.n && it.m.n > 1 && it.key == last.key && taken == k-1 // a site's repeated "3.", straight after it
		if before && step && it.m.rest != "" && compatible(it.key, last.key) &&
			(next >= len(run) || run[next].m.n != it.m.n) {
			out = append(out, it)
			taken = k
			if next >= len(run) {
				end = it.pos + nearby
			}
		}
	}
	return out
}

// compatible reports whether two items are set alike: the same
// container, or both set as headings (a heading tag or a bold line).
func compatible(a, b string) bool {
	ca, _, _ := strings.Cut(a, "|")
	cb, _, _ := strings.Cut(b, "|")
	return ca == cb || (ca[0] == 'h' || ca == "b") && (cb[0] == 'h' || cb == "b")
}

// threadEnd is a thread's last post signing off: "9/ That's it! Thanks
// for reading ...", "/end".
var threadEnd = regexp.MustCompile(`(?i)^(that['’]s (it|all|the thread)\b|thanks for reading\b|fin\b|/?end\b|end of thread\b)`)

// clockLed opens a timeline's row with its time: "2:51 a.m. - ...", "14:05 ...".
var clockLed = regexp.MustCompile(`(?i)^\d{1,2}[:.]\d{2}\s?([ap]\.?m\.?)?\s`)

func numberedLayout(art []*block, run []numItem, kind string) layout {
	l := layout{kind: kind}
	if n := len(run); n > 2 && strings.HasSuffix(run[n-1].m.style, "/") && threadEnd.MatchString(run[n-1].m.rest) {
		run = run[:n-1] // the thread's sign-off, not a point
	}
	if n := len(run); n > 2 && !clockLed.MatchString(run[0].m.rest) && clockLed.MatchString(run[n-1].m.rest) {
		run = run[:n-1] // "6. 2:51 a.m. - Final budget adopted": a timeline's last row after the points' own list
	}
	for _, it := range run {
		s := section{start: it.pos, head: it.m.rest}
		if it.m.rest == "" && it.pos+1 < len(art) {
			s.head, s.skip = art[it.pos+1].text, 1
		}
		l.sections = append(l.sections, s)
	}
	return l
}
