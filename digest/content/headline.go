package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding the headline in scraped text by what stands around it: the
// byline under it, the menu and labels above it.

// headlineAboveByline finds the headline of scraped text by its byline:
// the first line of the headline-like run (headline, standfirst) just
// above the first byline or date line, below the section label or
// navigation above it; a headline has four words or more, and a shorter
// line ends the run. When the first such line is a date with only a
// section label above it (the date set over the headline), the byline
// a few lines below it is tried. It returns -1 when there is no byline
// near the top.
func headlineAboveByline(bs []block) int {
	first := -1
	for i := 0; i < len(bs) && i < 60; i++ {
		if !isMeta(bs[i]) {
			continue
		}
		if first >= 0 && i-first > 10 {
			break
		}
		if top := headlineAbove(bs, i); top >= 0 && !bodyAbove(bs, top) {
			return top
		}
		if first < 0 && !onlyMenuAbove(bs, i) {
			first = i // a date in the site's masthead, over its menu, does not count
		}
	}
	return -1
}

// bodyAbove reports two paragraphs of running text kept above i: a date
// under a line so far down is the page's footer ("Last reviewed on ..."
// over "Current Version"), not the headline's byline.
func bodyAbove(bs []block, i int) bool {
	n := 0
	for j := 0; j < i && n < 2; j++ {
		if bs[j].drop == "" && bs[j].words > 30 {
			n++
		}
	}
	return n >= 2
}

// onlyMenuAbove reports that nothing but short lines (a site's name, its
// menu) stands above i.
func onlyMenuAbove(bs []block, i int) bool {
	for j := 0; j < i; j++ {
		if bs[j].drop == "" && bs[j].words > 3 {
			return false
		}
	}
	return true
}

// headlineAbove is the first line of the headline-like run just above
// the byline or date line at by, or -1.
func headlineAbove(bs []block, by int) int {
	top, skipped, atDate, crossed := -1, 0, true, false
	for j, n := prevKept(bs, by), 0; by > 0 && j >= 0 && n < 4; j, n = prevKept(bs, j), n+1 {
		b := bs[j]
		if atDate && skipped < 2 && overDate(b) {
			skipped++
			n--
			continue // the writer's name, or the outlet's, alone over the date: the byline
		}
		atDate = false
		if b.words > 45 || b.bullet || b.kind == quote || isMarked(&b) && !initialLed(b.text) || isLabel(b) {
			break
		}
		if top >= 0 && menuBetween(bs, j, top) {
			break // a site's name over its menu, not the headline's first line
		}
		if top < 0 && scoreboard(b.text) {
			crossed = true
			continue // a match's score under the headline: "England 312 & 287-6 dec; New Zealand 298 & 265"
		}
		if top >= 0 && b.words <= 8 && (orgWord.MatchString(b.text) || companyName.MatchString(b.text)) && !opensLower(bs[top].text) {
			break // a company's name over the headline: "Calder & Finch Building Services Ltd"
		}
		if top >= 0 && opensLower(b.text) && !opensLower(bs[top].text) || siteTagline.MatchString(b.text) {
			break // a blog's tagline in lower case over the headline: "a blog about slow miles ...", "The student news site of ..."
		}
		if isHeadline(b) && b.words >= 4 {
			if top >= 0 && crossed && !opensLower(bs[top].text) {
				break // a site's name over the headline, with its standfirst under it
			}
			if top >= 0 && b.line > 0 && bs[top].line > b.line+1 && allCapitalised(b.text) {
				break // "Home Scores Schedule Standings Stats Teams", a menu a blank line above the headline
			}
			top = j
		} else if b.words < 4 {
			break // a section label above the headline ("Science and Environment")
		} else if b.words <= 35 && b.kind == para && labelOrNothingAbove(bs, j) {
			return j // a headline in sentences ("Court says ... Here's what it does."), a label above it
		} else if top < 0 {
			crossed = true // a standfirst between the headline and the byline
		}
	}
	return top
}

// siteTagline is a site's line about itself under its name: "The
// student news site of Ashgrove Valley High School", "The independent
// voice of the valley since 1911", "A Kestrel Bay Ospreys Fan Site".
var siteTagline = regexp.MustCompile(`(?i)^((the|an?) (independent |official |award-winning |nonprofit )?(student |local |community |daily |weekly )?(news ?site|news|newspaper|voice|magazine|website|blog|publication|paper|newsroom)( site| website)? (of|for|from|serving|covering)\b|an? [\p{L}\d'’&. -]{2,40} (fan site|fansite|fan blog|fan community|blog network)$)`)

