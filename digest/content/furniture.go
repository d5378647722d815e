package content

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dropFrequentLines drops a short line printed three times or more: an
// account name above each post of a thread, a label on every card.
func dropFrequentLines(bs []block) {
	count := map[string]int{}
	for _, b := range bs {
		if b.words <= 6 && isHeadlineLike(b.text) {
			count[b.text]++
		}
	}
	for i := range bs {
		if bs[i].drop == "" && count[bs[i].text] >= 3 && bs[i].kind != heading {
			bs[i].drop = "repeated line"
		}
	}
}

// isLinkLine is a row of short links joined by " · " or " | " of which
// one at least is furniture ("Read the full timeline · Back to the blog").
func isLinkLine(s string) bool {
	if !hasSeparator(s) || strings.HasPrefix(s, "|") {
		return false // a table row is content
	}
	parts := strings.FieldsFunc(s, metaSep)
	if len(parts) < 2 {
		return false
	}
	furniture := false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if wordCount(p) > 6 || strings.HasSuffix(p, ".") {
			return false
		}
		furniture = furniture || matchRule(p) != "" || isListMarker(p)
	}
	return furniture
}

// isNavLine is a row of three or more menu entries of a word or two:
// "Home • News • Business • Markets", "Home › Sport › Football".
func isNavLine(s string) bool {
	if countVia(s, " - ", 1) >= 3 {
		s = strings.ReplaceAll(s, " - ", " | ") // "popular - all - random - users"
	}
	if !hasSeparator(s) && !strings.Contains(s, "›") && !strings.Contains(s, "»") && strings.IndexByte(s, '>') < 0 || strings.HasPrefix(s, "|") {
		return false // a table row ("| Team | Won |") is content
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return metaSep(r) || r == '›' || r == '»' || r == '>' })
	if len(parts) < 3 {
		return false
	}
	if footerLinks(parts) >= 2 && len(parts) >= 4 {
		return true // "The Lantern · P.O. Box 4471 · About · Staff · Privacy": a page's footer row
	}
	long := 0 // one entry may run to four words: "Sign in with X"
	for _, p := range parts {
		w := wordCount(p)
		if w == 4 {
			long++
		}
		if w > 4 || long > 1 || strings.ContainsAny(p, ".,:;0123456789") || strings.HasPrefix(strings.TrimSpace(p), "By ") {
			return false // a byline or a date: a line of metadata, read as such
		}
	}
	return true
}

// footerLinks counts the parts of a row that name a page's footer links.
func footerLinks(parts []string) int {
	n := 0
	for _, p := range parts {
		if footerLink(p) {
			n++
		}
	}
	return n
}

// footerLink is the text of one of a site's usual footer links.
func footerLink(p string) bool {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "about", "about us", "staff", "ethics", "privacy", "privacy policy", "privacy notice", "terms", "terms of use",
		"terms of service", "terms and conditions", "terms & conditions", "contact", "contact us", "careers", "jobs",
		"work for us", "advertise", "advertising", "advertise with us", "cookies", "cookie policy", "cookie settings",
		"accessibility", "sitemap", "site map", "rss", "faq", "help", "feedback", "corrections", "ad choices",
		"do not sell my info", "do not sell my personal information", "do not sell or share my personal information",
		"licensing & reprints", "reprints", "masthead", "media kit", "press", "newsletters",
		"settings", "my account", "sign out", "log out", "topics you follow": // an account menu's
		return true
	}
	return false
}

// dropFooterMenu drops a site's footer menu scraped as a run of short
// lines after the story ("About Us", "Careers", "Privacy Policy", "Site
// Map", ...): the run holds two or more of a footer's usual links and
// four lines or more. What follows it goes too, and so do the short
// lines just above it (the story's tags, a promo's "ESPN+" and its
// one-line pitch): nothing of the story stands between its last
// paragraph and the site's footer but such lines.
func dropFooterMenu(bs []block) {
	start, run, links := -1, 0, 0
	for i := len(bs) / 2; i < len(bs); i++ {
		b := &bs[i]
		if b.drop != "" {
			continue
		}
		if b.words > 7 || endsSentence(b.text) || b.bullet && b.lead != "" || isMarked(b) {
			start, run, links = -1, 0, 0
			continue
		}
		if start < 0 {
			start = i
		}
		run++
		if footerLink(b.text) {
			links++
		}
		if run >= 4 && links >= 2 {
			break
		}
	}
	if run < 4 || links < 2 {
		return
	}
	for p := prevKept(bs, start); p >= 0 && bs[p].kind == para && bs[p].words <= 8 && !endsSentence(bs[p].text) && !bs[p].bullet && !isMarked(&bs[p]); p = prevKept(bs, p) {
		start = p
	}
	dropFrom(bs, start, "site footer")
}

