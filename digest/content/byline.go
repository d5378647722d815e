package content

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/digest-dev/digest/digest"
)

// metaDrops are the rules that may have dropped a line of metadata
// ("Published 3 October 2025 · 9 min read") before it was read.
var metaDrops = map[string]bool{"link line": true, "reading time": true, "thread meta": true, "navigation": true, "affiliate note": true}

// dateNear reports a date line among the two blocks after i.
func dateNear(bs []block, i int) bool {
	for k, n := 0, nextKept(bs, i); k < 2 && n >= 0; k, n = k+1, nextKept(bs, n) {
		if isDateLine(bs[n].text) || noYear.MatchString(bs[n].text) {
			return true
		}
	}
	// or a line of metadata dropped already: "6 min read · Feb 11, 2026"
	for j := i + 1; j < len(bs) && j <= i+3; j++ {
		if metaDrops[bs[j].drop] && hasDatePart(bs[j].text) {
			return true
		}
	}
	return false
}

// hasDatePart reports a date among the parts of a line of metadata.
func hasDatePart(s string) bool {
	for _, p := range strings.FieldsFunc(s, metaSep) {
		if isDateLine(strings.TrimSpace(p)) {
			return true
		}
	}
	return false
}

// isAffiliation is the line under a byline naming the writer's outlet
// or post: "BBC News", "Cricket correspondent in Perth".
func isAffiliation(b block) bool {
	words := b.words
	if b.kind != para || words > 8 || endsSentence(b.text) || strings.ContainsAny(b.text, "0123456789") || stampWord.MatchString(b.text) ||
		isKeyBoxLabel(b.text) {
		return false // "Key takeaways" under the byline opens a box
	}
	return words <= 3 || roleWord.MatchString(b.text)
}

// readerKey is a line of the header a reader service puts above the
// Markdown it saves.
func readerKey(l string) bool {
	for _, k := range []string{"Title:", "URL Source:", "Published Time:", "Markdown Content:"} {
		if strings.HasPrefix(l, k) {
			return true
		}
	}
	return false
}

// readReaderHeader reads the header a reader service puts above the
// Markdown it saves ("Title: ...", "URL Source: ...", "Markdown Content:").
//
// A scraping library's header under the headline ("Authors: A Writer",
// "Publish date: 2024-06-12 04:31:00+00:00", "Top image: ...",
// "Keywords: budget, shutdown"), or over it ("Site:", "Excerpt:",
// "Language:", "Word count:"), is read the same way.
func readReaderHeader(st *digest.Story, bs []block) {
	found := false
	for i := 0; i < len(bs) && i < 12; i++ {
		pairs := headerPairs(bs[i].text)
		if pairs == nil || !applyHeader(st, pairs, found, i) {
			if i == 0 {
				continue // the headline over a scraper's header
			}
			return
		}
		found = true
		bs[i].drop, bs[i].role = "reader header", "meta"
	}
}

// headerKey opens a line of a reader service's, scraper's or read-later
// app's header: "URL Source: ...", "Publish date: ...", "Saved from: ...".
var headerKey = regexp.MustCompile(`(^|\s)(Title|URL Source|Published Time|Markdown Content|Publish date|Authors|Author|Top image|Keywords|Movies|Saved from|Saved on|Saved|Source|Tags|URL|Site|Sitename|Hostname|Excerpt|Description|Language|Word count|Categories|Published|title|url|source|author|scraped_at|section|published|date|TITLE|AUTHORS|PUBLISH DATE|TOP IMAGE|KEYWORDS|SUMMARY|TEXT|URL):(\s|$)`)

// upperKeys names a scraping script's header keys printed in capitals
// ("TITLE:", "AUTHORS: ['A Writer']", "TEXT:") by their usual spelling.
var upperKeys = map[string]string{"TITLE": "Title", "AUTHORS": "Authors", "PUBLISH DATE": "Publish date", "TOP IMAGE": "Top image", "KEYWORDS": "Keywords", "SUMMARY": "Summary", "TEXT": "Text"}

