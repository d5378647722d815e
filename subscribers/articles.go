package subscribers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/digest-dev/digest/digest"
)

const articleColumns = `url, source, canonical_url, content_hash, story, status, error, published_at, fetched_at`

// Article returns the article kept under url, nil when there is none.
func (s *Store) Article(ctx context.Context, url string) (*digest.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, s.q(`SELECT `+articleColumns+` FROM articles WHERE url = ?`), url))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", url, err)
	}
	return a, nil
}

// SaveArticle keeps a fetched article, its story as JSON, replacing an
// earlier attempt at the same URL.
func (s *Store) SaveArticle(ctx context.Context, a *digest.Article) error {
	var story, published any
	if a.Story != nil {
		b, err := json.Marshal(a.Story)
		if err != nil {
			return fmt.Errorf("save article %s: %w", a.URL, err)
		}
		story = string(b)
	}
	if !a.Published.IsZero() {
		published = s.stamp(a.Published)
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO articles (`+articleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET source = excluded.source, canonical_url = excluded.canonical_url,
			content_hash = excluded.content_hash, story = excluded.story, status = excluded.status, error = excluded.error,
			published_at = excluded.published_at, fetched_at = excluded.fetched_at`),
		a.URL, a.Source, a.CanonicalURL, a.ContentHash, story, a.Status, a.Error, published, s.stamp(a.FetchedAt))
	if err != nil {
		return fmt.Errorf("save article %s: %w", a.URL, err)
	}
	return nil
}

// SourceArticles returns a feed's articles published, or when undated
// first fetched, at or after since, oldest first.
func (s *Store) SourceArticles(ctx context.Context, source string, since time.Time) ([]digest.Article, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+articleColumns+` FROM articles
		WHERE source = ? AND coalesce(published_at, fetched_at) >= ? ORDER BY coalesce(published_at, fetched_at), url`),
		source, s.stamp(since))
	if err != nil {
		return nil, fmt.Errorf("articles of %s: %w", source, err)
	}
	defer rows.Close()
	var out []digest.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("articles of %s: %w", source, err)
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// PruneArticles forgets articles published (or, undated, first fetched)
// before the given time, which no run reads any more, and reports how many.
func (s *Store) PruneArticles(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM articles WHERE coalesce(published_at, fetched_at) < ?`), s.stamp(before))
	if err != nil {
		return 0, fmt.Errorf("prune articles: %w", err)
	}
	return res.RowsAffected()
}

func scanArticle(row feedRow) (*digest.Article, error) {
	var a digest.Article
	var story sql.NullString
	var published, fetched dbTime
	if err := row.Scan(&a.URL, &a.Source, &a.CanonicalURL, &a.ContentHash, &story, &a.Status, &a.Error, &published, &fetched); err != nil {
		return nil, err
	}
	a.Published, a.FetchedAt = published.Time, fetched.Time
	if story.Valid {
		a.Story = new(digest.Story)
		if err := json.Unmarshal([]byte(story.String), a.Story); err != nil {
			return nil, fmt.Errorf("story of %s: %w", a.URL, err)
		}
	}
	return &a, nil
}