// dropFooterIsland drops up to three short lines left between the
// page's furniture at its foot: under the social links ("Stay
// Connected", "Facebook", "Instagram") or a list of links, and over the
// footer's links and copyright, the station's name and postal address
// ("Northfork Public Media", "1200 River Road, Ashgrove") belong to the
// footer too.
func dropFooterIsland(bs []block) {
	end := len(bs)
	for end > 0 && bs[end-1].drop != "" {
		end--
	}
	if end == len(bs) || !footerDrop(bs[end].drop) {
		return
	}
	start := end
	for start > 0 && bs[start-1].drop == "" && end-start < 4 {
		b := &bs[start-1]
		if b.kind != para || b.words > 8 || endsSentence(b.text) || b.bullet || isMarked(b) {
			return
		}
		start--
	}
	if start == end || end-start > 3 || start == 0 || !aboveFooter(bs[start-1].drop) {
		return
	}
	for i := start; i < end; i++ {
		bs[i].drop = "site footer"
	}
}

// scheduleLabel heads a box of the team's next fixture.
var scheduleLabel = regexp.MustCompile(`(?i)^(next|upcoming) (game|match|fixture|race|kickoff|tipoff|tip-off|up)[:.]?$`)

// dropScheduleBoxes drops a box of the next fixture set after a game's
// story: "NEXT GAME" over "Linden State at Westbrook", "Sat., Nov. 8,
// 3:30 p.m." and "TV: ... | Radio: ...", lines of a matchup, a date and a
// channel, none of them prose.
func dropScheduleBoxes(bs []block) {
	for i := len(bs) / 2; i < len(bs); i++ {
		if bs[i].drop != "" || bs[i].words > 3 || !scheduleLabel.MatchString(bs[i].text) {
			continue
		}
		var lines []int
		for j := nextKept(bs, i); j >= 0 && len(lines) < 4; j = nextKept(bs, j) {
			b := &bs[j]
			if b.kind != para || b.words > 10 || b.bullet || !(strings.ContainsAny(b.text, "0123456789|:@") || strings.Contains(b.text, " at ") || strings.Contains(b.text, " vs")) {
				break
			}
			lines = append(lines, j)
		}
		if len(lines) == 0 || len(lines) == 4 {
			continue
		}
		bs[i].drop = "schedule box"
		for _, j := range lines {
			bs[j].drop = "schedule box"
		}
	}
}

// cardTail is the end of a link that a converter opened blocks above
// it, around a card's image and headline: "Lena Whitcombe · 4 hours
// ago](/news/nfl-power-rankings-week-12)".
var cardTail = regexp.MustCompile(`^[^\[\]]{0,120}\]\((https?://|/)[^()\s]*\)$`)

// dropSplitCards drops a story card that Markdown converters print as
// one link around several blocks ("[![](card.jpg)", "### Headline",
// "Writer · 4 hours ago](/news/...)"): the link's tail and the headline
// over it.
func dropSplitCards(bs []block) {
	for i := range bs {
		t := bs[i].text
		if bs[i].drop != "" || len(t) < 4 || t[len(t)-1] != ')' || !strings.Contains(t, "](") || !cardTail.MatchString(t) {
			continue
		}
		bs[i].drop = "related card"
		if p := prevKept(bs, i); p >= 0 && bs[p].words <= 20 && !endsSentence(bs[p].text) && (bs[p].kind == heading || bs[p].bold) {
			bs[p].drop = "related card"
		}
	}
}

// pollHead opens a reader poll set in a story: "Poll: Who was the
// Knicks' player of the game?"
var pollHead = regexp.MustCompile(`(?i)^(reader |quick |today['’]s )?poll\b\s*[:|—–-]`)

// dropPolls drops a reader poll: its question, the short answers under
// it and the button ("Vote", "See results").
func dropPolls(bs []block) {
	for i := range bs {
		if bs[i].drop != "" || bs[i].words > 25 || !pollHead.MatchString(bs[i].text) {
			continue
		}
		bs[i].drop = "poll"
		for j := nextKept(bs, i); j >= 0; j = nextKept(bs, j) {
			b := &bs[j]
			if !(b.bullet && b.words <= 6 || b.words <= 3 && pollButton.MatchString(b.text)) {
				break
			}
			b.drop = "poll"
		}
	}
}

