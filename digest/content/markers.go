package content

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// marker is the number that opens a numbered point: "1)", "2.", "3,",
// "No. 4:", "#5", "Takeaway 6 -", "b)", or a number alone on its line.
type marker struct {
	style string // the way it is written: prefix, digit or letter, separator
	n     int    // its value; letters count from 1
	rest  string // the text after it
}

// markerWords open a numbered point in words ("Lesson 3 -",
// "Overreaction 2: ...").
var markerWords = []string{"key takeaway", "talking point", "key lesson", "big takeaway", "big lesson", "takeaway", "lesson", "point", "tip", "reason", "thing", "step", "part", "rule", "observation", "overreaction", "insight", "no.", "no", "number", "#"}

// parseMarker reads a marker at the start of s.
func parseMarker(s string) (marker, bool) {
	if s != "" && s[0] >= 0xE2 {
		if rest := pastEmoji(s); rest != "" && rest[0] >= '1' && rest[0] <= '9' {
			s = rest // "🔹 1. Rates held steady": the emoji decorates the number
		}
	}
	if s == "" || !(isASCIILetter(s[0]) || s[0] >= '0' && s[0] <= '9' || s[0] == '#' || s[0] == '(') {
		return marker{}, false
	}
	if s != "" && s[0] == '(' && len(s) > 2 && s[1] >= '0' && s[1] <= '9' {
		s = s[1:] // "(1) Heading" reads as "1) Heading"
	}
	prefix, s := markerPrefix(s)
	if prefix == "" && s[0] >= 'E' && s[0] <= 'T' {
		// "One: Take advice with consideration. ...": a number in words,
		// capitalised, before a colon or a dash (not a stop: "One. Two.")
		if n, after := numberWord(s); n > 0 && after[0] != '.' {
			rest := strings.TrimLeft(after, ":-–— ")
			if rest != "" && len(rest) < len(after) {
				return marker{style: "one:", n: n, rest: rest}, true
			}
		}
	}
	digits := 0
	for digits < len(s) && digits < 4 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	var m marker
	switch {
	case digits > 0 && digits <= 3:
		m.n = atoi(s[:digits])
		m.style = prefix + "1"
		if strings.HasPrefix(s[digits:], "\ufe0f\u20e3") { // a keycap emoji: "1️⃣ Heading"
			s = s[:digits] + "." + s[digits+len("\ufe0f\u20e3"):]
		}
	case digits == 0 && prefix == "" && romanValue(s) > 0:
		m.n, digits = romanValue(s), strings.IndexAny(s, ".)")
		m.style = "i"
	case digits == 0 && prefix == "" && len(s) >= 2 && isASCIILetter(s[0]) && (s[1] == '.' || s[1] == ')'):
		m.n = int(unicode.ToLower(rune(s[0])) - 'a' + 1)
		m.style = "a"
		digits = 1
	default:
		return marker{}, false
	}
	sep, rest, ok := markerSeparator(s[digits:], prefix != "")
	if !ok || m.n < 1 || m.n > 99 {
		return marker{}, false
	}
	if (m.style == "a" || m.style == "i") && sep != "." && sep != ")" {
		return marker{}, false
	}
	if prefix == "no" && sep == " " && opensLower(rest) {
		return marker{}, false // "No. 1 seed survives ...": a ranking in the sentence, no point's number
	}
	m.style += sep
	m.rest = strings.TrimLeft(rest, "-–—:. ")
	if again := strconv.Itoa(m.n) + " "; strings.HasPrefix(m.rest, again) && len(m.rest) > len(again) && opensCapital(m.rest[len(again):]) {
		m.rest = m.rest[len(again):] // "1. 1 The Cavaliers ...": a list's number and the site's own
	}
	if prefix == "" && m.rest != "" && isASCIILetter(m.rest[0]) {
		if p, _ := markerPrefix(m.rest); p != "" && p != "no" && p != "#" {
			if inner, ok := parseMarker(m.rest); ok && inner.rest != "" && strings.ContainsAny(inner.style[len(inner.style)-1:], "-:.") {
				m.rest = inner.rest // "2/ Lesson 1 - Price for the customer ...": the post's number, then the writer's label
			}
		}
	}
	return m, true
}

