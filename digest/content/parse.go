package content

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/digest-dev/digest/digest"
)

// Options tune the parser.
type Options struct {
	SummaryWords int           // cap on a takeaway's summary; 0: 30
	MaxBytes     int           // largest article read; 0: DefaultMaxBytes (5 MB)
	KeyPoints    int           // key points extracted from an article without takeaways; 0: 5
	NoKeyPoints  bool          // extract no key points
	ReadTimeout  time.Duration // time allowed to read one file; 0: 10s
	Logger       *slog.Logger  // receives warnings (an unreadable date); nil: discard
}

func (o Options) maxBytes() int {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) warn(name, msg string) {
	if o.Logger != nil {
		o.Logger.Warn(msg, "file", name)
	}
}

// Format is an article's source format.
type Format int

// The formats Parse reads.
const (
	Text Format = iota
	Markdown
	HTML
)

// FormatOf picks the format from a file name; ok is false for other files.
func FormatOf(name string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return Markdown, true
	case ".txt", ".text":
		return Text, true
	case ".html", ".htm":
		return HTML, true
	}
	return Text, false
}

// Parse reads one article. name is used for the format, messages and a
// fallback title. An article in which no takeaways are found becomes a
// story whose intro carries its gist, whose Body keeps its whole text,
// and whose takeaways are key points extracted from it (marked Extracted).
func Parse(name string, data []byte, opt Options) (*digest.Story, error) {
	format, _ := FormatOf(name)
	return parseAs(name, format, data, opt)
}

// parseAs reads one article in the given format; name is used only for
// messages and as the story's path.
func parseAs(name string, format Format, data []byte, opt Options) (*digest.Story, error) {
	st, _, err := parse(name, format, data, opt)
	return st, err
}

// Line is one block of an article as --explain shows it: where it
// starts, what it became, and its text.
type Line struct {
	Line int    // source line; for HTML, the block's number
	Role string // "title", "lede", "takeaway 2 heading", "dropped (caption)"...
	Text string
}

// Explain parses an article like Parse and also says, block by block,
// what each part became and which rule dropped what.
func Explain(name string, data []byte, opt Options) (*digest.Story, []Line, error) {
	format, _ := FormatOf(name)
	st, bs, err := parse(name, format, data, opt)
	var lines []Line
	for i, b := range bs {
		n := b.line
		if n == 0 {
			n = i + 1
		}
		role := b.role
		switch {
		case b.drop != "" && role == "":
			role = "dropped (" + b.drop + ")"
		case role == "":
			role = "body" // article text outside the takeaways, kept in the story's body
		}
		if b.titled != "" {
			lines = append(lines, Line{Line: n, Role: "title", Text: b.titled})
			if b.text == "" {
				continue // the post was its headline and a thread's mark ("Short thread 🧵")
			}
		}
		lines = append(lines, Line{Line: n, Role: role, Text: b.text})
	}
	return st, lines, err
}

func parse(name string, format Format, data []byte, opt Options) (*digest.Story, []block, error) {
	src, err := decode(data, format, opt.maxBytes())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	st := &digest.Story{Path: name}
	if format == Text {
		src = unlynx(src)
	}
	bs, err := readBlocks(st, src, format, func(msg string) { opt.warn(name, msg) })
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	removeBoilerplate(bs)
	readTopMeta(st, bs, format, name)
	dropAuthorBox(st, bs)
	dropRoleLines(bs)
	dropBadges(bs)
	art := article(bs)
	if len(art) == 0 {
		return nil, bs, fmt.Errorf("%s: %w", name, ErrNoText)
	}
	l, ok := chooseLayout(art)
	if !ok || notTakeaways(st.Title, art, l) {
		l, ok = countedRunIn(st.Title, art) // "5 takeaways" over five run-in heads among the story's quotes
	}
	if !ok && unrolledThread(bs) {
		l, ok = threadPosts(art) // an unrolled thread's unnumbered posts, each opening with its point
	}
	if ok {
		if c, ok := countedSection(st.Title, art, l); ok {
			l = c // "Four takeaways from ..." over a newsletter's sections: the one section with four sub-headings
		}
		namedList(st.Title, art, &l)
		liveEntryStop(art, &l)
		departmentStop(art, &l)
		if strings.HasPrefix(l.kind, "heading") {
			scoresThrough(art, &l) // heading lines under each match's score line
		}
		build(st, art, l, opt)
	} else {
		gistOnly(st, art, opt)
	}
	for _, b := range art {
		st.Body = append(st.Body, b.text)
	}
	return st, bs, nil
}

