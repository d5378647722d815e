package subscribers

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
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
// column per attribute key. Rows stream from the database, and the
// database extracts the attributes and formats the times, so that a row
// costs little more than its copy.
func (s *Store) Export(ctx context.Context, w io.Writer, status string) (int, error) {
	keys, err := s.AttributeKeys(ctx)
	if err != nil {
		return 0, err
	}
	query, args := s.exportQuery(keys, status)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	header := append(append([]string{}, reservedColumns...), keys...)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	raw := make([]sql.RawBytes, len(header))
	dest := make([]any, len(header))
	for i := range raw {
		dest[i] = &raw[i]
	}
	rec := make([]string, len(header))
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, fmt.Errorf("export: %w", err)
		}
		for i, b := range raw {
			rec[i] = string(b)
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	cw.Flush()
	return n, cw.Error()
}

// exportQuery selects the reserved columns as text, then each attribute.
func (s *Store) exportQuery(keys []string, status string) (string, []any) {
	var cols []string
	var args []any
	if s.driver == Postgres {
		ts := func(c string) string {
			return `to_char(` + c + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
		}
		cols = []string{"email", "name", "status", "consent_source", ts("consent_at"), "consent_ip", ts("created_at")}
		for _, k := range keys {
			cols = append(cols, "attributes->>?::text")
			args = append(args, k)
		}
	} else {
		cols = []string{"email", "name", "status", "consent_source", "consent_at", "consent_ip", "created_at"}
		for _, k := range keys {
			cols = append(cols, "json_extract(attributes, ?)")
			args = append(args, `$."`+strings.ReplaceAll(k, `"`, `\"`)+`"`)
		}
	}
	args = append(args, status, status)
	return s.q(`SELECT ` + strings.Join(cols, ", ") + ` FROM subscribers WHERE (? = '' OR status = ?) ORDER BY id`), args
}
