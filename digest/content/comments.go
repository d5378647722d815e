package content

import (
	"regexp"
	"strings"
)

// A page's comment section and the marks of a thread: what ends an
// article's own text.

// votedTitle takes back a link-sharing site's submission title, which
// the ticker rule dropped for its vote arrow: "▲ Ask HN: ..." over "287
// points by name 9 hours ago | ...".
func votedTitle(bs []block) {
	for i := 0; i+1 < len(bs) && i < 12; i++ {
		t, ok := strings.CutPrefix(bs[i].text, "▲ ")
		if ok && bs[i].drop == "ticker" && bs[i+1].drop == "social chrome" && wordCount(t) >= 4 && !voteHeader.MatchString(bs[i].text) {
			bs[i].text, bs[i].words, bs[i].drop = t, wordCount(t), ""
			return
		}
	}
}

// isCommentsMarker reports a comment section's marker (commentsMarker).
// Every marker opens with a letter or with a count and a space ("27
// Comments"), so a numbered point ("12) ...") is passed over without
// running the pattern.
func isCommentsMarker(s string) bool {
	digits := 0
	for digits < len(s) && (isDigit(s[digits]) || digits > 0 && s[digits] == ',' && digits+1 < len(s) && isDigit(s[digits+1])) {
		digits++ // "1,083 Comments"
	}
	if digits > 0 && (digits == len(s) || s[digits] != ' ') || digits == 0 && !opensWithLetter(s) {
		return false
	}
	return commentsMarker.MatchString(s)
}

// isThreadReaderFooter reports a line of a thread reader's footer
// (threadReaderFooter): each opens with a letter or holds the site's
// "@" handle.
func isThreadReaderFooter(s string) bool {
	return (opensWithLetter(s) || strings.Contains(s, "@")) && threadReaderFooter.MatchString(s)
}

// threadReaderFooter opens the footer that a thread-unrolling site puts
// under a thread (the usual way a thread is saved as an article): its
// refresh note, follow box and pleas, never part of the thread.
var threadReaderFooter = regexp.MustCompile(`(?i)^(missing (some|a) (tweets?|posts?)( in this thread)?\b.*|you can try to force a refresh\.?|keep current with .{1,60}|stay in touch and get notified when new unrolls are available.*|this thread may be removed anytime!?|try unrolling a thread yourself!?|did thread reader help you today\??|.*@threadreaderapp\b.*|enjoy(ed|ing)? this thread\?.*|more threads (by|from) @\w+)$`)

// commentsOnTitle is a blog's comments heading naming its post, however
// long the post's title: `14 thoughts on "January transfer window
// review: ..."`, "One response to “...”".
var commentsOnTitle = regexp.MustCompile(`(?i)^(\d[\d,]*|one) (thoughts? on|responses? to|comments? on|repl(y|ies) to) ["“‘']`)

// cutComments drops a comment section and all after it: a comment
// marker ("27 Comments", "Leave a reply") followed by the marks of a
// thread (names over "2 hours ago", "Reply" lines), or by less text than
// came before it. A marker near the top (a count beside the byline, a
// "Leave a comment" button in a newsletter) is dropped alone.
func cutComments(bs []block) {
	total := 0
	for i := range bs {
		total += bs[i].words
	}
	before := 0
	prose := firstProse(bs)
	for i := range bs {
		before += bs[i].words
		if i > 0 && isQuoteLabel(bs[i-1].text) {
			continue // "Quote" over "Name @handle · Nov 4": a post the thread quotes, not a reply
		}
		if c := replyStart(bs, i, prose); c >= 0 {
			dropFrom(bs, c, "comments")
			return
		}
		if isPostActions(bs[i].text) {
			if before*5 >= total && actionsAfter(bs, i) {
				dropFrom(bs, i, "comments") // a forum's first post ends at its action bar; replies follow
				return
			}
			if bs[i].drop == "" {
				bs[i].drop = "toolbar" // "Like Reply" under a post
			}
		}
		if before*5 >= total && (bs[i].drop == "ticker" || forumHandle.MatchString(bs[i].text)) && threadFollows(bs, i) {
			dropFrom(bs, i, "comments") // a forum's first reply, without a "N comments" marker
			return
		}
		if bs[i].drop != "" && bs[i].drop != "count" || len(bs[i].text) > 80 && !commentsOnTitle.MatchString(bs[i].text) || !isCommentsMarker(bs[i].text) {
			continue
		}
		after := total - before
		if before*5 >= total && (threadFollows(bs, i) || after*2 <= before) {
			bs[i].drop = ""
			dropFrom(bs, i, "comments")
			return
		}
		bs[i].drop = "comments"
	}
}