// lynxRef is the number lynx -dump sets before each link's text
// ("By [13]A Writer"); lynxRefList is a line of its References list.
var (
	lynxRef     = regexp.MustCompile(`\[\d{1,4}\]([\p{L}\d"“'‘(])`)
	lynxRefList = regexp.MustCompile(`(?m)^ *\d{1,4}\. (https?|mailto|file):`)
)

// unlynx takes the link numbers out of a lynx -dump, which lists the
// addresses under "References" at its end: "By [13]A Writer" is a byline
// again, "[16]Facebook [17]X" a share line. A number that opens its line
// stays: such a line is a link of the page's menu or footer.
func unlynx(src string) string {
	i := strings.Index(src, "\nReferences\n") // a vector scan; LastIndex goes byte by byte
	if i < 0 || !lynxRefList.MatchString(src[i:min(len(src), i+4096)]) {
		return src
	}
	head := src[:i]
	var b strings.Builder
	last := 0
	for _, m := range lynxRef.FindAllStringIndex(head, -1) {
		line := strings.LastIndexByte(head[:m[0]], '\n') + 1
		if strings.TrimLeft(head[line:m[0]], " ") == "" && lynxLinkLine(head, m[0]) {
			continue // a link that is its line ("[1]Skip to main content") stays a line of its own, dropped as such
		}
		b.WriteString(head[last:m[0]])
		last = m[0] + strings.IndexByte(head[m[0]:], ']') + 1
	}
	b.WriteString(head[last:])
	return b.String() + src[i:]
}

// lynxLinkLine reports a link at i that makes up its line: a few words,
// no sentence's stop at the end (not "[15]Millrace bridge page." that a
// wrap set at a line's start).
func lynxLinkLine(s string, i int) bool {
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end = len(s) - i
	}
	l := strings.TrimSpace(s[i : i+end])
	return countWords(l, 8) <= 6 && !strings.HasSuffix(l, ".")
}

// liveEntryStop ends a live page's points at the time stamp of the
// next entry ("21:51 BST"): the entries below the one that holds the
// points are the blog's earlier updates, neither the last point's text
// nor its conclusion.
func liveEntryStop(art []*block, l *layout) {
	if l.stop > 0 || l.box || len(l.sections) == 0 || !isLiveBlog(art) {
		return
	}
	for p := l.sections[len(l.sections)-1].start + 1; p < len(art); p++ {
		if art[p].words <= 3 && timeOnly.MatchString(art[p].text) {
			l.stop, l.closed = p, true
			return
		}
	}
}

// notTakeaways reports a layout whose points are something else: a
// how-to's or recipe's steps, steps under "How to apply", a meeting's
// agenda, release notes.
func notTakeaways(title string, art []*block, l layout) bool {
	return howTo(title, l) || recipe(art, l) || stepsSection(title, art, l) || agenda(art, l) || changelog(art, l) || reportParts(title, art, l) || unannounced(title, art, l)
}

// reportParts reports numbered sections that are a report's parts, the
// first of them "1. Introduction" or "1. Background", in a document whose
// title promises no points: a water-quality report, a policy paper.
func reportParts(title string, art []*block, l layout) bool {
	if len(l.sections) < 3 || l.box || howToPoints.MatchString(title) {
		return false
	}
	b := art[l.sections[0].start]
	return isMarked(b) && b.words <= 4 && reportOpening.MatchString(cleanHeading(stripMarker(b.text)))
}

// reportOpening is the name of a report's first part.
var reportOpening = regexp.MustCompile(`(?i)^(introduction|overview|background|executive summary|purpose( and scope)?|scope|about (this|the) (report|document))$`)

