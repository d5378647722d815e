package content

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Source yields stories: a folder of articles (Folder) or a feed (Feed).
type Source interface {
	Collect(ctx context.Context) *Result
}

// Result is what one source gave in one run.
type Result struct {
	Key     string // the feed's URL, or the folder's FolderKey
	Type    string // digest.SourceFeed or digest.SourceContent
	Name    string // the configured name, the feed's title, or the key
	Stories []digest.Story
	// Problems are items or files that were skipped, each naming itself.
	Problems []error
	// Err is set when the source gave nothing at all: a feed that is down,
	// malformed or not a feed; a folder that cannot be read.
	Err error
	// State is recorded for the next run and for `digest sources`.
	State digest.SourceState
}

func (r *Result) fail(err error) *Result {
	r.Err = err
	r.State.Status = digest.StatusFailed
	return r
}

// FolderKey is how a folder source is known in the store's source states
// (and in digest sources): "content:" and its path. A feed is known by
// its URL.
func FolderKey(path string) string { return "content:" + path }

// Folder is a folder source with the counts a summary needs.
type Folder struct {
	Dir   Dir
	Store Store // nil: every article counts as new
}

// Collect reads the folder. An article counts as new when its file changed
// since the folder was last read.
func (f *Folder) Collect(ctx context.Context) *Result {
	key := FolderKey(f.Dir.Path)
	res := &Result{Key: key, Type: digest.SourceContent, Name: f.Dir.Path}
	var since time.Time
	if f.Store != nil {
		prev, err := f.Store.SourceState(ctx, key)
		if err != nil {
			return res.fail(err)
		}
		if prev != nil {
			since = prev.FetchedAt
		}
	}
	stories, modTimes, bad, err := f.Dir.read(ctx)
	if err != nil {
		return res.fail(err)
	}
	res.Stories, res.Problems = stories, bad
	res.State = digest.SourceState{Status: digest.StatusOK, Items: len(stories) + len(bad), Failed: len(bad)}
	for _, mod := range modTimes {
		if mod.After(since) {
			res.State.New++
		}
	}
	return res
}

// Gather collects every source, a few at once, records each one's state
// in store (when not nil) and returns the results in the sources' order.
func Gather(ctx context.Context, sources []Source, store Store, now func() time.Time) ([]*Result, error) {
	results := make([]*Result, len(sources))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, s := range sources {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = s.Collect(ctx)
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, r := range results {
		r.State.Key, r.State.Type, r.State.Name, r.State.FetchedAt = r.Key, r.Type, r.Name, now()
		if r.Err != nil {
			r.State.Error = r.Err.Error()
		}
		if store == nil {
			continue
		}
		if err := store.SaveSourceState(ctx, &r.State); err != nil {
			return nil, fmt.Errorf("record source %s: %w", r.Name, err)
		}
	}
	return results, nil
}

// Summary is the result's one-line summary, e.g.
// "Harbour Times: 30 items, 4 new, 1 failed" or "Harbour Times: failed: HTTP 404 Not Found".
func (r *Result) Summary() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: failed: %v", r.Name, r.Err)
	}
	s := fmt.Sprintf("%s: %s, %d new, %d failed", r.Name, plural(r.State.Items, "item"), r.State.New, r.State.Failed)
	if r.State.Status == digest.StatusNotModified {
		s += " (not modified)"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
