package content

import (
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

var (
	// commentsMarker opens a page's comment section.
	commentsMarker = regexp.MustCompile(`(?i)^((\d{1,3}(,\d{3})*|\d+|one) (comments?|responses?|replies|thoughts? on)( to .*| .*)?|(\d{1,3}(,\d{3})*|\d+) notes|((top|all|reader|recent|latest|newest|featured) )?(comments?( \(\d+\)| \d{1,5})?|(responses|discussion|conversation) \(\d+\))|share what you think|the comments below have not been moderated\.?|discussion about this (post|article)|leave a (reply|comment)( cancel reply)?|click to comment|post a comment|add a comment|add your comment|write a comment|join the (conversation|discussion)|(show|view|load|read) (all )?\d* ?comments|comments are closed( for this (article|story|post|page))?|reader comments|replies|what do you think\?|sort by:? (best|top|new|newest|oldest|old|controversial|popular|q&a)|(most relevant|most recent|all comments)( ?[▾▼⌄])?|open comment sort options|quick reply|post (a )?reply|reply to (this )?thread|who is online)[:.]*$`)
	// listMarker labels a list of links that is not the article's: related
	// stories, most read, previous/next, tables of contents.
	listMarker = regexp.MustCompile(`(?i)^(related( posts| articles?| stories| reading| content| coverage| links| topics| reviews| guides| videos| news| products| questions)?|you (may|might)( also)? (like|enjoy|be interested in)|(more )?posts you (may|might) like|see all( from [\p{L}'’ ]+)?|more ([\p{L}\d'’ ]{2,30} coverage|must-reads?( from [\p{L}\d'’& ]+)?|stories|news|articles|coverage|from [\p{L}\d'’& ]+|from @\w+|on [\p{L} ]+|in [\p{L} ]+|like this|[\p{L}]+( [\p{L}]+)?)|read also|also read|also in [\p{L}&'’]+( [\p{L}&'’]+)?|see also|([\p{L}\d'’ ]{2,40}: )?read more( (on|about|from) [\p{L}’' ]+| [\p{L}\d'’ ]{2,30} (coverage|stories|news))?|more reading|previous (article|post|story)|next (article|post|story)|« previous|next »|older posts?|newer posts?|share this( article| story)?|like this|recommended( for you| reading| stories| from [\p{L} ]+)?|popular (posts|stories|now|today)|latest( news| stories| posts)?|(our )?(latest|recent|more|top) ([\p{L}]+ ){1,2}(stories|news|articles|headlines|posts|coverage)|trending( now| stories)?|most (read|popular|viewed|shared|watched)( this week| today| yesterday| now| (in|from|on) [\p{L}&'’ ]{2,30}| (sport|news|business|politics|opinion|entertainment|culture|tech|lifestyle|travel|football))?|top stories|editor[’']?s picks?|read next|up next|explore more( on these topics)?|keep reading|in case you missed it|don[’']t miss|public notices|other topics of interest|(related |suggested |explore (more )?)?topics|more on (these|this) topics?|tags|filed under|(table of )?contents|in this (article|story|post|guide)|jump to( (a|the|each|your))?( [\p{L}]+)?|on this page|quick links|skip to section|(links|resources|books|people) mentioned( in this episode)?|(episode|show) (links|notes)|links from (the|this) (show|episode)|in this episode|timestamps|chapters|credits|key events|page history|updates to this page|document history|from the archives?|most clicked( last week| this week)?|what (we|i)(['’]re| are|['’]m| am|['’]ve been| have been) reading( this week| now| lately)?|(good|weekend|long|more) reads|worth (a )?read(ing)?|elsewhere( on the web| online)?|around the web|(the |our |my )?reading list|in (today['’]s|this week['’]s|this|the|tonight['’]s) (issue|edition|newsletter|email))[:.…]*$`)
	// aboutMarker opens an author box.
	aboutMarker = regexp.MustCompile(`(?i)^(about the (author|writer|authors|reporter)|author bio|the author|meet the author|written by \p{Lu}[\p{L}.'’ -]{1,40})[:.]?$`)
	// referencesMarker opens footnotes or a reference list.
	referencesMarker = regexp.MustCompile(`(?i)^(references|(article |our |the )?sources( cited| used)?|(important )?disclosures( and disclaimers)?|analyst certification|notes|footnotes|bibliography|citations|works cited|endnotes|further reading|sources and notes|sources and further reading|notes to editors|media contacts?|press contacts?|for (media|press) (enquiries|inquiries))[:.]?$`)
	// citationLine is a study's reference set under the story.
	citationLine = regexp.MustCompile(`(?i)^(the )?(paper|study|reference|citation|journal reference|research|source)s?:\s.*(\bet al\.|\bdoi\b|doi\.org|\(\d{4}\))`)
	// factBoxLabel opens a box set beside the story: "FACTBOX: How to
	// take part", "Fact file", "Key facts".
	factBoxLabel = regexp.MustCompile(`(?i)^(fact ?box|fact ?file|fact ?sheet|match (facts|details|stats|summary)|team ?sheets?|line-?ups|scoring summary|box score)\b\s*[:—–-]?`)
	// footnoteLine is one footnote: "[1] Source", "[^a]: Source", "^1
	// Source", or a note with a back-reference arrow or caret, numbered
	// or not ("1. ↑ Source", "↑ Source", "2. ^ a b Source", "Source ↩").
	footnoteLine = regexp.MustCompile(`^\[[a-z]{1,2}\]\S|^(\[\d{1,3}\]|\[\^\w{1,12}\]:?|\^\d{1,3})\s?\S|^((\d{1,3}[.)]|\[\d{1,3}\])\s?)?[↑^↩]\s?\S|\S\s?↩[\x{FE0E}\x{FE0F}]?$`)
	// publishedIn labels the publication a post appears in.
	publishedIn = regexp.MustCompile(`(?i)^(published|posted) in$`)
	// sponsorHeading heads a paid section inside a newsletter.
	sponsorHeading = regexp.MustCompile(`(?i)^(a (word|message) from (our|this week['’]s|today['’]s) sponsors?|((this|last) (week|issue|month)['’]s|today['’]s|our) sponsors?|(this (issue|week|newsletter) is )?(sponsored|presented|brought to you) by\b.*|sponsors?|sponsored( content)?|partner content|in partnership with\b.*|together with \S+( \S+)?|advertisement|promoted|paid (post|content))[:.]?$`)
	// hiringPlug is a job advertisement closing a company's post.
	hiringPlug = regexp.MustCompile(`(?i)(we[’']re hiring|we are hiring|join (our|the) team|open (roles|positions)|see our (jobs|careers))`)
	// authorNote is a closing note about the writer: "Ada Quint is a
	// transport planner...", "Sam Lee covers the council for the Post."
	authorNote = regexp.MustCompile(`^(?:` + fullName + ` (is|was) (a|an|the|our|\p{Lu}[\p{L} ]{0,30}['’]s) [^.]{0,80}\b(founder|writer|reporter|journalist|editor|columnist|correspondent|author|planner|professor|lecturer|researcher|director|chief|head|economist|analyst|critic|consultant|engineer|designer|contributor|producer|officer|manager|lawyer|doctor|teacher|scientist|fellow|adviser|advisor|historian|novelist|campaigner|councillor)\b|` + fullName + ` (writes|covers|reports on|reports for|tests|reviews|edits|has (covered|written|reported|tested|reviewed)|has been (writing|covering|reporting|testing|reviewing))\b|` + fullName + ` (is|was|produces|presents|hosts|runs|edits|co-hosts) [^.]{0,100}\b(writes|covers|reports) (about|on|for)\b)`)
)

// isListMarker reports a label of a list of links (listMarker). Every
// label the pattern knows opens with a letter or "«", so a block that
// opens otherwise (a numbered point: "12) ...") is passed over without
// running it.
func isListMarker(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if (unicode.IsLetter(r) || r == '«') && listMarker.MatchString(s) {
		return true
	}
	en := englishHalf(s)
	return en != "" && listMarker.MatchString(en)
}

// englishHalf is the English half of a label a site prints in two
// languages ("Czytaj także / Read also", "Reklama / Advertisement"), or "".
func englishHalf(s string) string {
	i := strings.LastIndex(s, " / ")
	if i <= 0 || len(s) > 80 || wordCount(s) > 8 {
		return ""
	}
	return strings.TrimSpace(s[i+3:])
}

func opensWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// dropPageNumbers drops a page's pagination copied as text: the page
// numbers one to a line from 1 ("1", "2", "3") and a "Next" after them,
// which would otherwise read as a point numbered 1 headed "Next".
func dropPageNumbers(bs []block) {
	for i := 0; i+2 < len(bs); i++ {
		if bs[i].text != "1" {
			continue
		}
		j, n := i, 1
		for j < len(bs) && bs[j].text == strconv.Itoa(n) {
			j, n = j+1, n+1
		}
		if n > 2 && j < len(bs) && pageNext.MatchString(bs[j].text) {
			for k := i; k <= j; k++ {
				bs[k].drop = "navigation"
			}
		}
	}
}

// pageNext is a pagination's link to the next or the last page.
var pageNext = regexp.MustCompile(`(?i)^(next( page)?|last( page)?|older( posts)?)( ?[›»→>]+)?$|^[›»→>]{1,2}$`)

// mailedAbove reports an email's "Subject:" line above block i: the
// subject, not the newsletter's name, is the title.
func mailedAbove(bs []block, i int) bool {
	for j := 0; j < i; j++ {
		if strings.HasPrefix(bs[j].text, "Subject: ") {
			return true
		}
	}
	return false
}

// postCounter is a thread post's place set at its end: "... predicted.
// 2/8", "... below 👇 5/8".
var postCounter = regexp.MustCompile(`\s(\d{1,2})/(\d{1,2})$`)

// frontPostNumbers moves the place a thread's posts give at their end
// ("Turnout beat 2020 ... predicted. 2/8") to their start, where a
// thread's numbering is read ("2/8 Turnout beat ..."): three posts or
// more, of six words or more, counting up to the same total.
func frontPostNumbers(bs []block) {
	var at []int
	total, last := "", 0
	for i := range bs {
		t := bs[i].text
		if len(t) < 8 || !isDigit(t[len(t)-1]) {
			continue // the cheap test first
		}
		m := postCounter.FindStringSubmatchIndex(t)
		if m == nil || bs[i].words < 6 {
			continue // a post, not "Rating: 4/5"
		}
		n, of := atoi(t[m[2]:m[3]]), t[m[4]:m[5]]
		if total != "" && of != total || n <= last || n > atoi(of) {
			continue
		}
		total, last = of, n
		at = append(at, i)
	}
	if len(at) < 3 {
		return
	}
	for _, i := range at {
		t := bs[i].text
		loc := postCounter.FindStringSubmatchIndex(t)
		bs[i].text = t[loc[2]:loc[5]] + " " + strings.TrimSpace(t[:loc[0]])
	}
}

// continuedPost is a thread's post that goes on with the one before:
// "5/ (cont.) The fix was ...".
var continuedPost = regexp.MustCompile(`^\d{1,3}/\d{0,3}\s*\((cont\.?|cont['’]d|continued)\)\s*`)

// joinContinuedPosts takes the number off a post marked as going on with
// the one before, which then holds it as its next paragraph, and drops a
// writer's bio set between their handle and its Follow button
// ("@kalinda_builds" over "Indie dev. Building ..." over "Follow
// @kalinda_builds").
func joinContinuedPosts(bs []block) {
	for i := range bs {
		t := bs[i].text
		if len(t) > 8 && isDigit(t[0]) && strings.Contains(t[:min(len(t), 24)], "(cont") {
			if loc := continuedPost.FindStringIndex(t); loc != nil {
				bs[i].text = t[loc[1]:]
				bs[i].words = wordCount(bs[i].text)
			}
		}
		if i > 0 && i+1 < len(bs) && bs[i].drop == "" && bs[i].words <= 60 && strings.HasPrefix(bs[i+1].text, "Follow @") &&
			strings.HasPrefix(bs[i-1].text, "@") && !strings.Contains(bs[i-1].text, " ") {
			bs[i].drop = "author bio"
		}
	}
}

// gluedItem is a numbered point glued to a caption above it, the line
// break lost: "Ready for the marathon to start4. It's Okay to Litter:
// ...".
var gluedItem = regexp.MustCompile(`^([^.!?]{3,100}?[a-z)])(\d{1,3})\. (\p{Lu}.*)$`)

// gluedNumber reports the number n glued to the lower-case letter or
// bracket before it and followed by ". ", within a caption's length of
// the text's start.
func gluedNumber(t string, n int) bool {
	num := strconv.Itoa(n) + ". "
	end := min(len(t), 110+len(num))
	for from := 4; from < end; {
		i := strings.Index(t[from:end], num)
		if i < 0 {
			return false
		}
		i += from
		if c := t[i-1]; isLowerASCII(c) || c == ')' {
			return true
		}
		from = i + 1
	}
	return false
}

// unglueItems takes a caption glued to the next numbered point off it
// ("... to start4. It's Okay to Litter: ..."), when the number is the
// one after the last point's: the caption goes, the point stays.
func unglueItems(bs []block) {
	last := 0
	for i := range bs {
		t := bs[i].text
		if t != "" && isDigit(t[0]) {
			if m, ok := parseMarker(t); ok && m.n > 0 {
				last = m.n
				continue
			}
		}
		if last == 0 || len(t) < 12 {
			continue
		}
		if !gluedNumber(t, last+1) {
			continue // the cheap test: the next number glued to a word, then ". "
		}
		if m := gluedItem.FindStringSubmatch(t); m != nil && atoi(m[2]) == last+1 && wordCount(m[1]) <= 12 {
			bs[i].text = m[2] + ". " + m[3]
			bs[i].words = wordCount(bs[i].text)
			last++
		}
	}
}

// sponsorMark opens or closes a sponsor's box in a newsletter set as
// text: "-- SPONSORED --", "*** ADVERTISEMENT ***", "-- END SPONSORED --".
var sponsorMark = regexp.MustCompile(`(?i)^[-=*_~ ]{2,}(end )?(sponsored|sponsor|advertisement|partner content|paid post)[-=*_~ ]{2,}$`)

// sponsorLabel heads a sponsor's box in a newsletter, in capitals: "A
// MESSAGE FROM HARBOUR SAVINGS", "TOGETHER WITH LUMA SAVE".
var sponsorLabel = regexp.MustCompile(`^((A )?(MESSAGE|WORD) FROM|TOGETHER WITH|IN PARTNERSHIP WITH|BROUGHT TO YOU BY) (OUR SPONSORS?|[A-Z0-9&'’ .-]{2,40})$`)

// dropSponsorBox drops a sponsor's box from its opening mark to its
// closing one, five blocks at most; with no closing mark, the mark and
// the one short paragraph under it.
func dropSponsorBox(bs []block, i int) {
	bs[i].drop = "sponsor"
	for j := i + 1; j < len(bs) && j <= i+5; j++ {
		if sponsorMark.MatchString(bs[j].text) {
			for k := i + 1; k <= j; k++ {
				bs[k].drop = "sponsor"
			}
			return
		}
	}
	if n := nextKept(bs, i); n > 0 && bs[n].words <= 40 && bs[n].kind == para {
		bs[n].drop = "sponsor"
	}
}

// dropGluedNotes drops a post's notes under its last paragraph ("1 To be
// fair, two of the free studios ...", "2 The one exception ..."), each
// a paragraph opening with the number that the text glued to a
// sentence's end above it ("... all spring.1 The next ..."). Read as
// points they would outnumber the post's own.
func dropGluedNotes(bs []block) {
	var marks map[int]int // a note's number, and the block that marks it
	for i := range bs {
		t := bs[i].text
		if bs[i].drop != "" || len(t) < 2 {
			continue
		}
		if t[0] >= '1' && t[0] <= '9' && marks != nil {
			if m, ok := spacedNumber(t); ok && bs[i].words >= 6 {
				if at, ok := marks[m.n]; ok && at < i {
					bs[i].drop = "footnote"
					continue
				}
			}
		}
		for k := strings.IndexByte(t, '.'); k >= 0; { // each full stop, and a digit right after it
			if k+1 < len(t) && t[k+1] >= '1' && t[k+1] <= '9' {
				if n := noteMarkAt(t, k+1); n > 0 {
					if marks == nil {
						marks = map[int]int{}
					}
					if _, seen := marks[n]; !seen {
						marks[n] = i
					}
				}
			}
			next := strings.IndexByte(t[k+1:], '.')
			if next < 0 {
				break
			}
			k += 1 + next
		}
	}
}

// noteMarkAt is the number of a note glued to a sentence's end at k
// ("spring.1 ", "a competitor.2"): a lower-case letter, a full stop,
// then one or two digits and a space or the end; or 0.
func noteMarkAt(t string, k int) int {
	if k < 2 || t[k-1] != '.' || t[k-2] < 'a' || t[k-2] > 'z' {
		return 0
	}
	e := k + 1
	if e < len(t) && isDigit(t[e]) {
		e++
	}
	if e < len(t) && t[e] != ' ' {
		return 0
	}
	return atoi(t[k:e])
}

// dropSponsorLines drops the lines set straight under a lone
// "SPONSORED" label in a newsletter copied as text: the sponsor's name,
// its pitch and its button ("Try Quaymark free for 30 days →"), up to
// the blank line. An "ADVERTISEMENT" slot's label between paragraphs
// marks an ad the copy lost, and the story's text after it stays.
func dropSponsorLines(bs []block) {
	for i := range bs {
		if bs[i].drop != "advertisement" || bs[i].line == 0 || bs[i].words > 2 || !sponsoredWord.MatchString(bs[i].text) {
			continue
		}
		end := i // the box's last line: a blank line under it, in a copy that sets them
		for j := i + 1; j < len(bs) && j <= i+5 && bs[j].line == bs[j-1].line+1 && bs[j].words <= 40 && bs[j].kind == para && !isMarked(&bs[j]); j++ {
			end = j
		}
		if end == i || end+1 < len(bs) && bs[end+1].line == bs[end].line+1 {
			continue // no blank lines to set the box apart ("3. There will be a warden" comes next)
		}
		for j := i + 1; j <= end; j++ {
			if bs[j].drop == "" {
				bs[j].drop = "sponsor"
			}
		}
	}
}

var sponsoredWord = regexp.MustCompile(`(?i)^(sponsored|sponsored content|paid partnership|presented by our sponsor)$`)

// gluedHeadlines reports a line of headlines copied without spaces
// between them: two joints where a word of lower case runs into a
// capital ("homesMayor", "planWhy") with words between them, which names
// ("McDonald", "YouTube") and code ("getElementById") do not make.
func gluedHeadlines(s string) bool {
	last := -1
	for i := 2; i+1 < len(s); i++ {
		if lowerUpperJoin(s, i) {
			if last >= 0 && strings.Count(s[last:i], " ") >= 2 {
				return true
			}
			last = i
		}
	}
	return false
}

// lowerUpperJoin reports two words run together at i: three lower-case
// letters up to i, a capital after it ("...homesMayor ...").
func lowerUpperJoin(s string, i int) bool {
	return i >= 2 && i+1 < len(s) && isLowerASCII(s[i]) && isLowerASCII(s[i-1]) && isLowerASCII(s[i-2]) && s[i+1] >= 'A' && s[i+1] <= 'Z'
}

// signUpBelow reports a sign-up line within the three blocks under the
// heading at i, with nothing but short lines (a pitch, "Email*") before
// it.
func signUpBelow(bs []block, i int) bool {
	for j := i + 1; j < len(bs) && j <= i+3; j++ {
		if bs[j].drop == "sign-up line" {
			return true
		}
		if bs[j].kind == heading || bs[j].words > 20 || isMarked(&bs[j]) {
			return false
		}
	}
	return false
}

// similarThreads labels a board's list of other topics.
var similarThreads = regexp.MustCompile(`(?i)^(similar|related|suggested) (threads|topics|discussions)[:.]?$`)

// removeBoilerplate marks furniture in bs with the rule that drops it;
// dropped blocks stay in the slice so that --explain can show them.
// shareMatching lets inParallel share a long article's blocks out; a
// test turns it off to compare.
var shareMatching = true

// prosConsLabel labels a review's box of short verdict lines.
var prosConsLabel = regexp.MustCompile(`(?i)^(pros|cons|the good|the bad|likes|dislikes|we like|we don['’]t like|what we liked?|what we didn['’]t like|key specs|specs|specifications|tech specs)[:.]?$`)

// dashOnly is a line that is nothing but a dash.
func dashOnly(s string) bool {
	s = strings.TrimSpace(s)
	return s == "—" || s == "–" || s == "-" || s == "--"
}

// newsletterHeading heads a sign-up box: "Newsletter", "Our newsletters",
// "Get our newsletter".
var newsletterHeading = regexp.MustCompile(`(?i)^((get |join |sign up (for|to) )?(our |the )?(free )?newsletters?|newsletter sign-?up)[:.]?$`)

// signOffHeadsProse reports a short sign-off line without a stop or a
// comma over a paragraph of prose: "See you next year" over the dates of
// next year's show is the piece's last section's heading.
func signOffHeadsProse(bs []block, i int) bool {
	t := bs[i].text
	if bs[i].words > 6 || t == "" || strings.ContainsAny(t, ",.!") || i+1 >= len(bs) {
		return false
	}
	n := bs[i+1]
	return n.kind == para && n.words >= 12 && endsSentence(n.text) && !n.bullet
}

// matchAll runs the line rules on every block not yet dropped. A long
// article's blocks are shared out among the processors: each block's
// match depends on its text alone.
func matchAll(bs []block, facts []textFacts) {
	match := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if bs[i].drop == "" {
				bs[i].drop, facts[i] = matchRuleFacts(bs[i].text)
			}
		}
	}
	inParallel(len(bs), match)
}