// department is the label of a newsletter's regular section after the
// day's story: "Quick hits", "One more thing", "Before you go".
var department = regexp.MustCompile(`(?i)^(also )?(quick hits|one more thing|(and )?one last thing|in other news|icymi|in case you missed it|before you go|the long read|what else we['’]re reading|what we['’]re reading|today['’]s number|number of the day|(the )?chart( of the (day|week))?|quote of the day|odds and ends|worth your time|on our radar|around the web|elsewhere|the rest of the news|more news|news in brief|on the calendar|(today['’]s )?calendar|birthdays|on tap|happening today|(tweet|post|chart|quote|number|stat|photo|picture|video|read|map|graphic|word|clip) of the (day|week)|data download|one (fun|good|last|final) thing)[:.!]?$`)

// isDepartment reports a newsletter's regular section: its label alone
// ("Quick hits"), or over a line of its own ("Data Download: The numbers
// you need to know today", "ICYMI: What else is happening").
func isDepartment(b *block) bool {
	t := b.text
	if t != "" && t[0] >= 0xE2 {
		t = strings.TrimLeftFunc(t, decoration) // "🎉 One fun thing"
	}
	if b.words <= 6 && department.MatchString(t) {
		return true
	}
	label, rest, ok := strings.Cut(t, ": ")
	return ok && b.words <= 12 && wordCount(label) <= 3 && opensCapital(rest) && department.MatchString(label)
}

// departmentStop ends the points of a story told in a newsletter at its
// first regular section after two points or more ("QUICK HITS", "ONE
// MORE THING"): that section and the ones after it are neither points
// nor the story's close.
func departmentStop(art []*block, l *layout) {
	if l.box || len(l.sections) < 2 || l.closed {
		return
	}
	second := l.sections[1].start
	for p := second + 1; p < len(art); p++ {
		b := art[p]
		if b.words > 12 || !(b.kind == heading || b.bold || isHeadlineLike(b.text) && b.kind == para && !b.bullet) || !isDepartment(b) {
			continue
		}
		if !strings.HasPrefix(l.kind, "heading") {
			// after numbered points the last unnumbered section is the
			// close: one with a regular section after it is not ("THE
			// CHART" before "WHAT WE'RE READING"), unless it is named
			// as the close, and the points end there (at the section
			// itself when more follow it: "ON THE CALENDAR" over "WHAT
			// WE'RE READING", or alone when it is no last word, "One fun
			// thing"; alone, "Before you go" closes the letter);
			// the writer's closing paragraph before "Quick hits" stays
			c := findConclusion(art, *l)
			switch {
			case c < 0 || isConclusionHead(art[c]) || conclusionLead.MatchString(art[c].text):
				// no close, or one named as the close: nothing to stop
			case c < p && !unheadedClose(art[c]):
				l.stop, l.closed = c, true
			case c == p && (departmentAfter(art, p) || !lastWord.MatchString(strings.TrimLeftFunc(art[p].text, decoration))) || c > p:
				l.stop, l.closed = p, true // (a "Tweet of the day" after "Data Download" is no close either)
			}
			return
		}
		keep := l.sections[:0:0]
		for _, s := range l.sections {
			if s.start < p {
				keep = append(keep, s)
			}
		}
		l.sections, l.stop, l.closed = keep, p, true
		return
	}
}

// lastWord is a department that may be a letter's last word: "Before
// you go", "One more thing" (not "One fun thing", "Quick hits").
var lastWord = regexp.MustCompile(`(?i)^(before you go|(and )?one (more|last|final) thing|and finally)\b`)

// departmentAfter reports another of a newsletter's regular sections
// after the one at p.
func departmentAfter(art []*block, p int) bool {
	for q := p + 1; q < len(art); q++ {
		if b := art[q]; b.text != "" && isDepartment(b) {
			return true
		}
	}
	return false
}

// howToTitle is a how-to's headline ("How to descale an espresso
// machine"): its numbered parts are the steps of one task, not
// takeaways, unless the headline promises lessons or tips.
var howToTitle = regexp.MustCompile(`(?i)^how to\b|\bstep[- ]by[- ]step\b|\b(a |my )?(beginner['’]s )?(tutorial|walkthrough|walk-through)\b`)
var howToPoints = regexp.MustCompile(`(?i)\b(take-?aways?|lessons?|learn(ed|t)?|things|tips|ways|reasons|mistakes|key points)\b`)

