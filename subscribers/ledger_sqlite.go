package subscribers

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// maxGroupRows is the most rows one ledger statement writes; the
// deliverer commits at most this many outcomes at once.
const maxGroupRows = 512

// recordSQLite writes a group of outcomes with one multi-row UPDATE ...
// FROM a VALUES list. The statement is prepared once per power-of-two
// size and the group padded to it with rows that match nothing (ID 0), so
// a send prepares at most ten statements. tx is nil to write one group
// outside a transaction (the statement is then its own).
func recordSQLite(s *Store, ctx context.Context, tx *sql.Tx, b digest.Batch) error {
	updates := b.Updates
	for len(updates) > 0 {
		n := min(len(updates), maxGroupRows)
		size := 1
		for size < n {
			size *= 2
		}
		st, err := s.groupStmt(ctx, b.Issue, size)
		if err != nil {
			return err
		}
		args := make([]any, 0, size*9+2)
		for i := 0; i < size; i++ {
			r := outcome{state: digest.StateQueued}
			if i < n {
				r = toRow(updates[i])
			}
			var next any
			if !r.next.IsZero() {
				next = r.next.UnixMicro()
			}
			args = append(args, r.id, r.state, r.attempt, r.unknown, r.code, r.enhanced, r.reply, r.msgID, next)
		}
		args = append(args, b.Worker, s.now())
		if tx != nil {
			st = tx.StmtContext(ctx, st)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("record %d outcomes: %w", n, err)
		}
		updates = updates[n:]
	}
	return nil
}

// groupStmt is the prepared UPDATE for size rows of the issue.
//
// The issue number is written into the statement, not bound: with it as
// a parameter in the WHERE clause, SQLite (built with STAT4) marked the
// statement to be compiled again whenever that parameter was bound anew,
// and as its index was past 31 every parameter counted: in a send of
// 30,000 on SQLite the statement was compiled again before nearly every
// group commit, 2 to 13 % of digest's CPU (pprof of `bash bench/wire.sh
// -p DIR`, _sqlite3Reprepare). Statements of an earlier issue are closed
// when the next issue's first group is written (sends run one at a time,
// under the store's send lock).
func (s *Store) groupStmt(ctx context.Context, issue, size int) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	key := groupKey{issue, size}
	if st, ok := s.groupStmts[key]; ok {
		return st, nil
	}
	for k, st := range s.groupStmts {
		if k.issue != issue {
			st.Close()
			delete(s.groupStmts, k)
		}
	}
	values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?),", size), ",")
	st, err := s.db.PrepareContext(ctx, `WITH u(id, state, attempt, unknown, code, enhanced, reply, message_id, next_at) AS (VALUES `+values+`)
		UPDATE deliveries SET state = u.state, attempts = deliveries.attempts + u.attempt, unknowns = deliveries.unknowns + u.unknown,
		smtp_code = u.code, smtp_enhanced = u.enhanced, smtp_reply = u.reply, message_id = u.message_id, next_at = u.next_at,
		worker = ?, lease_until = NULL, updated_at = ?
		FROM u WHERE deliveries.issue = `+strconv.Itoa(issue)+` AND deliveries.subscriber_id = u.id`)
	if err != nil {
		return nil, err
	}
	if s.groupStmts == nil {
		s.groupStmts = map[groupKey]*sql.Stmt{}
	}
	s.groupStmts[key] = st
	return st, nil
}

// groupKey names a prepared group UPDATE.
type groupKey struct{ issue, size int }