// inParallel runs do over [0, n) in up to four parts side by side when
// n is large (a part of at least 1,024), else in one.
func inParallel(n int, do func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), 4, n/1024)
	if workers <= 1 || !shareMatching {
		do(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { do(lo, min(n, lo+chunk)) })
	}
	wg.Wait()
}

func removeBoilerplate(bs []block) {
	// facts keeps what matchRule learnt of each text, for the tests
	// below; a block whose text has changed since is counted again.
	facts := make([]textFacts, len(bs))
	frontPostNumbers(bs)
	joinContinuedPosts(bs)
	unglueItems(bs)
	matchAll(bs, facts)
	for i := range bs {
		if bs[i].drop == "sign-off" && (bs[i].kind == heading || signOffHeadsProse(bs, i)) {
			bs[i].drop = "" // "<h2>Until next time</h2>" heads the letter's last section
		}
		if bs[i].drop == "paywall note" && bs[i].words == 1 && !bs[i].bullet && i+1 < len(bs) && bs[i+1].bullet {
			bs[i].drop = "" // "Premium" over its bullets: a price band's name ("Under $100", "Premium"), not a paywall's badge
		}
		if bs[i].drop == "related link" && (bs[i].kind == heading && bs[i].level == 1 || i < 20 && noProseAbove(bs, i)) && !bs[i].link &&
			strings.HasSuffix(strings.TrimSuffix(strings.ToLower(bs[i].text), "."), "as it happened") {
			bs[i].drop = "" // "# Tram strike – as it happened": a live page's own headline
		}
	}
	votedTitle(bs)
	dropSponsorLines(bs)
	dropGluedNotes(bs)
	dropTopTags(bs)
	dropPageNumbers(bs)
	dropSignedName(bs)
	dropBelowFooter(bs)
	dropPublisherBlurb(bs)
	dropReleaseTail(bs)
	dropAuthorBios(bs)
	dropVideoCards(bs)
	dropSponsoredLists(bs)
	dropAfterWireCredit(bs)
	cutComments(bs)
	cutOtherAnswers(bs)
	cutChat(bs)
	cutThreadReplies(bs)
	dropTeaserLines(bs)
	dropShopLists(bs)
	prose := firstProse(bs)
	for i := range bs {
		if (bs[i].kind == heading || bs[i].bold) && bs[i].words <= 10 && (bs[i].drop == "" || bs[i].drop == "donate line") {
			dropAppealBox(bs, i)
		}
		if bs[i].drop != "weather box" && bs[i].words <= 5 && i+1 < len(bs) && bs[i+1].drop == "weather box" && containsFoldAny(bs[i].text, []string{"weather", "forecast"}) {
			bs[i].drop = "weather box" // "7 First Alert Weather" over its forecast lines
		}
		if bs[i].drop == "" && (bs[i].kind == heading || bs[i].bold) && bs[i].words <= 8 && !isMarked(&bs[i]) && signUpBelow(bs, i) {
			// "GET THE LATEST TV NEWS" over "Sign up to our free TV
			// newsletter"; "Get the Weekly" over its one-line pitch,
			// "Email*" and "Sign up"
			for j := i; j < len(bs) && j <= i+3 && (j == i || bs[j].kind != heading && (bs[j].drop == "" || bs[j].drop == "sign-up line")); j++ {
				up := bs[j].drop == "sign-up line"
				bs[j].drop = "sign-up box"
				if up {
					break // the button ends the box
				}
			}
		}
		if bs[i].drop == "sign-up line" && (bs[i].kind == heading || bs[i].bold) && !(bs[i].kind != heading && bs[i].link) {
			dropSection(bs, i, "sign-up box")
		} else if bs[i].drop == "sign-up line" && bs[i].link {
			bs[i].drop = "sign-up box" // "**[SIGN UP: Get our daily newsletter](...)**": a button of its own
		} else if bs[i].drop == "sign-up line" && bs[i].words <= 10 && newsletterBlurb(bs, i) {
			// "Subscribe to Outward" over its one-line pitch and button
			bs[i].drop, bs[nextKept(bs, i)].drop = "newsletter promo", "newsletter promo"
		}
		if bs[i].drop != "" {
			continue
		}
		t := bs[i].text
		if i > len(bs)/2 && aboutRunOn(t) {
			dropFrom(bs, i, "author box") // the box's label run on into its note: "About the author Inés Valdivia is ..."
			continue
		}
		if len(t) > 200 {
			continue // labels and markers are short; prose is left to the line rules
		}
		f := &facts[i]
		if f.text != t {
			*f = textFacts{text: t, words: wordCount(t)}
		}
		words := f.words
		switch {
		case words <= 5 && referencesMarker.MatchString(t) && i > len(bs)/2:
			dropFrom(bs, i, "references")
		case words <= 12 && !endsSentence(t) && factBoxLabel.MatchString(t) && !wireSlug.MatchString(t):
			dropFactBox(bs, i)
		case words <= 5 && prosConsLabel.MatchString(t) && i+1 < len(bs) && bs[i+1].words <= 12 && !endsSentence(bs[i+1].text) && !(i+2 < len(bs) && bs[i+2].words >= 25):
			dropFactBox(bs, i) // a review's "Pros" / "Cons" box over its short lines (not "THE GOOD" over a point's heading and its paragraph)
		case words <= 60 && citationStart(t) && citationLine.MatchString(t):
			bs[i].drop = "references" // "Paper: Lind, A., Holm, B. et al. (2024). A study of ..."
		case footnoteShaped(t) && footnoteLine.MatchString(t):
			bs[i].drop = "footnote"
		case words <= 6 && aboutMarker.MatchString(t) && i > len(bs)/2:
			dropFrom(bs, i, "author box")
		case words <= 4 && sponsorMark.MatchString(t):
			dropSponsorBox(bs, i) // "-- SPONSORED --" over the sponsor's lines and "-- END SPONSORED --"
		case words <= 9 && sponsorLabel.MatchString(t):
			dropSponsorBox(bs, i) // "A MESSAGE FROM HARBOUR SAVINGS" over its pitch, in a newsletter's rules
		case i < 30 && words <= 8 && isHeadlineLike(t) && i+1 < len(bs) && issueOnly(bs[i+1].text) && strings.ToUpper(t) == t && mailedAbove(bs, i):
			bs[i].drop = "masthead" // "THE STATEHOUSE BRIEF" over "Thursday, October 17, 2024 | Issue #412", in an email its subject titles
		case i < 40 && words >= 8 && gluedHeadlines(t):
			bs[i].drop = "navigation" // "Storm knocks out power to 80,000 homesMayor unveils ...": a trending bar's headlines run together
		case words <= 3 && i > len(bs)/2 && similarThreads.MatchString(t):
			dropFrom(bs, i, "similar threads") // a board's list of other topics under the thread
		case (words <= 16 || words <= 30 && hasPrefixFold(t, []string{"enjoy"})) && i > len(bs)/2 && isThreadReaderFooter(t):
			dropFrom(bs, i, "thread reader footer")
		case strings.EqualFold(t, "other topics of interest"):
			markPromo(bs, i)
		case words <= 3 && i+1 < len(bs) && i < 60 && dashOnly(bs[i+1].text) && strings.ToUpper(t) == t:
			bs[i].drop, bs[i+1].drop = "dateline", "dateline" // an outlet's "NCN" over the dash of its dateline ("NCN —")
		case words <= 4 && (bs[i].kind == heading || bs[i].bold) && newsletterHeading.MatchString(t):
			dropSection(bs, i, "sign-up box") // "## Newsletter" over its pitch and subscribe link
		case words <= 2 && bs[i].kind == heading && strings.EqualFold(t, "highlights") && i+1 < len(bs) && strings.Contains(bs[i+1].text, "View Highlight"):
			dropSection(bs, i, "read-later highlights") // a read-later export's own list of the reader's highlights
		case words <= 30 && isScorers(t) && !(matchScore.MatchString(t) && (bs[i].kind == heading || firstPointBelow(bs, i) || scoreOverProse(bs, i) || labelBelow(bs, i))):
			bs[i].drop = "scorers" // a match's goals under its score: not a group heading
		case words <= 12 && (bs[i].kind == heading || bs[i].bold) && sponsorHeading.MatchString(t):
			dropSection(bs, i, "sponsor")
		case words <= 30 && (f.scanned && f.hits.has(hiringBit) || !f.scanned && containsFoldAny(t, hiringWords)) && hiringPlug.MatchString(t):
			bs[i].drop = "hiring plug"
		case words <= 5 && (bs[i].kind == heading || bs[i].bold) && !ingredients.MatchString(t) && glossaryBelow(bs, i): // a recipe's "Pears: Bosc or Anjou" lines are its ingredients
			dropSection(bs, i, "glossary") // "Words to know" over "term: definition" lines
		case words <= 6 && (bs[i].kind == heading || bs[i].bold) && referralBox(bs, i):
			bs[i].drop, bs[nextKept(bs, i)].drop = "referral box", "referral box" // "SHARE THE TIDE" over "...climb the referral board"
		case words <= 10 && isHeadlineLike(t) && newsletterBlurb(bs, i):
			bs[i].drop = "newsletter promo" // "Get the Morning Note free" over one sentence about the newsletter
			bs[nextKept(bs, i)].drop = "newsletter promo"
		case words <= 14 && isHeadlineLike(t) && i > 0 && i+1 < len(bs) && bs[i+1].drop == "caption credit" && hasPrefixFold(bs[i+1].text, []string{"source"}) && !(bs[i].kind == heading && bs[i].level == 1):
			bs[i].drop = "chart title" // a chart's or table's title over its "Source:" line (the text's first line is its headline)
		case isLinkLine(t):
			bs[i].drop = "link line"
		case isNavLine(t):
			bs[i].drop = "navigation"
		case i < prose && words >= 4 && words <= 12 && navWordsRow(t):
			bs[i].drop = "navigation" // "News Phones Laptops Wearables Reviews Deals"
		case words <= 2 && publishedIn.MatchString(t):
			bs[i].drop = "publication" // "Published in", the publication's name on the next line
			if n := nextKept(bs, i); n >= 0 && bs[n].words <= 6 {
				bs[n].drop = "publication"
			}
		case i < prose && words >= 5 && words <= 20 && strings.Contains(t, " and ") && writersLine.MatchString(t):
			bs[i].drop = "byline" // "Heather Dinsmore, Joaquin Reyes-Platt and Kayla Summerlin" under "ESPN staff"
		case i < prose && words == 1 && (bareDomain(t) || t == "Close" || t == "Thumbnail"):
			bs[i].drop = "site name" // "ESPN.com" under the writers' names; a panel's "Close" button, a picture's "Thumbnail"
		case i < prose && words == 2 && videoLabel.MatchString(t):
			bs[i].drop = "video" // "WATCH LIVE" over the story
		case i < prose && t != "1" && len(t) <= 3 && isNumber(t):
			bs[i].drop = "count" // a response count above the story, never its first point
		case words <= 8 && isListMarker(t) && !(conclusionHeading.MatchString(t) && proseBelow(bs, i)):
			if i < prose {
				bs[i].drop = "navigation" // a menu entry above the story: the headline and byline may follow
			} else {
				dropList(bs, i)
			}
		}
	}
	dropTrailingCounts(bs)
	dropLinkLabels(bs)
	dropSponsorLabels(bs)
	dropShopTables(bs)
	dropAnchorTOC(bs)
	dropLinkBlocks(bs, prose)
	dropFooterMenu(bs)
	dropFooterIsland(bs)
	dropScheduleBoxes(bs)
	dropSplitCards(bs)
	dropPolls(bs)
	dropAuthorNotes(bs)
	dropCaptions(bs)
	dropTOC(bs)
	dropParaphrasedTOC(bs)
	dropRepeats(bs)
	dropPullQuotes(bs)
	dropFrequentLines(bs)
	dropRelatedCards(bs)
	dropDatedCards(bs)
	dropPostDates(bs)
}