// pollButton is a poll's button.
var pollButton = regexp.MustCompile(`(?i)^(vote( now)?|submit|see results|view results|results)[.!]?$`)

// dropDatedCards drops a card for another story set between the
// story's paragraphs: its headline, a one-sentence teaser and its date
// ("How the Justices Voted", "A look at all 61 opinions ...", "July 3,
// 2025"). The story's own headline, standfirst and date stand above its
// first paragraph; a card stands below it.
func dropDatedCards(bs []block) {
	prose := 0 // paragraphs of prose above i: a card stands in the story, two paragraphs on at least
	for i := range bs {
		h := &bs[i]
		if h.drop == "" && h.words >= 12 && endsSentence(h.text) {
			prose++
		}
		if prose < 2 || h.drop != "" || h.words < 2 || h.words > 10 || h.kind == quote || h.bullet {
			continue
		}
		t := nextKept(bs, i)
		if t < 0 || bs[t].kind != para || bs[t].bullet || bs[t].words < 5 || bs[t].words > 35 {
			continue
		}
		d := nextKept(bs, t) // the cheap tests first: on most lines the date is missing
		if d < 0 || bs[d].words > 6 || !isDateLine(bs[d].text) || !endsSentence(bs[t].text) || isMarked(&bs[t]) ||
			endsSentence(h.text) || isMarked(h) || !isHeadlineLike(h.text) || nameAlone(h.text) != "" {
			continue
		}
		h.drop, bs[t].drop, bs[d].drop = "related card", "related card", "related card"
	}
}

// footerDrop and aboveFooter name the furniture found under and over a
// page's footer lines.
func footerDrop(d string) bool {
	return d == "copyright" || d == "tip line" || d == "site footer"
}

func aboveFooter(d string) bool {
	return d == "share line" || d == "navigation" || d == "follow line" || d == "link list"
}

// dropAuthorNotes drops a note about the writer among the last blocks.
func dropAuthorNotes(bs []block) {
	seen := 0
	for i := len(bs) - 1; i >= 0 && seen < 4; i-- {
		if bs[i].drop != "" {
			continue
		}
		seen++
		if bs[i].words <= 60 && authorNote.MatchString(bs[i].text) {
			bs[i].drop = "author box"
		} else if p := prevKept(bs, i); p >= 0 && bs[i].words <= 40 && surnameNote(bs[p].text, bs[i].text) {
			bs[i].drop, bs[p].drop = "author box", "author box"
		}
	}
}

// surnameNote is an author box that names the writer on one line and by
// surname on the next: "NORA TELLEFSEN-ABARA" over "Tellefsen-Abara
// covers fisheries for the Wire."
func surnameNote(name, note string) bool {
	if wordCount(name) > 4 || endsSentence(name) {
		return false
	}
	surname, rest, ok := strings.Cut(note, " ")
	if !ok || len(surname) < 2 || !strings.Contains(strings.ToLower(name), strings.ToLower(surname)) {
		return false
	}
	return authorNote.MatchString("Writer " + surname + " " + rest) // authorNote wants a full name
}

// dropLinkBlocks drops paragraphs that are one link (related stories
// set in the text) and linked headings with their teaser when most
// headings of that level are not links (a related-story card).
func dropLinkBlocks(bs []block, prose int) {
	// a list of two or more links, line after line: "More coverage" over
	// "1. [Headline](/url)"
	for i := range bs {
		if bs[i].linkItem && bs[i].drop == "" && bs[i].line > 0 &&
			(i > 0 && bs[i-1].linkItem && bs[i-1].line == bs[i].line-1 || i+1 < len(bs) && bs[i+1].linkItem && bs[i+1].line == bs[i].line+1) {
			bs[i].drop = "related link"
		}
	}
	linked, all := map[int]int{}, map[int]int{}
	for _, b := range bs {
		if b.kind == heading && b.drop == "" {
			all[b.level]++
			if b.link {
				linked[b.level]++
			}
		}
	}
	for i := range bs {
		b := &bs[i]
		switch {
		case b.drop != "" || !b.link:
		case b.kind != heading && b.words <= 20 && !(nameAlone(b.text) != "" && i < prose):
			b.drop = "related link" // a headline linked to its story; a writer's linked name is a byline
		case b.kind == heading && (linked[b.level]*2 < all[b.level] || sectionWords(bs, i) < 50):
			b.drop = "related card"
			if t := nextKept(bs, i); t >= 0 && bs[t].kind == para && bs[t].words <= 40 {
				bs[t].drop = "related card"
			}
		}
	}
}

