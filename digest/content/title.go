package content

import (
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digest-dev/digest/digest"
)

// takeTitle sets the title from the first headline-like block when the
// metadata has none, dropping page furniture above it (skip links,
// section labels, navigation bullets), and removes the headline block.
func takeTitle(st *digest.Story, bs []block, f Format, name string) {
	i := -1
	if st.Title == "" && f != HTML {
		st.Title = mailSubject(bs)
		if st.Title != "" && st.Author == "" {
			st.Author = mailWriter(bs)
		}
		if i = issueHeadline(bs, st.Title); i >= 0 {
			st.Title = ""
		}
	}
	if st.Title != "" {
		dropTitleCopy(st, bs)
	} else if i < 0 { // else i is the issue's own headline, under a subject naming the issue
		i = headlineIndex(bs, f, true)
		if f != HTML {
			if j := headlineAboveByline(bs); j >= 0 && (i < 0 || !(bs[i].kind == heading && bs[i].level == 1) || siteNameOver(bs, i, j)) {
				i = j // the line above the byline, past a column of navigation
			} else if j := underReleaseLabel(bs); j >= 0 && j > i && (i < 0 || bs[i].kind != heading) {
				i = j // a press release's headline under its "PRESS RELEASE" label, past the agency's name and menu
			}
		}
	}
	if i >= 0 && f != HTML && st.Title == "" {
		if j := headlineUnderDate(bs, i); j >= 0 {
			i = j // a blog's name and tagline over its menu, then the post's date over the post's headline
		} else if j := pointsHeadlineBelow(bs, i); j > 0 && bs[i].words < 5 && bs[i].kind != heading {
			i = j // a series' label ("National League talking points") over its counted headline
		}
	}
	post := false // the headline is a post's opening paragraph
	if p := socialPost(bs); p >= 0 && st.Title == "" {
		i, post = p, true // a post on a social site: its opening is its headline
	}
	if i >= 0 && st.Title == "" {
		// a thread's writer's bio over the post's date line and buttons,
		// then the thread's opener with its "🧵" line under it
		between := false
		for j, n := i+1, 0; j < len(bs) && n < 6; j++ {
			if bs[j].drop != "" {
				between = true
				continue
			}
			n++
			if between && bs[j].kind == para && bs[j].words >= 5 && bs[j].words <= 40 && threadMarkBelow(bs, j) {
				if i > 0 && isHandleLine(&bs[i-1]) && bs[i].kind == para && bs[i].words <= 30 {
					bs[i].drop = "writer's bio" // under the writer's @handle
				}
				i, post = j, true
				break
			}
		}
	}
	if i > 0 && st.Title == "" && isHandleLine(&bs[i-1]) && bs[i].kind == para && bs[i].words <= 30 {
		// an unrolled thread's writer's bio under their handle, over the
		// thread's date line and its title
		n := i + 1
		for n < len(bs) && bs[n].drop != "" && !isMeta(bs[n]) {
			n++
		}
		if n < len(bs) && isMeta(bs[n]) {
			if j := nextKept(bs, n); j > 0 && bs[j].words >= 4 && (isHeadline(bs[j]) || threadOpener(bs[j].text) && pointsTitle.MatchString(bs[j].text) || isFirstPost(bs[j].text) || threadMarkBelow(bs, j)) {
				bs[i].drop = "writer's bio"
				i, post = j, isFirstPost(bs[j].text) // a first post "1/ ..." is read as a post: its number off, its first sentence the title
			}
		}
	}
	if i >= 0 && st.Title == "" && bs[i].words <= 8 && gluedName(bs[i].text) && !pointsTitle.MatchString(bs[i].text) {
		if j := nextKept(bs, i); j > 0 && bs[j].words >= 4 && pointsTitle.MatchString(bs[j].text) && isHeadline(bs[j]) {
			bs[i].drop = "masthead" // "The Washington PostDemocracy Dies in Darkness": a site's name and slogan run together, over the headline
			i = j
		}
	}
	if i > 0 && st.Title == "" && bs[i].words <= 12 && isScore(bs[i].text) &&
		bs[i-1].words >= 4 && pointsTitle.MatchString(bs[i-1].text) {
		i-- // "Five things we learned from Harrowgate's final win" over "Harrowgate 27-24 Castleford Saints": the score is the headline's kicker
	}
	if i >= 0 && f != HTML && st.Title == "" && (firstOfSections(bs, i) || underLeadIn(bs, i)) {
		i = -1 // "Michigan — New offensive line? No problem" under the lede: the first section, in a copy without the headline
	}
	if i >= 0 {
		if j := nextKept(bs, i); j > 0 && bs[j].kind != heading && len(bs[j].text) > len(bs[i].text)+3 &&
			strings.HasPrefix(bs[j].text, bs[i].text+" ") && bs[i].kind != heading && !strings.HasPrefix(bs[j].text[len(bs[i].text):], " | ") {
			i = j // a label over the headline that opens with it: "Five things we learned" over "Five things we learned from ..." (not the page title's copy with " | Show | Site" after it)
		}
		if j := nextKept(bs, i); j > 0 && (strings.HasPrefix(bs[j].text, bs[i].text+" | ") && bs[j].words <= 30 || strings.EqualFold(bs[j].text, bs[i].text) && bs[j].kind != heading) {
			bs[j].drop = "title copy" // the page's title under its headline: "Headline | Show | Site", or the headline again
		}
		i = pastMasthead(bs, i)
		i = nameAboveIssue(bs, i)
		wrappedTitle(bs, i)
		st.Title = strings.TrimSuffix(selfPost.ReplaceAllString(titleCase(bs[i].text), ""), ":")
		st.Title = strings.TrimLeftFunc(st.Title, decoration) // a channel's "🔥 " before its headline
		if (post || threadOpener(bs[i].text)) && bs[i].kind == para {
			for j := i - 1; j >= 0 && j >= i-3 && st.Author == ""; j-- {
				st.Author = postWriter(&bs[j]) // "Name @handle" over the thread's opener
			}
			if rest, ok := firstPost(st.Title); ok {
				st.Title = rest // "1/ Five takeaways from ...": the opener's place in the thread
			}
			more := 0 // the opener's next paragraph, ending with the thread's mark ("Here's what I learned ... 🧵")
			if j := nextKept(bs, i); j > 0 && bs[j].words > 4 && strings.HasSuffix(strings.TrimRight(bs[j].text, "\uFE0F "), "🧵") {
				more = bs[j].words
			}
			if head, rest, ok := postHeadline(st.Title, more); ok {
				// the post's opening sentence is the headline, the rest its lede
				st.Title, bs[i].titled, bs[i].text, bs[i].words = head, head, rest, wordCount(rest)
			}
		}
		dropAbove(bs, i)
		if f == Markdown && bs[i].kind == heading && bs[i].level == 1 {
			for j := 0; j < i; j++ {
				if bs[j].drop == "" {
					bs[j].drop = "above the headline" // a site's name and links over the "# " headline
				}
			}
		}
		bs[i].drop, bs[i].role = "", "title"
		if bs[i].titled != "" && bs[i].text != "" {
			bs[i].role = "" // the rest of the post is article text
		}
		standfirst(bs, i)
	}
	if f != HTML && st.Title != "" {
		// a reader service's copy of the page title: "Four takeaways from
		// the debate | The Lakeshore Ledger"
		if head, site, ok := titleSite(st.Title, st.Source, st.URL); ok {
			st.Title = head
			if st.Source == "" {
				st.Source = site
			}
		}
	}
	st.Title = trimEmoji(st.Title) // "☕ 4 takeaways from the jobs report", "5 things we learned 🏀"
	if loc := wireSlug.FindStringIndex(st.Title); loc != nil {
		st.Title = st.Title[loc[1]-1:] // "ANALYSIS-Four takeaways ...": the agency's story type, not the headline's
	}
	if loc := issuePrefix.FindStringIndex(st.Title); loc != nil && opensCapital(st.Title[loc[1]:]) {
		st.Title = st.Title[loc[1]:] // "Issue #142: Five things I learned ...": the newsletter's number, not the headline's
	}
	if dangling(st.Title) {
		st.Title = strings.TrimRight(st.Title, " :/|") // "Key takeaways from WWDC14 :", "five takeaways from the debate /"
	}
	if st.Title == "" {
		if i := firstLineTitle(bs); i >= 0 {
			st.Title = strings.TrimRight(bs[i].text, " .:")
			bs[i].drop, bs[i].role = "", "title"
		}
	}
	if st.Title == "" {
		// a newsletter without a headline of its own: its main story's
		// heading, which names its points ("## 🌡️ Five takeaways from
		// the Lakeshore summit" under the greeting and sponsor)
		for i := range bs {
			if b := &bs[i]; b.drop == "" && b.kind == heading && b.words >= 3 && pointsTitle.MatchString(b.text) {
				st.Title = strings.TrimLeftFunc(b.text, decoration)
				b.role = "title"
				break
			}
		}
	}
	if st.Title == "" {
		st.Title = titleFromName(name)
	}
}