var (
	newsletterWord = []string{"newsletter"}
	referralWords  = []string{"referral"}
	shareWords     = []string{"share", "refer "}
)

// footnoteShaped is the cheap test before footnoteLine: a footnote's
// mark stands in its first few bytes, or a back-link ends it.
func footnoteShaped(t string) bool {
	head := t[:min(len(t), 12)]
	return strings.ContainsAny(head, "[^") || strings.Contains(head, "↑") || strings.Contains(head, "↩") || strings.HasSuffix(strings.TrimRight(t, "\uFE0E\uFE0F"), "↩")
}

// dropTeaserLines drops the headlines listed under a bare "Read more:"
// or "Related:" label in scraped text: the lines set directly under it,
// with no blank line between, that are headline-like. A line after a
// blank line is the article again.
func dropTeaserLines(bs []block) {
	for i := range bs {
		if bs[i].drop != "related link" || bs[i].line == 0 || !isListMarker(bs[i].text) {
			continue
		}
		for j := i + 1; j < len(bs) && bs[j].line == bs[j-1].line+1 && bs[j].drop == "" && isHeadlineLike(strings.TrimLeft(bs[j].text, "'\"‘“")); j++ {
			if isMarked(&bs[j]) && j+1 < len(bs) && bs[j+1].words >= 25 && endsSentence(bs[j+1].text) {
				break // the article's next numbered point, over its paragraph
			}
			bs[j].drop = "related link"
		}
	}
}

