package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content"
	"github.com/digest-dev/digest/digest/content/fetch"
	"github.com/digest-dev/digest/subscribers"
)

var _ content.Store = (*subscribers.Store)(nil)

// errAllSourcesFailed stops a send or render in which no source gave
// anything: an issue made of nothing would hide the failure.
var errAllSourcesFailed = errors.New("every source failed; nothing was sent")

// keepArticlesFor is how long fetched articles are kept past
// content.max_age: long enough that an undated item still listed by its
// feed is recognised, short enough that the table stays small.
const keepArticlesFor = 30 * 24 * time.Hour

// gather reads every configured source, prints a one-line summary for
// each, and merges the same story reported by several sources. A missing
// folder is a configuration error; a feed that fails is reported and the
// others go on; only when every source failed does gather fail.
func (d *deps) gather(ctx context.Context) ([]digest.Story, error) {
	cfg := d.cfg
	sources, closeFetcher, err := d.sources()
	if err != nil {
		return nil, err
	}
	defer closeFetcher()
	results, err := content.Gather(ctx, sources, d.store, d.now)
	if err != nil {
		return nil, err
	}
	var all []digest.Story
	failed := 0
	for i, r := range results {
		if r.Err != nil && r.Type == digest.SourceContent {
			return nil, cfg.errorf(fmt.Sprintf("content.sources[%d].path", i), "%s: %v", cfg.Content.Sources[i].Path, unwrapPath(r.Err))
		}
		fmt.Fprintln(d.stdout, "source "+r.Summary())
		for _, p := range r.Problems {
			d.log.Warn("skipping article", "error", p)
		}
		if r.Err != nil {
			failed++
		}
		all = append(all, r.Stories...)
	}
	if failed == len(results) {
		return nil, errAllSourcesFailed
	}
	d.prune(ctx)
	return digest.Merge(all), nil
}

// sources builds the configured sources, sharing one fetcher.
func (d *deps) sources() ([]content.Source, func(), error) {
	cfg := d.cfg
	f, err := d.fetcher()
	if err != nil {
		return nil, nil, err
	}
	opt := cfg.contentOptions(d.log)
	var out []content.Source
	for _, s := range cfg.Content.Sources {
		if s.Type == "content" {
			out = append(out, &content.Folder{Dir: content.Dir{Path: s.Path, Options: opt}, Store: d.store})
			continue
		}
		out = append(out, &content.Feed{URL: s.URL, Name: s.Name, FetchPages: s.FetchPages == nil || *s.FetchPages,
			MaxAge: cfg.Content.MaxAge, Options: opt, Fetcher: f, Store: d.store, Log: d.log, Now: d.now})
	}
	return out, f.Close, nil
}

// fetcher is the HTTP client for feeds and pages, as content.fetch says.
func (d *deps) fetcher() (*fetch.Fetcher, error) {
	cfg := d.cfg
	fc := cfg.Content.Fetch
	return fetch.New(fetch.Config{UserAgent: fetch.UserAgent(cfg.Newsletter.PublicURL),
		Timeout: fc.Timeout, MaxBytes: fc.MaxBytes, AllowPrivate: fc.AllowPrivate})
}

// prune forgets fetched articles no run will read again.
func (d *deps) prune(ctx context.Context) {
	if d.cfg.Content.MaxAge <= 0 {
		return
	}
	if _, err := d.store.PruneArticles(ctx, d.now().Add(-d.cfg.Content.MaxAge-keepArticlesFor)); err != nil {
		d.log.Warn("prune fetched articles", "error", err)
	}
}
