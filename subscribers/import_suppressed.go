package subscribers

import (
	"context"
	"fmt"
)

// anySuppressed reports whether the suppression list has entries: an
// import skips the per-row check when it is empty.
func (s *Store) anySuppressed(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM suppressions LIMIT 1) x`).Scan(&n)
	return n > 0, err
}

// dropSuppressed moves the chunk's rows whose address is suppressed to its
// rejections, with the reason, so an import never adds (or updates) an
// address that hard-bounced or complained.
func (s *Store) dropSuppressed(ctx context.Context, c *chunk, file string) error {
	reasons, err := s.suppressionReasons(ctx, c.rows)
	if err != nil || len(reasons) == 0 {
		return err
	}
	kept := c.rows[:0]
	for _, r := range c.rows {
		reason, ok := reasons[AddressHash(r.key)]
		if !ok {
			kept = append(kept, r)
			continue
		}
		c.rejected = append(c.rejected, &RowError{File: file, Line: r.line,
			Reason: fmt.Sprintf("%s is suppressed (%s): lift it with digest subscribers unsuppress", r.email, reason)})
	}
	c.rows = kept
	return nil
}

// suppressionReasons looks the rows' addresses up, 500 at a time, and
// returns the reason of each suppressed one by address hash.
func (s *Store) suppressionReasons(ctx context.Context, rows []*row) (map[string]string, error) {
	out := map[string]string{}
	for len(rows) > 0 {
		part := rows[:min(len(rows), 500)]
		rows = rows[len(part):]
		args := make([]any, len(part))
		for i, r := range part {
			args[i] = AddressHash(r.key)
		}
		if err := s.collect(ctx, out, s.q(`SELECT address_hash, reason FROM suppressions WHERE address_hash IN (`+placeholders(len(part))+`)`), args...); err != nil {
			return nil, fmt.Errorf("check suppression list: %w", err)
		}
	}
	return out, nil
}

// collect adds the (key, value) rows of a query to out.
func (s *Store) collect(ctx context.Context, out map[string]string, query string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		out[k] = v
	}
	return rows.Err()
}
