package content

import (
	"regexp"
	"strings"
)

// junk matches whole blocks that are page furniture, never article text.
// Each pattern is anchored and most are capped in length, so that a
// sentence which merely starts with "Share" or "Support" survives.
var junk = []struct {
	re       *regexp.Regexp
	maxWords int // 0: any length
}{
	{regexp.MustCompile(`(?i)^(read more|related|see also|also read|read also|more on this|more from [\w ]+|watch|listen|recommended|further reading)\s*[:|–—-]`), 30},
	{regexp.MustCompile(`(?i)^(advertisement|advertising|advert|ad|sponsored( content)?|promoted( content)?|paid content|story continues below( advertisement)?|scroll to continue( with content)?|continue reading( below)?)[.…]*$`), 0},
	{regexp.MustCompile(`(?i)^(share|print|email|tweet|save|share this( article| story| page)?|click to share.*)$`), 0},
	{regexp.MustCompile(`(?i)^(share|click to share) (this|on|via|it)\b`), 12},
	{regexp.MustCompile(`(?i)^follow (us|me|[\w .@]+ on (twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|telegram|whatsapp|google news))\b`), 15},
	{regexp.MustCompile(`(?i)^(sign up|subscribe|get|join)\b.*\b(newsletters?|updates|inbox|e-?mail alerts?|briefing|for free)\b`), 25},
	{regexp.MustCompile(`(?i)^(please )?(donate|consider donating|make a donation|support (us|our (work|journalism|newsroom))|support (independent|quality) journalism|become a (member|supporter|patron|subscriber))\b`), 30},
	{regexp.MustCompile(`(?i)^(©|\(c\)\s|copyright\s+(©\s*)?(\d{4}|\(c\))|all rights reserved)`), 30},
	{regexp.MustCompile(`(?i)all rights reserved\.?$`), 30},
	{regexp.MustCompile(`(?i)(to (suggest|request) a correction|suggest a correction or clarification|report an? (error|correction|typo)|spotted an? (mistake|error|typo)|highlight the text and press ctrl|found a mistake\?)`), 40},
}

// promoMarker matches the label of an inline promo block ("Other Topics
// of Interest"), which sits beside a teaser headline and its paragraph.
var promoMarker = regexp.MustCompile(`(?i)^(other topics of interest|related (stories|articles|content|coverage|reading|news)|more stories|more (news|articles)|you (may|might) also (like|be interested in)|recommended( for you| reading| stories)?|most (read|popular)|trending( now)?|editor[’']?s picks?|read next|up next|don[’']t miss)[:.…]*$`)

// isJunk reports whether a block is boilerplate.
func isJunk(text string) bool {
	words := len(strings.Fields(text))
	for _, j := range junk {
		if (j.maxWords == 0 || words <= j.maxWords) && j.re.MatchString(text) {
			return true
		}
	}
	return false
}

// removeBoilerplate drops junk blocks and inline promo blocks.
func removeBoilerplate(bs []block) []block {
	drop := make([]bool, len(bs))
	for i, b := range bs {
		if isJunk(b.text) {
			drop[i] = true
		}
		if promoMarker.MatchString(b.text) {
			markPromo(bs, drop, i)
		}
	}
	out := bs[:0:0]
	for i, b := range bs {
		if !drop[i] {
			out = append(out, b)
		}
	}
	return out
}

// markPromo marks the promo around the marker at i: the teaser headline
// (often printed both before and after the marker) and the teaser's own
// paragraph that follows it. A block after the marker is taken as the
// teaser only when it reads as a headline, so article text is not lost.
func markPromo(bs []block, drop []bool, i int) {
	drop[i] = true
	next := i + 1
	if next >= len(bs) || !isHeadlineLike(bs[next].text) {
		return
	}
	repeated := i > 0 && bs[i-1].text == bs[next].text
	if repeated {
		drop[i-1] = true
	}
	drop[next] = true
	if teaser := next + 1; teaser < len(bs) && bs[teaser].kind == para && (repeated || len(strings.Fields(bs[teaser].text)) <= 40) {
		drop[teaser] = true
	}
}

// isHeadlineLike is a short line that does not end a sentence.
func isHeadlineLike(s string) bool {
	if len(strings.Fields(s)) > 20 || s == "" {
		return false
	}
	return !strings.ContainsAny(s[len(s)-1:], ".:;,")
}