// dropTopTags drops a post's tags set in lower case under its date or
// reading time ("conferences data-engineering"), near the top.
func dropTopTags(bs []block) {
	for i := 1; i < len(bs) && i < 20; i++ {
		b, p := &bs[i], &bs[i-1]
		if b.drop != "" || b.kind != para || b.words > 5 || !(p.drop == "reading time" || isDateLine(p.text) || p.role == "meta") {
			continue
		}
		hyphen, ok := false, true
		for _, w := range strings.Fields(b.text) {
			for _, r := range w {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
					ok = false
				}
			}
			hyphen = hyphen || strings.Contains(w, "-")
		}
		if ok && (hyphen || b.words >= 2) {
			b.drop = "tag list"
		}
	}
}

// dropCaptions drops captions: italic or short text right after an
// image, and the caption line just before a photo credit.
func dropCaptions(bs []block) {
	for i := range bs {
		b := &bs[i]
		if b.words == 1 && strings.Count(b.text, "+") >= 3 {
			encodedAlt(bs, i)
		}
		if b.drop == "" && b.words <= 40 && strings.Contains(b.text, "\xe2\x98") && ratingBox.MatchString(b.text) {
			b.drop = "rating box" // "**Solenne Pod 3** ★★★★☆ 4 out of 5 $179 at Quillmart": a review's score and shops, no point ("\xe2\x98" opens "★" and "☆": one scan, not a rune-by-rune one)
		}
		if b.drop == "" && b.image && b.kind != heading && !b.bold && b.lead == "" && (b.italic || b.words <= 40) && !(nameAlone(b.text) != "" && (b.link || dateNear(bs, i))) && postHandle(b) == "" && // a post's writer under their avatar
			!(isMarked(b) && !b.italic && !endsSentence(b.text)) { // "1. The software is clean" under a photo: the next point
			b.drop = "caption"
		}
		if b.drop == "" && b.words >= 4 && b.words <= 30 && oneCellRow(b.text) && !tableRowNear(bs, i) {
			b.drop = "caption" // a blog's one-cell caption table under its photo: "| A page from the notebook. |"
		}
		if strings.HasPrefix(b.drop, "caption") && captionLabel.MatchString(b.text) {
			// "Image caption," on its own line: the caption is the next line
			if n := nextKept(bs, i); n >= 0 && bs[n].kind == para && bs[n].words <= 40 {
				bs[n].drop = "caption"
			}
		}
		if b.drop == "caption credit" && isCreditLine(b.text) {
			if n := nextKept(bs, i); n >= 0 && bs[n].kind == para && bs[n].words <= 45 && datedCaption.MatchString(bs[n].text) && firstSentence(bs[n].text) == bs[n].text {
				bs[n].drop = "caption" // under the credit, a sentence ending in the photo's date: "... in Cardin Hall on Tuesday, Feb. 11, 2025."
			}
			if p := prevKept(bs, i); p >= 0 && bs[p].kind == para && bs[p].words <= 50 && !bs[p].bold && !endsSentence(bs[p].text) && !isByline(bs[p].text) &&
				!isDateLine(bs[p].text) && keptAbove(bs, p) && !headOverPhoto(bs, p) && !stampAbove(bs, p) && !verdictHead(bs[p].text) { // the page's first line over the photo is its headline, and so is a post's under its stamp
				bs[p].drop = "caption"
			}
		}
	}
}

// ratingBox is a review's box of stars and its score: "★★★★☆ 4 out of 5".
var ratingBox = regexp.MustCompile(`[★☆]{3,}\s*(\d(\.\d)? ?(out of|/) ?(5|10)\b|$)`)

