package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content/fetch"
)

// Store is what the feed sources keep between runs: each source's state
// (a feed's validators, its last run) and each article fetched.
type Store interface {
	// SourceState returns the source's state, nil when it never ran.
	SourceState(ctx context.Context, key string) (*digest.SourceState, error)
	SaveSourceState(ctx context.Context, st *digest.SourceState) error
	// Article returns the article kept under url, nil when there is none.
	Article(ctx context.Context, url string) (*digest.Article, error)
	SaveArticle(ctx context.Context, a *digest.Article) error
	// SourceArticles returns the feed's articles published (or, undated,
	// first fetched) at or after since.
	SourceArticles(ctx context.Context, source string, since time.Time) ([]digest.Article, error)
}

// Feed is a source that reads an RSS 2.0, RSS 1.0, Atom or JSON feed and
// makes a story of each new item, from its article page when FetchPages
// is set, else (or when the page fails) from the item's own content.
type Feed struct {
	URL        string
	Name       string // overrides the feed's title as the stories' source
	FetchPages bool
	MaxAge     time.Duration // items older than this are ignored; 0: no limit
	Options    Options
	Fetcher    *fetch.Fetcher
	Store      Store // nil: nothing is remembered, everything is fetched
	Log        *slog.Logger
	Now        func() time.Time
	// Workers is the number of items handled at once; 0: 4. The fetcher
	// still sends at most its per-host limit to one site.
	Workers int
}

// NotAFeedError is a response that is not a feed, such as an HTML page.
type NotAFeedError struct{ ContentType string }

func (e *NotAFeedError) Error() string {
	if isHTML(e.ContentType, nil) {
		return "not a feed: the server sent an HTML page (" + e.ContentType + ")"
	}
	return "not a feed (RSS, Atom or JSON Feed) but " + orUnknown(e.ContentType)
}

func orUnknown(s string) string {
	if s == "" {
		return "content of unknown type"
	}
	return s
}

