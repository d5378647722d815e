package digest

import "time"

// Source kinds.
const (
	SourceFeed    = "feed"
	SourceContent = "content"
)

// Outcomes of a source's last run.
const (
	StatusOK          = "ok"
	StatusNotModified = "not_modified" // a feed that answered 304
	StatusFailed      = "failed"
)

// SourceState is what is remembered of a source between runs: a feed's
// validators for conditional requests, and what its last run gave.
type SourceState struct {
	Key          string // a feed's URL, or "content:" and a folder's path
	Type         string // SourceFeed or SourceContent
	Name         string // as last shown
	ETag         string
	LastModified string
	FetchedAt    time.Time
	Status       string
	Items        int // items (or articles) read
	New          int // of which seen for the first time
	Failed       int // of which nothing could be made
	Error        string
}

// How an article's story was made.
const (
	ArticleFromPage = "page"   // its page, fetched and extracted
	ArticleFromItem = "item"   // the feed item's own content, the page having failed
	ArticleFailed   = "failed" // neither
)

// Article is one feed item, fetched once and kept so that a later run
// neither fetches nor parses it again.
type Article struct {
	URL          string // the item's link without tracking parameters: the key
	Source       string // the Key of the feed it came from
	CanonicalURL string
	ContentHash  string // of the text the story was parsed from
	Story        *Story // nil when Status is ArticleFailed
	Status       string
	Error        string    // why the page or the item failed
	Published    time.Time // the item's date; zero when it has none
	FetchedAt    time.Time // first fetched
}