// allCapitalised reports a line whose every word opens with a capital:
// a menu's row, not a sentence-case headline's line.
func allCapitalised(s string) bool {
	for _, w := range strings.Fields(s) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// companyName is a firm's name as a document's letterhead prints it:
// "Calder & Finch Building Services Ltd".
var companyName = regexp.MustCompile(`\b(Ltd|Limited|Inc|LLC|LLP|plc|PLC|GmbH|Corporation|Corp|Company|Co|Holdings|Associates|Partners)\.?$`)

// initialLed reports a line opening with an initial that reads as a
// letter's marker: "S. Korea's chip exports hit a record", "J. Smith
// wins ...", not "B. Second point".
func initialLed(t string) bool {
	m, ok := parseMarker(t)
	return ok && m.style[0] == 'a' && len(t) > 3 && t[1] == '.' && t[2] == ' ' && isUpper([]rune(t[3:])[0]) && strings.Contains(t[3:], "'s ")
}

// scoreboard reports a line of scores: three numbers or more, making up
// a third of its words or more.
func scoreboard(s string) bool {
	if len(s) > 120 {
		return false
	}
	nums, words := 0, 0
	for _, w := range strings.Fields(s) {
		words++
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			nums++
		}
	}
	return nums >= 3 && nums*3 >= words
}

// opensLower reports text that opens in lower case: the second line of
// a headline broken in two.
func opensLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// siteNameOver reports a "# " heading at i that is a blog's name: a few
// words, its menu between it and the headline at j over the byline.
func siteNameOver(bs []block, i, j int) bool {
	return i >= 0 && j > i && bs[i].words <= 4 && bs[j].words >= 5 && menuBetween(bs, i, j)
}

// menuBetween reports a navigation row dropped between blocks i and j.
func menuBetween(bs []block, i, j int) bool {
	for k := i + 1; k < j; k++ {
		switch bs[k].drop {
		case "navigation", "link line", "related link", "skip link":
			return true
		}
	}
	return false
}

// labelOrNothingAbove reports that only a section label, a menu or
// nothing at all stands above the block at j.
func labelOrNothingAbove(bs []block, j int) bool {
	p := prevKept(bs, j)
	return p < 0 || isLabel(bs[p]) || bs[p].words <= 3
}

// isLabel is a section label or a menu entry above a headline: a word
// or two, or a short line in capitals ("THE LONG READ").
func isLabel(b block) bool {
	caps := strings.ToUpper(b.text) == b.text
	return b.words <= 2 || b.words <= 4 && caps || isBreadcrumb(b.text) ||
		b.words <= 8 && hasSeparator(b.text) && (caps || capsFirstPart(b.text)) // "POLITICS · DALMARK VOTES 2025", "THE LARDER · Food & Drink"
}

// capsFirstPart reports a line whose first part, before a separator
// (metaSep), is a name in capitals: an outlet over its section ("THE
// LARDER · Food & Drink").
func capsFirstPart(s string) bool {
	i := strings.IndexFunc(s, metaSep)
	if i <= 0 {
		return false
	}
	first := strings.TrimSpace(s[:i])
	return wordCount(first) <= 3 && strings.ToUpper(first) == first && strings.ToLower(first) != first
}

// threadOpener is a thread's first post, which announces the thread.
func threadOpener(s string) bool {
	return strings.Contains(s, "🧵") || strings.HasSuffix(s, "👇") || strings.HasSuffix(strings.ToLower(s), "a thread:") ||
		strings.HasSuffix(strings.ToLower(s), "(thread)")
}

// menuBelow is the index past a page's menu set straight under block i:
// three or more lines in a row of one to three words each, with no
// sentence stop ("Live", "Programs", "EN", a score bar's "Tessary v
// Marrland"); -1 when there is none.
func menuBelow(bs []block, i int) int {
	n := 0
	for j := i + 1; j < len(bs); j++ {
		if bs[j].drop != "" {
			continue
		}
		if bs[j].kind != para || bs[j].words > 3 || strings.ContainsAny(bs[j].text, ".!?:") {
			if n >= 3 {
				return j
			}
			return -1
		}
		n++
	}
	return -1
}
