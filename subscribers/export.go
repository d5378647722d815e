package subscribers

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"time"
)

// AttributeKeys lists every attribute key in use, sorted.
func (s *Store) AttributeKeys(ctx context.Context) ([]string, error) {
	q := `SELECT DISTINCT j.key FROM subscribers, json_each(subscribers.attributes) AS j`
	if s.driver == Postgres {
		q = `SELECT DISTINCT jsonb_object_keys(attributes) FROM subscribers`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("attribute keys: %w", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		if !IsReserved(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, rows.Err()
}

// Export writes subscribers with the status (all when empty) as CSV that
// Import reads back to the same state: the reserved columns, then one
// column per attribute key. Rows stream from the database.
func (s *Store) Export(ctx context.Context, w io.Writer, status string) (int, error) {
	keys, err := s.AttributeKeys(ctx)
	if err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	header := append(append([]string{}, reservedColumns...), keys...)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	rec := make([]string, len(header))
	n := 0
	err = s.List(ctx, status, func(sub *Subscriber) error {
		copy(rec, []string{sub.Email, sub.Name, sub.Status, sub.ConsentSource, rfc3339(sub.ConsentAt), sub.ConsentIP, rfc3339(sub.CreatedAt)})
		for i, k := range keys {
			rec[len(reservedColumns)+i] = sub.Attributes[k]
		}
		n++
		return cw.Write(rec)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
