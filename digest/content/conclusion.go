package content

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// conclusionLead opens a numbered point that is the conclusion.
var conclusionLead = regexp.MustCompile(`(?i)^(so,? )?(the )?(bottom line|verdict|upshot|conclusion|final (thoughts?|word|verdict)|in (conclusion|summary|short)|what[’']?s next|what (happens|comes) (next|now)|looking ahead|next steps|tl;? ?dr|zooming out|stepping back)\s*[:—–-]|^(so,? )?where (does|do) (this|that|it|all this) leave (us|me|them|[\p{L}]+)\?\s|^(so,? |and )?if (i|we) had to (sum|boil|squash|distil+|summari[sz]e|put)\b[^:.!?]{0,60}:\s`)

// conclusionItem finds a numbered point that is really the conclusion
// ("7/8 Bottom line: ...", or a thread's last post opening as a close
// does: "8/ None of this means ..."): it and what follows close the
// story. The string is the run-in text to take the close's heading from,
// "" for a close without one.
func conclusionItem(art []*block, l layout) (layout, int, string) {
	if strings.HasPrefix(l.kind, "heading") {
		return l, -1, ""
	}
	for i := 1; i < len(l.sections); i++ {
		if s := l.sections[i]; s.skip == 0 && (conclusionLead.MatchString(s.head) || i == len(l.sections)-1 && (leadCloses(art[s.start]) || namedCloseItem(art, s))) { // or a last "**Would I do it again?** Yes. ..."
			l.sections = l.sections[:i:i]
			return l, s.start, s.head
		}
	}
	if n := len(l.sections); n >= 4 {
		// a thread's last post that opens as a close does ("8/ None of
		// this means the election is decided, ..."), or the one before a
		// last post of plugs ("8/ Put it together and ...", then "9/ Full
		// story ..."): the writer's close, set as a post
		for k := n - 1; k >= n-2 && k >= 3; k-- {
			s := l.sections[k]
			if s.skip != 0 || !(strongClose.MatchString(s.head) || k == n-2 && weakClose.MatchString(s.head)) {
				continue
			}
			if m, ok := blockMarker(art[s.start]); ok && strings.HasSuffix(m.style, "/") && closes(&block{kind: para, text: m.rest, words: wordCount(m.rest)}) {
				l.sections = l.sections[:k:k]
				return l, s.start, ""
			}
		}
	}
	return l, -1, ""
}