// howTo reports a how-to whose layout reads its numbered steps as
// points. Its sections under headings of their own ("Before you start",
// "Use your phone's own account") are still its points, and so is a box
// of key points at its top.
func howTo(title string, l layout) bool {
	numbered := l.kind == "numbered" || l.kind == "two-level" || l.kind == "ordinals"
	return numbered && howToTitle.MatchString(title) && !howToPoints.MatchString(title)
}

// ingredients is a recipe's list heading: "Ingredients", "Ingredients:",
// "Ingredients (serves 4)".
var ingredients = regexp.MustCompile(`(?i)^(the )?ingredients( (you['’]ll need|you need|needed|list))?( \(.{1,30}\))?:?$`)

// recipe reports a recipe whose layout reads its numbered method as
// points: an "Ingredients" heading or line before its numbered steps.
func recipe(art []*block, l layout) bool {
	if len(l.sections) == 0 {
		return false
	}
	if l.kind != "numbered" && l.kind != "two-level" {
		// headings: "Ingredients" over its list, then "Method" over the steps
		for _, s := range l.sections {
			if h := cleanHeading(stripMarker(art[s.start].text)); art[s.start].words <= 3 && methodHead.MatchString(h) {
				return slices.ContainsFunc(art[:s.start], func(b *block) bool { return b.words <= 4 && ingredients.MatchString(b.text) })
			}
		}
		return false
	}
	for _, b := range art[:l.sections[0].start] {
		if b.words <= 4 && ingredients.MatchString(b.text) {
			return true
		}
	}
	return false
}

// methodHead heads a recipe's steps.
var methodHead = regexp.MustCompile(`(?i)^(steps|method|instructions|directions|preparation|how to make (it|them))$`)

// changeLabel heads a changelog's kind of change: "Added", "Fixed".
var changeLabel = regexp.MustCompile(`(?i)^(added|changed|fixed|deprecated|removed|security|bug ?fixes|improvements|new features?|known issues)$`)

// changelog reports release notes read as sections: their headings are
// kinds of change ("Added", "Changed", "Fixed"), two or more, a section
// of them at least half the sections.
func changelog(art []*block, l layout) bool {
	n, versions := 0, 0
	for _, s := range l.sections {
		h := cleanHeading(stripMarker(art[s.start].text))
		if changeLabel.MatchString(h) {
			n++
		}
		if versionHead.MatchString(h) {
			versions++
		}
	}
	if versions > 0 && versions*2 >= len(l.sections) {
		// "## Version 3.4.0 - 2024-04-30" over "### Added", "### Fixed"
		labels := 0
		for _, b := range art {
			if b.words <= 3 && changeLabel.MatchString(b.text) {
				labels++
			}
		}
		return labels >= 2
	}
	return n >= 2 && n*2 >= len(l.sections)
}

// versionHead heads a release's notes: "Version 3.4.0 - 2024-04-30", "v2.1".
var versionHead = regexp.MustCompile(`(?i)^(version |v|release )?\d+\.\d+(\.\d+)?\b`)

// agendaItem is a standing item of a meeting's agenda or minutes.
var agendaItem = regexp.MustCompile(`(?i)^((welcome(,| and) )?apologies( for absence)?|welcome and introductions|call to order( and pledge)?|adjournment|consent agenda|public comment.*|minutes of (the )?(previous|last) meeting.*|minutes of \d.*|matters arising|any other business|aob|date of (the )?next meeting|(chair|chairman|chairperson|treasurer|secretary)['’]?s? report|correspondence|declarations of interest)$`)

// agenda reports a meeting's agenda or minutes, its numbered items the
// meeting's business ("1. Welcome and apologies", "3. Matters arising",
// "8. Any other business"), not takeaways: two standing items or more.
func agenda(art []*block, l layout) bool {
	if l.kind != "numbered" && l.kind != "two-level" { // minutes' "Action points" read as a second group
		return false
	}
	n := 0
	for _, s := range l.sections {
		if agendaItem.MatchString(cleanHeading(stripMarker(art[s.start].text))) {
			n++
		}
	}
	return n >= 2
}

// stepsLabel heads a section that is one task's steps: "How to apply",
// "Steps to follow", "What you need to do".
var stepsLabel = regexp.MustCompile(`(?i)^(how to [\p{L} ]{2,30}|(the )?steps?( to [\p{L} ]{2,30})?|what (you need|to do|you should do)( next| now)?|how (it works|to get started)|application process|to apply)[:.]?$`)

