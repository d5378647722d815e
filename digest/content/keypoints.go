package content

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/digest-dev/digest/digest"
)

// maxSentences bounds the work of keyPoints on a very long article.
const maxSentences = 2000

// sentence is a candidate key point.
type sentence struct {
	text  string
	pos   int // order in the article
	para  int // paragraph it is in
	terms map[string]int
	score float64
}

// keyPoints picks up to k sentences (0: 5) that carry an article's gist,
// in article order: each sentence is scored by its similarity to the
// article's centroid (its words weighed by how often the article uses
// them) plus a bonus for coming early, as news puts the gist first. The
// method is extractive and deterministic; it only reads the blocks left
// once boilerplate is removed, and skips headings and short lines.
func keyPoints(art []*block, k int) []digest.Takeaway {
	if k <= 0 {
		k = 5
	}
	ss := sentences(art)
	if len(ss) == 0 {
		return nil
	}
	centroid := map[string]float64{}
	for _, s := range ss {
		for t := range s.terms {
			centroid[t]++
		}
	}
	norm := 0.0
	for _, v := range centroid {
		norm += v * v
	}
	for i := range ss {
		ss[i].score = cosine(ss[i].terms, centroid, norm) + 0.25*(1-float64(ss[i].pos)/float64(len(ss)))
		if ss[i].pos == 0 {
			ss[i].score += 0.15
		}
	}
	ranked := append([]sentence(nil), ss...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	ranked = ranked[:min(k, len(ranked))]
	sort.Slice(ranked, func(i, j int) bool { return ranked[i].pos < ranked[j].pos })
	out := make([]digest.Takeaway, 0, len(ranked))
	for _, s := range ranked {
		text := strings.TrimPrefix(s.text, dateline.FindString(s.text))
		out = append(out, digest.Takeaway{Heading: cleanHeading(text), Summary: text, Extracted: true})
	}
	return out
}

// dateline opens a wire story's first sentence: the place in capitals,
// maybe a date and the agency, and a dash ("PORT AVERLY, Nov 14
// (Newswire) - ", "LONDON (AP) — "). A key point reads without it.
var dateline = regexp.MustCompile(`^\p{Lu}[\p{Lu}'’. -]*\p{Lu}(, [^()—–]{1,30}?)?( \([^()]{1,30}\))? ?[-—–]{1,2} `)

// sentences splits the article's prose into sentences of 6 to 60 words.
// In an interview the questions are skipped and an answer reads without
// its speaker's name ("Greaney: ...").
func sentences(art []*block) []sentence {
	var out []sentence
	qa := isInterview(art)
	for pi, b := range art {
		if b.kind == heading || b.words < 6 || strings.HasPrefix(b.text, "| ") || (qa && isQuestionLine(b.text)) {
			continue
		}
		text := b.text
		if qa {
			text = withoutSpeaker(text)
		}
		for rest := text; rest != "" && len(out) < maxSentences; {
			s := firstSentence(rest)
			rest = strings.TrimSpace(rest[len(s):])
			s = strings.TrimSpace(s)
			if n := wordCount(s); n >= 6 && n <= 60 {
				out = append(out, sentence{text: s, pos: len(out), para: pi, terms: terms(s)})
			}
		}
	}
	return out
}

// stopWords carry no topic.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "that": true, "with": true, "was": true, "were": true, "are": true,
	"but": true, "not": true, "this": true, "its": true, "his": true, "her": true, "their": true, "they": true,
	"from": true, "has": true, "have": true, "had": true, "said": true, "will": true, "would": true, "been": true,
	"which": true, "who": true, "she": true, "him": true, "all": true, "one": true, "more": true, "than": true,
	"about": true, "after": true, "into": true, "out": true, "over": true, "when": true, "what": true, "there": true,
	"also": true, "can": true, "could": true, "our": true, "you": true, "your": true, "some": true, "them": true,
}

func terms(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) >= 3 && !stopWords[w] {
			out[w]++
		}
	}
	return out
}

// cosine is the cosine similarity of a sentence's terms with the
// centroid b, whose squared norm is nb.
func cosine(a map[string]int, b map[string]float64, nb float64) float64 {
	var dot, na float64
	for t, n := range a {
		dot += float64(n) * b[t]
		na += float64(n * n)
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