// gluedName reports two words run together, lower case against a
// capital ("PostDemocracy"): a scraper's join of a site's name and slogan.
func gluedName(s string) bool {
	for i := 2; i+2 < len(s); i++ {
		if lowerUpperJoin(s, i) && isLowerASCII(s[i+2]) {
			return true
		}
	}
	return false
}

// issuePrefix opens a newsletter's subject with its number: "Issue #142:
// ", "#88 — ", "Vol. 3, No. 12: ".
var issuePrefix = regexp.MustCompile(`^((Issue|Edition|No\.|Vol\. \d{1,3},? (No\.|Issue)) ?#?\d{1,5}|#\d{1,5}) ?[:—–|-] +`)

// firstOfSections reports a line straight under a paragraph of prose
// that opens like two lines or more below it, a name of up to four words
// and the same mark ("Michigan — ...", "Ohio State — ...", "Winner: Aged
// care", "Winner: Arts"): the first of the story's sections, not its
// headline.
func firstOfSections(bs []block, i int) bool {
	sep, ok := sectionMark(bs[i].text)
	if !ok || bs[i].kind == heading && bs[i].level == 1 {
		return false
	}
	if p := prevKept(bs, i); p < 0 || bs[p].kind != para || bs[p].words < 12 || !endsSentence(bs[p].text) {
		return false // the lede straight above it, not a caption or a teaser far above a headline
	}
	same := 0
	for j := i + 1; j < len(bs) && same < 2; j++ {
		if bs[j].drop == "" && bs[j].words <= 14 && !endsSentence(bs[j].text) {
			if s, ok := sectionMark(bs[j].text); ok && s == sep {
				same++
			}
		}
	}
	return same >= 2
}

// firstPost reads a thread's first post, numbered "1/": its text after
// the number.
func firstPost(s string) (string, bool) {
	m, ok := parseMarker(s)
	return m.rest, ok && m.n == 1 && m.style == "1/" && m.rest != ""
}

func isFirstPost(s string) bool { _, ok := firstPost(s); return ok }

// sentenceAbove reports a kept sentence of eight words or more above
// block i: a post's opening line, which is its headline.
func sentenceAbove(bs []block, i int) bool {
	for j := 0; j < i; j++ {
		if bs[j].drop == "" && bs[j].kind == para && bs[j].words >= 8 && endsSentence(bs[j].text) {
			return true
		}
	}
	return false
}

// underLeadIn reports a line straight under a line that introduces a
// list ("Here are 12 key takeaways from the results so far:"): the
// list's first point, in a copy that lost the headline above.
func underLeadIn(bs []block, i int) bool {
	p := prevKept(bs, i)
	return p >= 0 && bs[p].kind == para && strings.HasSuffix(bs[p].text, ":") && (leadIn.MatchString(bs[p].text) || leadInLast.MatchString(bs[p].text))
}