// shopEntry is a shop and its price in a review's buying list, numbered
// or not: "Shop name – $279", "1. Shop – £249 (sale)".
var shopEntry = regexp.MustCompile(`^(\d{1,2}[.)]\s+)?[\p{L}.'’&]+( [\p{L}.'’&]+){0,3} [–—-] [£$€]\s?[\d,.]+( \([\p{L} ]{1,20}\))?$`)

// whereToBuy is the label over such a list.
// Not "Prices" alone: a section of an event's points may be called that.
var whereToBuy = regexp.MustCompile(`(?i)^(where to buy( it)?|buy it here|today['’]s best deals|best deals)( today)?:?$`)

// dropShopLists drops a review's list of shops and prices: two or more
// shop entries in a row (nothing between them, as a point's heading has
// its text under it), or one under a "Where to buy" label, and the label.
// A single "The base model – $999" between paragraphs stays: it may head
// a point.
func dropShopLists(bs []block) {
	entry := func(i int) bool {
		return i >= 0 && i < len(bs) && bs[i].drop == "" && bs[i].words <= 10 && strings.ContainsAny(bs[i].text, "$£€") && shopEntry.MatchString(bs[i].text)
	}
	var drop []int // found first, dropped after: each entry's neighbours count
	for i := range bs {
		if !entry(i) {
			continue
		}
		p, n := prevKept(bs, i), nextKept(bs, i)
		label := p >= 0 && bs[p].words <= 5 && whereToBuy.MatchString(bs[p].text)
		if label {
			drop = append(drop, p)
		}
		if label || entry(p) || entry(n) {
			drop = append(drop, i)
		}
	}
	for _, i := range drop {
		bs[i].drop = "shop link"
	}
}

