package content

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"

	"github.com/mmcdole/gofeed"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content/fetch"
)

// ParseURL fetches rawURL and parses what it finds, remembering nothing:
// a feed gives the stories of all its items (their pages fetched, as a
// feed source with fetch_pages does), an HTML page its article. The
// Result's Err says why nothing could be made.
func ParseURL(ctx context.Context, fetcher *fetch.Fetcher, rawURL string, opt Options, log *slog.Logger) *Result {
	res := &Result{Key: rawURL, Type: digest.SourceFeed, Name: rawURL}
	resp, err := fetcher.Get(ctx, fetch.Request{URL: rawURL})
	if err != nil {
		return res.fail(err)
	}
	if gofeed.DetectFeedType(bytes.NewReader(resp.Body)) != gofeed.FeedTypeUnknown {
		f := &Feed{URL: rawURL, FetchPages: true, Options: opt, Fetcher: fetcher, Log: log}
		return f.fromResponse(ctx, resp, res)
	}
	if !isHTML(resp.ContentType, resp.Body) {
		return res.fail(&NotAFeedError{ContentType: resp.ContentType})
	}
	st, _, err := pageStory(resp, meta{}, opt)
	if err != nil {
		return res.fail(fmt.Errorf("article page: %w", err))
	}
	res.Stories = []digest.Story{*st}
	res.State = digest.SourceState{Status: digest.StatusOK, Items: 1, New: 1}
	return res
}
