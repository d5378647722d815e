package subscribers

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// inPgBatchTx runs a batch on the pgx connection under database/sql, so
// that new rows go in with COPY.
// pgBatcher runs each batch on a connection of its own, with COPY.
type pgBatcher struct{ s *Store }

func newPgBatcher(s *Store, _ context.Context) (batcher, error) { return &pgBatcher{s: s}, nil }

func (b *pgBatcher) close() {}

func (b *pgBatcher) inBatchTx(ctx context.Context, fn func(batchTx) error) error {
	return b.s.inPgBatchTx(ctx, fn)
}

func (s *Store) inPgBatchTx(ctx context.Context, fn func(batchTx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: unexpected driver connection %T", dc)
		}
		return pgx.BeginFunc(ctx, sc.Conn(), func(tx pgx.Tx) error { return fn(&pgBatch{s: s, tx: tx}) })
	})
}

// pgBatch is a batch on PostgreSQL.
type pgBatch struct {
	s  *Store
	tx pgx.Tx
}

func (b *pgBatch) lookup(ctx context.Context, keys []string) (map[string]*existing, error) {
	rows, err := b.tx.Query(ctx, `SELECT email_key, id, name, status, attributes, import_run, import_line
		FROM subscribers WHERE email_key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanExisting(rows)
}

var copyColumns = []string{"email", "email_key", "name", "status", "attributes", "consent_source", "consent_at",
	"consent_ip", "created_at", "updated_at", "status_changed_at", "import_run", "import_line"}

func (b *pgBatch) insert(ctx context.Context, rows []*row, imp *importer) error {
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i >= len(rows) {
			return nil, nil
		}
		r := rows[i]
		i++
		status, by, ip, at, created := imp.newValues(r)
		return []any{r.email, r.key, r.name, status, r.attrs, by, at, ip, created, imp.now, imp.now, imp.run, int64(r.line)}, nil
	})
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{"subscribers"}, copyColumns, src)
	return err
}

func (b *pgBatch) update(ctx context.Context, c *change, imp *importer) error {
	_, err := b.tx.Exec(ctx, `UPDATE subscribers SET name = $1, status = $2, attributes = $3, updated_at = $4,
		status_changed_at = CASE WHEN $5 THEN $4 ELSE status_changed_at END, import_run = $6, import_line = $7 WHERE id = $8`,
		c.name, c.status, string(c.attrs), imp.now, c.statusChanged, imp.run, c.line, c.id)
	return err
}

func (b *pgBatch) touch(ctx context.Context, ids, lines []int64, imp *importer) error {
	_, err := b.tx.Exec(ctx, `UPDATE subscribers s SET import_run = $1, import_line = v.line
		FROM unnest($2::bigint[], $3::bigint[]) AS v(id, line) WHERE s.id = v.id`, imp.run, ids, lines)
	return err
}

func (b *pgBatch) noteKeys(ctx context.Context, keys map[string]bool) error {
	for k := range keys {
		if _, err := b.tx.Exec(ctx, `INSERT INTO attribute_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, k); err != nil {
			return fmt.Errorf("note attribute key %q: %w", k, err)
		}
	}
	return nil
}