type headerPair struct {
	key, val string
	upper    bool // printed in capitals by a script ("AUTHORS:"): a header's, never a byline
}

// headerPairs splits a block of header lines, which Markdown may have
// run together ("Author: A Writer Saved from: https://... Saved on: 2
// May 2025"), into its keys and values, or returns nil when the block
// does not open with a key.
func headerPairs(t string) []headerPair {
	if len(t) > 600 || !strings.Contains(t, ":") {
		return nil
	}
	ms := headerKey.FindAllStringSubmatchIndex(t, 8)
	if len(ms) == 0 || ms[0][0] != 0 {
		return nil
	}
	var out []headerPair
	for k, m := range ms {
		end := len(t)
		if k+1 < len(ms) {
			end = ms[k+1][0]
		}
		key := t[m[4]:m[5]]
		k, upper := upperKeys[key]
		if upper {
			key = k
		}
		out = append(out, headerPair{key: key, val: strings.TrimSpace(t[m[1]:end]), upper: upper})
	}
	return out
}

// applyHeader copies a header block's values; it reports false for a
// block that is not one (a lone "Author:" line is a byline, read as such
// elsewhere).
func applyHeader(st *digest.Story, pairs []headerPair, found bool, i int) bool {
	several := len(pairs) > 1 || pairs[0].upper
	for _, p := range pairs {
		switch p.key { // a scraper's own lower-case header: "title:\tKey takeaways from ..."
		case "title", "url", "author", "published", "date":
			if !found && !several && i > 1 {
				return false
			}
			p.key = map[string]string{"title": "Title", "url": "URL", "author": "Author", "published": "Publish date", "date": "Publish date"}[p.key]
			if p.key == "Author" {
				several = true // a header's author, not a lone byline
			}
		case "Source", "Site", "Sitename":
			if !found && !several {
				return false // a lone "Source:" line is a chart's or a quote's
			}
			if st.Source == "" {
				st.Source = p.val
			}
			continue
		case "Saved":
			if !found && !several {
				return false
			}
			continue // when the reader saved it, not when it was published
		case "Published", "Excerpt", "Language", "Word count":
			if !found && !several {
				return false // "Published: 2025-06-21 | By A Writer" alone is a byline's stamp, read as such elsewhere
			}
		case "source", "scraped_at", "section":
			if !found && !several && i > 1 {
				return false
			}
			continue
		}
		switch p.key {
		case "Title":
			if st.Title == "" {
				st.Title = p.val
			}
		case "URL Source", "URL", "Saved from":
			if st.URL == "" && (found || several || p.key != "Saved from") {
				st.URL = p.val
			}
		case "Published Time", "Markdown Content", "Publish date", "Saved on", "Published":
			if t, err := parseDate(p.val); err == nil && st.Published.IsZero() && p.key != "Saved on" {
				st.Published = t
			}
		case "Authors", "Author":
			if p.key == "Author" && !several && !found || p.key == "Authors" && (found || i > 1) && !several {
				return false
			}
			if v := pyList(p.val); v != "" {
				p.val = v // "['Rosa Ibarguen', 'The Continental Press']": a script printed the list
			}
			if st.Author == "" && p.val != "" {
				st.Author = p.val
				if name, ok := bylineName("By " + p.val); ok {
					st.Author = name
				}
			}
		default: // Top image, Keywords, Tags: what the page was, not the article
			if !found && !several {
				return false
			}
		}
	}
	return true
}

// pyList is the first item of a list a script printed as Python does
// ("['A Writer', 'The Agency']"), or "".
func pyList(s string) string {
	if !strings.HasPrefix(s, "['") || !strings.HasSuffix(s, "']") {
		return ""
	}
	first, _, _ := strings.Cut(s[2:len(s)-2], "', '")
	return first
}