// isQuoteLabel reports the label a thread reader sets over a quoted
// post: "Quote", "Quoted post", "Quote Tweet".
func isQuoteLabel(t string) bool {
	switch t {
	case "Quote", "Quoted", "Quote Tweet", "Quote post", "Quoted tweet", "Quoted post":
		return true
	}
	return false
}

// voteHeader is the line over a reply on a link-sharing site: vote
// arrows, the name, its age and the thread links.
var voteHeader = regexp.MustCompile(`^(▲\s*)+[\w.-]{2,30} \d+ (minutes?|hours?|days?|months?|years?) ago\b.*\|`)

// forumPostHeader is the line over a post on a message board: its number,
// the poster and their standing.
var forumPostHeader = regexp.MustCompile(`^#\d{1,5}\s+\S{2,30}\b.{0,40}\b(Joined|Member since|Posts|Messages|Reputation):`)

// postNumber is a board post's number alone on its line; memberLine the
// poster's standing under their name.
var (
	postNumber = regexp.MustCompile(`^#\d{1,5}$`)
	memberLine = regexp.MustCompile(`^(Joined|Member since|Registered):? \S.{0,40}\b(Messages|Posts|Reaction score|Reputation):? [\d,]+`)
)

// numberOverHead reports a "#2" alone on its line over a point's
// heading (three words or more, no final stop, not a poster's standing):
// the article's own numbering, not a board post's number over its
// poster's name or its first sentence.
func numberOverHead(bs []block, i int) bool {
	if i+1 >= len(bs) {
		return false
	}
	next := bs[i+1].text
	if bs[i+1].words < 3 || !isHeadlineLike(next) || memberLine.MatchString(next) {
		return false
	}
	return i+2 >= len(bs) || !memberLine.MatchString(bs[i+2].text)
}

// quotedReply opens a reply that quotes the post above it.
var quotedReply = regexp.MustCompile(`^[\w.-]{2,30} wrote:\S?`)

// replyStart reports where a board's replies begin at block i, after
// the story's first prose at prose, or -1: a link site's "▲ name 8 hours
// ago | next" header, a reply quoting the post ("name wrote: ...", with
// the replier's name and rank over it), "#2" over the next poster's name,
// "#2 name Joined: ... Posts: ...". The first post's own header lines
// ("#1", "Joined: Mar 2022 Messages: 214") are labelled on the way.
func replyStart(bs []block, i, prose int) int {
	t := bs[i].text
	switch {
	case t == "":
	case bs[i].drop == "ticker" && voteHeader.MatchString(t):
		if i > prose {
			return i
		}
	case containsVia(t, " wrote:", 6) && quotedReply.MatchString(t):
		if i > prose {
			from := i
			for k := i - 1; k > prose && k >= i-3 && bs[k].words <= 3; k-- {
				from = k
			}
			return from
		}
	case t[0] == '#' && (postNumber.MatchString(t) && !numberOverHead(bs, i) || forumPostHeader.MatchString(t)):
		if i > prose && t != "#1" {
			return i
		}
		bs[i].drop = "post header"
	case strings.ContainsRune("JMR", rune(t[0])) && memberLine.MatchString(t):
		bs[i].drop = "post header"
	}
	return -1
}

// postActions is the row of buttons under a forum post: "Like Reply
// Report", "Like · Quote · Reply".
var postActions = regexp.MustCompile(`^(Like|Quote|Reply|Report|Share)( \(\d{1,5}\))?(( ?[·|] ?| )(Like|Quote|Reply|Report|Share|Multi-?quote)( \(\d{1,5}\))?){1,5}$`)

// isPostActions spares most blocks the pattern on their length and
// first byte.
func isPostActions(s string) bool {
	if len(s) < 9 || len(s) > 60 || !strings.ContainsRune("LQRS", rune(s[0])) {
		return false
	}
	return postActions.MatchString(s)
}

// actionsAfter reports another post's action bar after i: the thread
// goes on with replies.
func actionsAfter(bs []block, i int) bool {
	for j := i + 1; j < len(bs) && j <= i+nearby; j++ {
		if isPostActions(bs[j].text) {
			return true
		}
	}
	return false
}

// forumHandle is a forum user's name over their reply, alone or with
// the reply's age: "u/name", "u/name · 2 hr. ago".
var forumHandle = regexp.MustCompile(`^u/[\w-]{3,24}( ?[·•] ?.{1,20})?$`)