// sectionMark is the mark after a short name that opens a line, " — ",
// " – ", " - " or ": ", within its first four words.
func sectionMark(s string) (string, bool) {
	for _, sep := range []string{" — ", " – ", " - ", ": "} {
		if k := strings.Index(s, sep); k > 0 && wordCount(s[:k]) <= 4 {
			return sep, true
		}
	}
	return "", false
}

// spacedListStart reports a list's first point whose number lost its
// dot ("1 ALCOHOL IS USUALLY GOOD FOR THE HEART"), a "2 ..." a few lines
// under it: a point, never the headline.
func spacedListStart(bs []block, i int) bool {
	if m, ok := spacedNumber(bs[i].text); !ok || m.n != 1 {
		return false
	}
	for j, n := i+1, 0; j < len(bs) && n < 6; j++ {
		if bs[j].drop != "" {
			continue
		}
		n++
		if m, ok := spacedNumber(bs[j].text); ok && m.n == 2 {
			return true
		}
	}
	return false
}

// firstLineTitle is the line that titles a text no headline was found in
// (its lines all read as sentences): a paragraph of three to 20 words
// among the first four kept that names its points ("The 40 things we
// learned from Week 5 of the NFL season:"), or else
// the text's first line when it is such a line and prose follows
// ("Working from home for two years has taught me a lot."); or -1. A
// file's name is a poorer title than either.
func firstLineTitle(bs []block) int {
	first := -1
	for i, seen := 0, 0; i < len(bs) && seen < 4; i++ {
		b := &bs[i]
		if b.drop != "" || b.role != "" {
			continue
		}
		seen++
		if b.kind != para || b.bullet || isMarked(b) || b.words < 3 || b.words > 20 {
			continue
		}
		if pointsTitle.MatchString(b.text) {
			return i
		}
		if first < 0 && seen == 1 {
			first = i
		}
	}
	if first >= 0 {
		if n := nextKept(bs, first); n > 0 && bs[n].kind == para && bs[n].words > bs[first].words {
			return first
		}
	}
	return -1
}

// titleSite splits a reader service's or a clipper's copy of a page
// title into the headline and the site's name: after " | " or " -- "
// any name; after a dash, the site's known name (its source, or the name
// its address spells: "Salt & Saffron Kitchen" for
// saltandsaffronkitchen.com), or a name of three words or fewer after a
// headline set in sentence case ("Pension reform: five takeaways –
// Meridian Institute"), so that a Title Case headline's own dash ("Five
// Things We Learned – Bears Beat Lions") stays.
func titleSite(title, source, url string) (head, site string, ok bool) {
	if i := strings.LastIndex(title, " : "); i > 0 {
		// a forum's "Headline : CryptoCurrency" or "Headline : r/SaaS": the
		// board's one-word name after a colon spaced on both sides
		head, site = strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+3:])
		if site != "" && !strings.ContainsAny(site, " .:") && (opensCapital(site) || strings.HasPrefix(site, "r/")) && wordCount(head) >= 3 {
			return head, site, true
		}
	}
	for _, sep := range []string{" | ", " -- ", " — ", " – ", " - "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, site = strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if f := strings.Fields(site); len(f) > 1 && isNumber(f[len(f)-1]) {
			return "", "", false // "... in the Premier League - Matchweek 14": the round, part of the headline
		}
		named := siteLike(site) || (sep == " | " || sep == " -- ") && orgName(site) // "Carrow Institute for Health Policy"
		if !named || wordCount(head) < 3 || wordCount(head) <= wordCount(site) {
			return "", "", false
		}
		if sep == " | " || sep == " -- " || strings.EqualFold(site, source) || spelledBy(site, url) || spelledBy(site, source) || wordCount(site) <= 3 && sentenceCase(head) {
			return head, site, true
		}
		return "", "", false
	}
	return "", "", false
}

// spelledBy reports a site's name that its address spells, letters
// alone and "&" as "and": "Salt & Saffron Kitchen" and
// https://www.saltandsaffronkitchen.com/....
func spelledBy(site, url string) bool {
	if url == "" {
		return false
	}
	var b strings.Builder
	for _, r := range strings.ToLower(strings.ReplaceAll(site, "&", "and")) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	host := strings.ToLower(url)
	if _, rest, ok := strings.Cut(host, "://"); ok {
		host = rest
	}
	host, _, _ = strings.Cut(host, "/")
	host = strings.TrimPrefix(host, "www.")
	name, _, _ := strings.Cut(host, ".")
	return b.Len() >= 4 && strings.ReplaceAll(name, "-", "") == b.String()
}

// orgName is an organisation's name of up to seven words, each
// capitalised but the small words of a name: "Carrow Institute for
// Health Policy", "Friends of the Earth".
func orgName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 7 || !opensCapital(s) {
		return false
	}
	for _, w := range ws {
		switch w {
		case "of", "for", "the", "and", "&", "on", "in", "at", "de", "la":
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w); !isUpper(r) {
			return false
		}
	}
	return true
}

// sentenceCase reports a headline with two words or more after its
// first that open in lower case, as sentence-case headlines have and
// Title Case ones do not.
func sentenceCase(s string) bool {
	n := 0
	for _, w := range strings.Fields(s)[1:] {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && len(w) > 3 {
			n++
		}
	}
	return n >= 2
}

