package content

import "strings"

// Asides set beside the story: pull quotes, fact boxes, glossaries and
// citations.

// dropPullQuotes drops a pull quote: a quotation set on its own line
// that the text around it already gives ("It's like a garden," said Ruiz.
// "You weed it once..." over "You weed it once..." alone).
func dropPullQuotes(bs []block) {
	for i := range bs {
		b := &bs[i]
		if b.drop != "" || b.words < 4 || b.words > 40 {
			continue
		}
		inner, ok := quotation(b.text)
		if !ok {
			continue
		}
		// the text may end the quoted sentence with a comma: "..., " she said
		inner = strings.TrimRight(inner, ".,;:!?…")
		for j := max(0, i-6); j < len(bs) && j <= i+6; j++ {
			if j != i && bs[j].kind == para && bs[j].words > b.words && strings.Contains(bs[j].text, inner) {
				b.drop = "pull quote"
				break
			}
		}
	}
}

// quotation returns the text inside the quotation marks that open and
// close s, or false when s is not one quotation.
func quotation(s string) (string, bool) {
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"‘", "’"}, {"'", "'"}} {
		if inner, ok := strings.CutPrefix(s, q[0]); ok {
			if inner, ok = strings.CutSuffix(inner, q[1]); ok && !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
				return strings.TrimSpace(inner), inner != ""
			}
		}
	}
	return "", false
}

// dropFactBox drops a fact box: its label and the list or short lines
// under it, up to the first paragraph of prose.
func dropFactBox(bs []block, i int) {
	bs[i].drop = "fact box"
	last := 0 // the line of the box's last fact, in text
	for j := i + 1; j < len(bs); j++ {
		b := &bs[j]
		if b.drop != "" {
			continue
		}
		if b.kind == heading || !(b.bullet || b.kind == item || isMarked(b) || b.words <= 12 || b.words <= 30 && labelled(b.text)) {
			return
		}
		if last > 0 && b.line > last+1 {
			return // a blank line ends a box set as lines of text
		}
		b.drop = "fact box"
		last = b.line
	}
}

// labelled is a fact set as "Label: value" ("Dunmore Saints: Tries: ..."):
// a colon within its first four words.
func labelled(s string) bool {
	c := strings.IndexByte(s, ':')
	return c > 0 && wordCount(s[:c]) <= 4
}

// glossaryBelow is a glossary box under the heading at i: its section
// (to the next heading) holds two or more lines and every one is a
// definition, "term: Definition." with a term of one to four words.
func glossaryBelow(bs []block, i int) bool {
	n := 0
	for j := i + 1; j < len(bs) && j <= i+nearby; j++ {
		if bs[j].kind == heading || bs[j].bold {
			break
		}
		if bs[j].drop != "" || bs[j].link {
			continue // a "More words" link under the box's heading
		}
		if !isDefinition(bs[j].text) {
			return false
		}
		n++
	}
	return n >= 2 && !runInSibling(bs, i)
}

// runInSibling reports a heading at i next to a sibling heading (the
// same level, the one before or after it) over two or more bullets with
// run-in heads: a product's group in a round-up ("Fast for its size:
// ..."), whose points may read as definitions, not a glossary box.
func runInSibling(bs []block, i int) bool {
	same := func(j int) bool {
		return bs[j].kind == bs[i].kind && bs[j].level == bs[i].level && bs[j].bold == bs[i].bold
	}
	for j := i + 1; j < len(bs) && j <= i+nearby; j++ {
		if same(j) {
			return runInBullets(bs, j) >= 2
		}
	}
	for j := i - 1; j >= 0 && j >= i-nearby; j-- {
		if same(j) {
			return runInBullets(bs, j) >= 2
		}
	}
	return false
}

// runInBullets counts the bullets with a bold run-in head straight under
// the heading at i, up to the next heading or bold line.
func runInBullets(bs []block, i int) int {
	n := 0
	for j := i + 1; j < len(bs) && j <= i+nearby && bs[j].kind != heading && !bs[j].bold; j++ {
		if (bs[j].bullet || bs[j].kind == item) && bs[j].lead != "" {
			n++
		}
	}
	return n
}

// isDefinition is "term: Definition." with a term of one to four words
// and no digits, and a definition that ends a sentence.
func isDefinition(s string) bool {
	term, def, ok := strings.Cut(s, ": ")
	if !ok || term == "" || strings.ContainsAny(term, "0123456789") || wordCount(term) > 4 || def == "" {
		return false
	}
	return endsSentence(def) && wordCount(def) <= 40
}

// citationWords open a citationLine, after an optional "the ".
var citationWords = []string{"paper", "study", "reference", "citation", "journal", "research", "source"}

// citationStart is the cheap test before citationLine: the line opens
// with one of citationWords, after an optional "the ". Looking past "the "
// spares the pattern every paragraph that merely opens with "The".
func citationStart(t string) bool {
	if len(t) >= 4 && strings.EqualFold(t[:4], "the ") {
		t = t[4:]
	}
	return hasPrefixFold(t, citationWords)
}
