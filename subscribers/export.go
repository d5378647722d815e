package subscribers

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"
)

// exportChunk is the span of IDs one export query reads.
const exportChunk = 20_000

// Export writes subscribers with the status (all when empty) as CSV that
// Import reads back to the same state: the reserved columns, then one
// column per attribute key. It reads ranges of IDs on as many connections
// as there are CPUs and writes them in order, holding only the ranges in
// flight, so memory does not grow with the list.
func (s *Store) Export(ctx context.Context, w io.Writer, status string) (int, error) {
	keys, err := s.AttributeKeys(ctx)
	if err != nil {
		return 0, err
	}
	header := append(append([]string{}, reservedColumns...), keys...)
	var head bytes.Buffer
	cw := csv.NewWriter(&head)
	cw.Write(header)
	cw.Flush()
	if _, err := w.Write(head.Bytes()); err != nil {
		return 0, err
	}
	var lo, hi sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(id), max(id) FROM subscribers`).Scan(&lo, &hi); err != nil || !lo.Valid {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		buf *bytes.Buffer
		n   int
		err error
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	order := make(chan chan result, workers*2)
	jobs := make(chan func(), workers*2)
	for i := 0; i < workers; i++ {
		go func() {
			for job := range jobs {
				job()
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for from := lo.Int64; from <= hi.Int64; from += exportChunk {
			done := make(chan result, 1)
			select {
			case order <- done:
			case <-ctx.Done():
				return
			}
			to := from + exportChunk
			jobs <- func() {
				buf, n, err := s.exportRange(ctx, keys, status, from, to)
				done <- result{buf, n, err}
			}
		}
	}()
	total := 0
	for done := range order {
		r := <-done
		if r.err != nil {
			return total, r.err
		}
		if _, err := w.Write(r.buf.Bytes()); err != nil {
			return total, err
		}
		total += r.n
	}
	return total, ctx.Err()
}

// exportRange formats the subscribers with from <= id < to.
func (s *Store) exportRange(ctx context.Context, keys []string, status string, from, to int64) (*bytes.Buffer, int, error) {
	rows, err := s.db.QueryContext(ctx, s.exportQuery(), status, status, from, to)
	if err != nil {
		return nil, 0, fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	buf := new(bytes.Buffer)
	cw := csv.NewWriter(buf)
	var raw [8]sql.RawBytes
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	rec := make([]string, len(reservedColumns)+len(keys))
	attrs := map[string]string{}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, n, fmt.Errorf("export: %w", err)
		}
		for i := range reservedColumns {
			rec[i] = string(raw[i])
		}
		if s.d.exportMicros { // times are stored as microseconds
			rec[4], rec[6] = microsToRFC3339(raw[4]), microsToRFC3339(raw[6])
		}
		if err := parseAttrs(raw[7], attrs); err != nil {
			return nil, n, fmt.Errorf("export: attributes of %s: %w", rec[0], err)
		}
		for i, k := range keys {
			rec[len(reservedColumns)+i] = attrs[k]
		}
		cw.Write(rec)
		n++
	}
	cw.Flush()
	return buf, n, rows.Err()
}

// exportQuery selects the reserved columns as text and the attributes.
func (s *Store) exportQuery() string { return s.q(s.d.export) }

func microsToRFC3339(b []byte) string {
	us, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return ""
	}
	return time.UnixMicro(us).UTC().Format(time.RFC3339Nano)
}