// postHeadline splits a post's opening paragraph used as a headline into
// its first sentence, the headline, and the rest: "Eight takeaways from
// this morning's jobs report. Short version: ..." when that sentence
// names what the thread lists (pointWords), or when the post runs past
// 25 words with the more words of its next paragraph ("18 months ago I
// quit my job to build a budgeting app. Last week it crossed ... Here
// are the things ..."). A post of one sentence,
// or a short one whose opening tells no more than half a headline ("I
// reviewed 140 take-home tests this year. Five habits separated ..."), is
// kept whole.
func postHeadline(text string, more int) (head, rest string, ok bool) {
	first := firstSentence(text)
	if len(first) == len(text) || wordCount(first) < 4 || !pointWords.MatchString(first) && (wordCount(text)+more <= 25 || wordCount(first) < 6) {
		return "", "", false
	}
	rest = strings.TrimSpace(text[len(first):])
	if strings.Trim(strings.TrimRight(rest, ".!… "), "🧵👇⬇\uFE0F ") == "" || wordCount(rest) < 3 {
		if threadMarkText.MatchString(rest) {
			return strings.TrimSuffix(strings.TrimSpace(first), "."), "", true // "... have declared. Short thread 🧵"
		}
		return "", "", false // "... on day one. A thread 🧵": the thread's mark, not a lede
	}
	return strings.TrimSuffix(strings.TrimSpace(first), "."), rest, true
}

// threadMarkText is a post's last words that only say a thread follows:
// "Short thread 🧵", "A thread:", "🧵👇".
var threadMarkText = regexp.MustCompile(`(?i)^((a |short |quick |mini |long )?thread\b[ .:!…]*)?[🧵👇⬇\x{FE0F} ]*$`)

// headlineUnderDate is the headline of a blog post whose date stands
// over it, past the blog's name, tagline and menu ("Travel at a sensible
// pace" over "Home About me Rail trips" over "Tuesday, 10 October 2023"
// over "Interrailing at 60: What Three Weeks ..."): a headline-like line
// of four words or more, with prose after it, straight under a date that
// a menu sets apart from the line at i; or -1.
func headlineUnderDate(bs []block, i int) int {
	if pointsTitle.MatchString(bs[i].text) {
		return -1 // "Five takeaways from ..." is the headline, not a blog's name: the line under its date is the story's (a score)
	}
	for d, n := i+1, 0; d < len(bs) && n < 6; d++ {
		if bs[d].drop != "" && !isMeta(bs[d]) {
			continue
		}
		n++
		if !isMeta(bs[d]) || !isDateLine(bs[d].text) && bs[d].role != "meta" { // "Posted on May 18, 2025 by A Writer | 47 Comments", read as a meta line
			continue
		}
		j := nextKept(bs, d)
		if j > 0 && (menuBetween(bs, i, d) || bs[i].words <= 6 && noStopsBetween(bs, i, d)) && bs[j].words >= 4 && isHeadline(bs[j]) && proseAfter(bs, j) {
			return j
		}
		return -1
	}
	return -1
}

// noStopsBetween reports that the kept lines between i and d are short
// and end no sentence: a blog's tagline and menu.
func noStopsBetween(bs []block, i, d int) bool {
	for k := i + 1; k < d; k++ {
		if bs[k].drop == "" && (bs[k].words > 14 || endsSentence(bs[k].text)) {
			return false
		}
	}
	return true
}

// underReleaseLabel is the headline set under a press release's label
// ("PRESS RELEASE" over "Applications open for ..."), or -1.
func underReleaseLabel(bs []block) int {
	for i := 0; i < len(bs) && i < 40; i++ {
		if bs[i].drop != "release label" || bs[i].words > 4 {
			continue
		}
		if j := nextKept(bs, i); j > 0 && bs[j].words >= 4 && isHeadline(bs[j]) {
			return j
		}
		return -1
	}
	return -1
}

// selfPost is the tag a forum sets on a title: "(self.HomeRoastCoffee)"
// after it, "[PINNED]" before it; and a thread's mark and count after
// its first post: "... 🧵 (1/8)"; a mailing list's name before a
// subject: "[civic-tech] ...".
var selfPost = regexp.MustCompile(`\s+\(self\.\w{1,40}\)$|\s*🧵?\s*\(1/\d{1,3}\)\s*🧵?$|\s*🧵\s*(👇\x{FE0F}?|⬇\x{FE0F}?)?$|\s*🧵\s*\d{1,2}(/\d{1,3})?$|^\[(?i:pinned|sticky|solved|closed|locked|announcement)\]\s*|^\[[A-Za-z0-9][\w.-]{1,30}\]\s+`)

// mailSubject reads the title of an email saved as text: its header
// lines (From:, To:, Date:, Subject:) come first, and the subject,
// without its "Subject:" and any "Fwd:"/"Re:", is the headline. The
// header lines are dropped; "" when the text does not open with them.
func mailSubject(bs []block) string {
	subject := ""
	start := 0
	// an email forwarded with a note above it: the forwarded message's
	// header is under its "---------- Forwarded message ---------" line
	for i := 0; i < len(bs) && i < 15; i++ {
		if forwardMark.MatchString(bs[i].text) {
			for j := 0; j <= i; j++ {
				if bs[j].drop == "" {
					bs[j].drop = "forward note"
				}
			}
			start = i + 1
			break
		}
	}
	for i := start; i < len(bs) && i < start+8; i++ {
		if bs[i].drop != "" {
			continue
		}
		name, value, ok := strings.Cut(bs[i].text, ":")
		if !ok || !mailHeaders[strings.ToLower(name)] {
			break
		}
		if strings.EqualFold(name, "subject") {
			subject = strings.TrimSpace(value)
			for {
				low := strings.ToLower(subject)
				if !strings.HasPrefix(low, "fwd:") && !strings.HasPrefix(low, "fw:") && !strings.HasPrefix(low, "re:") {
					break
				}
				_, subject, _ = strings.Cut(subject, ":")
				subject = strings.TrimSpace(subject)
			}
		}
		bs[i].drop = "mail header"
	}
	if subject == "" {
		for i := 0; i < len(bs) && i < start+8; i++ {
			if bs[i].drop == "mail header" || bs[i].drop == "forward note" {
				bs[i].drop = ""
			}
		}
	}
	return subject
}