// encodedAlt drops a photo's alternative text that a scraper printed in
// its address form ("Juniors+Tamsin+Oduro+and+...+Regional.") and the
// caption that repeats it a few lines on, with the photographer's name
// between: the caption would read as the headline.
func encodedAlt(bs []block, i int) {
	alt, err := url.QueryUnescape(bs[i].text)
	if err != nil || !strings.Contains(alt, " ") {
		return
	}
	for j, n := i+1, 0; j < len(bs) && n < 4; j++ {
		if bs[j].drop != "" {
			continue
		}
		n++
		if strings.EqualFold(strings.TrimSpace(bs[j].text), strings.TrimSpace(alt)) {
			bs[i].drop, bs[j].drop = "image text", "caption"
			for k := i + 1; k < j; k++ {
				if bs[k].drop == "" && bs[k].words <= 4 && nameAlone(bs[k].text) != "" {
					bs[k].drop = "caption credit"
				}
			}
			return
		}
	}
}

// verdictHead reports a section's heading that opens with a verdict's
// label: "Loser: Los Angeles Lakers" over its photo's credit.
func verdictHead(t string) bool {
	label, _, ok := strings.Cut(t, ": ")
	return ok && verdictLabel.MatchString(label)
}

// oneCellRow reports a table row of one cell holding a sentence: "| A
// page from the notebook. The slug drawing is not mine. |".
func oneCellRow(t string) bool {
	if len(t) < 8 || !strings.HasPrefix(t, "| ") || !strings.HasSuffix(t, " |") {
		return false
	}
	cell := t[2 : len(t)-2]
	return !strings.Contains(cell, " | ") && endsSentence(cell)
}

// tableRowNear reports a table row kept just above or below i: the row at
// i belongs to a table of its own.
func tableRowNear(bs []block, i int) bool {
	for _, j := range []int{prevKept(bs, i), nextKept(bs, i)} {
		if j >= 0 && isTableRow(bs[j].text) {
			return true
		}
	}
	return false
}

// stampAbove reports a stamp ("Posted by u/name · 4 mo. ago")
// straight above p: p is the post's title, and the line under it that
// reads like a credit ("Advice / Tips") its flair.
func stampAbove(bs []block, p int) bool {
	q := prevKept(bs, p)
	return q >= 0 && stampLine.MatchString(bs[q].text)
}

// headOverPhoto reports a section's heading over its photo's credit: a
// line of five words or fewer, with the story's prose above it ("Winners:
// Burnley" between two paragraphs and "Name / Agency").
func headOverPhoto(bs []block, p int) bool {
	if bs[p].words > 5 {
		return false
	}
	q := prevKept(bs, p)
	return q >= 0 && bs[q].words >= 20 && endsSentence(bs[q].text)
}

// datedCaption is a photo's caption as agencies write it, ending in the
// day it was taken: "... during his rally on Jan. 19, 2016."
var datedCaption = regexp.MustCompile(`(?i)\b(` + monthNames + `)[a-z]*\.? \d{1,2}, (19|20)\d{2}\.$|\b\d{1,2} (` + monthNames + `)[a-z]* (19|20)\d{2}\.$`)

// dropRepeats drops a block that repeats an earlier one word for word: a
// caption printed twice, a teaser repeated, a pull quote. Short sentences
// ("Nothing changed.") may be repeated on purpose and stay. A short
// headline repeated close by is a promo, and both copies go, unless
// only page furniture stands above the last: a headline set twice over
// the text (a share box, a forum topic's title over its first post's
// subject) keeps its last copy. The first copy of a page's headline, with
// only furniture above it, stays when its dek and a photo's credit come
// between the two.
func dropRepeats(bs []block) {
	seen := make(map[string]int, len(bs)) // sized once: most blocks of a long article go in
	prose := firstProse(bs)
	for i := range bs {
		b := &bs[i]
		if strings.HasPrefix(b.drop, "caption") {
			seen[b.text] = i // a caption printed again elsewhere is still a caption
			continue
		}
		if words := b.words; b.drop != "" || words < 4 || (words < 12 && !isHeadlineLike(b.text)) {
			continue
		}
		key := b.text
		j, ok := seen[key]
		if !ok {
			seen[key] = i
			continue
		}
		if i < prose && bs[j].drop == "" && isHeadlineLike(b.text) {
			// the headline set twice over the text (a share box or a
			// topic's title, then the post's own): the last copy stands
			bs[j].drop = "repeated"
			seen[key] = i
			continue
		}
		if n := nextKept(bs, j); i-j > 3 && bs[j].drop == "" && isHeadlineLike(b.text) && n >= 0 && n < i &&
			isHeadlineLike(bs[n].text) && bs[n].text != b.text && proseAfter(bs, i) {
			// an unlabelled table of contents: the first copy is the list
			// entry, the second the section's own heading
			bs[j].drop = "table of contents"
			seen[key] = i
			continue
		}
		b.drop = "repeated"
		if strings.HasPrefix(bs[j].drop, "caption") {
			b.drop = bs[j].drop
		}
		if i-j <= 3 && isHeadlineLike(b.text) && bs[j].drop == "" && bs[j].kind != heading && keptAbove(bs, j) {
			bs[j].drop = "repeated"
		}
	}
}