// namedCloseItem reports a last numbered heading line that names the
// close and nothing more ("6. Final thoughts"), over paragraphs of its
// own: the writer numbered the close with the points.
func namedCloseItem(art []*block, s section) bool {
	b := art[s.start]
	head := strings.TrimRight(s.head, ".:")
	return head != "" && wordCount(head) <= 4 && !strings.ContainsAny(head, ".!,;") && conclusionHeading.MatchString(head) &&
		isMarked(b) && strings.HasSuffix(b.text, head) && s.start+1 < len(art) && art[s.start+1].kind == para && !isMarked(art[s.start+1])
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
		if t := art[p].text; t != "" && strings.IndexByte("iItTsS", t[0]) >= 0 && explicitClose.MatchString(t) && closes(art[p]) {
			return p // "In conclusion, the pilot answered some questions ...": a close that says so, under any point
		}
	}
	if cl, end, ok := closeScope(art, l); ok {
		if p := closingCue(art, cl, end); p >= 0 && !namedCloseAfter(art, last.start+last.skip) {
			return p // "None of this is new ..." before the writer's name and notes
		}
	}
	for p := last.start + 1 + last.skip; p < len(art) && !(l.closed && p >= l.stop); p++ {
		b := art[p]
		if b.kind == para && strings.Contains(b.text, ": ") && labelEarlier(art, l, b.text) {
			continue // "What it means for you: ..." under every point: the points' own label, not the close
		}
		if isConclusionHead(b) || conclusionLead.MatchString(b.text) && !(headedSections(l) && b.kind == para && b.lead == "") || leadCloses(b) {
			if hasPrefixFold(b.text, []string{"next up", "up next"}) {
				if c := closingParagraph(art, l); c >= 0 && c < p {
					return c // the writer's closing paragraph over the schedule's "Next up: Hawks vs. Pilots, Friday ..."
				}
			}
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
		if numbered && b.words <= 4 && (storyBoxLabel.MatchString(b.text) || admonition.MatchString(b.text)) {
			continue // "FACT CHECK" or a "Note" aside over its one paragraph: a box in the story, not its close
		}
		dek := last.skip > 0 && p == last.start+1+last.skip // "5" over the heading line over its standfirst: the point's, not a close
		if numbered && b.words <= 12 && labelled(b.text) && p+1 < len(art) && labelled(art[p+1].text) && !isConclusionHead(b) {
			continue // "Player of the round: A Name" over "Try of the round: ...": a box of awards, not a close
		}
		if numbered && p+1 < len(art) && !dek && !isMarked(b) && !scoreboard(b.text) && (outranks(b, art[last.start], art, p) || datesHead(art, p)) && !tableBelow(art, p) && !ratingsBelow(art, p) {
			for q := p + 1; q < len(art) && q <= p+40 && !(l.closed && q >= l.stop); q++ {
				if c := art[q]; c.kind == b.kind && c.level == b.level && c.bold == b.bold && !isMarked(c) && isConclusionHead(c) {
					return q // "## How to upgrade", then "## So, what's the verdict?": the close is the one named so
				}
			}
			return p
		}
	}
	if p := closeAfterBreak(art, l); p >= 0 {
		return p
	}
	if p := wholePieceClose(art, l); p >= 0 {
		return p
	}
	if p := nextStepsClose(art, l); p >= 0 {
		return p
	}
	return closingParagraph(art, l)
}

// labelEarlier reports a paragraph's run-in label ("What it means for
// you:") that a paragraph under an earlier point opens with too.
func labelEarlier(art []*block, l layout, t string) bool {
	label := labelOf(t)
	if wordCount(label) > 6 {
		return false
	}
	for p := l.sections[0].start + 1; p < l.sections[len(l.sections)-1].start; p++ {
		if art[p].kind == para && strings.HasPrefix(art[p].text, label+": ") {
			return true
		}
	}
	return false
}

// nextStepsClose is the story's last paragraph when it opens by looking
// ahead ("What happens next is now a question for Whitehall as much as
// ..."), under a last point that has a paragraph of its own before it;
// or -1. (A last paragraph that only says what is scheduled, "The board
// is scheduled to certify the results on Oct. 21.", stays the point's:
// blind readers split on it.)
func nextStepsClose(art []*block, l layout) int {
	last := l.sections[len(l.sections)-1]
	if l.closed || l.box {
		return -1
	}
	p := lastProse(art, last.start)
	if p <= last.start+1+last.skip || !closes(art[p]) || !nextSteps.MatchString(art[p].text) {
		return -1
	}
	return p
}

// wholePieceClose is the story's last paragraph under a last heading
// line that has a paragraph of its own before it, when it speaks of the
// whole story ("Whether any of this survives contact with an elected
// house is the real question.", "None of this is new.", "For all the
// attention on the blockbusters, ..."); or -1. Headed points' other
// paragraphs are their own text.
func wholePieceClose(art []*block, l layout) int {
	last := l.sections[len(l.sections)-1]
	if l.closed || l.box || !strings.HasPrefix(l.kind, "heading") || art[last.start].kind == heading && art[last.start].level <= 2 && len(l.sections) < 3 {
		return -1
	}
	p := lastProse(art, last.start)
	if p <= last.start+1+last.skip || art[p].bullet || isMarked(art[p]) || !closes(art[p]) || !(strongClose.MatchString(art[p].text) || wholeStory.MatchString(art[p].text) || weakClose.MatchString(art[p].text)) {
		return -1
	}
	return p
}

// wholeStory opens a paragraph that speaks of all the story has said.
var wholeStory = regexp.MustCompile(`(?i)^(whether|if|how much|how far|how) (any|all|none) of (this|it|these|that)\b`)