// markerPrefix strips a word that opens a marker ("No.", "#", "Lesson").
func markerPrefix(s string) (string, string) {
	switch s[0] | 0x20 {
	case 'k', 'b', 't', 'l', 'p', 'r', 's', 'n', 'o', 'i', '#' | 0x20: // the first letters of markerWords
	default:
		return "", s
	}
	head := s[:min(len(s), 16)]
	ascii := isASCII(head)
	lower := head
	if !ascii {
		lower = strings.ToLower(head)
	}
	first := lowerASCII(s[0])
	for _, w := range markerWords {
		// an ASCII head (nearly every one) is compared in place, sparing a
		// lower-cased copy of every paragraph that opens with "T" or "S"
		if w[0] != first || ascii && !hasPrefixLowerASCII(head, w) || !ascii && !strings.HasPrefix(lower, w) {
			continue
		}
		rest := s[len(w):]
		trimmed := strings.TrimLeft(rest, " ")
		if w != "#" && w != "no." && w != "no" {
			// "Takeaway #1:", "Lesson No. 2 -"
			trimmed = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(trimmed, "#"), "No."), "no."), " ")
		}
		if trimmed != "" && isASCIILetter(trimmed[0]) && w != "no." && w != "no" && w != "number" && w != "#" && len(trimmed) < len(rest) {
			// a number in words: "Lesson Four: Regulars are the business"
			if n, after := numberWord(trimmed); n > 0 {
				trimmed = strconv.Itoa(n) + after
			}
		}
		if trimmed == "" || trimmed[0] < '0' || trimmed[0] > '9' {
			continue
		}
		if w != "#" && w != "no." && len(trimmed) == len(rest) {
			continue // "Point3" is not a marker
		}
		return strings.TrimSuffix(w, "."), trimmed
	}
	return "", s
}

// hasPrefixLowerASCII reports whether the ASCII text s starts with the
// lower-case word w, ignoring the case of s.
func hasPrefixLowerASCII(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lowerASCII(s[i]) != w[i] {
			return false
		}
	}
	return true
}