// mailWriter is the sender's name on an email's "From:" line when it is
// a person's ("From: Renata Oyelaran <renata@...>"), not a
// publication's ("From: The Statehouse Brief <brief@...>").
func mailWriter(bs []block) string {
	for i := 0; i < len(bs) && i < 20; i++ {
		if bs[i].drop != "mail header" || !strings.HasPrefix(bs[i].text, "From:") {
			continue
		}
		name := strings.TrimSpace(strings.TrimPrefix(bs[i].text, "From:"))
		if j := strings.IndexAny(name, "<‹("); j > 0 {
			name = strings.TrimSpace(name[:j])
		}
		return nameAlone(strings.Trim(name, `"`))
	}
	return ""
}

// forwardMark is the line an email program sets over a forwarded
// message's header.
var forwardMark = regexp.MustCompile(`(?i)^(-{2,} ?forwarded message ?-{2,}|begin forwarded message:?|-{2,} ?original message ?-{2,})$`)

// mailHeaders are the header names an email saved as text opens with.
var mailHeaders = map[string]bool{"from": true, "to": true, "cc": true, "date": true, "sent": true, "subject": true, "reply-to": true}

// socialPost finds the opening of a post saved from a social site (X,
// LinkedIn, Mastodon): a page whose top holds two or more of the site's
// buttons and counters, and no headline of its own. The opening is the
// first paragraph of 5 to 40 words after them; -1 when there is none.
func socialPost(bs []block) int {
	chrome, last := 0, -1
	for i := 0; i < len(bs) && i < 40; i++ {
		if d := bs[i].drop; d == "social chrome" || d == "thread meta" {
			chrome, last = chrome+1, i
		}
		if bs[i].kind == heading && bs[i].drop == "" {
			return -1
		}
		if bs[i].drop == "" && bs[i].words >= 8 && chrome < 2 && bs[i].kind == para && endsSentence(bs[i].text) && !isBreadcrumb(bs[i].text) && i > 8 {
			return -1 // the story's prose began before the site's buttons: its later replies are no post's opening
		}
		if bs[i].drop == "" && bs[i].words >= 5 && (chrome >= 2 || chrome == 1 && chromeBelow(bs, i) && !keptAbove(bs, i)) && last >= 0 {
			if isBreadcrumb(bs[i].text) {
				continue // the writer's own headline ("Head of Data | Speaker")
			}
			if bs[i].words <= 40 && bs[i].kind == para && !bs[i].bullet && !isMarked(&bs[i]) {
				return i // a writer's bio here gives way to the thread's opener in takeTitle
			}
			return -1
		}
	}
	return -1
}

// chromeBelow reports a post's counters under block i (replies,
// reposts, likes, views: two lines of the site's chrome or more in the
// next six): a post copied from its page, the writer's name and handle
// over it ("Name", "@handle", "·", "Mar 1"), its counters after it.
func chromeBelow(bs []block, i int) bool {
	n := 0
	for j := i + 1; j < len(bs) && j <= i+6; j++ {
		if d := bs[j].drop; d == "social chrome" || d == "thread meta" || d == "count" {
			n++
		}
	}
	return n >= 2
}

// keptAbove reports a kept block of four words or more above block i
// (a headline of the page's own over a post), or a block so far down
// that the top of the page is behind it: the test looks 200 blocks back
// at most.
func keptAbove(bs []block, i int) bool {
	if i > 200 {
		return true
	}
	for j := i - 1; j >= 0; j-- {
		if bs[j].drop == "" && bs[j].words >= 4 {
			return true
		}
	}
	return false
}

// dangling reports a headline that ends in a separator left from its
// page: " :", " /", " |".
func dangling(s string) bool {
	return strings.HasSuffix(s, " :") || strings.HasSuffix(s, " /") || strings.HasSuffix(s, " |")
}

// postLabel is a social site's label over a post copied with it ("#
// Thread", "Conversation"), never the headline.
var postLabel = regexp.MustCompile(`(?i)^(🧵 ?)?(thread|conversation|post|tweet)$`)

// pointsHeadlineBelow finds, when the line at i does not name points, a
// headline that does ("Unity, fear and the anthem: Top takeaways from
// ...") among the next four kept lines above the story's prose: the line
// at i is then the page's furniture (a trending bar, a topic's label).
// 0 when there is none.
func pointsHeadlineBelow(bs []block, i int) int {
	label := false // a series' label naming points without counting them ("National League talking points")
	if pointsTitle.MatchString(bs[i].text) {
		if bs[i].words > 5 || titleCount(bs[i].text) > 0 {
			return 0
		}
		label = true
	}
	for j, seen := i+1, 0; j < len(bs) && seen < 4; j++ {
		b := &bs[j]
		if b.drop != "" {
			continue
		}
		seen++
		if b.words >= 15 && endsSentence(b.text) || isMarked(b) || b.bullet {
			return 0 // the story began
		}
		if b.words >= 4 && (isHeadline(*b) || label && b.words <= 20 && !endsSentence(b.text)) && !b.link && !isKeyBoxLabel(b.text) && pointsTitle.MatchString(b.text) &&
			(!label || titleCount(b.text) > 0 && firstWord(b.text) == firstWord(bs[i].text)) {
			return j // (under a series' label, its counted headline: "National League: six talking points from ...")
		}
	}
	return 0
}

// pointsTitle is a headline that names its points.
var pointsTitle = regexp.MustCompile(`(?i)\b(take-?aways?|observations|things (we|i|you)( wish (we|i|you))?( have| had|['’]d)? (learned|learnt|know|knew|known|noticed)|what (we|i) learned|lessons( learned)?|talking points|key points|winners and losers)\b`)

// masthead is a newsletter's name with its issue number: "The Tidewater
// Letter — Issue 73", "Morning Brief #412", "Vol. 3, No. 12", a school's
// "Term 2, Week 6".
var masthead = regexp.MustCompile(`(?i)(^|\s|[—–|·-])(issue|edition|vol\.?|volume|no\.|number|#|term \d{1,2},? week)\s?\d{1,4}\b`)

