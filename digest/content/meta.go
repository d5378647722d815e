package content

import (
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

var (
	bylineLine = regexp.MustCompile(`^(?i:by:?|(?:words|written|story|column|analysis|commentary|essay|review|reporting|interview|text|started|answered|(?:text|words|story) and (?:photos|photographs|pictures)) by|author:?|words:|text:|interview:|interviewed by:?|(?:prepared|compiled|produced) by:?(?: the)?)\s+(\p{Lu}.*)$`)
	// bylineRole is a byline without "By": "Elsa Tremaine, Economics Reporter",
	// "Mara Lindqvist, author of Axios Pro: Chips".
	bylineRole = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,3}),\s+(?i:[\p{L} ]*(reporter|correspondent|editor|writer|staff|columnist|contributor|journalist|desk|critic|analyst)[\p{L} ]*|author of [^,]{2,40})$`)
	// bylineRoleSpaced is a name and role set side by side: "Lowri Maddox
	// Transport correspondent, Northcast News".
	bylineRoleSpaced = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2}?) (?:\p{L}+ ){0,2}(?i:reporter|correspondent|editor|writer|columnist|contributor|journalist|critic|analyst)(?:,.{0,40})?$`)
	// bylineRoleDash is a name and role set apart by a dash or a bar:
	// "Noor Alvarsson — Staff Engineer, Web Platform".
	bylineRoleDash = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2}) [—–|] (.{2,60})$`)
	stampLine      = regexp.MustCompile(`(?i)^(` + stampVerbs + `|originally published|last modified|date)( on| at)?:?\s+(.+)$`)
	// relativeTime is a date stamp such as "4 hours ago".
	relativeTime = regexp.MustCompile(`(?i)^(about |updated |published )?((an?|\d{1,3}) (second|minute|min|hour|hr|day|week|month|year)s?\.?|\d{1,3} ?(s|m|min|h|hr|d|w|mo|y)\.?) ago$`)
	// stampWord is "Published" or "Updated" alone, its date on the next line.
	stampWord = regexp.MustCompile(`(?i)^(` + stampVerbs + `)( on)?:?$`)
	// roleWord names a writer's post.
	roleWord = regexp.MustCompile(`(?i)\b(correspondent|reporter|editor|writer|columnist|contributor|staff|journalist|critic|head of|director|manager|engineer|founder|ceo|cto|analyst|advocate|officer|president|vp|chief|producer|researcher|scientist|designer|strategist|consultant|coordinator|specialist|evangelist)\b`)
	// orgWord marks the name of an outlet, not a person: "Vellin Valley Gazette".
	orgWord = regexp.MustCompile(`\b(Gazette|News|Times|Post|Herald|Journal|Observer|Courier|Echo|Daily|Weekly|Press|Media|Agency|Wire|Today|Tribune|Chronicle|Review|Magazine|Team|Desk|Staff|Radio|TV|Online|Group|Digest|Letter|Notes|Sport|Business|Opinion|Forums?|Community|Blog|Podcast|Network|Ledger|Record|Standard|Telegraph|Guardian|Inquirer|Examiner|Sentinel|Bulletin|Dispatch|Register|Monitor|Globe|Advertiser|Argus|Clarion|Beacon|Briefing|Report|Roundup|Newsletter)\b`)
	// personName is a name alone: two or three capitalised words.
	personName = regexp.MustCompile(`^` + fullName + `$`)
	// threadStarter is a forum's line under a thread's title: "Thread
	// starter name Start date Jun 3, 2024 Tags: a, b".
	threadStarter = regexp.MustCompile(`^Thread starter:? (\S{1,40})(?: [·|•])? Start date:? ([^:]{4,40}?)(?: Tags:? .*)?$`)
	// postHeader is the header of a forum topic's first post, phpBB's
	// "#1  Post by name » Tue Feb 10, 2026 9:02 pm" (or "Posted by"): its
	// writer and date.
	postHeader = regexp.MustCompile(`^(?:#1\s+)?Post(?:ed)? by (\S{1,40}(?: \p{Lu}\S{0,30}){0,2}) » (.{4,40})$`)
	// userHandle is a forum user's handle set over their display name:
	// one lower-case word with a digit, "_", "." or "-" in it.
	userHandle = regexp.MustCompile(`^@?[a-z][a-z]*[\d_.-][a-z\d_.-]{0,28}$`)
	// bylineEnd cuts a byline before the writer's role or a date.
	bylineEnd = regexp.MustCompile(`(?i)(,| \| | · | • | [-–—] | on | at | and | & | with | \(| updated| posted| published|\d).*$`)
)

