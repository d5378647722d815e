package subscribers

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/digest-dev/digest/digest"
)

// recordPostgres writes a group of outcomes in one UPDATE ... FROM
// unnest() of one array per column: one statement and one round trip per
// group, whatever its size. tx is nil to run it as its own transaction.
func recordPostgres(s *Store, ctx context.Context, tx *sql.Tx, issue int, updates []digest.Update) error {
	n := len(updates)
	ids, nexts := make([]int64, n), make([]int64, n)
	states, enhanced, replies, msgIDs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	attempts, unknowns, codes := make([]int32, n), make([]int32, n), make([]int32, n)
	for i, u := range updates {
		r := toRow(u)
		ids[i], states[i], enhanced[i], replies[i], msgIDs[i] = r.id, r.state, r.enhanced, r.reply, r.msgID
		attempts[i], unknowns[i], codes[i] = int32(r.attempt), int32(r.unknown), int32(r.code)
		if !r.next.IsZero() {
			nexts[i] = r.next.UnixMicro()
		}
	}
	var db interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	} = s.db
	if tx != nil {
		db = tx
	}
	_, err := db.ExecContext(ctx, `UPDATE deliveries AS d SET state = u.state, attempts = d.attempts + u.attempt,
		unknowns = d.unknowns + u.unknown, smtp_code = u.code, smtp_enhanced = u.enhanced, smtp_reply = u.reply,
		message_id = u.message_id, updated_at = $1,
		next_at = CASE WHEN u.next_us = 0 THEN NULL ELSE to_timestamp(u.next_us::double precision / 1000000) END
		FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::bigint[])
			AS u(id, state, attempt, unknown, code, enhanced, reply, message_id, next_us)
		WHERE d.issue = $11 AND d.subscriber_id = u.id`,
		s.now(), ids, states, attempts, unknowns, codes, enhanced, replies, msgIDs, nexts, issue)
	if err != nil {
		return fmt.Errorf("record %d outcomes: %w", n, err)
	}
	return nil
}