// dropLinkLabels drops a label in capitals set straight over link rows
// that went as furniture, as a video's description has them ("MUSIC" over
// "Music from A Label: https://...", "GEAR" over "▸ Lens – https://..."):
// with its rows gone, the label would head nothing of the article.
func dropLinkLabels(bs []block) {
	for i := 0; i+1 < len(bs); i++ {
		b, next := &bs[i], &bs[i+1]
		if b.drop != "" || b.words > 5 || next.line != b.line+1 || b.line == 0 || endsSentence(b.text) || strings.ToUpper(b.text) != b.text || !opensWithLetter(b.text) {
			continue
		}
		switch next.drop {
		case "link line", "follow line", "affiliate note":
			b.drop = next.drop
		}
	}
}

// dropTrailingCounts drops a number alone that nothing kept follows: a
// response count under a post, not a point of a list.
func dropTrailingCounts(bs []block) {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].drop != "" {
			continue
		}
		if len(bs[i].text) > 3 || !isNumber(bs[i].text) {
			return
		}
		bs[i].drop = "count"
	}
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// firstProse is the first paragraph of prose (twelve words or more,
// ending a sentence): the page's furniture above it is a menu, read
// with the headline.
func firstProse(bs []block) int {
	for i := range bs {
		if bs[i].drop == "" && bs[i].words >= 12 && endsSentence(bs[i].text) {
			return i
		}
	}
	return len(bs)
}

