package content

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digest-dev/digest/digest"
)

// Options tune the parser.
type Options struct {
	SummaryWords int // cap on a takeaway's summary; 0: 30
}

// Format is an article's source format.
type Format int

// The formats Parse reads.
const (
	Text Format = iota
	Markdown
	HTML
)

// FormatOf picks the format from a file name; ok is false for other files.
func FormatOf(name string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return Markdown, true
	case ".txt", ".text":
		return Text, true
	case ".html", ".htm":
		return HTML, true
	}
	return Text, false
}

var (
	// numberedHeading matches "1) Heading", "1. Heading", "1 - Heading",
	// "## 1. Heading", "**2) Heading**", with any spacing after the number.
	// A "." needs a space after it, so "2.5 million" is not a heading.
	numberedHeading = regexp.MustCompile(`^[#*_]*\s*(\d{1,2})(?:\.\s+|\)\s*|\s*[-–—:]\s+|\s+[-–—:]\s*)(\S.*?)[*_]*$`)
	// leadIn is the "Here are the main takeaways…" line that introduces the list.
	leadIn = regexp.MustCompile(`(?i)^(here[’']?s|here (is|are)|these are|below (is|are)|the (main|key) takeaways)\b`)
	// conclusionHeading names a closing section.
	conclusionHeading = regexp.MustCompile(`(?i)(verdict|bottom line|what happens next|what[’']?s next|what comes next|in conclusion|conclusion|the upshot|final thoughts|wrapping up|in summary|to sum up|looking ahead|the big picture|why it matters|what it means|the takeaway)`)
	quoted            = regexp.MustCompile(`[“"]([^“”"]+)[”"]`)
)

const maxHeadingRunes = 150

// Parse reads one article. name is used for the format, messages and a
// fallback title. An article with no numbered sections becomes a story
// with no takeaways whose intro carries its gist.
func Parse(name string, data []byte, opt Options) (*digest.Story, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not UTF-8 text", name)
	}
	format, _ := FormatOf(name)
	src := string(data)
	st := &digest.Story{Path: name}
	var blocks []block
	switch format {
	case HTML:
		bs, meta, err := htmlBlocks(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		blocks = bs
		if err := applyMeta(st, map[string]string{"title": meta.title, "source": meta.source, "url": meta.url, "date": meta.date}); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	default:
		fm, body, err := splitFrontMatter(src)
		if err != nil {
			return nil, fmt.Errorf("%s: front matter: %w", name, err)
		}
		if err := applyFrontMatter(st, fm); err != nil {
			return nil, fmt.Errorf("%s: front matter: %w", name, err)
		}
		if format == Markdown {
			blocks = markdownBlocks(body)
		} else {
			blocks = textBlocks(body)
		}
	}
	blocks = removeBoilerplate(blocks)
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%s: no article text", name)
	}
	blocks = takeTitle(st, blocks, format, name)
	structure(st, blocks, opt)
	if st.Intro == "" && len(st.Takeaways) == 0 {
		return nil, fmt.Errorf("%s: no article text", name)
	}
	return st, nil
}