func (f *Feed) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Feed) log() *slog.Logger {
	if f.Log != nil {
		return f.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Collect fetches the feed (conditionally, with the validators kept from
// the last run) and makes its fresh items into stories. A feed that
// answers 304 gives the stories kept from earlier runs.
func (f *Feed) Collect(ctx context.Context) *Result {
	res := &Result{Key: f.URL, Type: digest.SourceFeed, Name: f.displayName("")}
	prev, err := f.state(ctx)
	if err != nil {
		return res.fail(err)
	}
	res.State.ETag, res.State.LastModified = prev.ETag, prev.LastModified
	if prev.Name != "" && f.Name == "" {
		res.Name = prev.Name
	}
	resp, err := f.Fetcher.Get(ctx, fetch.Request{URL: f.URL, ETag: prev.ETag, LastModified: prev.LastModified})
	if err != nil {
		return res.fail(err)
	}
	if resp.NotModified {
		return f.kept(ctx, res)
	}
	f.fromResponse(ctx, resp, res)
	if res.Err == nil { // a broken feed is fetched in full again next time
		res.State.ETag, res.State.LastModified = resp.ETag, resp.LastModified
	}
	return res
}

// fromResponse makes the stories of a fetched feed.
func (f *Feed) fromResponse(ctx context.Context, resp *fetch.Response, res *Result) *Result {
	feed, err := parseFeed(resp)
	if err != nil {
		return res.fail(fmt.Errorf("%s: %w", resp.URL, err))
	}
	res.Name = f.displayName(feed.Title)
	f.items(ctx, feed, resp.URL, res)
	return res
}

func (f *Feed) state(ctx context.Context) (*digest.SourceState, error) {
	if f.Store == nil {
		return &digest.SourceState{}, nil
	}
	st, err := f.Store.SourceState(ctx, f.URL)
	if err != nil || st == nil {
		return &digest.SourceState{}, err
	}
	return st, nil
}

func (f *Feed) displayName(title string) string {
	switch {
	case f.Name != "":
		return f.Name
	case strings.TrimSpace(title) != "":
		return strings.Join(strings.Fields(title), " ")
	}
	return f.URL
}

// parseFeed reads any of the feed formats gofeed knows.
func parseFeed(resp *fetch.Response) (*gofeed.Feed, error) {
	if gofeed.DetectFeedType(bytes.NewReader(resp.Body)) == gofeed.FeedTypeUnknown {
		if isHTML(resp.ContentType, resp.Body) {
			return nil, &NotAFeedError{ContentType: "text/html"}
		}
		return nil, &NotAFeedError{ContentType: resp.ContentType}
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	return feed, nil
}

// kept gives the stories of a feed that has not changed since the last run.
func (f *Feed) kept(ctx context.Context, res *Result) *Result {
	res.State.Status = digest.StatusNotModified
	if f.Store == nil {
		return res
	}
	arts, err := f.Store.SourceArticles(ctx, f.URL, f.since())
	if err != nil {
		return res.fail(err)
	}
	for _, a := range arts {
		res.State.Items++
		if a.Story != nil {
			res.Stories = append(res.Stories, f.named(*a.Story))
		} else {
			res.State.Failed++
		}
	}
	return res
}

func (f *Feed) since() time.Time {
	if f.MaxAge <= 0 {
		return time.Time{}
	}
	return f.now().Add(-f.MaxAge)
}

// named applies the source's configured name to a kept story.
func (f *Feed) named(st digest.Story) digest.Story {
	if f.Name != "" {
		st.Source = f.Name
	}
	return st
}

// items makes a story of each fresh item, in feed order.
func (f *Feed) items(ctx context.Context, feed *gofeed.Feed, base string, res *Result) {
	type slot struct {
		story *digest.Story
		isNew bool
		err   error
	}
	var todo []*gofeed.Item
	for _, it := range feed.Items {
		if d := itemDate(it); f.MaxAge <= 0 || d.IsZero() || !d.Before(f.since()) {
			todo = append(todo, it)
		}
	}
	out := make([]slot, len(todo))
	work := make(chan int)
	var wg sync.WaitGroup
	workers := f.Workers
	if workers <= 0 {
		workers = 4
	}
	for range workers {
		wg.Go(func() {
			for i := range work {
				s := &out[i]
				s.story, s.isNew, s.err = f.item(ctx, todo[i], feed, base)
			}
		})
	}
	for i := range todo {
		work <- i
	}
	close(work)
	wg.Wait()
	res.State.Status = digest.StatusOK
	for i, s := range out {
		res.State.Items++
		if s.isNew {
			res.State.New++
		}
		if s.err != nil {
			res.State.Failed++
			res.Problems = append(res.Problems, fmt.Errorf("%s: item %q: %w", res.Name, itemLabel(todo[i]), s.err))
			continue
		}
		if s.story != nil {
			res.Stories = append(res.Stories, *s.story)
		}
	}
}

func itemLabel(it *gofeed.Item) string {
	if it.Link != "" {
		return it.Link
	}
	return it.Title
}

func itemDate(it *gofeed.Item) time.Time {
	switch {
	case it.PublishedParsed != nil:
		return *it.PublishedParsed
	case it.UpdatedParsed != nil:
		return *it.UpdatedParsed
	}
	return time.Time{}
}

// item returns the item's story: the one kept from an earlier run, or a
// new one made and kept now. An item that failed before is tried again.
func (f *Feed) item(ctx context.Context, it *gofeed.Item, feed *gofeed.Feed, base string) (*digest.Story, bool, error) {
	key := itemKey(it, base, f.URL)
	if f.Store != nil {
		a, err := f.Store.Article(ctx, key)
		if err != nil {
			return nil, false, err
		}
		if a != nil && a.Story != nil {
			if f.MaxAge > 0 && itemDate(it).IsZero() && a.FetchedAt.Before(f.since()) {
				return nil, false, nil // an undated item, first seen too long ago
			}
			st := f.named(*a.Story)
			return &st, false, nil
		}
	}
	a := f.makeArticle(ctx, it, feed, key, base)
	a.Source, a.FetchedAt = f.URL, f.now()
	if f.Store != nil {
		if err := f.Store.SaveArticle(ctx, a); err != nil {
			return nil, true, err
		}
	}
	if a.Status == digest.ArticleFailed {
		return nil, true, errors.New(a.Error)
	}
	return a.Story, true, nil
}

// itemKey is the item's link without tracking parameters; an item with no
// link is keyed by its GUID (or title) within the feed.
func itemKey(it *gofeed.Item, base, feedURL string) string {
	if link := resolve(base, it.Link); link != "" {
		return digest.CleanURL(link)
	}
	id := it.GUID
	if id == "" {
		id = it.Title
	}
	return feedURL + "#" + id
}

// resolve makes ref absolute against base; "" when it is not http(s).
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u, err := b.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
