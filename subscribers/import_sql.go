package subscribers

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
)

// batcher runs an import's batches, each in one transaction of the
// store's driver: multi-row INSERTs on SQLite, COPY on PostgreSQL.
type batcher interface {
	inBatchTx(ctx context.Context, fn func(batchTx) error) error
	close()
}

// sqliteBatcher holds one connection for the whole import: its statements
// stay prepared, and only one page cache is held.
type sqliteBatcher struct {
	s     *Store
	cache *stmtCache
}

func newSQLiteBatcher(s *Store, ctx context.Context) (batcher, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// The import's own connection gets the larger cache that keeps a
	// million-row import fast; the pool's others keep the small one.
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -`+strconv.Itoa(importCacheKB)); err != nil {
		conn.Close()
		return nil, err
	}
	return &sqliteBatcher{s: s, cache: &stmtCache{conn: conn, stmts: map[string]*sql.Stmt{}}}, nil
}

// inBatchTx begins the transaction by hand on the import's own connection:
// database/sql re-prepares a connection's statements in every *sql.Tx.
func (b *sqliteBatcher) inBatchTx(ctx context.Context, fn func(batchTx) error) error {
	conn := b.cache.conn
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return err
	}
	if err := fn(&sqliteBatch{s: b.s, conn: conn, cache: b.cache}); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		return err
	}
	_, err := conn.ExecContext(ctx, `COMMIT`)
	return err
}

func (b *sqliteBatcher) close() {
	b.cache.close()
	// The connection goes back to the pool: with the pool's cache size.
	b.cache.conn.ExecContext(context.Background(), `PRAGMA cache_size = -`+strconv.Itoa(poolCacheKB))
	b.cache.conn.Close()
}

// stmtCache keeps the import's statements prepared across batches: SQLite
// spends longer parsing a 1,000-row INSERT than running it.
type stmtCache struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.conn.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return st, nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

// sqliteBatch is a batch on SQLite, in a transaction on the import's connection.
type sqliteBatch struct {
	s     *Store
	conn  *sql.Conn
	cache *stmtCache
}

// exec runs a cached statement and returns the rows it changed.
func (b *sqliteBatch) exec(ctx context.Context, query string, args ...any) (int, error) {
	st, err := b.cache.get(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (b *sqliteBatch) lookup(ctx context.Context, keys []string) (map[string]*existing, error) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	st, err := b.cache.get(ctx, `SELECT email_key, id, name, status, attributes, import_run, import_line
		FROM subscribers WHERE email_key IN (`+placeholders(len(keys))+`)`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanExisting(rows)
}

// rowScanner is what *sql.Rows and pgx.Rows both offer.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// scanExisting reads lookup rows: key, id, name, status, attributes, import run and line.
func scanExisting(rows rowScanner) (map[string]*existing, error) {
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
	_, err := b.insertRows(ctx, rows, imp, "")
	return err
}

func (b *sqliteBatch) insertIgnoring(ctx context.Context, rows []*row, imp *importer) (int, error) {
	return b.insertRows(ctx, rows, imp, " ON CONFLICT (email_key) DO NOTHING")
}

// insertRows inserts with multi-row INSERTs and returns the rows inserted.
func (b *sqliteBatch) insertRows(ctx context.Context, rows []*row, imp *importer, suffix string) (int, error) {
	now := b.s.stamp(imp.now)
	total := 0
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), sqliteInsertRows)]
		rows = rows[len(chunk):]
		var q strings.Builder
		q.WriteString(`INSERT INTO subscribers (email, email_key, name, status, attributes, consent_source, consent_at,
			consent_ip, created_at, updated_at, status_changed_at, import_run, import_line) VALUES `)
		args := make([]any, 0, len(chunk)*13)
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
			status, by, ip, at, created := imp.newValues(r)
			args = append(args, r.email, r.key, r.name, status, r.attrs, by, b.s.stamp(at), ip,
				b.s.stamp(created), now, now, imp.run, r.line)
		}
		q.WriteString(suffix)
		n, err := b.exec(ctx, q.String(), args...)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func (b *sqliteBatch) update(ctx context.Context, c *change, imp *importer) error {
	now := b.s.stamp(imp.now)
	_, err := b.conn.ExecContext(ctx, (`UPDATE subscribers SET name = ?, status = ?, attributes = ?, updated_at = ?,
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
		if _, err := b.exec(ctx, q.String(), args...); err != nil {
			return err
		}
		ids, lines = ids[n:], lines[n:]
	}
	return nil
}

func (b *sqliteBatch) noteKeys(ctx context.Context, keys map[string]bool) error {
	return b.s.noteKeys(ctx, b.conn, keys)
}
