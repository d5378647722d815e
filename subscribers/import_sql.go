package subscribers

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
)

// inBatchTx runs fn in one transaction of the store's driver: database/sql
// with multi-row INSERTs for SQLite, pgx with COPY for PostgreSQL.
func (s *Store) inBatchTx(ctx context.Context, cache *stmtCache, fn func(batchTx) error) error {
	if s.driver == Postgres {
		return s.inPgBatchTx(ctx, fn)
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return fn(&sqliteBatch{s: s, tx: tx, cache: cache}) })
}

// stmtCache keeps the import's statements prepared across batches: SQLite
// spends longer parsing a 1,000-row INSERT than running it.
type stmtCache struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.db.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return tx.StmtContext(ctx, st), nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

// sqliteBatch is a batch on SQLite.
type sqliteBatch struct {
	s     *Store
	tx    *sql.Tx
	cache *stmtCache
}

func (b *sqliteBatch) exec(ctx context.Context, query string, args ...any) error {
	st, err := b.cache.get(ctx, b.tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

func (b *sqliteBatch) lookup(ctx context.Context, keys []string) (map[string]*existing, error) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	st, err := b.cache.get(ctx, b.tx, `SELECT email_key, id, name, status, attributes, import_run, import_line
		FROM subscribers WHERE email_key IN (`+placeholders(len(keys))+`)`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return scanExisting(rows)
}

func scanExisting(rows *sql.Rows) (map[string]*existing, error) {
	defer rows.Close()
	out := map[string]*existing{}
	for rows.Next() {
		var key string
		var attrs []byte
		e := &existing{}
		if err := rows.Scan(&key, &e.id, &e.name, &e.status, &attrs, &e.importRun, &e.importLine); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(attrs, &e.attrs); err != nil {
			return nil, err
		}
		out[key] = e
	}
	return out, rows.Err()
}

// sqliteInsertRows keeps one INSERT under SQLite's limit of 32766 variables.
const sqliteInsertRows = 1000

func (b *sqliteBatch) insert(ctx context.Context, rows []*row, imp *importer) error {
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), sqliteInsertRows)]
		rows = rows[len(chunk):]
		var q strings.Builder
		q.WriteString(`INSERT INTO subscribers (email, email_key, name, status, attributes, consent_source, consent_at,
			consent_ip, created_at, updated_at, status_changed_at, import_run, import_line) VALUES `)
		args := make([]any, 0, len(chunk)*13)
		now := b.s.stamp(imp.now)
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
			status, by, at, created, attrs := imp.newValues(r)
			args = append(args, r.email, r.key, r.name, status, string(attrs), by, b.s.stamp(at), r.consentIP,
				b.s.stamp(created), now, now, imp.run, r.line)
		}
		if err := b.exec(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func (b *sqliteBatch) update(ctx context.Context, c *change, imp *importer) error {
	now := b.s.stamp(imp.now)
	_, err := b.tx.ExecContext(ctx, (`UPDATE subscribers SET name = ?, status = ?, attributes = ?, updated_at = ?,
		status_changed_at = CASE WHEN ? THEN ? ELSE status_changed_at END, import_run = ?, import_line = ? WHERE id = ?`),
		c.name, c.status, string(c.attrs), now, c.statusChanged, now, imp.run, c.line, c.id)
	return err
}

func (b *sqliteBatch) touch(ctx context.Context, ids, lines []int64, imp *importer) error {
	for len(ids) > 0 {
		n := min(len(ids), sqliteInsertRows)
		var q strings.Builder
		q.WriteString(`UPDATE subscribers SET import_run = ?, import_line = v.line FROM (SELECT column1 AS id, column2 AS line FROM (VALUES `)
		args := make([]any, 0, 2*n+1)
		args = append(args, imp.run)
		for i := 0; i < n; i++ {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?)")
			args = append(args, ids[i], lines[i])
		}
		q.WriteString(`)) AS v WHERE subscribers.id = v.id`)
		if _, err := b.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		ids, lines = ids[n:], lines[n:]
	}
	return nil
}