// dropRelatedCards drops the card of a story the page links to as
// related ("RELATED: Hauliers count the cost" in the text) when the page
// prints it again as a card elsewhere: its headline alone on a line and
// the teaser under it. The card must not close the story as its
// conclusion.
func dropRelatedCards(bs []block) {
	var linked map[string]bool
	for i := range bs {
		if bs[i].drop != "related link" {
			continue
		}
		if _, h, ok := strings.Cut(bs[i].text, ": "); ok && wordCount(h) >= 4 && isHeadlineLike(h) {
			if linked == nil {
				linked = map[string]bool{}
			}
			linked[strings.ToLower(strings.TrimSpace(h))] = true
		}
	}
	if linked == nil {
		return
	}
	for i := range bs {
		b := &bs[i]
		if b.drop != "" || b.words < 4 || b.words > 20 || !linked[strings.ToLower(b.text)] {
			continue
		}
		b.drop = "related card"
		if t := nextKept(bs, i); t >= 0 && bs[t].kind == para && bs[t].words <= 40 && !isMarked(&bs[t]) {
			bs[t].drop = "related card" // the card's teaser
		}
	}
}

// creditSeparators parts the names of a credit line ("Jo Bloggs/Getty
// Images | Reuters"); built once, as a Replacer is costly to make.
var creditSeparators = strings.NewReplacer("/", " ", "|", " ")

// lowerAgency are agencies' names as they print them, in lower case:
// "dpa/picture alliance", "imago images".
var lowerAgency = map[string]bool{"dpa": true, "picture": true, "alliance": true, "imago": true, "images": true, "epa": true, "afp": true}

// isCreditLine is a bare photo credit: "Photo: Northern Ocean
// Institute", "Jane Doe / Agency", every word a name.
func isCreditLine(s string) bool {
	if _, rest, ok := strings.Cut(s, ": "); ok {
		s = rest
	}
	words := strings.Fields(creditSeparators.Replace(s))
	if len(words) == 0 || len(words) > 8 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && w != "of" && w != "the" && w != "and" && w != "for" && w != "via" && w != "&" && !lowerAgency[w] {
			return false
		}
	}
	return true
}

// proseAfter reports whether the next kept block after i is prose: a
// sentence, or a paragraph of fifteen words or more.
func proseAfter(bs []block, i int) bool {
	n := nextKept(bs, i)
	if n >= 0 && bs[n].words <= 4 && strings.HasSuffix(bs[n].text, ",") {
		n = nextKept(bs, n) // a letter's greeting first: "Hello growers,"
	}
	return n >= 0 && (endsSentence(bs[n].text) || bs[n].words >= 15)
}

// hasSeparator is a quick test for " · ", " | " or " • " joining parts.
func hasSeparator(s string) bool {
	// the byte searches are quicker than decoding every rune for metaSep
	return strings.IndexByte(s, '|') >= 0 || strings.Contains(s, "·") || strings.Contains(s, "∙") || strings.Contains(s, "•")
}

// metaSep is a character that sets apart the parts of a line of
// metadata, links or menu entries: "By A Writer · 5 min read", "Mar 3,
// 2026 ∙ 6 min read", "Home | About", "Home • Archive".
func metaSep(r rune) bool { return r == '·' || r == '∙' || r == '|' || r == '•' }

// sectionWords counts the words under the heading at i, up to the next
// heading: a related card's teaser is short, a real section is not.
func sectionWords(bs []block, i int) int {
	w := 0
	for j := i + 1; j < len(bs) && bs[j].kind != heading; j++ {
		if bs[j].drop == "" {
			w += bs[j].words
		}
	}
	return w
}

// captionLabel is a caption's label set apart from its text.
var captionLabel = regexp.MustCompile(`(?i)^((image|media|video|photo) )?caption[,:]?$`)

// isByline is a byline: the line above a photo credit that names the
// writer, not the photograph.
func isByline(s string) bool {
	_, ok := bylineName(s)
	return ok
}