// takeTitle sets the story's title from the article when the metadata has
// none, and removes that block from the text.
func takeTitle(st *digest.Story, bs []block, f Format, name string) []block {
	first := bs[0]
	isTitle := first.kind == heading && first.level == 1
	if f == Text && len(bs) > 1 && !numberedHeading.MatchString(first.text) {
		isTitle = isHeadlineLike(first.text) && !strings.HasSuffix(first.text, "?")
	}
	// A page's <title> often carries the site's name after the headline.
	if isTitle && (st.Title == "" || strings.HasPrefix(normaliseTitle(st.Title), normaliseTitle(first.text))) {
		st.Title = first.text
		bs = bs[1:]
	}
	if st.Title == "" {
		base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		base = strings.Join(strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' }), " ")
		r, n := utf8.DecodeRuneInString(base)
		st.Title = string(unicode.ToUpper(r)) + base[n:]
	}
	return bs
}

func normaliseTitle(s string) string { return strings.ToLower(cleanSpace(s)) }

// section is a takeaway or the conclusion while it is being read.
type section struct {
	heading string
	body    []string
}

// structure splits blocks into lede, numbered takeaways and conclusion.
func structure(st *digest.Story, bs []block, opt Options) {
	var intro []string
	var secs []section
	var concl *section
	for _, b := range bs {
		if n, head, ok := numbered(b); ok && n == len(secs)+1 {
			if concl != nil { // what looked like a conclusion was a mid-article heading
				last := &secs[len(secs)-1]
				last.body = append(append(last.body, concl.heading), concl.body...)
				concl = nil
			}
			secs = append(secs, section{heading: head})
			continue
		}
		switch {
		case len(secs) == 0:
			if !(leadIn.MatchString(b.text) && len(strings.Fields(b.text)) <= 12) {
				intro = append(intro, b.text)
			}
		case concl == nil && isConclusion(b):
			concl = &section{heading: b.text}
		case concl != nil:
			concl.body = append(concl.body, b.text)
		default:
			last := &secs[len(secs)-1]
			last.body = append(last.body, b.text)
		}
	}
	for _, s := range secs {
		st.Takeaways = append(st.Takeaways, takeaway(s, opt))
	}
	if concl != nil {
		st.Conclusion = &digest.Conclusion{Heading: concl.heading, Body: concl.body}
	}
	st.Intro = lede(intro, len(secs) == 0)
}

// numbered reports a numbered heading, its number and its text.
func numbered(b block) (int, string, bool) {
	if b.kind == quote || utf8.RuneCountInString(b.text) > maxHeadingRunes {
		return 0, "", false
	}
	m := numberedHeading.FindStringSubmatch(b.text)
	if m == nil {
		return 0, "", false
	}
	n, _ := strconv.Atoi(m[1])
	return n, strings.TrimLeft(m[2], "-–—: "), true
}

// isConclusion is a closing section's heading: a real heading, or a short
// line naming a conclusion ("So, what's the verdict?").
func isConclusion(b block) bool {
	if b.kind == quote || len(strings.Fields(b.text)) > 10 {
		return false
	}
	if b.kind == heading {
		return true
	}
	return conclusionHeading.MatchString(b.text) && isHeadlineLike(strings.TrimRight(b.text, "?!"))
}

// lede is the intro: everything before the first takeaway, or for an
// article without takeaways, its opening paragraphs up to about 60 words.
func lede(paras []string, gist bool) string {
	if !gist {
		return strings.Join(paras, "\n\n")
	}
	var out []string
	words := 0
	for _, p := range paras {
		out = append(out, p)
		if words += len(strings.Fields(p)); words >= 60 {
			break
		}
	}
	return strings.Join(out, "\n\n")
}

func takeaway(s section, opt Options) digest.Takeaway {
	t := digest.Takeaway{Heading: s.heading, Body: s.body}
	if len(s.body) > 0 {
		t.Summary = summarise(s.body[0], opt.SummaryWords)
	}
	for _, p := range s.body {
		for _, m := range quoted.FindAllStringSubmatch(p, -1) {
			if q := strings.TrimRight(strings.TrimSpace(m[1]), ",;: "); len(strings.Fields(q)) >= 4 {
				t.Quotes = append(t.Quotes, q)
			}
		}
	}
	return t
}

// summarise is the first sentence of p, capped at max words.
func summarise(p string, max int) string {
	if max <= 0 {
		max = 30
	}
	s := firstSentence(p)
	w := strings.Fields(s)
	if len(w) <= max {
		return s
	}
	return strings.TrimRight(strings.Join(w[:max], " "), ",;:–—-") + "…"
}

// firstSentence cuts p after the first full stop that is followed by a
// capital letter or quote, skipping common abbreviations.
func firstSentence(p string) string {
	for i, r := range p {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i + utf8.RuneLen(r)
		rest := p[end:]
		rest = strings.TrimLeft(rest, "”\"’')")
		if !strings.HasPrefix(rest, " ") {
			continue
		}
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
		if !(unicode.IsUpper(next) || next == '“' || next == '"') || isAbbrev(p[:i]) {
			continue
		}
		return p[:len(p)-len(rest)]
	}
	return p
}

func isAbbrev(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := f[len(f)-1]
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "col", "lt", "jr", "sr", "vs", "no", "inc", "co", "corp", "u.s", "u.k", "e.g", "i.e":
		return true
	}
	return utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) // an initial: "J. Smith"
}