// lastProse is the story's last paragraph of prose after from, or from
// when there is none.
func lastProse(art []*block, from int) int {
	p := len(art) - 1
	for p > from && !proseLike(art[p]) {
		p--
	}
	return p
}

// nextSteps opens a paragraph that looks ahead: "What happens next ...".
var nextSteps = regexp.MustCompile(`(?i)^(so,? )?what (happens|comes) next\b`)

// closeAfterBreak is the writer's closing paragraph set apart from the
// last point by a section break ("* * *", a rule): one to three
// paragraphs of prose after it end the story, no heading or list among
// them, and no break stands between the points (a page that rules off
// every part tells nothing by it); or -1.
func closeAfterBreak(art []*block, l layout) int {
	last := l.sections[len(l.sections)-1]
	if l.closed || l.box {
		return -1
	}
	for p := l.sections[0].start + 1; p <= last.start; p++ { // (a break over the first point only sets off the intro)
		if art[p].brk {
			return -1
		}
	}
	for p := last.start + 1 + last.skip; p < len(art); p++ {
		if !art[p].brk {
			continue
		}
		end := len(art)
		for q := p + 1; q < len(art) && q <= p+4; q++ {
			if b := art[q]; b.kind != quote && !b.bullet && isDepartment(b) {
				end = q // a newsletter's "Quick hits" after the close: its next regular section
				break
			}
		}
		if !closes(art[p]) || end-p > 3 {
			return -1
		}
		for q := p + 1; q < end; q++ {
			if b := art[q]; b.kind != para || b.bullet || isMarked(b) || !proseLike(b) {
				return -1
			}
		}
		return p
	}
	return -1
}

// closingParagraph is the writer's close after points that are
// paragraphs, each its run-in head and body ("1. The top order ... .
// Its openers ..."): the paragraph after the last point when no point
// has a paragraph of its own under it ("Environmental groups welcomed
// the deal with caution. ..."), or else one that opens as a close does
// (closingCue). A note ("Correction: ...") is neither.
func closingParagraph(art []*block, l layout) int {
	last, end, ok := closeScope(art, l)
	if !ok {
		return -1
	}
	if p := closingCue(art, last, end); p >= 0 {
		return p
	}
	split := false // one point set as its head over its one paragraph, the others run in
	for i, s := range l.sections {
		stop := end
		if i+1 < len(l.sections) {
			stop = l.sections[i+1].start
		}
		if i+1 < len(l.sections) && !split && art[s.start].kind != heading && s.skip == 0 && art[s.start].words < 12 && stop == s.start+2 {
			split = true // "1. It worked better than the shot." over its paragraph
			continue
		}
		if s.skip > 0 || art[s.start].words < 12 || art[s.start].kind == heading {
			return -1 // a heading's point, or one with no body beside its head
		}
		for p := s.start + 1; p < stop && i+1 < len(l.sections); p++ {
			if art[p].words >= 20 && !opensQuote(art[p].text) {
				return -1 // a paragraph of its own under a point (a caption, "Halafihi celebrates a wicket on day four.", is shorter; a quote from the game is the point's)
			}
		}
	}
	p := last.start + 1
	for p < end && art[p].words < 10 && !endsSentence(art[p].text) {
		if storyBoxLabel.MatchString(art[p].text) {
			return -1 // "FACT CHECK" over its paragraph: a box in the story
		}
		p++ // a caption or a credit under the last point
	}
	if p < end && closes(art[p]) && !opensQuote(art[p].text) && !awardLabel(art[p].text) {
		return p // (a quote opening the paragraph is a reaction to the news, the story going on: not the writer's close)
	}
	return -1
}

// awardLabel reports a paragraph under a label that names the game's
// pick of something ("Next Gen Stats insight of the game: ...", "Play of
// the night: ..."): a box of the story's page, not the writer's close.
func awardLabel(t string) bool {
	label, _, ok := strings.Cut(t, ": ")
	return ok && wordCount(label) <= 8 && ofTheGame.MatchString(label)
}

