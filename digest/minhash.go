package digest

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// Near-duplicate detection: MinHash over word shingles.
//
// A story's text is folded to lower-case words; every run of shingleWords
// consecutive words is a shingle. The share of shingles two texts have in
// common (their Jaccard similarity) is high when one is a rewrite of the
// other, because rewrites keep most sentences, quotes and figures, and low
// for two stories on one topic, which share words but not word runs.
// MinHash estimates that share from a fixed-size signature: for each of
// signatureSize hash functions, the smallest hash over the shingles; the
// fraction of equal positions estimates the Jaccard similarity with a
// standard error of about sqrt(J(1-J)/signatureSize), 0.03 at J = 0.15.
//
// Pairs of words, not triples: measured on the pairs in testdata/dedupe,
// exact Jaccard similarity separates rewrites from same-topic stories by
// 0.31 against 0.06 with pairs, but only 0.21 against 0.02 with triples,
// which leaves less room for the estimate's error.
const (
	shingleWords  = 2
	signatureSize = 128
	// minShingles is the shortest text compared: below it a few shared
	// stock phrases would decide, so such stories merge only by URL.
	minShingles = 40
)

// signature is a text's MinHash signature.
type signature [signatureSize]uint64

// textSignature returns the signature of text and false when the text is
// too short to compare.
func textSignature(text string) (signature, bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var sig signature
	if len(words) < shingleWords+minShingles-1 {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	hashes := make([]uint64, len(words))
	for i, w := range words {
		h := fnv.New64a()
		h.Write([]byte(w))
		hashes[i] = h.Sum64()
	}
	for i := 0; i+shingleWords <= len(words); i++ {
		base := mix(hashes[i]*31 + hashes[i+1]) // a 2-word shingle
		for k := range sig {
			// One multiply-xorshift per position: cheap, and well enough
			// spread for minima over a few hundred shingles.
			v := (base ^ seeds[k]) * 0xbf58476d1ce4e5b9
			if v ^= v >> 31; v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig, true
}

// similarity estimates the Jaccard similarity of the texts behind a and b.
func similarity(a, b *signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / signatureSize
}

// seeds give each position of the signature its own hash function.
var seeds = func() (s [signatureSize]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix(x + uint64(i))
		s[i] = x
	}
	return s
}()

// mix is the SplitMix64 finaliser: a cheap, well-spread 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// storyText is the text two versions of a story are compared on.
func storyText(s *Story) string {
	var b strings.Builder
	add := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	add(s.Title, s.Intro)
	for _, t := range s.Takeaways {
		add(t.Heading)
		add(t.Body...)
	}
	if c := s.Conclusion; c != nil {
		add(c.Heading)
		add(c.Body...)
	}
	return b.String()
}
