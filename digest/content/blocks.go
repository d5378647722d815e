package content

import (
	"regexp"
	"strings"
)

// kind tells what a block was in its source format.
type kind int

const (
	para    kind = iota // a paragraph or a line of plain text
	heading             // a real heading (Markdown #, HTML h1-h6)
	quote               // a block quote
)

// block is one unit of article text in reading order.
type block struct {
	kind  kind
	level int // heading level, 1-6
	text  string
}

// textBlocks splits plain text into blocks. Prose written one paragraph a
// line (as pasted from the web) keeps each line; hard-wrapped prose has its
// lines joined again.
func textBlocks(src string) []block {
	lines := strings.Split(normaliseNewlines(src), "\n")
	wrapped := isHardWrapped(lines)
	var out []block
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{kind: para, text: strings.Join(cur, " ")})
			cur = nil
		}
	}
	for _, l := range lines {
		l = cleanSpace(l)
		switch {
		case l == "":
			flush()
		case !wrapped || numberedHeading.MatchString(l):
			flush()
			out = append(out, block{kind: para, text: l})
		default:
			cur = append(cur, l)
		}
	}
	flush()
	return out
}

// isHardWrapped reports text wrapped at a fixed width: no line is long,
// and inside paragraphs the lines that are not last run close to the
// widest line, as a wrapping editor leaves them.
func isHardWrapped(lines []string) bool {
	widest := 0
	for _, l := range lines {
		widest = max(widest, len(strings.TrimSpace(l)))
	}
	if widest > 100 || widest == 0 {
		return false
	}
	inner, full := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		l, next := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if l == "" || next == "" || l == "---" {
			continue
		}
		inner++
		if len(l)*10 >= widest*6 {
			full++
		}
	}
	return inner > 0 && full*10 >= inner*8
}

var (
	mdHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdQuote    = regexp.MustCompile(`^>\s?`)
	mdBullet   = regexp.MustCompile(`^[-*+]\s+`)
	mdFence    = regexp.MustCompile("^(```|~~~)")
	mdRule     = regexp.MustCompile(`^([-*_]\s*){3,}$`)
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdStrong   = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmph     = regexp.MustCompile(`(^|[\s(])[*_](\S(?:[^*_]*?\S)?)[*_]([\s).,;:!?]|$)`)
	mdCode     = regexp.MustCompile("`([^`]+)`")
	mdSetextH1 = regexp.MustCompile(`^=+\s*$`)
)

// markdownBlocks splits Markdown into blocks, joining the lines of a
// paragraph as Markdown does and stripping inline markup.
func markdownBlocks(src string) []block {
	var out []block
	var cur []string
	curKind := para
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{kind: curKind, text: inline(strings.Join(cur, " "))})
		}
		cur, curKind = nil, para
	}
	fenced := false
	for _, raw := range strings.Split(normaliseNewlines(src), "\n") {
		l := cleanSpace(raw)
		if mdFence.MatchString(l) {
			flush()
			fenced = !fenced
			continue
		}
		switch {
		case fenced:
			cur = append(cur, l)
		case l == "" || mdRule.MatchString(l):
			flush()
		case mdSetextH1.MatchString(l) && len(cur) == 1:
			out = append(out, block{kind: heading, level: 1, text: inline(cur[0])})
			cur = nil
		case mdHeading.MatchString(l):
			flush()
			m := mdHeading.FindStringSubmatch(l)
			out = append(out, block{kind: heading, level: len(m[1]), text: inline(m[2])})
		case mdQuote.MatchString(l):
			if curKind != quote {
				flush()
				curKind = quote
			}
			if t := mdQuote.ReplaceAllString(l, ""); t != "" {
				cur = append(cur, t)
			}
		case mdBullet.MatchString(l), numberedHeading.MatchString(l):
			flush()
			cur = append(cur, mdBullet.ReplaceAllString(l, ""))
		default:
			if curKind == quote {
				flush()
			}
			cur = append(cur, l)
		}
	}
	flush()
	return out
}

// inline strips Markdown inline markup, keeping the words.
func inline(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllString(s, "$2")
	s = mdEmph.ReplaceAllString(s, "$1$2$3")
	s = mdCode.ReplaceAllString(s, "$1")
	s = strings.NewReplacer(`\*`, "*", `\_`, "_", `\#`, "#", `\[`, "[", `\]`, "]", `\.`, ".", `\)`, ")").Replace(s)
	return cleanSpace(s)
}

func normaliseNewlines(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// cleanSpace trims s and folds runs of white space (non-breaking spaces
// included) to one space.
func cleanSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\n' || r == '\f' || r == '\v'
	}), " ")
}