// bylineName reads "By A Writer, Site Staff" as "A Writer".
func bylineName(s string) (string, bool) {
	if i := strings.Index(s, " / By "); i > 0 && i < 40 {
		s = s[i+3:] // a section over the byline: "SBC Sport / By Jess Tran"
	}
	// a reviewer after the writer: "Written by A Writer on March 3, 2026
	// — Fact checked by B Checker, MSc", or with the spans of a page's
	// attribution run together: "By A Writer Fact checked by B Checker
	// Updated ..."
	if loc := reviewerAfter.FindStringIndex(s); loc != nil && loc[0] > 3 {
		s = s[:loc[0]]
	}
	if len(s) > 160 || wordCount(s) > 14 {
		return "", false // a byline is short; spare prose the patterns
	}
	m := bylineLine.FindStringSubmatch(s)
	if m == nil {
		if r := bylineRole.FindStringSubmatch(s); r != nil {
			return r[1], true
		}
		if r := bylineRoleSpaced.FindStringSubmatch(s); r != nil && wordCount(s) <= 10 && !orgWord.MatchString(r[1]) {
			return r[1], true
		}
		if r := bylineRoleDash.FindStringSubmatch(s); r != nil && wordCount(s) <= 10 && roleWord.MatchString(r[2]) && !orgWord.MatchString(r[1]) {
			return r[1], true // "Noor Alvarsson — Staff Engineer, Web Platform"
		}
	}
	if m == nil || wordCount(s) > 14 || (endsSentence(s) && !strings.HasSuffix(s, "Staff.")) {
		return "", false
	}
	name := strings.TrimSpace(bylineEnd.ReplaceAllString(m[1], ""))
	if n := wordCount(name); n >= 4 && strings.HasSuffix(name, " Staff") {
		if who := name[:strings.LastIndexByte(name[:len(name)-len(" Staff")], ' ')]; !orgWord.MatchString(who) {
			name = who // "Miriam Taveras Ledger Staff": the paper's staff, after the name (not "Press Association Sport Staff")
		}
	}
	if i := strings.Index(name, " @"); i > 0 {
		name = strings.TrimSpace(name[:i]) // "By Marcus Feld @CometCountryMF Apr 27": the writer's handle and the date after the name
	}
	if two := twoWriters.FindString(m[1]); two != "" {
		name = two // "A Writer and B Writer, Agency": both writers
	}
	name = capsNameOnly(name)
	if name == "" || wordCount(name) > 8 {
		return "", false
	}
	if low := strings.ToLower(s); (strings.Contains(low, "prepared by:") || strings.Contains(low, "compiled by:") || strings.Contains(low, "produced by:")) &&
		(nameAlone(name) == "" || teamWord.MatchString(name)) {
		return "", false // a document's "Prepared by: Service planning": a team, not a writer
	}
	return titleCase(name), true
}

// teamWord names a team, not a person: "Marine Operations", "Service
// Planning".
var teamWord = regexp.MustCompile(`(?i)\b(operations|planning|team|department|office|unit|division|services|committee|board|secretariat|staff|group)\b`)

// capsNameOnly cuts a name set in capitals off the outlet's name that
// follows it without a comma: "MIRELA OSTROV and DANIEL KEPPE Continental
// Press" is "MIRELA OSTROV and DANIEL KEPPE".
func capsNameOnly(name string) string {
	words := strings.Fields(name)
	caps := 0
	for i, w := range words {
		switch {
		case w == "and" || w == "&":
		case strings.ToUpper(w) == w && strings.ToLower(w) != w:
			caps++
		case caps >= 2 && unicode.IsUpper([]rune(w)[0]):
			return strings.Join(words[:i], " ")
		default:
			return name
		}
	}
	return name
}

// twoWriters is a byline that names two people: "Kemi Adebayo and Lars
// Holm".
var twoWriters = regexp.MustCompile(`^` + fullName + `,? (and|&) ` + fullName + `\b`)

// stampName is the writer of a stamp without the section a blog files
// the post in ("Dana Whitlock in Engineering" is Dana Whitlock) or the
// post's age.
func stampName(s string) string {
	s = strings.TrimSpace(s)
	// "u/name 3 hr. ago": a forum's post stamp ends in the post's age
	if w := strings.Fields(s); len(w) > 2 {
		for k := 2; k <= 4 && k < len(w); k++ {
			if relativeTime.MatchString(strings.Join(w[len(w)-k:], " ")) {
				s = strings.Join(w[:len(w)-k], " ")
				break
			}
		}
	}
	if name, _, ok := strings.Cut(s, " in "); ok && wordCount(name) <= 4 {
		return name
	}
	if loc := commentsAfterName.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]] // "Posted on ... by Rohan Pillay 6 Comments": the comments link after the name
	}
	return s
}