var ofTheGame = regexp.MustCompile(`(?i)\bof the (game|night|match|week|day|round|race|series)$`)

// opensQuote reports a paragraph that opens with a quotation: a
// speaker's words.
func opensQuote(t string) bool { return strings.HasPrefix(t, "\"") || strings.HasPrefix(t, "“") }

// closingCue is the first paragraph within a dozen blocks after the
// last point's start, however long the points run, that opens as a close
// does (strongClose: "All told, ...", "Anyway, that's my list.", "None of
// this is new ..."), or the story's last paragraph, before end, opening
// with a weaker cue too (weakClose: "For now, ...", "In the end, ...");
// -1 when there is none. last and end are closeScope's.
func closingCue(art []*block, last section, end int) int {
	opens := func(p int) bool {
		t := art[p].text
		return (strongClose.MatchString(t) || p == end-1 && weakClose.MatchString(t)) && closes(art[p])
	}
	for p := last.start + 1; p < end && p <= last.start+12; p++ { // a close stands near the points, not pages on
		if opens(p) {
			return p
		}
		if b := art[p]; b.kind == para && !b.bullet && !isMarked(b) && b.words <= 60 && closingQuestion.MatchString(b.text) {
			return p // "That's it. Would I do it again? Ask me next week.": a goodbye that answers the close's question
		}
	}
	if p := end - 1; p > last.start+12 && opens(p) {
		return p
	}
	return -1
}

// namedCloseAfter reports a close named as one after p ("The bottom
// line", "Final takeaways"): it, not a paragraph before it, is the close.
func namedCloseAfter(art []*block, p int) bool {
	for q := p + 1; q < len(art); q++ {
		if isConclusionHead(art[q]) || conclusionLead.MatchString(art[q].text) {
			return true
		}
	}
	return false
}

// closeScope is the last point and the end of the story's paragraphs
// (past a sign-off's name, a caption, a tag line), for the kinds of
// points whose close may be a paragraph without a heading.
func closeScope(art []*block, l layout) (section, int, bool) {
	switch l.kind {
	case "numbered", "run-in heads", "run-in groups", "bullet groups", "ordinals":
		if l.box {
			return section{}, 0, false
		}
	case "key points box": // "Here are the key takeaways:" over the story's points, a paragraph after them
		if len(art)-l.sections[len(l.sections)-1].start > 4 {
			return section{}, 0, false // a box over the story's own text, which goes on under it
		}
		for _, s := range l.sections {
			if t := art[s.start].text; firstSentence(t) == t {
				return section{}, 0, false // a summary's one-sentence lines: the story under them is no close
			}
		}
	default:
		return section{}, 0, false
	}
	ordinalSection := l.kind == "ordinals" && l.stop > 0 // a newsletter section's "First, ...", "Finally, ..." (ordinalsUnder)
	if l.closed && !ordinalSection || len(l.sections) < 3 || l.stop > 0 && !ordinalSection {
		return section{}, 0, false
	}
	last := l.sections[len(l.sections)-1]
	if last.skip > 0 || art[last.start].kind == heading {
		return section{}, 0, false // points under heading lines: their paragraphs are their text
	}
	end := len(art)
	if ordinalSection {
		end = l.stop
	}
	for end > last.start+1 && !proseLike(art[end-1]) {
		end--
	}
	return last, end, true
}

// closes reports a paragraph of prose that may close a story: not a
// list's item, a label's paragraph, a note (a source's too), a plug or a
// goodbye.
func closes(b *block) bool {
	return b.kind == para && !b.bullet && !isMarked(b) && b.lead == "" && b.words >= 12 && proseLike(b) &&
		!admonition.MatchString(labelOf(b.text)) && !signOffOpening.MatchString(b.text) && !sourceNote.MatchString(b.text) && !sitePlug.MatchString(b.text)
}

