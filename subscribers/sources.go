package subscribers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/digest-dev/digest/digest"
)

const sourceColumns = `key, type, name, etag, last_modified, fetched_at, status, items, new_items, failed_items, error`

// SourceState returns what the last run of a source recorded, nil when
// it never ran.
func (s *Store) SourceState(ctx context.Context, key string) (*digest.SourceState, error) {
	st, err := scanSource(s.db.QueryRowContext(ctx, s.q(`SELECT `+sourceColumns+` FROM sources WHERE key = ?`), key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", key, err)
	}
	return st, nil
}

// SaveSourceState records a source's run, replacing the last one.
func (s *Store) SaveSourceState(ctx context.Context, st *digest.SourceState) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sources (`+sourceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET type = excluded.type, name = excluded.name, etag = excluded.etag,
			last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, status = excluded.status,
			items = excluded.items, new_items = excluded.new_items, failed_items = excluded.failed_items, error = excluded.error`),
		st.Key, st.Type, st.Name, st.ETag, st.LastModified, s.stamp(st.FetchedAt), st.Status, st.Items, st.New, st.Failed, st.Error)
	if err != nil {
		return fmt.Errorf("save source %s: %w", st.Key, err)
	}
	return nil
}

// Sources lists every source that ever ran, by key.
func (s *Store) Sources(ctx context.Context) ([]digest.SourceState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []digest.SourceState
	for rows.Next() {
		st, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		out = append(out, *st)
	}
	return out, rows.Err()
}

// feedRow is a row of the sources or articles table.
type feedRow interface{ Scan(dest ...any) error }

func scanSource(row feedRow) (*digest.SourceState, error) {
	var st digest.SourceState
	var at dbTime
	if err := row.Scan(&st.Key, &st.Type, &st.Name, &st.ETag, &st.LastModified, &at, &st.Status,
		&st.Items, &st.New, &st.Failed, &st.Error); err != nil {
		return nil, err
	}
	st.FetchedAt = at.Time
	return &st, nil
}
