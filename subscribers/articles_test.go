package subscribers

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

func TestSourceStateRoundTrip(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		if st, err := s.SourceState(ctx, "https://a.example/feed"); err != nil || st != nil {
			t.Fatalf("unknown source: %+v, %v; want nil, nil", st, err)
		}
		at := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
		want := digest.SourceState{Key: "https://a.example/feed", Type: digest.SourceFeed, Name: "A Daily", ETag: `W/"abc"`,
			LastModified: "Fri, 27 Nov 2026 05:00:00 GMT", FetchedAt: at, Status: digest.StatusOK, Items: 30, New: 4, Failed: 1}
		if err := s.SaveSourceState(ctx, &want); err != nil {
			t.Fatal(err)
		}
		want.Status, want.Error, want.FetchedAt = digest.StatusFailed, "HTTP 503 Service Unavailable", at.Add(time.Hour)
		if err := s.SaveSourceState(ctx, &want); err != nil {
			t.Fatal(err)
		}
		got, err := s.SourceState(ctx, want.Key)
		if err != nil {
			t.Fatal(err)
		}
		if !got.FetchedAt.Equal(want.FetchedAt) {
			t.Errorf("fetched at %s, want %s", got.FetchedAt, want.FetchedAt)
		}
		got.FetchedAt = want.FetchedAt
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("got %+v\nwant %+v", *got, want)
		}
		folder := digest.SourceState{Key: "content:/srv/articles", Type: digest.SourceContent, FetchedAt: at, Status: digest.StatusOK}
		if err := s.SaveSourceState(ctx, &folder); err != nil {
			t.Fatal(err)
		}
		all, err := s.Sources(ctx)
		if err != nil || len(all) != 2 || all[0].Key != folder.Key {
			t.Errorf("Sources = %+v, %v", all, err)
		}
		bad := folder
		bad.Status = "fine"
		if err := s.SaveSourceState(ctx, &bad); err == nil {
			t.Error("an unknown status was stored")
		}
	})
}

func TestArticlesRoundTrip(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		feed := "https://a.example/feed"
		day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
		story := &digest.Story{Title: "Night buses return", Source: "A Daily", URL: "https://a.example/night-buses",
			Author: "Rhea Calloway", Published: day.Add(5 * time.Hour), Intro: "After four years.",
			Takeaways:  []digest.Takeaway{{Heading: "Every hour", Summary: "Buses leave at ten past.", Body: []string{"Buses leave at ten past."}, Quotes: []string{"We did not want a weekend-only service"}}},
			Conclusion: &digest.Conclusion{Heading: "The bottom line", Body: []string{"No car needed."}}, Tags: []string{"transport"}}
		articles := []*digest.Article{
			{URL: story.URL, Source: feed, CanonicalURL: story.URL, ContentHash: "h1", Story: story, Status: digest.ArticleFromPage,
				Published: day.Add(5 * time.Hour), FetchedAt: day.Add(6 * time.Hour)},
			{URL: "https://a.example/bridge", Source: feed, Story: &digest.Story{Title: "Bridge"}, Status: digest.ArticleFromItem,
				Error: "page: HTTP 404 Not Found", FetchedAt: day.Add(-time.Hour)}, // undated: counts from when fetched
			{URL: "https://a.example/old", Source: feed, Story: &digest.Story{Title: "Old"}, Status: digest.ArticleFromPage,
				Published: day.Add(-72 * time.Hour), FetchedAt: day.Add(6 * time.Hour)},
			{URL: "https://a.example/broken", Source: feed, Status: digest.ArticleFailed, Error: "no article text",
				Published: day.Add(2 * time.Hour), FetchedAt: day.Add(6 * time.Hour)},
			{URL: "https://b.example/other", Source: "https://b.example/feed", Story: &digest.Story{Title: "Other"},
				Status: digest.ArticleFromPage, Published: day, FetchedAt: day},
		}
		for _, a := range articles {
			if err := s.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Article(ctx, story.URL)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Story.Published.Equal(story.Published) || !got.Published.Equal(articles[0].Published) {
			t.Errorf("times: story %s, article %s", got.Story.Published, got.Published)
		}
		got.Story.Published, got.Published, got.FetchedAt = story.Published, articles[0].Published, articles[0].FetchedAt
		if !reflect.DeepEqual(got, articles[0]) {
			t.Errorf("got %+v\nwant %+v", got, articles[0])
		}
		if a, err := s.Article(ctx, "https://a.example/unknown"); a != nil || err != nil {
			t.Errorf("unknown article: %+v, %v", a, err)
		}
		since, err := s.SourceArticles(ctx, feed, day.Add(-48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var urls []string
		for _, a := range since {
			urls = append(urls, a.URL)
		}
		if want := []string{"https://a.example/bridge", "https://a.example/broken", story.URL}; !reflect.DeepEqual(urls, want) {
			t.Errorf("SourceArticles = %q, want %q (oldest first, only this feed, none older than since)", urls, want)
		}
		if since[1].Story != nil || since[1].Status != digest.ArticleFailed {
			t.Errorf("failed article: %+v", since[1])
		}
		// A failed article must not carry a story, and a kept one must.
		if err := s.SaveArticle(ctx, &digest.Article{URL: "x", Source: feed, Status: digest.ArticleFromPage, FetchedAt: day}); err == nil {
			t.Error("an article without its story was stored as fetched")
		}
		if n, err := s.PruneArticles(ctx, day.Add(-48*time.Hour)); err != nil || n != 1 {
			t.Errorf("PruneArticles = %d, %v; want 1 (the old one)", n, err)
		}
	})
}