// markerSeparator reads what follows the number: ".", ")", ",", ":",
// a dash, or nothing (a number alone on its line). A word-prefixed
// marker may be followed by a space alone ("No. 1 The goalkeeper").
func markerSeparator(s string, worded bool) (sep, rest string, ok bool) {
	if s == "" {
		return "", "", true
	}
	switch s[0] {
	case ')':
		return ")", s[1:], true
	case '/':
		// a thread's "2/8 Text", "2/ Text" or "2/n Text"
		n := 1
		for n < len(s) && n < 4 && (s[n] >= '0' && s[n] <= '9' || s[n] == 'n' && n == 1) {
			n++
		}
		if n == len(s) || s[n] != ' ' {
			return "", "", false
		}
		return "/", s[n:], true
	case '.', ',', ':':
		if s[0] == '.' && len(s) > 2 && s[1] >= 'A' && s[1] <= 'Z' && isLowerASCII(s[2]) {
			return ".", s[1:], true // "1.The president ...": the space was lost
		}
		if s[0] == '.' && len(s) > 2 && s[1] == ')' && s[2] == ' ' {
			return ")", s[2:], true // "1.) Hydration matters:"
		}
		if len(s) > 1 && s[1] != ' ' && s[1] != '\t' {
			return "", "", false // 2.5 million, 10:30, 1,000
		}
		return string(s[0]), s[1:], true
	}
	t := strings.TrimLeft(s, " \t")
	if len(t) == len(s) {
		return "", "", false // 3rd, 12th
	}
	if r, _ := utf8.DecodeRuneInString(t); r == '-' || r == '–' || r == '—' || r == ':' || r == '|' {
		return "-", t, true
	}
	if worded {
		return " ", t, true
	}
	return "", "", false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// ordinals open paragraphs that run through a piece: "First, ...",
// "Second, ...", "Finally, ...". The value of "finally" is 0: it ends a run.
var ordinals = []struct {
	word string
	n    int
}{
	{"firstly", 1}, {"first of all", 1}, {"first and foremost", 1}, {"first off", 1}, {"first up", 1}, {"first", 1}, {"secondly", 2}, {"second", 2},
	{"thirdly", 3}, {"third", 3}, {"fourthly", 4}, {"fourth", 4}, {"fifthly", 5}, {"fifth", 5},
	{"sixth", 6}, {"seventh", 7}, {"eighth", 8}, {"ninth", 9}, {"tenth", 10},
	{"and finally", 0}, {"finally", 0}, {"lastly", 0}, {"last but not least", 0}, {"last of all", 0},
}

// parseOrdinal reads an ordinal opening s ("Second, the buses ..."):
// the word must be followed by a comma or colon, so that "Second-hand"
// and "At first glance" are not read as ordinals.
func parseOrdinal(s string) (int, string, bool) {
	if m := spokenOrdinal.FindStringSubmatch(s); m != nil {
		// "My first takeaway is that Biden hasn't backed down ...": a
		// talk's points, said aloud
		n := 0
		for _, o := range ordinals {
			if strings.EqualFold(o.word, m[1]) {
				n = o.n
			}
		}
		return n, capitalise(s[len(m[0]):]), true
	}
	lower := strings.ToLower(s)
	for _, o := range ordinals {
		if !strings.HasPrefix(lower, o.word) {
			continue
		}
		rest := s[len(o.word):]
		if !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, ":") {
			continue
		}
		return o.n, capitalise(strings.TrimSpace(rest[1:])), true
	}
	return 0, "", false
}

// spokenOrdinal opens a point said aloud: "My first takeaway is that",
// "The second lesson here is", "And the final point:".
var spokenOrdinal = regexp.MustCompile(`(?i)^(?:and )?(?:my |the |our )(first|second|third|fourth|fifth|sixth|seventh|final|last) (?:big |key |main )?(?:takeaway|lesson|point|thing|observation)(?: here| for me)?(?: (?:is|was)(?: that)?[,:]? |: )`)

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// romanValue reads a Roman numeral from I to XX followed by "." or ")"
// ("II. Heading", or in lower case, "ii. Heading"), or returns 0.
func romanValue(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case 'I', 'V', 'X', 'i', 'v', 'x':
	default:
		return 0
	}
	end := strings.IndexAny(s[:min(len(s), 7)], ".)")
	if end < 1 || end+1 < len(s) && s[end+1] != ' ' {
		return 0
	}
	if n := romans[s[:end]]; n > 0 {
		return n
	}
	if lower := s[:end]; strings.ToLower(lower) == lower {
		return romans[strings.ToUpper(lower)] // all in lower case, not "Iv"
	}
	return 0
}

var romans = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
	"XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18, "XIX": 19, "XX": 20}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// numberWords are the numbers a marker may spell out.
var numberWords = [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// numberWord reads a number in words at the start of s, followed by a
// marker's separator (":", " -", " –", " —", "."), and returns it with
// the text after the word; 0 when there is none.
func numberWord(s string) (int, string) {
	for i, w := range numberWords {
		if len(s) <= len(w) || !hasPrefixLowerASCII(s, w) {
			continue
		}
		after := s[len(w):]
		if after[0] == ':' || after[0] == '.' || strings.HasPrefix(after, " -") || strings.HasPrefix(after, " –") || strings.HasPrefix(after, " —") {
			return i + 1, after
		}
	}
	return 0, s
}