// sitePlug is a publication's plug for itself: "Freight & Margin covers
// the business of moving goods. Sign up for our weekly briefing.", or its
// pointer to a document: "The full list of nominees is available on ..."
var sitePlug = regexp.MustCompile(`(?i)\b(sign up for (our|the)|subscribe (to (our|the)|now|today)|sign up (now|today|here))\b|^(the |a )?(full|complete) (list|results|text|report|transcript|schedule|ruling|decision)\b[^.]{0,80}\b(is|are|can be) (available|found|read|seen|here|online)\b`)

// sourceNote opens a note on where a story's figures come from: "Stats
// via UGL game books ...", "Data from the county's open data portal".
var sourceNote = regexp.MustCompile(`(?i)^(stats|statistics|data|figures|numbers|information|research) (via|from|courtesy of|provided by|compiled by|are from)\b`)

// labelOf is the text before a paragraph's first colon, or all of it:
// "Correction" in "Correction: An earlier version ...".
func labelOf(t string) string {
	label, _, _ := strings.Cut(t, ":")
	return label
}

// proseLike reports a paragraph of sentences, ten words or more: its
// last sentence ends with a stop, or a stop ends one before it ("...
// for a brilliant event. See you next year 🇳🇴").
func proseLike(b *block) bool {
	return b.words >= 10 && (endsSentence(b.text) || strings.Contains(b.text, ". "))
}

// closingQuestion is the question a writer closes on, in a paragraph's
// first sentences: "Would I do it again?", "Was it worth it?".
var closingQuestion = regexp.MustCompile(`(?i)^([^.!?]{0,40}[.!] )?(so,? )?((would|will) (i|we) do it (all )?again|was it (all )?worth it)\?`)

// explicitClose opens a paragraph that names itself the close: "In
// conclusion, ...", "To sum up, ...".
var explicitClose = regexp.MustCompile(`(?i)^(so,? )?(in conclusion|to conclude|to sum (it )?up|in summary|to summari[sz]e)\b`)

// strongClose opens a close wherever it stands after the points.
var strongClose = regexp.MustCompile(`(?i)^((so,? )?(all told|all in all|anyway|overall|taken together|on balance),|none of (this|these)\b|(and )?that['’]s my (list|take)\b|(the |my )?(biggest|main|overall|one) (lesson|takeaway)( overall| of all)?\?)`)

// signOffOpening opens a writer's goodbye, which is no close: "That's
// all for this month. Reply and tell me ...", "Right, that's me done.
// Back next week ...", "Cheers for all the advice".
var signOffOpening = regexp.MustCompile(`(?i)^(((right|ok|okay|anyway),? )?that['’]s (it|all|me( done)?)\b|back next week\b|thanks (for reading|again)\b|cheers\b|see you\b|until next (time|week)\b|happy [a-z]+ing\b)`)

// weakClose opens a close only as the story's last paragraph: "For
// now, ...", "In the end, ...", "That said, ...", "Game 4 tips off Friday
// ...".
var weakClose = regexp.MustCompile(`(?i)^((so,? )?(in the end|in short|in sum|either way|whatever happens|for now|put (it all )?together|at the end of the day|for all (of )?that|that said),|put (it all|it|them|these) together and\b|for all the [\p{L}-]+( [\p{L}-]+)? (about|over|around|surrounding|on)\b[^,.]{0,80},|taken together\b|none of it\b|(game|match|leg|round|race|test) \d{1,2} (is|tips off|starts|begins|will be)\b)`)

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
// transcript and links, a paper's sources, a match's summary box and
// stats.
var pagePartLabel = regexp.MustCompile(`(?i)^((full |episode |auto-generated )?transcript\b.{0,40}|read (the )?full transcript|show notes|(links |resources )?mentioned in (this|the|today['’]s) (episode|show)|chapters|timestamps|further reading|references|sources|footnotes|endnotes|(game|match|scoring) summary|box ?score|(game |match |team |player )?stats|statistics|line-?ups?|methodology|(notes on|about (the|our|this)) (methodology|data|report|survey|analysis)|how we did (this|it)|about the data)[:.]?$`)

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
