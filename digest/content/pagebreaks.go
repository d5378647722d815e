package content

import (
	"regexp"
	"strings"
)

// Text pasted out of a PDF carries each page's number and its running
// header or footer where the page broke, often in the middle of a
// paragraph:
//
//	... our experience suggests that the
//
//	                                                  1
//
//	THE HOLLOW HERALD · October 2025
//
//	adjustment period is real but short, ...
//
// pageBreaks finds those breaks and marks their lines for splitLines: a
// page number alone, set far to the right or centred, or written "Page 2",
// "- 2 -" or "2 of 9"; and a short line next to it that is the running
// header or footer (it repeats in the text, or repeats the start of a line
// of the masthead). A number alone at the left margin is a numbered
// point's, and is left alone unless such a running line stands next to
// it. When the text on either side of the break is one sentence cut in
// two, the break's lines are joined over, so the paragraph is whole again.

// pageNumber is a page number as a PDF prints it on a line of its own.
var pageNumber = regexp.MustCompile(`(?i)^(\d{1,3}|[-–—] ?\d{1,3} ?[-–—]|page \d{1,3}( of \d{1,3})?|\d{1,3} ?(/|of) ?\d{1,3})$`)

// Markers pageBreaks sets at the start of a line (the rest of it is the
// line, for --explain): a page break's line to leave out, joining the
// paragraph over it, or to leave out as a blank line.
const (
	breakJoin  = "\x00"
	breakBlank = "\x01"
)

func pageBreaks(lines []string) []string {
	var out []string // a copy, made at the first break
	var counts map[string]int
	for i, raw := range lines {
		t := strings.TrimSpace(raw)
		if t == "" || !blankAround(lines, i) {
			continue
		}
		if len(t) > 12 || !pageNumber.MatchString(t) {
			// a running header with the page number set far right on its
			// line: "Eastgate Community Fridge · 2024 Annual Report      2"
			if m := numberedRunningLine(t); m != nil {
				if counts == nil {
					counts = lineCounts(lines)
				}
				if counts["\x00"+m[1]] >= 2 || mastheadPrefix(lines, m[1], i) {
					out = markBreak(lines, out, i, i)
				}
			}
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
		far := indent >= 16 || !isDigit(t[0])
		if counts == nil {
			counts = lineCounts(lines)
		}
		// the running lines above and below the number, past blank lines
		above, below := nearLine(lines, i, -1), nearLine(lines, i, 1)
		runAbove := above >= 0 && runningLine(lines, above, counts)
		runBelow := below >= 0 && runningLine(lines, below, counts)
		if !far && !runAbove && !runBelow {
			continue
		}
		from, to := i, i // the break's lines, blank ones included
		if runAbove {
			from = above
		}
		if runBelow {
			to = below
		}
		out = markBreak(lines, out, from, to)
	}
	if out == nil {
		return lines
	}
	return out
}

// markBreak marks lines from to to (and the blank lines around them) in
// out, a copy of lines made at the first break, as a page break's.
func markBreak(lines, out []string, from, to int) []string {
	for from > 0 && strings.TrimSpace(lines[from-1]) == "" {
		from--
	}
	for to+1 < len(lines) && strings.TrimSpace(lines[to+1]) == "" {
		to++
	}
	mark := breakBlank
	if from > 0 && to+1 < len(lines) && cutSentence(lines[from-1], lines[to+1]) {
		mark = breakJoin
	}
	if out == nil {
		out = append([]string(nil), lines...)
	}
	for j := from; j <= to; j++ {
		if !isBreakLine(out[j]) {
			out[j] = mark + strings.TrimSpace(lines[j])
		}
	}
	return out
}

// isBreakLine reports a line pageBreaks marked as a page break's.
func isBreakLine(l string) bool {
	return l != "" && (l[0] == breakJoin[0] || l[0] == breakBlank[0])
}

// runningNumbered is a running header or footer with the page number
// set after it, apart from it by a run of spaces.
var runningNumbered = regexp.MustCompile(`^(\S.{4,80}?)\s{4,}\d{1,3}$`)

// numberedRunningLine matches runningNumbered on a line that can hold
// one: short, ending in a digit, with a run of four spaces in it. Most
// lines are prose and are spared the pattern.
func numberedRunningLine(t string) []string {
	if len(t) < 10 || len(t) > 100 || !isDigit(t[len(t)-1]) || !strings.Contains(t, "    ") {
		return nil
	}
	return runningNumbered.FindStringSubmatch(t)
}

// mastheadPrefix reports a running line that repeats the start of one of
// the document's first five lines (other than line skip, the running line
// itself when it is one of them), in any case: "Eastgate Community Fridge
// · ..." under "EASTGATE COMMUNITY FRIDGE".
func mastheadPrefix(lines []string, t string, skip int) bool {
	for j := 0; j < len(lines) && j < 5; j++ {
		if j == skip {
			continue
		}
		if m := strings.TrimSpace(lines[j]); wordCount(m) >= 2 && len(m) <= len(t) && strings.EqualFold(t[:len(m)], m) {
			return true
		}
	}
	return false
}

// blankAround reports a line with a blank line, or the text's edge, on
// both sides.
func blankAround(lines []string, i int) bool {
	return (i == 0 || strings.TrimSpace(lines[i-1]) == "") && (i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "")
}

// nearLine is the index of the first line that is not blank from i in
// direction dir, within two lines, or -1.
func nearLine(lines []string, i, dir int) int {
	for j, n := i+dir, 0; j >= 0 && j < len(lines) && n < 2; j, n = j+dir, n+1 {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// runningLine reports a running header or footer: a short line that does
// not end a sentence and either repeats in the text or opens with a line
// of the first five ("THE HOLLOW HERALD" over the masthead, "THE HOLLOW
// HERALD · October 2025" at each break).
func runningLine(lines []string, i int, counts map[string]int) bool {
	t := strings.TrimSpace(lines[i])
	if t == "" || wordCount(t) > 10 || endsSentence(t) || !blankAround(lines, i) {
		return false
	}
	return counts[t] >= 2 || mastheadPrefix(lines, t, i)
}

// cutSentence reports a sentence that a page break cut in two: the text
// before it stops without a sentence's end, and the text after goes on in
// lower case.
func cutSentence(before, after string) bool {
	b, a := strings.TrimSpace(before), strings.TrimSpace(after)
	if b == "" || a == "" {
		return false
	}
	last := b[len(b)-1]
	return !strings.ContainsRune(".!?:;\"”)", rune(last)) && a[0] >= 'a' && a[0] <= 'z'
}

// lineCounts counts each line, and under "\x00" and its text each line
// that runningNumbered matches, whatever its page number.
func lineCounts(lines []string) map[string]int {
	counts := make(map[string]int, len(lines)/2)
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && len(t) <= 120 {
			counts[t]++
			if m := numberedRunningLine(t); m != nil {
				counts["\x00"+m[1]]++
			}
		}
	}
	return counts
}
