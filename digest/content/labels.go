package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labels are short lines set beside the story that say what it is, not
// what it says: a match's scorers, a sponsor's label, a writer's job
// title, a review's badges.

// scorers is a match's goals as a results page prints them under the
// score: names, each with the minutes they scored in ("Carr 34, 81;
// Mbeki 67", "Lind 41', 71'", "Abara 55 pen").
var scorers = regexp.MustCompile(`^` + scorer + `(\s?[,;·|]\s?` + scorer + `)*$`)

// matchScore is a final score: two sides, each with its one score
// ("Chiefs 27, Bills 24", "Harbor City 102, Ridgeview 97", "Tamsworth 19,
// Carroway 16 (OT)", a ranking before a side: "No. 4 Tallis 31, No. 12
// Marrow 28", the visitors first: "Redmond Rail 24 @ Calloway Bison 23").
// As a line it
// reads the same as two scorers ("Carr 34, Mbeki 67"); set as a heading
// it is a result heading a group of points.
var matchScore = regexp.MustCompile(`^((No\. ?|#)\d{1,2} )?\p{Lu}[\p{L}'’.&-]*(\s\p{Lu}[\p{L}'’.&-]*){0,3}\s\d{1,3}(,| @| at)\s((No\. ?|#)\d{1,2} )?\p{Lu}[\p{L}'’.&-]*(\s\p{Lu}[\p{L}'’.&-]*){0,3}\s\d{1,3}( \((\d?OT|SO|ET|aet|pens)\))?$`)

const (
	goalMinute = `\d{1,3}(\+\d{1,2})?['’′]?(\s?\(?(pen|p|og|o\.g\.)\)?)?`
	scorer     = `\p{Lu}[\p{L}'’.-]+(\s\p{Lu}[\p{L}'’.-]+){0,2}\s` + goalMinute + `(,\s?` + goalMinute + `)*`
)

// isScorers reports a line of goal scorers. One name with one number
// ("Windows 11") is not one: a minute mark, a penalty or two numbers are.
// The line must open with a name of one to three words before its first
// number, which spares prose the pattern.
func isScorers(s string) bool {
	d := strings.IndexAny(s, "0123456789")
	if d < 2 || s[d-1] != ' ' || countWords(s[:d], 4) > 3 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsUpper(r) || !minuteEnds(s[d:]) {
		return false
	}
	marks := strings.IndexByte(s, '\'') >= 0 || strings.Contains(s, "’") || strings.Contains(s, "′") || strings.Contains(s, " pen") || strings.Contains(s, " og")
	return (marks || digitRuns(s) >= 2) && scorers.MatchString(s)
}

// minuteEnds reports a number that ends as a goal's minute does: at the
// end of the line, before a comma, a mark, added time or a penalty;
// not before a word, as a year in a sentence does ("In 2019 the...").
func minuteEnds(s string) bool {
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == len(s) || strings.IndexByte(",;'+·|\xe2", s[j]) >= 0 {
		return true
	}
	rest := s[j:]
	return strings.HasPrefix(rest, " pen") || strings.HasPrefix(rest, " og") || strings.HasPrefix(rest, " (") || strings.HasPrefix(rest, " ·") || strings.HasPrefix(rest, " |")
}

// digitRuns counts the numbers written in s.
func digitRuns(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		d := s[i] >= '0' && s[i] <= '9'
		if d && !in {
			n++
		}
		in = d
	}
	return n
}

// dropSponsorLabels drops the paragraph under a "Sponsored" label set
// between two points of a newsletter: the sponsor's message, which runs
// until the next point.
func dropSponsorLabels(bs []block) {
	for i := range bs {
		if bs[i].drop != "advertisement" || bs[i].words > 6 || !sponsorHeading.MatchString(bs[i].text) || strings.HasPrefix(strings.ToLower(bs[i].text), "advert") {
			continue
		}
		n := nextKept(bs, i)
		if n < 0 || bs[n].kind != para || bs[n].words > 60 || isMarked(&bs[n]) {
			continue
		}
		if after := nextKept(bs, n); after < 0 || bs[after].kind == heading || bs[after].bold || isMarked(&bs[after]) {
			bs[n].drop = "sponsor"
		}
	}
}

// roleLine is a writer's job title on a line of its own: "Senior
// reporter, wearables", "Transport correspondent".
var roleLine = regexp.MustCompile(`(?i)^([\p{L}-]+ ){0,2}(reporter|writer|editor|correspondent|columnist|critic|contributor|journalist)(,? [\p{L}&/-]+( [\p{L}&/-]+){0,2})?$`)

// isRoleLine reports a job title, not a heading that merely ends in one
// ("Letters to the editor").
func isRoleLine(b *block) bool {
	if b.kind == heading || b.words > 6 || !roleLine.MatchString(b.text) {
		return false
	}
	l := " " + strings.ToLower(b.text) + " "
	return !strings.Contains(l, " to ") && !strings.Contains(l, " the ") && !strings.Contains(l, " a ") && !strings.Contains(l, " our ")
}

// dropRoleLines drops job titles left once the byline is read.
func dropRoleLines(bs []block) {
	for i := range bs {
		if bs[i].drop == "" && bs[i].role == "" && isRoleLine(&bs[i]) {
			bs[i].drop = "author role"
		}
	}
}