// stepsSection reports numbered points that are a task's steps under a
// heading that says so ("How to apply" over "1. Register your operation
// ..."), in a story whose headline promises no points.
func stepsSection(title string, art []*block, l layout) bool {
	if l.kind != "numbered" || len(l.sections) == 0 || howToPoints.MatchString(title) {
		return false
	}
	start := l.sections[0].start
	for p := start - 1; p >= 0 && p >= start-2; p-- {
		if b := art[p]; b.words <= 6 && !isMarked(b) && stepsLabel.MatchString(b.text) {
			return true
		}
	}
	return false
}

// readBlocks splits the source into blocks and applies its metadata
// (front matter, or the page's head).
func readBlocks(st *digest.Story, src string, f Format, warn func(string)) ([]block, error) {
	if f == HTML {
		bs, meta, err := htmlBlocks(src)
		if err != nil {
			return nil, err
		}
		title := meta.headline()
		applyMeta(st, map[string]string{"title": title, "source": meta.source, "url": meta.url, "date": meta.date, "author": meta.author}, warn)
		return bs, nil
	}
	src = normaliseNewlines(src)
	fm, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	if err := applyFrontMatter(st, fm, warn); err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	first := 1 + strings.Count(src[:len(src)-len(body)], "\n")
	if f == Markdown {
		return gluedFirstPoint(markdownBlocks(body, first)), nil
	}
	return gluedFirstPoint(textBlocks(body, first)), nil
}

// gluedFirstPoint splits off the first numbered point that a copy ran
// into the end of the paragraph above it ("... Here is what I do: 1.
// Collect the SWAG"), when "2." opens a later paragraph.
func gluedFirstPoint(bs []block) []block {
	for i := range bs {
		b := &bs[i]
		if b.kind != para || b.bullet || b.words < 8 || !strings.Contains(b.text[max(0, len(b.text)-90):], " 1. ") {
			continue // the point's "1." lies in the paragraph's last 90 bytes
		}
		m := gluedPoint.FindStringSubmatchIndex(b.text)
		if m == nil {
			continue
		}
		second := false
		for j := i + 1; j < len(bs) && j <= i+8 && !second; j++ {
			second = strings.HasPrefix(bs[j].text, "2. ")
		}
		if !second {
			continue
		}
		head := b.text[m[2]:]
		lead := *b
		lead.text = strings.TrimSpace(b.text[:m[2]-len("1. ")])
		lead.words = wordCount(lead.text)
		point := *b
		point.text, point.lead = "1. "+head, ""
		point.words = wordCount(point.text)
		out := make([]block, 0, len(bs)+1)
		out = append(append(append(out, bs[:i]...), lead, point), bs[i+1:]...)
		return out
	}
	return bs
}

// gluedPoint is a paragraph's last sentence ending in a colon, then
// "1." and a short head with no stop: the list's first point.
var gluedPoint = regexp.MustCompile(`[:.] 1\. ([\p{Lu}][^.!?:]{2,80})$`)

// article is the blocks that are article text: not dropped, not the title.
// A block with a section break above it ("* * *", a rule), and nothing
// else kept between, is marked so (brk).
func article(bs []block) []*block {
	var out []*block
	brk := false
	for i := range bs {
		if bs[i].drop == "" && bs[i].role != "title" {
			bs[i].brk, brk = brk, false
			out = append(out, &bs[i])
		} else if bs[i].drop == "separator" {
			brk = true
		}
	}
	return out
}

// dropAuthorBox drops a note about the writer ("Ada Quint is a transport
// planner...") among the last blocks, or above the lede.
func dropAuthorBox(st *digest.Story, bs []block) {
	if st.Author == "" || strings.ContainsAny(st.Author, ",&") {
		return
	}
	seen := 0
	for i := len(bs) - 1; i >= 0 && seen < 3; i-- {
		if bs[i].drop != "" {
			continue
		}
		seen++
		if (strings.HasPrefix(bs[i].text, st.Author+" ") || firstNameNote(bs[i].text, st.Author)) && bs[i].words <= 60 {
			bs[i].drop = "author box"
		}
	}
	// a note about the writer set above the lede: "Ada Quint is a transport
	// planner who ..."
	seen = 0
	for i := 0; i < len(bs) && seen < 4; i++ {
		if bs[i].drop != "" || bs[i].role == "title" {
			continue
		}
		seen++
		if strings.HasPrefix(bs[i].text, st.Author+" ") && bs[i].words <= 40 && authorNote.MatchString(bs[i].text) {
			bs[i].drop = "author note"
		}
	}
}