// dropSection drops a heading and its text up to the next heading of
// the same or a higher level.
func dropSection(bs []block, i int, rule string) {
	bs[i].drop = rule
	next := 0 // the number of the article's next point, after one above the box
	for j := i - 1; j >= 0 && j >= i-30; j-- {
		if m, ok := parseMarker(bs[j].text); ok && bs[j].drop == "" {
			next = m.n + 1
			break
		}
	}
	for j := i + 1; j < len(bs); j++ {
		b := bs[j]
		if b.kind == heading && (bs[i].kind != heading || b.level <= bs[i].level) || bs[i].bold && b.bold {
			return
		}
		if bs[i].kind != heading && isMarked(&bs[j]) {
			return // a bold label's box ends where the article's numbered points go on ("#1 Data centres ...")
		}
		if m, ok := parseMarker(b.text); ok && next > 0 && m.n == next {
			return // "### Get the newsletter" between "4." and "5.": the box ends where the points go on
		}
		if bs[j].drop == "" {
			bs[j].drop = rule
		}
	}
}

// clipAfter is a running time glued to the end of a video's title, not
// a time of day: "... a toss-up 03:51" (never "kick-off at 19:30").
var clipAfter = regexp.MustCompile(`[\p{L}?!'’"”] (\d{1,2}:\d{2}(:\d{2})?)$`)

// clipTitle reports a video's title with its running time after it,
// where no time of day could stand ("kick-off at 19:30", "from 10:30").
func clipTitle(s string) bool {
	if n := len(s); n < 8 || !isDigit(s[n-1]) || !isDigit(s[n-2]) || s[n-3] != ':' {
		return false // the cheap test first: most lines do not end in a time
	}
	loc := clipAfter.FindStringIndex(s)
	if loc == nil {
		return false
	}
	head := s[:loc[0]+1]
	words := strings.Fields(head)
	switch strings.ToLower(words[len(words)-1]) {
	case "at", "from", "until", "till", "by", "before", "after", "to", "around", "kick-off", "kickoff", "starts", "begins", "opens", "closes", "edited", "updated", "posted", "published":
		return false
	}
	return isHeadlineLike(head)
}

// clipLength is a video's running time alone on its line: "02:14",
// "1:31:04"; videoLabel a video player's label ("NOW PLAYING", "UP NEXT",
// "WATCH LIVE") or a video's title mark ("WATCH: ...", "VIDEO: ...").
var (
	clipLength = regexp.MustCompile(`^(?i:duration:? )?\d{1,2}:\d{2}(:\d{2})?$`)
	videoLabel = regexp.MustCompile(`(?i)^(now playing|up next|watch live|watch now|more videos|latest videos|(watch|video) ?[:|] .*)$`)
)

// dropVideoCards drops a video player's cards copied with the page: a
// title over its running time ("Crews repair water main break" over
// "01:37"), and the player's labels over them. Two cards or more make a
// player; one card counts alone when its title says it is a video
// ("WATCH: Homeowners react ..." over "01:52"). A live page's time over
// an entry is not a card: the time stands above its text, not below it.
func dropVideoCards(bs []block) {
	var cards [][2]int
	for i := range bs {
		if b := &bs[i]; b.drop == "" && b.words >= 5 && b.words <= 16 && clipTitle(b.text) {
			b.drop = "video" // "Senate race remains a toss-up 03:51": a video's title with its running time
			if p := i - 1; p >= 0 && bs[p].drop == "" && bs[p].words <= 14 && isHeadlineLike(bs[p].text) && bs[p].line > 0 && bs[p].line == b.line-1 {
				bs[p].drop = "video" // the player's own title on the line above
			}
			continue
		}
		if bs[i].words > 2 || !clipLength.MatchString(bs[i].text) {
			continue
		}
		p := i - 1 // the title, kept or already dropped as a link
		if p < 0 || bs[p].words > 14 || !isHeadlineLike(strings.TrimSuffix(bs[p].text, ":")) || bs[p].line > 0 && bs[i].line > bs[p].line+1 {
			continue
		}
		cards = append(cards, [2]int{p, i})
	}
	for _, c := range cards {
		if len(cards) < 2 && !videoLabel.MatchString(bs[c[0]].text) {
			continue
		}
		bs[c[0]].drop, bs[c[1]].drop = "video", "video"
		if n := c[1] + 1; strings.HasPrefix(bs[c[1]].text, "Duration") && n < len(bs) && bs[n].drop == "" && bs[n].kind == para && bs[n].words <= 40 && !isMarked(&bs[n]) {
			bs[n].drop = "video" // the video's one-line description under "Duration 2:41"
		}
		for j := c[0] - 1; j >= 0 && j >= c[0]-2; j-- {
			if bs[j].words <= 3 && videoLabel.MatchString(bs[j].text) {
				bs[j].drop = "video" // "NOW PLAYING", "UP NEXT" over the card
			}
		}
	}
}

// cutOtherAnswers drops a Q&A page's answers after the first: from the
// second "Answered 1y" line, with its writer's name and credential above
// it (or a "More answers below" line), to the end.
func cutOtherAnswers(bs []block) {
	seen := false
	for i := range bs {
		if !answeredLine.MatchString(bs[i].text) {
			continue
		}
		if !seen {
			seen = true
			continue
		}
		from := i
		for p := i - 1; p >= 0 && p >= i-3; p-- {
			if bs[p].words > 12 || endsSentence(bs[p].text) {
				break
			}
			from = p
		}
		dropFrom(bs, from, "comments")
		return
	}
}

// dropAfterWireCredit drops what follows an agency's credit line closing
// its story ("(Reporting by A Name; Editing by B Name)", "Our Standards:
// ..."), in the page's second half: the site's lists, index and footer.
func dropAfterWireCredit(bs []block) {
	for i := len(bs) / 4; i < len(bs); i++ {
		if bs[i].drop != "wire credit" || !hasPrefixFold(bs[i].text, []string{"(reporting by", "reporting by", "(additional reporting", "our standards:"}) || noProseAbove(bs, i) {
			continue
		}
		for j := i + 1; j < len(bs); j++ {
			if bs[j].drop == "" {
				bs[j].drop = "after the story"
			}
		}
		return
	}
}

// dropSponsoredLists drops the offer bullets under a sponsor's label
// ("**SPONSORED** | **Brightmere Abrasives**" over "- 20% off all flap
// discs through Friday"): short bullets without a run-in head, up to the
// first block that is not one.
func dropSponsoredLists(bs []block) {
	for i := range bs {
		if bs[i].drop != "advertisement" || !hasPrefixFold(bs[i].text, []string{"sponsored", "advertisement", "promoted", "paid"}) {
			continue
		}
		j := i + 1
		for j < len(bs) && bs[j].kind == para && !bs[j].bullet && bs[j].drop == "" && bs[j].words <= 30 && j == i+1 {
			j++ // the sponsor's one-line pitch over its offers
		}
		n := 0
		for ; j < len(bs) && bs[j].bullet && bs[j].lead == "" && bs[j].words <= 15 && bs[j].drop == ""; j++ {
			n++
		}
		if n == 0 {
			continue
		}
		for k := i + 1; k < j; k++ {
			bs[k].drop = "advertisement"
		}
	}
}

// writersLine is a list of three writers or more, above the story: "A
// Writer, B Writer and C Writer".
var writersLine = regexp.MustCompile(`^` + fullName + `(, ` + fullName + `){1,5},? (and|&) ` + fullName + `$`)

// bareDomain is a site's address alone: "ESPN.com", "news.example.org".
func bareDomain(t string) bool {
	dot := strings.LastIndexByte(t, '.')
	if dot <= 0 || dot > len(t)-3 || strings.ContainsAny(t, " /@:") {
		return false
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && !isDigit(byte(r)) && r != '.' && r != '-' || r > unicode.MaxASCII {
			return false
		}
	}
	tld := t[dot+1:]
	return strings.ToLower(tld) == tld || strings.ToUpper(tld) == tld && len(tld) <= 3 && t[:dot] == strings.ToUpper(t[:dot])
}