// commentsAfterName is a blog's comments link run on after the writer's
// name in its post stamp.
var commentsAfterName = regexp.MustCompile(`(?i) (\d{1,5}|no|one) (comments?|responses?|replies)$| leave a (comment|reply)$`)

// readStamp reads "Posted July 9, 2025 by A Writer" or "Updated: 4:32
// PM GMT, 12 February 2026": the date (a publication date wins over an
// update) and the writer.
func readStamp(st *digest.Story, verb, rest string) {
	if strings.HasPrefix(strings.ToLower(rest), "by ") {
		// "Posted by A Writer on 2025-09-19", Blogger's "Posted by A Writer at 9:14 pm"
		name, date, _ := strings.Cut(rest[3:], " on ")
		if n, t, ok := strings.Cut(name, " at "); ok && date == "" && strings.ContainsAny(t, "0123456789") {
			name, date = n, t
		}
		rest = date
		if st.Author == "" {
			st.Author = stampName(name)
		}
	} else if date, name, ok := strings.Cut(rest, " by "); ok {
		rest = date
		if n, d, ok := strings.Cut(name, ", "); ok && isDateLine(d) {
			name, rest = n, d // "Posted to the noticeboard by the Secretary, 10 June 2024"
		}
		if st.Author == "" {
			st.Author = stampName(name)
		}
	}
	t, err := parseDate(strings.Trim(rest, "[] ")) // "[14 March 2025]": a Pandoc span's brackets left around the date
	if err != nil {
		return
	}
	if v := strings.ToLower(verb); st.Published.IsZero() || !strings.Contains(v, "updated") && !strings.Contains(v, "modified") {
		st.Published = t
	}
}

// gluedMonth is a date run into the word before it: "BalogunSep 22, 2025".
var gluedMonth = regexp.MustCompile(`[a-z]((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}, \d{4})`)

// readMetaLine reads a line of metadata parts joined by " · " or " | "
// ("By A Writer · Agency · 14 June 2026", "Posted by X · 7 min read"):
// it is metadata when one part is a byline, date or reading time and
// every part is short.
func readMetaLine(st *digest.Story, s string) bool {
	if i := strings.Index(s, ",Updated "); i > 0 {
		s = s[:i] + " | " + s[i+1:] // "By A Writer Globe Staff,Updated October 14, 2025, ...": the page's two spans run together
	}
	if loc := gluedMonth.FindStringSubmatchIndex(s); loc != nil {
		s = s[:loc[2]] + " | " + s[loc[2]:] // "By Theo BalogunSep 22, 2025, 7:15am EDT": the byline and the date run together
	}
	if strings.HasSuffix(s, " read") {
		for _, d := range []string{" — ", " – ", " - "} {
			if i := strings.LastIndex(s, d); i > 0 {
				s = s[:i] + " | " + s[i+len(d):] // "Posted on September 29, 2025 by A Writer — 7 min read"
				break
			}
		}
	}
	parts := strings.FieldsFunc(s, metaSep)
	if len(parts) < 2 {
		return false
	}
	meta, masthead, name := false, false, ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		n, byline := bylineName(p)
		if wordCount(p) > 8 && !byline {
			return false
		}
		if byline {
			meta = true
			if st.Author == "" {
				st.Author = n
			}
		} else if m := stampLine.FindStringSubmatch(p); m != nil {
			meta = true
			readStamp(st, m[1], m[3])
		} else if t, err := parseDate(p); err == nil {
			meta = true
			if st.Published.IsZero() {
				st.Published = t
			}
		} else if matchRule(p) == "reading time" {
			meta = true
		} else if issueNumber.MatchString(p) {
			masthead = true
		} else if personName.MatchString(p) && !orgWord.MatchString(p) && !hasPrefixFold(p, []string{"the "}) && name == "" {
			name = p
		}
	}
	if meta && name != "" && !masthead && st.Author == "" {
		st.Author = name
	}
	return meta
}