// pastMasthead passes over a newsletter's masthead taken for the
// headline: the issue's own headline is the next headline-like line
// (after the date, a greeting) that prose follows.
func pastMasthead(bs []block, i int) int {
	tagline := bs[i].words <= 14 && newsletterTagline.MatchString(bs[i].text)
	if n := i + 1; !tagline && n < len(bs) && bs[i].words <= 14 && bs[n].words <= 14 && masthead.MatchString(bs[n].text) &&
		(strings.ContainsAny(bs[n].text, "·|•–—") || hasPrefixFold(bs[n].text, []string{"issue", "no.", "vol", "edition"})) {
		tagline = true // "The tech news that matters, ..." over "Issue #218 · Wednesday, ..."
	}
	if !tagline && (bs[i].words > 10 || !masthead.MatchString(bs[i].text)) {
		return i
	}
	if loc := masthead.FindStringIndex(bs[i].text); !tagline && loc != nil {
		if _, head, ok := strings.Cut(bs[i].text[loc[1]:], ": "); ok && wordCount(head) >= 3 {
			return i // "Ship Notes #212: Six things rebuilding search taught us": the issue's headline after its number
		}
	}
	for j, seen := i+1, 0; j < len(bs) && seen < 6; j++ {
		if bs[j].drop != "" {
			continue
		}
		seen++
		if b := bs[j]; isHeadline(b) && b.words >= 3 && proseAfter(bs, j) && !isMarked(&b) && !masthead.MatchString(b.text) {
			bs[i].drop = "masthead"
			return j
		}
	}
	return i
}

// newsletterTagline is the line under a newsletter's name that says
// what it is: "A weekly fintech briefing from A Writer".
var newsletterTagline = regexp.MustCompile(`(?i)^(an? |the |your )?([\p{L}'’-]+ ){0,3}(weekly|daily|monthly|fortnightly|morning|evening|twice-weekly) ([\p{L}'’-]+ ){0,3}(briefing|newsletter|digest|letter|round-?up|dispatch|bulletin|email|note)( (from|by|on|about|for) .{1,60})?$|^(an? |the )([\p{L}'’-]+ ){0,2}(podcast|show|newsletter) (about|on|for|from) .{2,60}$`)

// issueHeadline is the headline of a newsletter mailed under a subject
// that names the issue ("The Circuit #112: what we learned"): the first
// headline-like line of four words or more that prose follows, or -1.
func issueHeadline(bs []block, subject string) int {
	if subject == "" || wordCount(subject) > 14 || !masthead.MatchString(subject) {
		return -1
	}
	i := headlineIndex(bs, Text, true)
	if i < 0 || bs[i].words < 4 || !isHeadline(bs[i]) || !proseAfter(bs, i) || normaliseTitle(bs[i].text) == normaliseTitle(subject) {
		return -1
	}
	return i
}

// nameAboveIssue passes back from a line that gives only an issue
// number and a day ("Issue 212 · Tuesday"), taken for the headline of a
// newsletter with no headline of its own, to the newsletter's name on the
// line above it ("THE MORNING SHIFT").
func nameAboveIssue(bs []block, i int) int {
	if !issueOnly(bs[i].text) {
		return i
	}
	j := prevKept(bs, i)
	if j < 0 || bs[j].words > 6 || !isHeadlineLike(bs[j].text) || masthead.MatchString(bs[j].text) || isDateLine(bs[j].text) {
		return i
	}
	bs[i].drop = "masthead"
	return j
}

// issueOnly is a masthead line that says nothing but an issue number and
// a date or day: "Issue 212 · Tuesday", "No. 48 — 3 March 2026".
func issueOnly(s string) bool {
	if wordCount(s) > 8 {
		return false
	}
	loc := masthead.FindStringIndex(s)
	if loc == nil {
		return false
	}
	rest := strings.Trim(s[:loc[0]]+" "+s[loc[1]:], " ·|—–-,:")
	for _, w := range strings.Fields(rest) {
		w = strings.ToLower(strings.Trim(w, ",.·|—–-"))
		if w != "" && !isNumber(w) && !dayOrMonth.MatchString(w) && w != "issue" && w != "edition" && w != "no" {
			return false // "Issue #412": the masthead pattern took "#412"
		}
	}
	return true
}

// dayOrMonth is the name of a day or a month, long or short.
var dayOrMonth = regexp.MustCompile(`^(` + dayNames + `|` + monthNames + `)[a-z]*$`)

