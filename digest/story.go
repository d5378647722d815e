package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// Story is one article with the points worth passing on.
type Story struct {
	Title      string
	Source     string
	URL        string
	Author     string    `json:",omitempty"` // empty when the article does not say
	Published  time.Time // zero when the article does not say
	Tags       []string
	Intro      string   // the lede: the story's gist when it has no takeaways
	Body       []string `json:",omitempty"` // the whole article text, paragraph by paragraph, furniture removed
	Takeaways  []Takeaway
	Conclusion *Conclusion
	// Path is where the story was read from, for messages; not part of its identity.
	Path string
	// Sources lists every site that reported the story, this version's
	// first, when Merge joined several versions; nil for a single source.
	Sources []SourceRef `json:",omitempty"`
}

// SourceRef is one site's version of a merged story.
type SourceRef struct {
	Name string
	URL  string
	// ContentIDs are the IDs of this version's takeaways, so that a story
	// sent once under one site's version is not sent again under another.
	ContentIDs []string
}

// Takeaway is one headed point about a story.
type Takeaway struct {
	Heading string
	Summary string   // a short summary: the first sentence(s), capped in words
	Body    []string // paragraphs, in article order
	Quotes  []string // notable quotes, in article order
	// Group is the heading a two-level list puts the point under (a match
	// score, a product name); empty for a one-level list.
	Group string `json:",omitempty"`
	// Extracted marks a key point chosen from the text of an article that
	// has no takeaways of its own, rather than one its author wrote.
	Extracted bool `json:",omitempty"`
}

// Conclusion is a story's trailing unnumbered section ("The bottom line").
type Conclusion struct {
	Heading string
	Body    []string
}

// Key identifies the story across runs: its URL when it has one, else its title.
func (s *Story) Key() string {
	if s.URL != "" {
		return s.URL
	}
	return normalise(s.Title)
}

// TakeawayID is the stable ID of takeaway i of the story; it does not
// change when the article's wording around the heading changes.
func (s *Story) TakeawayID(i int) string {
	return stableID(s.Key(), normalise(s.Takeaways[i].Heading))
}

// GistID is the stable ID of a story that has no takeaways: the story
// itself is then the unit that must not be repeated.
func (s *Story) GistID() string {
	return stableID(s.Key(), "")
}

// HasOwnTakeaways reports whether the article has takeaways of its own;
// a story with none, or only extracted key points, is sent as a whole.
func (s *Story) HasOwnTakeaways() bool {
	return len(s.Takeaways) > 0 && !s.Takeaways[0].Extracted
}

// ContentIDs lists the IDs that sending this story would use up.
func (s *Story) ContentIDs() []string {
	if !s.HasOwnTakeaways() {
		return []string{s.GistID()}
	}
	ids := make([]string, len(s.Takeaways))
	for i := range s.Takeaways {
		ids[i] = s.TakeawayID(i)
	}
	return ids
}

func stableID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

// normalise folds case, punctuation and spacing so that cosmetic edits
// do not change an ID.
func normalise(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