// issueNumber is a newsletter's or magazine's issue on its masthead
// ("THE WREN REPORT | No. 88 | 14 May 2026"): the name beside it is the
// publication's, not a writer's.
var issueNumber = regexp.MustCompile(`(?i)^(no\.?|issue|vol\.?|volume|edition|number)\s*#?\s*\d{1,5}$|^#\d{1,5}$`)

// nameAt is a writer's name with the place they report from.
var nameAt = regexp.MustCompile(`^(\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,2}) (?:at|in) \p{Lu}[\p{L} '’-]{1,40}$`)

// nameAlone reads a line that is only a writer's name (or two, joined
// by "and"), or a name and the place they report from, and returns the
// name. A "Follow" button
// beside the name is left out.
// reviewerAfter opens the part of a byline that names its checker.
var reviewerAfter = regexp.MustCompile(`( —)? (?i:(fact[- ]checked|medically reviewed|reviewed|edited) by) \p{Lu}`)

// labelWord is a word of a page's labels that two capitalised words can
// look like a name with: "Current Version", "Table of Contents".
var labelWord = regexp.MustCompile(`\b(Version|Edition|Updated|Contents|Summary|Overview|Introduction|Conclusion|Chapter|Highlights|Takeaways?|Points|Lessons|Findings)\b`)

func nameAlone(s string) string {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "Follow"), "·"), " ")
	if strings.Contains(s, " (") {
		s = liveShift.ReplaceAllString(s, "") // a live page's "A Writer (now) and B Writer (earlier)"
	}
	// "Dr. Kavya Olawale 🔬": a title before the name, an emoji after it
	s = strings.TrimRightFunc(s, func(r rune) bool { return r > 0x2000 && !unicode.IsLetter(r) || r == ' ' })
	for _, title := range []string{"Dr. ", "Dr ", "Prof. ", "Prof ", "Professor "} {
		if rest, ok := strings.CutPrefix(s, title); ok && personName.MatchString(rest) {
			return s
		}
	}
	if wordCount(s) <= 3 && personName.MatchString(s) && !orgWord.MatchString(s) && !labelWord.MatchString(s) && !strings.HasPrefix(s, "The ") {
		return s
	}
	if m := nameAt.FindStringSubmatch(s); m != nil && wordCount(s) <= 8 && !orgWord.MatchString(m[1]) {
		return m[1]
	}
	if (strings.Contains(s, " and ") || strings.Contains(s, " & ")) && wordCount(s) <= 7 && twoWriters.FindString(s) == s && !orgWord.MatchString(s) {
		return strings.Replace(s, ", and ", " and ", 1) // two writers: "Ruth Ames and Col Finn"
	}
	if a, b, ok := strings.Cut(s, ", "); ok && wordCount(s) <= 6 && personName.MatchString(a) && personName.MatchString(b) && !orgWord.MatchString(s) && !labelWord.MatchString(s) {
		return a + " and " + b // "Lee Ji-won, Park Sung-min" over the date
	}
	return ""
}

// liveShift marks which writer of a live page wrote when.
var liveShift = regexp.MustCompile(` \((now|earlier|later|then|until \d{1,2}[:.]\d{2}|from \d{1,2}[:.]\d{2})\)`)

// titleCase writes a name set in capitals ("TOM BRAY", as agencies
// print bylines) as a name, each part of a hyphenated name capitalised;
// other names are left as written.
func titleCase(name string) string {
	// "NORA LIND and ABE KORR": capitals but for the "and" between two names
	if u := strings.ReplaceAll(name, " and ", " AND "); strings.ToUpper(u) != u || strings.ToLower(name) == name {
		return name
	}
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		if w == "and" {
			continue
		}
		parts := strings.Split(w, "-") // a double-barrelled name: "Sherman-Foley"
		for j, p := range parts {
			parts[j] = capitalise(p)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}