// answeredLine is the line over an answer on a Q&A site: "Answered 2y
// · Upvoted by A Name, ...", "Answered March 3, 2024".
var answeredLine = regexp.MustCompile(`^Answered (\d{1,2}[ymwdh]|\p{Lu}\p{Ll}{2,8} \d{1,2}(, \d{4})?|\d{1,2} \p{Lu}\p{Ll}{2,8}( \d{4})?)\b`)

// networkDegree is a professional network's line naming a post's writer
// with their distance from the reader: "Marisol Treadwell • 2nd",
// "A Writer • 3rd+ • Following".
// degreeLine is a LinkedIn member's degree alone on its line: "• 2nd".
var degreeLine = regexp.MustCompile(`^(• ?)?(1st|2nd|3rd\+?)$`)

var networkDegree = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,3}) • (?:1st|2nd|3rd\+?)(?: • .{1,20})?$`)

// handleOf reports a social handle that spells the name above it:
// "@NADIACASTELLANOS" under "Nadia Castellanos".
func handleOf(handle, name string) bool {
	return len(handle) > 3 && handle[0] == '@' && strings.EqualFold(handle[1:], strings.ReplaceAll(name, " ", ""))
}

// readTopMeta walks the blocks before the article proper: it takes the
// byline and date stamps as metadata and drops them, drops navigation
// left above the headline, and sets the title.
func readTopMeta(st *digest.Story, bs []block, f Format, name string) {
	readReaderHeader(st, bs)
	top := topLimit(bs)
	for i := range bs {
		b := &bs[i]
		if metaDrops[b.drop] && i < top && readMetaLine(st, b.text) {
			b.drop, b.role = "meta line", "meta"
		}
		if b.drop == "author box" && st.Author == "" {
			if name, ok := bylineName(b.text); ok {
				st.Author = name // "Written by A Writer" over the closing author box
			}
		}
		if b.drop != "" && i < top && i > 0 && st.Author == "" && degreeLine.MatchString(b.text) {
			// "Marisol Teague" over "• 2nd" over her headline: a LinkedIn
			// post copied with the degree on a line of its own
			if p := prevKept(bs, i); p >= 0 && nameAlone(bs[p].text) != "" {
				st.Author = nameAlone(bs[p].text)
				bs[p].drop, bs[p].role = "byline", "meta (author)"
				if n := nextKept(bs, i); n > 0 && n < top && bs[n].words <= 25 && !endsSentence(bs[n].text) {
					bs[n].drop = "byline" // the writer's own headline: "Senior PM at Quillfield | Discovery, pricing"
				}
			}
		}
		if b.drop == "link line" && i < top && st.Author == "" && strings.Contains(b.text, " • ") {
			if m := networkDegree.FindStringSubmatch(b.text); m != nil {
				st.Author = m[1] // a LinkedIn post's writer: "Marisol Treadwell • 2nd"
				if n := nextKept(bs, i); n > 0 && n < top && bs[n].words <= 25 && !endsSentence(bs[n].text) {
					bs[n].drop = "byline" // the writer's own headline under their name: "Founder, Spoke & Chain | Mentor"
				}
			}
		}
		if b.drop == "reading time" && i < top && st.Published.IsZero() {
			if m := gluedReadDate.FindStringSubmatch(b.text); m != nil {
				if t, err := parseDate(m[1]); err == nil {
					st.Published = t // "6 min readJun 1, 2026": a copy glued the date to the reading time
				}
			}
		}
		if b.drop == "reading time" && i < top && st.Author == "" {
			// a reader view's header: the headline, the site, the writer's
			// name over "6–8 minutes"
			if p := prevKept(bs, i); p >= 0 && bs[p].words <= 4 && nameAlone(bs[p].text) != "" {
				st.Author = nameAlone(bs[p].text)
				bs[p].drop, bs[p].role = "byline", "meta (author)"
			}
		}
		if i < top && st.Author == "" && b.drop == "" && answeredLine.MatchString(b.text) {
			// a Q&A site's answer: "Tobias Wrenfield" over his credential
			// over "Answered 2y · Upvoted by ..."
			for p, k := i-1, 0; p >= 0 && k < 2; p-- {
				if bs[p].drop != "" {
					continue
				}
				k++
				if name := nameAlone(bs[p].text); name != "" {
					st.Author = name
					for q := p; q < i; q++ {
						if bs[q].drop == "" {
							bs[q].drop, bs[q].role = "byline", "meta (author)"
						}
					}
					b.drop, b.role = "meta line", "meta"
					break
				}
			}
		}
		if i < top && st.Author == "" && i+1 < len(bs) && isHandleLine(&bs[i+1]) &&
			(b.drop == "repeated line" || b.drop == "" && postHandle(&bs[i+1]) == threadWriter(bs, 0, len(bs))) {
			if name := nameAlone(b.text); name != "" {
				st.Author = name // a thread's writer, named over their handle (on every post, or once over a handle that posts most)
			}
		}
		if i < top && st.Author == "" && b.drop == "repeated line" && postWriter(b) != "" && postHandle(b) == threadWriter(bs, 0, len(bs)) {
			st.Author = postWriter(b) // "Dana Whitcombe @dwhoops" over each post of a thread: the writer, when that handle posts most
		}
		if (b.drop == "repeated line" || b.drop == "comment meta") && i < top && (isDateLine(b.text) || noYear.MatchString(b.text)) {
			// a forum prints the same "Mar 14" over every post, a blog
			// "3 February 2026 at 7:30am" over the story and each
			// comment: near the top, it is the story's date
			rule := b.drop
			b.drop = ""
			if readTopLine(st, bs, i); b.drop == "" {
				b.drop = rule
			}
			continue
		}
		if b.drop != "" || i >= top || len(b.text) > 160 || strings.HasPrefix(b.text, "|") {
			continue // bylines, stamps and dates sit at the top and are short; a table row is content
		}
		readTopLine(st, bs, i)
	}
	cutReplies(bs)
	topBio(st, bs, top)
	nameOverDate(st, bs)
	takeTitle(st, bs, f, name)
	dropLabelUnderTitle(bs)
	nameUnderTitle(st, bs)
}

// issueBelow reports a newsletter's issue line under the name at i
// ("HILL REPEATS" over "ISSUE 19 · FEBRUARY 2026"): the name is the
// newsletter's, not its writer's.
func issueBelow(bs []block, i int) bool {
	n := i + 1
	if n < len(bs) && bs[n].drop == "masthead" && strings.ToUpper(bs[i].text) == bs[i].text {
		n++ // "POCKET BRIEF" over its tagline, then "Thursday, February 6, 2025 | Issue #412"
	}
	return n < len(bs) && bs[n].words <= 12 && masthead.MatchString(bs[n].text)
}

// topBio reads a writer's name over a note about them, under the
// headline ("Catriona Delacroix-Hume" over "Catriona Delacroix-Hume is a
// political columnist and former pollster."): the name is the author,
// and both lines are the byline.
func topBio(st *digest.Story, bs []block, top int) {
	for i := 0; i+1 < top && i+1 < len(bs); i++ {
		if bs[i].drop != "" || bs[i].words < 2 || bs[i].words > 4 {
			continue
		}
		name := nameAlone(bs[i].text)
		n := nextKept(bs, i)
		if name == "" || n < 0 || bs[n].words > 40 || !endsSentence(bs[n].text) || !bioNote.MatchString(bs[n].text) ||
			!strings.HasPrefix(bs[n].text, strings.Fields(bs[i].text)[0]+" ") {
			continue
		}
		if st.Author == "" {
			st.Author = name
		}
		bs[i].drop, bs[i].role = "byline", "meta (author)"
		bs[n].drop = "byline"
		return
	}
}

// bioNote is a line about the writer: "A Writer is a political
// columnist", "A Writer writes about ...", "A Writer covers ...".
var bioNote = regexp.MustCompile(`^[\p{Lu}][\p{L}'’.-]+( [\p{Lu}][\p{L}'’.-]+){0,3} (is (a|an|the)\b|writes (about|on|for)\b|covers\b|has (covered|written|been writing)\b)`)

// topLimit is where the top of the page ends for its metadata: after 40
// blocks, not counting the one- and two-word lines of a menu copied a
// line an entry (a news site's runs to thirty), and at most 120.
func topLimit(bs []block) int {
	n := 0
	for i := range bs {
		if i >= 120 {
			return i
		}
		if bs[i].words > 2 || bs[i].drop == "" && !inMenuColumn(bs, i) {
			if n++; n >= 40 {
				return i + 1
			}
		}
	}
	return len(bs)
}

// dropLabelUnderTitle drops a section or category label set between the
// headline and its byline ("Community Events" under a forum thread's
// title, over its writer's name): a word or three, not a sentence.
func dropLabelUnderTitle(bs []block) {
	t := -1
	for i := 0; i < len(bs) && i < 40; i++ {
		if bs[i].role == "title" {
			t = i
			break
		}
	}
	if t < 0 {
		return
	}
	label := func(i int) bool {
		return i >= 0 && bs[i].kind == para && !bs[i].bullet && bs[i].words <= 3 && !endsSentence(bs[i].text)
	}
	n := nextKept(bs, t)
	if !label(n) {
		return
	}
	// the outlet's name over the section label, both over the byline:
	// "The Wexmoor Record", "TRANSPORT", "By ..."
	labels := []int{n}
	if m := nextKept(bs, n); label(m) {
		labels = append(labels, m)
	}
	last := labels[len(labels)-1]
	end := nextKept(bs, last)
	if end < 0 {
		end = len(bs)
	}
	for j := last + 1; j < end; j++ {
		if isMeta(bs[j]) {
			for _, k := range labels {
				bs[k].drop = "section label"
			}
			return
		}
	}
	if len(labels) == 1 {
		return
	}
	// the first label alone, when the meta is under it
	end = nextKept(bs, n)
	for j := n + 1; j < end; j++ {
		if isMeta(bs[j]) {
			bs[n].drop = "section label"
			return
		}
	}
}

// nameOverDate takes a name alone just above the first date line near
// the top ("Hanna Sørlie" over "Sunday 15 March 2026 · 21:40"), or above
// the outlet's name over it, as the byline it is.
func nameOverDate(st *digest.Story, bs []block) {
	for i := 0; i < len(bs) && i < 40; i++ {
		if !isMeta(bs[i]) {
			continue
		}
		p := prevKept(bs, i)
		if p >= 0 && overDate(bs[p]) && nameAlone(bs[p].text) == "" {
			if q := prevKept(bs, p); q >= 0 && overDate(bs[q]) && nameAlone(bs[q].text) != "" {
				bs[p].drop = "byline" // "A Writer" over "The Town Courier" over the date
				p = q
			}
		}
		if p >= 0 && overDate(bs[p]) && nameAlone(bs[p].text) != "" && !(p+1 == i && masthead.MatchString(bs[i].text)) {
			if st.Author == "" {
				st.Author = nameAlone(bs[p].text)
			}
			bs[p].drop, bs[p].role = "byline", "meta (author)"
			dropHandleAbove(bs, p)
		}
		if !onlyMenuAbove(bs, i) {
			return // past a date in the site's masthead, the story's own
		}
	}
}

// dropHandleAbove drops a forum user's handle set over the name at i:
// "ravi_t" over "Ravi Thomas".
func dropHandleAbove(bs []block, i int) {
	if p := prevKept(bs, i); p >= 0 && userHandle.MatchString(bs[p].text) {
		bs[p].drop, bs[p].role = "byline", "meta (author)"
	}
}

// isMeta is a block read as metadata: a date, a stamp, a byline.
func isMeta(b block) bool { return b.role == "meta" || strings.HasPrefix(b.role, "meta (") }

// overDate is a line that may stand between a headline and its date as
// the byline: the writer's name, or the outlet's ("The Town Courier").
func overDate(b block) bool {
	return b.kind == para && b.words <= 5 && (nameAlone(b.text) != "" || orgWord.MatchString(b.text))
}

// readTopLine reads one short block near the top as a byline, a line of
// metadata, a date stamp or a date, and drops it.
func readTopLine(st *digest.Story, bs []block, i int) {
	b := &bs[i]
	m := threadStarter.FindStringSubmatch(b.text)
	if m == nil && (strings.Contains(b.text, "Post by ") || strings.Contains(b.text, "Posted by ")) {
		m = postHeader.FindStringSubmatch(b.text)
	}
	if m != nil {
		if st.Author == "" {
			st.Author = m[1]
		}
		if t, err := parseDate(m[2]); err == nil && st.Published.IsZero() {
			st.Published = t
		}
		b.drop, b.role = "post header", "meta" // not "thread meta": a social site's chrome (see socialPost)
		dropPostHeader(bs, i)
		return
	}
	if readMetaLine(st, b.text) {
		b.drop, b.role = "meta line", "meta"
		return
	}
	if author, ok := bylineName(b.text); ok {
		if st.Author == "" {
			st.Author = author
		}
		bylineDate(st, b.text, author)
		b.drop, b.role = "byline", "meta (author)"
		// the writer's desk or outlet on the next line: "BBC News"
		if n := nextKept(bs, i); n >= 0 && isAffiliation(bs[n]) {
			bs[n].drop, bs[n].role = "byline", "meta (author)"
		}
		return
	}
	if name := nameAlone(b.text); name != "" && (dateNear(bs, i) || strings.HasSuffix(b.text, " Follow") || roleNext(bs, i) || i+1 < len(bs) && handleOf(bs[i+1].text, b.text)) && !bylineBelow(bs, i) && !kickerOver(bs, i) &&
		!issueBelow(bs, i) {
		// a writer's name alone under the headline ("Jack Orme at Vellin
		// Park"), the date close by, beside a Follow button or over the
		// writer's handle ("@JACKORME")
		if st.Author == "" {
			st.Author = name
		}
		b.drop, b.role = "byline", "meta (author)"
		if n := nextKept(bs, i); n >= 0 && roleNext(bs, i) {
			bs[n].drop, bs[n].role = "byline", "meta (author)"
		}
		dropHandleAbove(bs, i)
		return
	}
	if m := stampLine.FindStringSubmatch(b.text); m != nil && b.words <= 16 {
		readStamp(st, m[1], m[3])
		b.drop, b.role = "date stamp", "meta (published)"
		return
	}
	text := b.text
	if t := strings.TrimLeft(text, "·|•– "); t != text && isDateLine(t) {
		text = t // "· Monday 7 April 2025": the writer's name before it was a link of its own
	}
	if isDateLine(text) || relativeTime.MatchString(text) || stampWord.MatchString(text) || noYear.MatchString(text) {
		if t, err := parseDate(text); err == nil && st.Published.IsZero() {
			st.Published = t
		}
		b.drop, b.role = "date", "meta (published)"
		return
	}
	readDateStamp(st, b)
}

// bylineDate reads a date set in the byline after the name: "By Kit
// Ames, 2 February 2026".
func bylineDate(st *digest.Story, line, author string) {
	_, rest, ok := strings.Cut(line, author)
	rest = strings.TrimLeft(rest, " ,·|•-–—")
	for _, sep := range []string{" — ", " · ", " | ", " – "} {
		if before, after, ok := strings.Cut(rest, sep); ok && !strings.ContainsAny(before, "0123456789") {
			rest = after // "A Writer, Walks Secretary — written 2nd February 2026": the role before the date
		}
	}
	for _, w := range []string{"posted ", "written ", "published ", "on "} {
		rest = strings.TrimPrefix(rest, w)
	}
	if !ok || rest == "" || !st.Published.IsZero() || !strings.ContainsAny(rest, "0123456789") {
		return
	}
	if t, _, ok := leadingDate(unglue(rest)); ok {
		st.Published = t
	}
}

// roleNext reports the writer's post on the line after a name: "Political
// reporter, Northcast Carrowfield".
func roleNext(bs []block, i int) bool {
	n := nextKept(bs, i)
	return n >= 0 && bs[n].words <= 8 && roleWord.MatchString(bs[n].text) && !endsSentence(bs[n].text)
}

// readDateStamp reads a line that opens with a date and goes on with a
// time, a zone, an update stamp or the writer's name.
func readDateStamp(st *digest.Story, b *block) {
	if b.words > 14 || endsSentence(b.text) || !strings.ContainsAny(b.text, "0123456789") {
		return
	}
	t, rest, ok := leadingDate(unglue(b.text))
	if !ok {
		return
	}
	author, ok := stampRest(rest)
	if !ok {
		// "September 14 2025, 12:01am, The Sunday Hearth": the outlet last
		i := strings.LastIndex(rest, ", ")
		if i < 0 || wordCount(rest[i+2:]) < 2 || !siteLike(rest[i+2:]) {
			return
		}
		if author, ok = stampRest(rest[:i]); !ok {
			return
		}
	}
	if st.Published.IsZero() {
		st.Published = t
	}
	if author != "" && st.Author == "" {
		st.Author = author
	}
	b.drop, b.role = "date stamp", "meta (published)"
}

// isDateLine is a line that is only a date (and maybe a time).
func isDateLine(s string) bool {
	if len(s) > 60 || wordCount(s) > 9 || !strings.ContainsAny(s, "0123456789") {
		return false
	}
	_, err := parseDate(s)
	return err == nil
}

// gluedReadDate is a reading time with the date glued to it.
var gluedReadDate = regexp.MustCompile(`^\d{1,3} min read ?(\p{Lu}[\p{L}]{2,8}\.? \d{1,2}, \d{4})$`)

// cutReplies drops a forum topic's replies: from the second post header
// ("Post by name » date", with the "Re: Title" subject over it) to the
// end. The topic is its first post.
func cutReplies(bs []block) {
	first := -1
	for i := range bs {
		t := bs[i].text
		if !strings.Contains(t, "Post by ") && !strings.Contains(t, "Posted by ") || !postHeader.MatchString(t) {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		from := i
		if p := i - 1; p > first && strings.HasPrefix(bs[p].text, "Re: ") {
			from = p
		}
		// the poster's details over the subject: "Dan Okoye", "Posts: 54",
		// "Joined: ...", and the "Top" link closing the post before
		for p := from - 1; p > first && p >= from-5; p-- {
			if bs[p].drop == "post header" || bs[p].words <= 3 && !endsSentence(bs[p].text) {
				from = p
				continue
			}
			break
		}
		dropFrom(bs, from, "comments")
		return
	}
}

// dropPostHeader drops the header of a forum thread's first post, below
// the thread-starter line: the poster's name and rank, "Joined:" and
// "Messages:" lines, the date and the post number ("#1"), up to the
// post's first sentence.
func dropPostHeader(bs []block, i int) {
	for j := i + 1; j < len(bs) && j <= i+10; j++ {
		b := &bs[j]
		if b.drop != "" {
			continue
		}
		if b.words > 6 || endsSentence(b.text) {
			return
		}
		b.drop, b.role = "post header", ""
	}
}

// bylineBelow reports a "By A Writer" byline as the next kept block: a
// short line over it ("LOCAL DEMOCRACY") is a section label, not the
// writer's name.
func bylineBelow(bs []block, i int) bool {
	n := nextKept(bs, i)
	if n < 0 {
		return false
	}
	if bs[n].words <= 14 && bylineLine.MatchString(bs[n].text) {
		return true
	}
	// a blog's name over its tagline and headline, the writer named in
	// the post's line of metadata: "October 21, 2024 · by Josie Marchetti"
	for k := n; k < len(bs) && k <= n+4; k++ {
		if t := bs[k].text; bs[k].words <= 20 && (strings.Contains(t, " · by ") || strings.Contains(t, " | by ") || strings.Contains(t, " · By ") || strings.Contains(t, " | By ")) {
			return true
		}
	}
	return false
}

// kickerOver reports a section label in capitals over the headline
// ("MEN'S BASKETBALL" over "Takeaways from the Lakeshore Classic: ..."):
// a writer's name comes under the headline, not over it.
func kickerOver(bs []block, i int) bool {
	t := bs[i].text
	if strings.ToUpper(t) != t || strings.ToLower(t) == t {
		return false
	}
	n := nextKept(bs, i)
	return n >= 0 && bs[n].kind == para && bs[n].words >= 5 && bs[n].words <= 25 && isHeadlineLike(bs[n].text)
}

// nameUnderTitle reads a name alone straight under the headline, with
// the story's prose under it ("Paul Singer"): the writer, with no date
// beside them.
func nameUnderTitle(st *digest.Story, bs []block) {
	for i := range bs {
		if bs[i].role != "title" {
			continue
		}
		p := nextKept(bs, i)
		if p < 0 || bs[p].kind != para || bs[p].words > 7 || bs[p].bold || bs[p].link {
			return
		}
		name := nameAlone(bs[p].text)
		if n := nextKept(bs, p); name == "" || n < 0 || bs[n].words < 15 && !(bs[n].words >= 4 && endsSentence(bs[n].text)) {
			return // prose follows the name, however short its first paragraph ("It was as close as advertised.")
		}
		if namesLikeIt(bs, nextKept(bs, p)) {
			return // "Capital Expenditure" over a line of prose, then "Income Tax Changes": the first of the sections' heading lines
		}
		if st.Author == "" {
			st.Author = name
		}
		bs[p].drop, bs[p].role = "byline", "meta (author)"
		return
	}
}

// namesLikeIt reports two more lines a name could be, each over prose,
// within a few blocks from i: a run of capitalised heading lines, whose
// first line under the headline is no writer's name.
func namesLikeIt(bs []block, i int) bool {
	found := 0
	for k := 0; k < 6 && i >= 0; k++ {
		n := nextKept(bs, i)
		if bs[i].kind == para && bs[i].words <= 5 && !bs[i].link && nameAlone(bs[i].text) != "" && n >= 0 && bs[n].words > bs[i].words {
			found++
		}
		i = n
	}
	return found >= 2
}