// headlineIndex finds the headline among the first blocks: an <h1> or
// Markdown "#", else the first short line that does not end a sentence,
// passing over a site name, a breadcrumb or a lone section label when a
// longer headline follows before the text starts. In scraped text, a
// headline-like line over a menu is the page's title bar when a
// headline of five words or more follows the menu (overMenu).
func headlineIndex(bs []block, f Format, overMenu bool) int {
	if f == Markdown {
		// a "# " headline near the top wins over a site's bold name and
		// menu above it
		for i, seen := 0, 0; i < len(bs) && seen < 12; i++ {
			if bs[i].drop != "" {
				continue
			}
			seen++
			if b := bs[i]; b.kind == heading && b.level == 1 && !((b.home || navRowBelow(bs, i)) && h1Ahead(bs, i)) && !postLabel.MatchString(b.text) {
				return i
			}
		}
	}
	best, seen := -1, 0
	for i := range bs {
		if bs[i].drop != "" {
			continue
		}
		b := bs[i]
		if b.bullet && b.words <= 4 {
			continue // a navigation menu above the headline
		}
		if b.kind == para && b.words <= 2 && inMenuColumn(bs, i) {
			continue // a site's menu copied one entry a line ("Home", "Explore", ...): it does not count
		}
		if isMarked(&b) && b.words <= 5 && seen < 10 && h1Ahead(bs, i) {
			continue // a numbered breadcrumb above an <h1> ("1. Home", "2. Environment")
		}
		if b.words > 25 && b.words <= 60 && seen < 10 && threadOpener(b.text) && !sentenceAbove(bs, i) {
			return i // a thread's first post, its headline: "... Here are 8 of them. 🧵" (not a post's second paragraph under its opening line)
		}
		if b.words >= 4 && b.words <= 25 && seen < 10 && threadOpener(b.text) && pointsTitle.MatchString(b.text) {
			return i // "1/8 🧵 Some takeaways from last night's primary."
		}
		if b.words >= 5 && b.words <= 40 && seen < 12 && b.kind == para && threadMarkBelow(bs, i) {
			return i // "Five takeaways from Tuesday's vote:" over a line or two and "🧵👇"
		}
		if seen++; seen > 10 || isMarked(&b) || b.bullet || b.ordinal > 0 || b.words > 25 || spacedListStart(bs, i) {
			break
		}
		if seen <= 3 && b.words >= 3 && b.words <= 20 && b.kind == para && (endsSentence(b.text) || dangling(b.text)) && pointsTitle.MatchString(b.text) && !(isKeyBoxLabel(b.text) && b.words < 4) {
			return i // "NFL Playoffs Takeaways: That Was It. That Was the Best Game You'll Ever See.", "Key takeaways from WWDC14 :"
		}
		if b.kind == heading && postLabel.MatchString(b.text) {
			continue // "# Thread", "## Post" over a copied thread
		}
		if siteTagline.MatchString(b.text) {
			continue // "A Kestrel Bay Ospreys Fan Site" under the site's name
		}
		if b.kind == heading && b.level == 1 {
			if (b.home || navRowBelow(bs, i)) && h1Ahead(bs, i) {
				continue // the site's name, linked to its home page or over its menu, over the post's own "# " headline
			}
			return i
		}
		if f == HTML && b.kind != heading || !(f == Markdown && b.kind == heading || isHeadline(b)) || isBreadcrumb(b.text) {
			continue
		}
		if overMenu && f == Text {
			// the page's title bar ("Site - Latest news and analysis") or
			// a site's short name ("Valley School") over its menu ("Home",
			// "About Us", "Contact"): the headline is below the menu
			if k := menuBelow(bs, i); k > 0 {
				if h := headlineIndex(bs[k:], f, false); h >= 0 && bs[k+h].words >= 5 {
					return k + h
				}
			}
		}
		if b.words >= 3 && b.words < 5 && pointsTitle.MatchString(b.text) && !isKeyBoxLabel(b.text) {
			return i // "Takeaways from Tuesday's primaries" over a video's longer title
		}
		if b.words >= 5 {
			if j := pointsHeadlineBelow(bs, i); j > 0 {
				return j // a trending bar or a topic's label over "Top takeaways from ..."
			}
			return i
		}
		if best < 0 || b.words > wordCount(bs[best].text) {
			best = i // a short headline beats a shorter site name or label
		}
	}
	return best
}

// inMenuColumn reports a line in a run of four or more kept lines of one
// or two words without a sentence's stop: a menu copied a line an entry.
func inMenuColumn(bs []block, i int) bool {
	short := func(b block) bool {
		return b.kind == para && b.words <= 2 && !strings.ContainsAny(b.text, ".!?:")
	}
	n := 0
	for j := i; j >= 0 && n < 4; j = prevKept(bs, j) {
		if !short(bs[j]) {
			break
		}
		n++
	}
	for j := nextKept(bs, i); j > 0 && n < 4; j = nextKept(bs, j) {
		if !short(bs[j]) {
			break
		}
		n++
	}
	return n >= 4
}

// threadMarkBelow reports a thread's mark set on a line of its own
// ("🧵", "🧵👇", "👇") within the two kept blocks under block i: block i
// opens the thread's first post.
func threadMarkBelow(bs []block, i int) bool {
	for j, n := i+1, 0; j < len(bs) && n < 2; j++ {
		t := strings.TrimSpace(bs[j].text)
		if t != "" && strings.Trim(t, "🧵👇⬇\uFE0F ") == "" && (bs[j].drop == "" || bs[j].drop == "thread meta") {
			return true // the mark, kept or dropped as the thread's furniture
		}
		if bs[j].drop == "" && strings.Contains(t, "🧵") && strings.TrimRight(t, "🧵👇⬇\uFE0F ") != t && (bs[j].words <= 4 || bs[j].words <= 30 && j == nextKept(bs, i)) {
			return true // "A thread 🧵👇", or the opener's next paragraph ending with it ("Here's what I learned ... 🧵")
		}
		if bs[j].drop != "" {
			continue
		}
		n++
	}
	return false
}

// isBreadcrumb is a navigation trail: "News | Transport", "Reviews › Phones".
func isBreadcrumb(s string) bool {
	if strings.Count(s, " | ") == 1 && strings.Count(s, "|") == 1 {
		if head, _, ok := titleSite(s, "", ""); ok && wordCount(head) >= 6 {
			return false // a page title copied whole: "Four things we learned as ... | Touchline Daily"
		}
	}
	return strings.ContainsAny(s, "›»‹«>|") || strings.Contains(s, " / ") || dashCrumb(s)
}

// dashCrumb is a trail set apart by two dashes or more, each part a few
// words with no stop: "Seoul Economic Review — Markets — Central Banks".
// A headline holds one dash at most.
func dashCrumb(s string) bool {
	if strings.Count(s, " — ") < 2 || len(s) > 120 {
		return false
	}
	for _, part := range strings.Split(s, " — ") {
		if n := wordCount(part); n == 0 || n > 4 || strings.ContainsAny(part, ".!?:,") {
			return false
		}
	}
	return true
}

// isHeadline is a block that can be a headline: short, not a list item,
// not a numbered point, not closing a sentence with a full stop.
func isHeadline(b block) bool {
	if b.bullet || b.ordinal > 0 || b.kind == quote {
		return false
	}
	if _, ok := parseMarker(b.text); ok {
		return false
	}
	t := strings.TrimRight(b.text, "?!")
	return isHeadlineLike(t) && b.words >= 2 || (b.kind == heading && b.text != "")
}