// firstNameNote is a note about the writer by first name: "Anna covers
// Nordic politics from Stockholm."
func firstNameNote(s, author string) bool {
	first, _, ok := strings.Cut(author, " ")
	rest, found := strings.CutPrefix(s, first+" ")
	return ok && found && authorVerb.MatchString(rest)
}

// authorVerb opens what a note says the writer does.
var authorVerb = regexp.MustCompile(`^(is a|is an|is the|writes|covers|reports( on| for)?|edits|has (covered|written|reported))\b`)

// gistOnly fills a story in which no takeaways were found: its lede as
// the intro, and key points extracted from its text.
func gistOnly(st *digest.Story, art []*block, opt Options) {
	var paras []string
	words := 0
	for _, b := range art {
		b.role = "body"
		if words < 60 && b.kind != heading {
			paras = append(paras, b.text)
			words += b.words
			b.role = "lede"
		}
	}
	st.Intro = strings.Join(paras, "\n\n")
	if !opt.NoKeyPoints {
		st.Takeaways = keyPoints(art, opt.KeyPoints)
	}
}

// gist is the intro of a story whose takeaways come from a key-points
// box: its first paragraphs after the box, up to about 60 words.
func gist(art []*block, l layout) string {
	var out []string
	words := 0
	for p := l.sections[len(l.sections)-1].start + 1; p < len(art) && words < 60; p++ {
		if art[p].kind != heading {
			out = append(out, art[p].text)
			words += art[p].words
		}
	}
	return strings.Join(out, "\n\n")
}

func itoa(n int) string { return strconv.Itoa(n) }

func isUpper(r rune) bool { return unicode.IsUpper(r) }

// unrolledThread reports a thread saved from a thread reader or a social
// site: two or more of its lines went as the reader's or the site's
// furniture.
func unrolledThread(bs []block) bool {
	n := 0
	for i := range bs {
		switch bs[i].drop {
		case "thread meta", "thread reader footer", "thread reader chrome":
			n++
		}
	}
	return n >= 2
}

// threadPosts reads an unrolled thread whose posts carry no numbers: the
// posts that open with a short sentence of their own ("The fare freeze
// is dead. Staff recommended ...") are its points, three or more, and at
// least half of the posts from the first to the last of them. A post
// that goes on from the one before ("To be clear, ...", "And ...") is
// that point's text.
func threadPosts(art []*block) (layout, bool) {
	l := layout{kind: "run-in heads"}
	posts := 0
	for i, b := range art {
		if b.kind != para || b.bullet || isMarked(b) || b.words < 8 {
			continue
		}
		if len(l.sections) > 0 {
			posts++
		}
		first := firstSentence(b.text)
		w := wordCount(first)
		if w < 3 || w > 12 || len(first) >= len(b.text) || !strings.HasSuffix(first, ".") && !strings.HasSuffix(first, "!") ||
			!opensCapital(b.text) || postGoesOn.MatchString(b.text) || conclusionLead.MatchString(b.text) || strings.Contains(first, ": ") {
			continue
		}
		if len(l.sections) == 0 {
			posts++
		}
		l.sections = append(l.sections, section{start: i, head: b.text})
	}
	if len(l.sections) < 3 {
		return layout{}, false
	}
	last := l.sections[len(l.sections)-1].start
	after := 0 // posts after the last point: a close, a sign-off
	for i := last + 1; i < len(art); i++ {
		if b := art[i]; b.kind == para && !b.bullet && b.words >= 8 {
			after++
		}
	}
	return l, len(l.sections)*2 >= posts-after
}

// postGoesOn opens a post that goes on from the one before it.
var postGoesOn = regexp.MustCompile(`^(To be clear|To be fair|And|But|Also|So|Still|Plus|That said|Meanwhile|Again|Even so|Which|This|That|It|Note|PS|P\.S\.|Thanks|Edit|Update|Short version|Full|Next)\b`)