// threadFollows reports the marks of a comment thread among the blocks
// after i: a relative time, a "Reply" or "Replying to" line, "says:".
func threadFollows(bs []block, i int) bool {
	for j := i + 1; j < len(bs) && j <= i+8; j++ {
		t := bs[j].text
		if bs[j].words > 12 {
			continue
		}
		if relativeTime.MatchString(t) || commentMetaLine.MatchString(t) || matchRule(t) == "comment meta" {
			return true
		}
	}
	return false
}

// commentMetaLine is a line a comment thread puts around each comment.
var commentMetaLine = regexp.MustCompile(`(?i)^(reply( share)?( · \d+| \(\d+\)| \d+| · like \d+)?|replying to @?\S+|in reply to .*|.{1,40} (says|said|wrote|replied):?|sort by:? .*|(newest|oldest|best|top) first|\d+ (likes?|upvotes?|points?))$`)

// cutThreadReplies drops the replies in and under a thread copied from a
// social site: a post whose handle ("@ridgelinetenants@civic.social" on a
// line of its own) is not the thread's writer's, with the name line over
// it, up to the writer's next post, or to the end when the writer posts
// no more; and the site's side panels under the thread ("Relevant
// people", "What's happening", which names the writer again) with all
// that follows them. A text without such a handle is left alone.
func cutThreadReplies(bs []block) {
	first := -1
	for i := range bs {
		if postHandle(&bs[i]) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	dropPostCounts(bs)
	dropPostClients(bs)
	end := len(bs) // the side panels, or the end
	for i := first + 1; i < len(bs); i++ {
		if bs[i].drop == "social chrome" && hasPrefixFold(bs[i].text, sidePanels) && !postNumberedAfter(bs, i) {
			dropFrom(bs, i, "social chrome")
			end = i
			break
		}
	}
	nameAbove := func(i int) int {
		p := i - 1
		if bs[i].text[0] == '@' && p >= 0 && bs[p].words <= 5 && !endsSentence(bs[p].text) {
			p-- // the poster's name over a handle alone
		}
		if p >= 0 && hasPrefixFold(bs[p].text, []string{"replying to @"}) {
			return p // "Replying to @writer" over the reply
		}
		return p + 1
	}
	writer := threadWriter(bs, first, end)
	for i := first + 1; i < end; i++ {
		if h := postHandle(&bs[i]); h == "" || h == writer || isQuoteLabel(bs[i-1].text) {
			continue // a post the writer quotes ("Quote" over it) is theirs to show, not a reply
		}
		from, next := nameAbove(i), end // next: the writer's next post
		for j := i + 1; j < end; j++ {
			if postHandle(&bs[j]) == writer {
				next = j
				break
			}
		}
		if next == end {
			dropFrom(bs, from, "comments")
			return
		}
		for j := from; j < nameAbove(next); j++ {
			if bs[j].drop == "" {
				bs[j].drop = "comments"
			}
		}
		i = next
	}
}

// threadPostNumber opens a thread's numbered post: "7/9 ", "7/ ".
var threadPostNumber = regexp.MustCompile(`^\d{1,2}/\d{0,2}\s`)

// postNumberedAfter reports a "Show replies" button inside an unrolled
// thread: the writer's numbered posts go on after it.
func postNumberedAfter(bs []block, i int) bool {
	if !hasPrefixFold(bs[i].text, []string{"show replies", "show more replies"}) {
		return false
	}
	for j := i + 1; j < len(bs) && j <= i+3; j++ {
		if threadPostNumber.MatchString(bs[j].text) {
			return true
		}
	}
	return false
}

// threadWriter is the handle of the thread's writer, in lower case: the
// handle that posts most between first and end, the earliest of those
// tied. The first handle alone would do for a thread copied from its
// first post, but a page copied whole starts with the reader's own
// account in the site's menu ("Lena Ruiz" over "@lenaruiz_writes" under
// "Profile", "More", "Post"), named once.
func threadWriter(bs []block, first, end int) string {
	counts := map[string]int{}
	writer, most := postHandle(&bs[first]), 0
	for i := first; i < end; i++ {
		h := postHandle(&bs[i])
		if h == "" {
			continue
		}
		counts[h]++
		if counts[h] > most {
			writer, most = h, counts[h]
		}
	}
	return writer
}

// postClients are the apps a Mastodon post names under its date ("Mar
// 3, 2025, 19:02" over "·" and "Web").
var postClients = map[string]bool{"web": true, "ivory": true, "tusky": true, "elk": true, "mona": true, "ice cubes": true,
	"phanpy": true, "fedilab": true, "megalodon": true, "toot!": true, "mastodon for android": true, "mastodon for ios": true}

// dropPostClients drops the app's name under a post's date in a thread:
// one of postClients alone on its line, two blocks at most after a date.
func dropPostClients(bs []block) {
	for i := range bs {
		if bs[i].words > 3 || !postClients[strings.ToLower(bs[i].text)] {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			if isDateLine(bs[j].text) {
				bs[i].drop = "thread meta"
				break
			}
		}
	}
}

// postHandle is the handle of a post's header line, in lower case: a
// handle alone ("@danaokpolls", dropped as thread meta), or a name and
// handle with the post's age ("Mara Tcheng @mara_tcheng · Mar 11");
// "" for any other block.
func postHandle(b *block) string {
	if isHandleLine(b) {
		return strings.ToLower(b.text)
	}
	if b.words > 9 || !strings.Contains(b.text, " @") || hasPrefixFold(b.text, []string{"replying to", "in reply to"}) {
		return ""
	}
	if m := namedHandle.FindStringSubmatch(b.text); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// postWriter is the writer named before the handle on a post's header
// line ("Dana Whitcombe @dwhoops · Aug 7" gives "Dana Whitcombe"), or ""
// for any other block, a handle alone among them.
func postWriter(b *block) string {
	if postHandle(b) == "" || isHandleLine(b) {
		return ""
	}
	return nameAlone(strings.TrimSpace(b.text[:strings.Index(b.text, " @")]))
}

// namedHandle is a post's header line: its writer's name, handle and
// age ("Mara Tcheng @mara_tcheng · Mar 11", "Danny K. @dkwalksthecity").
var namedHandle = regexp.MustCompile(`^\p{Lu}[^@]{0,40} (@\w{1,30}(?:@[\w.-]{2,60})?)(?: ?· ?.{1,24})?$`)

// isHandleLine is a poster's handle on a line of its own, dropped as a
// thread's furniture: "@danaokpolls", "@dagny@toot.harbour.example".
func isHandleLine(b *block) bool {
	t := b.text
	return b.drop == "thread meta" && len(t) >= 2 && t[0] == '@' && !strings.ContainsRune(t, ' ')
}

// dropPostDates drops the date under each post of a thread after the
// first ("Mar 6, 2024, 08:26" over "Web" and "19 boosts"): the first is
// the thread's date, read as its metadata.
func dropPostDates(bs []block) {
	seen := false
	for i := 0; i+1 < len(bs); i++ {
		b := &bs[i]
		switch bs[i+1].drop {
		case "thread meta", "social chrome", "repeated line", "comment meta":
			// the cheap test first: most blocks have no post footer under them
			if b.drop != "" || b.words > 6 || !isDateLine(b.text) {
				continue
			}
			if seen {
				b.drop = "thread meta"
			}
			seen = true
		}
	}
}

// sidePanels open the panels a social site prints beside or under a
// thread.
var sidePanels = []string{"relevant people", "what's happening", "what’s happening", "who to follow", "show more replies", "show replies", "trending"}

// postCount is a post's reply, repost, like or view count as a social
// site prints it under the post, without its label: "61", "2.1K".
var postCount = regexp.MustCompile(`^\d[\d.,]*[KkMm]?$`)

// postPosition is a post's place in its thread on a line of its own:
// "3/7" (parseMarker wants a post's text after its number).
var postPosition = regexp.MustCompile(`^\d{1,2}/\d{1,2}$`)

// dropPostCounts drops the counts under each post of a thread copied
// from a social site (cutThreadReplies calls it only for a thread): two
// to five lines in a row that are only a count.
func dropPostCounts(bs []block) {
	count := func(i int) bool { return bs[i].words == 1 && len(bs[i].text) <= 8 && postCount.MatchString(bs[i].text) }
	for i := 0; i < len(bs); {
		j := i
		for j < len(bs) && count(j) {
			j++
		}
		if n := j - i; n >= 2 && n <= 5 {
			if p := i - 1; p >= 0 && bs[p].drop == "" && postPosition.MatchString(bs[p].text) {
				bs[p].drop = "thread meta" // "3/7" over the counts: the post's place in the thread
			}
			for k := i; k < j; k++ {
				if bs[k].drop == "" {
					bs[k].drop = "thread meta"
				}
			}
		}
		i = max(j, i+1)
	}
}