// dropAbove drops what is left above the headline as page furniture.
// A longer paragraph goes too when menu words (a run of two or more
// lines of one or two words) stand between it and the headline: a site
// banner over the page's menu is not the article's lede.
func dropAbove(bs []block, i int) {
	menu := 0
	for j := i - 1; j >= 0; j-- {
		if bs[j].drop != "" && bs[j].drop != "above the headline" {
			continue
		}
		if bs[j].words <= 2 && !strings.ContainsAny(bs[j].text, ".!?") {
			menu++
		}
		if bs[j].drop == "" && (bs[j].words <= 12 || menu >= 2 || bs[j].words <= 25 && !endsSentence(bs[j].text)) {
			bs[j].drop = "above the headline" // a blog's tagline, a trending bar ("Start the day smarter ☀️ Notable deaths ...")
		}
	}
}

// dropTitleCopy drops the block that repeats the known title near the
// top (the page's own headline, or the <h1> or "# " line of an article
// whose front matter names its title), and the furniture above it.
func dropTitleCopy(st *digest.Story, bs []block) {
	want := normaliseTitle(st.Title)
	exact := -1 // the block that is the title word for word, when one is
	for i, seen := 0, 0; i < len(bs) && seen < 8; i++ {
		if bs[i].drop == "" {
			seen++
			if normaliseTitle(bs[i].text) == want {
				exact = i
				break
			}
		}
	}
	seen := 0
	for i := range bs {
		if bs[i].drop != "" || exact >= 0 && i != exact {
			continue
		}
		if seen++; seen > 8 {
			return
		}
		got := normaliseTitle(bs[i].text)
		if got == want || (len(got) > 10 && strings.HasPrefix(want, got)) || (bs[i].kind == heading && bs[i].level == 1) {
			if len(got) > 10 && len(got) < len(want) && strings.HasPrefix(want, got) && siteSuffix(st.Title[len(bs[i].text):]) {
				st.Title = bs[i].text // "Headline | Site": the page's own headline wins
			}
			dropAbove(bs, i)
			bs[i].drop, bs[i].role = "", "title"
			standfirst(bs, i)
			return
		}
	}
}

// standfirst turns a heading set right under the headline and followed by
// page furniture or no prose (a subtitle, then the byline) into the
// lede's first paragraph, so that it is not read as the first section.
func standfirst(bs []block, title int) {
	n := nextKept(bs, title)
	if n < 0 || isMarked(&bs[n]) || n+1 >= len(bs) || bs[n].kind != heading && !(bs[n].kind == para && isHeadlineLike(bs[n].text)) {
		return
	}
	if next := bs[n+1]; next.drop != "" || !proseAfter(bs, n) {
		bs[n].kind, bs[n].dek = para, true // the byline, date or share bar comes next: not a section
	} else if t := bs[n].text; bs[n].kind == heading && endsSentence(t) && firstSentence(t) != t {
		bs[n].kind, bs[n].dek = para, true // "Two members now want a cut. Markets bet on September.": sentences, a subtitle's, not a section's
	}
}

// siteSuffix is what a site appends to a headline in its title: " | The
// Greywater Post", " - Site".
func siteSuffix(s string) bool {
	for _, sep := range siteSeps {
		if strings.HasPrefix(s, sep) && wordCount(s) <= 7 {
			return true
		}
	}
	return false
}

// titleFromName makes a title of a file's name when the article has no
// headline: "ferry-fares_2026.md" is "Ferry fares 2026". A name without
// a letter or digit in it ("-.md", ".md") gives "Untitled".
func titleFromName(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) })
	t := strings.Join(words, " ")
	if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "Untitled"
	}
	return capitalise(t)
}

// wrappedTitle joins a headline that a PDF or a narrow column broke over
// two lines: the next source line goes on when the headline ends without
// a stop and that line opens in lower case ("Five things the 2024
// regional" over "climate record tells us").
func wrappedTitle(bs []block, i int) {
	j := i + 1
	if bs[i].line == 0 || j >= len(bs) || bs[j].drop != "" || bs[j].line != bs[i].line+1 || bs[j].kind != para || bs[j].words > 12 || endsSentence(bs[j].text) {
		return
	}
	if t := bs[j].text; (strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "http://") || hostName.MatchString(t)) && !strings.ContainsRune(t, ' ') {
		bs[j].drop = "link line" // the page's address, as an app's share sheet or a reader view sets it under the headline
		return
	}
	if r, _ := utf8.DecodeRuneInString(bs[j].text); !unicode.IsLower(r) || strings.ContainsAny(bs[i].text[len(bs[i].text)-1:], ".:;!?") {
		return
	}
	bs[i].text += " " + bs[j].text
	bs[i].words += bs[j].words
	bs[j].drop = "wrapped title"
}

// hostName is a site's address alone: "pacificdispatch.asia", "www.example.co.uk".
var hostName = regexp.MustCompile(`^(www\.)?[a-z0-9-]{2,40}(\.[a-z0-9-]{2,20}){1,3}$`)

// navRowBelow reports a page's menu row ("Home · Archive · About")
// straight under block i.
func navRowBelow(bs []block, i int) bool {
	n := i + 1
	return n < len(bs) && (bs[n].drop == "link line" || bs[n].drop == "navigation" || isLinkLine(bs[n].text) || isNavLine(bs[n].text))
}

// h1Ahead reports a top-level heading among the next few kept blocks
// after i.
func h1Ahead(bs []block, i int) bool {
	for j, n := i+1, 0; j < len(bs) && n < 8; j++ {
		if bs[j].drop != "" {
			continue
		}
		n++
		if bs[j].kind == heading && bs[j].level == 1 {
			return true
		}
	}
	return false
}

// firstWord is s's first word.
func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}