// wireSlug opens an agency's headline with its story type: "FACTBOX-What's
// at stake ...", "ANALYSIS-Four takeaways ...".
var wireSlug = regexp.MustCompile(`^[A-Z]{4,12}-\p{Lu}`)

// noProseAbove reports that no paragraph of running text (over 25
// words) stands above block i.
func noProseAbove(bs []block, i int) bool {
	for j := 0; j < i; j++ {
		if bs[j].words > 25 {
			return false
		}
	}
	return true
}

// chatLine is a message of a chat exported or copied as text: "[07:41,
// 14/05/2025] Rosa Benedetti: Forwarded", "14/05/2025, 07:43 - Dev: ...".
var chatLine = regexp.MustCompile(`^(\[\d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?, \d{1,2}/\d{1,2}/\d{2,4}\]|\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}( ?[AaPp][Mm])? -) [^:]{1,40}: ?(.*)$`)

// cutChat reads an article forwarded into a chat: the header of the
// message that carries it ("[07:41, 14/05/2025] Rosa Benedetti:
// Forwarded") is dropped, and the chat's later messages are comments.
func cutChat(bs []block) {
	first := -1
	for i := range bs {
		if len(bs[i].text) < 12 || bs[i].text[0] != '[' && !isDigit(bs[i].text[0]) {
			continue
		}
		m := chatLine.FindStringSubmatch(bs[i].text)
		if m == nil {
			continue
		}
		if first >= 0 {
			dropFrom(bs, i, "comments")
			return
		}
		first = i
		if msg := strings.TrimSpace(m[len(m)-1]); msg == "" || strings.EqualFold(msg, "forwarded") {
			bs[i].drop = "chat header"
		} else {
			bs[i].text = msg // the message's own first line
			bs[i].words = wordCount(msg)
		}
	}
}

// dropAppealBox drops a station's or paper's plea for money set in the
// article: a heading ("KRVR depends on listeners like you", "Support
// local journalism") over a sentence or two and its "Donate now" button.
// The heading is a plea itself, or the button follows within three
// short blocks.
func dropAppealBox(bs []block, i int) {
	if isConclusionHead(&bs[i]) {
		return // "Looking ahead" over the story's last words and the plea: the plea goes alone
	}
	end := -1
	for j, n := i+1, 0; j < len(bs) && n < 3; j++ {
		if bs[j].drop == "donate line" {
			end = j
			break
		}
		if bs[j].drop != "" {
			break // other furniture between: the plea is not this heading's
		}
		if bs[j].kind == heading || bs[j].words > 40 {
			break
		}
		n++
	}
	if end < 0 && bs[i].drop == "donate line" {
		end = i
		if j := nextKept(bs, i); j > 0 && bs[j].kind == para && bs[j].words <= 40 && !isMarked(&bs[j]) {
			end = j // the plea's one sentence
		}
	}
	for j := i; j <= end; j++ {
		if bs[j].drop == "" || bs[j].drop == "donate line" {
			bs[j].drop = "appeal box"
		}
	}
}

func dropFrom(bs []block, i int, rule string) {
	for j := i; j < len(bs); j++ {
		if bs[j].drop == "" {
			bs[j].drop = rule
		}
	}
}

// dropList drops a list label and the list of links or headlines after
// it, up to the first block that reads as article prose.
func dropList(bs []block, i int) { dropListFrom(bs, i, false) }

// dropListFrom is dropList; within, the label is set among the lines of
// another list ("In today's issue:" over "What I'm reading"), which
// makes the article's own next point or section under it as plain as
// under an entry.
func dropListFrom(bs []block, i int, within bool) {
	bs[i].drop = "link list"
	for j, n := i+1, 0; j < len(bs) && n < 15; j++ {
		b := &bs[j]
		if b.drop != "" {
			continue
		}
		if isNumber(b.text) && numberedEntry(bs, j) {
			b.drop = "link list" // "1" over "Club confirm manager's departure", "2" over ...: a ranked list's place
			continue
		}
		if !listy(*b) || isNumber(b.text) {
			return // a number alone is the article's next point, not a link
		}
		if n > 0 && b.words <= 8 && isListMarker(b.text) {
			dropListFrom(bs, j, true) // the next list's label: "Topics", then "More on this story"
			return
		}
		if b.words <= 5 && referencesMarker.MatchString(b.text) && j > len(bs)/2 {
			dropFrom(bs, j, "references") // lynx's "References" after the page's last links
			return
		}
		if (n > 0 || within) && !listLineAbove(bs, j) && !sameShapeBelow(bs, j) && sectionHeadingAt(bs, j) {
			return // the article's next section heading, over its prose
		}
		if n > 0 && listedAbove(bs, i, j) {
			return // a contents list's first entry again: the article's own first section ("Jump to a match:")
		}
		if isMarked(b) && j+1 < len(bs) && bs[j+1].drop == "" && bs[j+1].words >= 12 && continuesNumbering(bs, i, b) {
			return // "3) Is Moyo the best young forward ...?" under a bare "Read more", after the article's "2) ...": its next point
		}
		if (n > 0 || within) && isMarked(b) && j+1 < len(bs) && bs[j+1].drop == "" && endsSentence(bs[j+1].text) &&
			(b.line > bs[j-1].line+1 && bs[j-1].line > 0 && bs[j+1].words >= 12 || bs[j+1].words >= 25) {
			return // the article's next numbered point over its prose, after a blank line or over a long paragraph
		}
		b.drop = "link list"
		n++
		if n == 1 && countVia(b.text, " | ", 1) >= 2 && b.words <= 40 {
			return // "Jump to a game:" over its links in one row: the row is the whole list
		}
		if t := nextKept(bs, j); b.kind == heading && b.link && t >= 0 && bs[t].kind == para && bs[t].words <= 40 {
			bs[t].drop = "link list" // a related card's teaser under its linked headline
		}
	}
}

// aboutRunOn reports an author box whose label ("About the author") a
// copy ran into the note under it: a capital after the label's words.
func aboutRunOn(t string) bool {
	if len(t) < 20 || t[0]|0x20 != 'a' || !hasPrefixFold(t, []string{"about the "}) {
		return false
	}
	w := strings.Fields(t)
	return len(w) >= 5 && len(w) <= 90 && aboutMarker.MatchString(strings.TrimRight(w[0]+" "+w[1]+" "+w[2], ":.")) && opensCapital(w[3])
}

// continuesNumbering reports a numbered block b under the list label at
// i whose number follows that of a numbered block kept above the label,
// written the same way: the article's points going on.
func continuesNumbering(bs []block, i int, b *block) bool {
	m, ok := blockMarker(b)
	if !ok || m.n < 2 {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-60; k-- {
		if bs[k].drop != "" {
			continue
		}
		if p, ok := blockMarker(&bs[k]); ok && p.style == m.style {
			return p.n == m.n-1
		}
	}
	return false
}

// numberedEntry reports a number alone at j over a headline that the
// next number or the page's end follows: an entry of a "Most Read" list
// set as its place over its headline, not the article's next point,
// whose heading has its paragraphs under it.
func numberedEntry(bs []block, j int) bool {
	k := nextKept(bs, j)
	if k < 0 || bs[k].words > 16 || endsSentence(bs[k].text) || bs[k].kind == heading {
		return false
	}
	n := nextKept(bs, k)
	return n < 0 || isNumber(bs[n].text)
}

// listedAbove reports a line that repeats an entry of the list from i
// up to j: the list was the article's contents, and its first heading
// follows it.
func listedAbove(bs []block, i, j int) bool {
	for k := i + 1; k < j; k++ {
		if bs[k].drop == "link list" && bs[k].text == bs[j].text {
			return true
		}
	}
	return false
}

// sameShapeBelow reports a list's next line under line j, shaped like
// it: two questions in a row ("Are sleeper cabins safe ...?" over "How
// early should I arrive ...?"), not a heading over its prose.
func sameShapeBelow(bs []block, j int) bool {
	t := nextKept(bs, j)
	return t > 0 && bs[t].words <= 16 && strings.HasSuffix(bs[j].text, "?") && strings.HasSuffix(bs[t].text, "?")
}

// listLineAbove reports a line of scraped text set straight under a line
// of the list being dropped, with a blank line under it: the list's last
// entry ("Related reading" over two headlines, then the story's prose),
// not a section heading. On a page copied one paragraph a line, with no
// blank lines anywhere, a heading sits straight under a list too, and
// this tells nothing.
func listLineAbove(bs []block, j int) bool {
	b := bs[j]
	if b.kind == heading || b.line == 0 || bs[j-1].drop != "link list" || b.line != bs[j-1].line+1 {
		return false
	}
	t := nextKept(bs, j)
	return t > 0 && bs[t].line > b.line+1
}

// proseBelow reports a paragraph of article prose (a sentence of a dozen
// words or more, not a link or list item) as the next kept block: "Up
// next" over "Game 4 is Monday in Tulsa, ..." heads the story's last
// section, not a list of links.
func proseBelow(bs []block, i int) bool {
	n := nextKept(bs, i)
	if n < 0 {
		return false
	}
	b := &bs[n]
	return b.kind == para && !b.link && !b.bullet && !isMarked(b) && b.words >= 12 && endsSentence(b.text)
}

// sectionHeadingAt reports a plain line in a list of headlines that is
// the article's next section heading: the paragraph straight below it
// (a photo's caption aside) is article prose (a sentence of a dozen
// words or more), not an author's note.
func sectionHeadingAt(bs []block, j int) bool {
	b := &bs[j]
	k := j + 1
	for k < len(bs) && k <= j+2 && strings.HasPrefix(bs[k].drop, "caption") {
		k++ // the section's photo caption under its heading
	}
	if b.link || b.kind != para || b.bullet || isMarked(b) || isDateLine(b.text) || k >= len(bs) || bs[k].drop != "" {
		return false
	}
	next := bs[k].text
	if strings.HasSuffix(next, "?") && bs[k].words < 20 && !strings.Contains(next, ". ") {
		return false // "Childcare cap: who will be affected and how much will it cost?": the list's next headline, not prose
	}
	return bs[k].words >= 12 && endsSentence(next) && !authorNote.MatchString(next)
}

// listy is a block that belongs to a list of links: a list item, a link,
// or a short line that does not end a sentence.
func listy(b block) bool {
	if b.kind == heading && !b.link {
		return false
	}
	words := b.words
	return b.link || ((b.kind == item || b.bullet || isMarked(&b) || arrowItem(b.text)) && words <= 25) || (words <= 16 && !strings.HasSuffix(b.text, ".")) || isDateLine(b.text)
}

// arrowItem is a line a newsletter sets as a link with an arrow before
// it: "» A long read on ...", "→ Why ...".
func arrowItem(s string) bool {
	for _, p := range []string{"» ", "→ ", "› ", "▸ ", "➜ "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// markPromo marks the inline promo around the marker at i ("Other Topics
// of Interest"): the teaser headline (often printed both before and
// after the marker) and the teaser's own paragraph that follows it.
func markPromo(bs []block, i int) {
	bs[i].drop = "promo"
	next := nextKept(bs, i)
	if next < 0 || !isHeadlineLike(bs[next].text) {
		return
	}
	prev := prevKept(bs, i)
	repeated := prev >= 0 && bs[prev].text == bs[next].text
	if repeated {
		bs[prev].drop = "promo"
	}
	bs[next].drop = "promo"
	if teaser := nextKept(bs, next); teaser >= 0 && bs[teaser].kind == para && (repeated || wordCount(bs[teaser].text) <= 40) {
		bs[teaser].drop = "promo"
	}
}

// nearby bounds the search for a kept neighbour, so that a page of a
// hundred thousand dropped lines costs no more than a page of ten.
const nearby = 64

// nextKept is the next block after i that is not dropped, or -1.
func nextKept(bs []block, i int) int {
	for j := i + 1; j < len(bs) && j <= i+nearby; j++ {
		if bs[j].drop == "" {
			return j
		}
	}
	return -1
}

// prevKept is the block before i that is not dropped, or -1.
func prevKept(bs []block, i int) int {
	for j := i - 1; j >= 0 && j >= i-nearby; j-- {
		if bs[j].drop == "" {
			return j
		}
	}
	return -1
}

// isHeadlineLike is a short line that does not end a sentence.
func isHeadlineLike(s string) bool {
	n := wordCount(s)
	if n > 20 || s == "" || strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return false // a headline has words: "★★★★☆" or "4.5/5" is a rating
	}
	if t := strings.TrimRight(s, "”\"’'"); len(t) < len(s) && t != "" {
		s = t // a quoted sentence ending inside its quote marks ("“... more likely.”") is a pull quote's
	}
	return !strings.ContainsAny(s[len(s)-1:], ".:;,") || n <= 6 && initialismEnd(s) // "SURPRISE: H.E.R."
}

// initialismEnd reports text whose last word is an initialism, its stop
// no sentence's end: "Manchester, N.H.", "SURPRISE: H.E.R.".
func initialismEnd(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	for k := 0; k < len(w); k += 2 {
		if w[k] < 'A' || w[k] > 'Z' || w[k+1] != '.' {
			return false
		}
	}
	return true
}

// endsSentence reports text ending as a sentence does.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”\"’')] ")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

func normaliseTitle(s string) string { return strings.ToLower(cleanSpace(s)) }

// scoreOverProse reports a final score ("Kansas City 27, New Orleans
// 21") between a paragraph's end and a paragraph of prose: a game's
// heading in a round-up, not the scorers under a score line.
func scoreOverProse(bs []block, i int) bool {
	p, n := prevKept(bs, i), nextKept(bs, i)
	return p >= 0 && n > 0 && endsSentence(bs[p].text) && bs[n].kind == para && !bs[n].bullet && bs[n].words >= 15 && endsSentence(bs[n].text)
}

// labelBelow reports a final score over a short line ending in a colon
// that labels what follows ("Patriots takeaway:", "Dana's takeaways:"):
// a game's heading in a round-up, not the scorers under a score line.
func labelBelow(bs []block, i int) bool {
	if p := prevKept(bs, i); p >= 0 && matchScore.MatchString(bs[p].text) {
		return false
	}
	n := nextKept(bs, i)
	return n > 0 && bs[n].kind == para && !bs[n].bullet && bs[n].words <= 6 && strings.HasSuffix(bs[n].text, ":")
}

// firstPointBelow reports a list's first point as the next block (a
// "1. ..." or a bullet with a run-in head): a line over it heads that
// list (a game's score over its takeaways), it is not the scorers of a
// match.
func firstPointBelow(bs []block, i int) bool {
	j := i + 1
	for j < len(bs) && strings.HasPrefix(bs[j].drop, "caption") {
		j++ // the game's photo and its caption between the score and the points
	}
	if j >= len(bs) {
		return false
	}
	if n := &bs[j]; n.bullet && (n.lead != "" || n.words >= 12 && firstSentence(n.text) != n.text) {
		return true // "• Head. Body ...": a run-in point under the score
	}
	m, ok := parseMarker(bs[j].text)
	if ok && m.n > 1 {
		// a list numbered straight through the games ("5. ..." under the
		// third score): the scorers under a score line have the score
		// above them
		p := prevKept(bs, i)
		return p < 0 || !matchScore.MatchString(bs[p].text)
	}
	return ok && m.n == 1
}
