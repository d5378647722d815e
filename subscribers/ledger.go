package subscribers

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// The delivery ledger: one row per issue and subscriber, with its state
// (see digest.State*), attempts, the server's last reply and Message-ID.

// Due implements digest.IssueStore. It reads only what a send uses: no
// attributes, whose JSON would be decoded for every recipient for nothing.
// The first batch of a pass marks the deliveries of subscribers who are no
// longer active as skipped.
func (s *Store) Due(ctx context.Context, q digest.DueQuery) ([]digest.Due, error) {
	state := digest.StateQueued
	if q.Deferred {
		state = digest.StateDeferred
	}
	if q.After == 0 {
		if _, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'skipped', next_at = NULL, updated_at = ?
			WHERE issue = ? AND state = ? AND subscriber_id IN (SELECT id FROM subscribers WHERE status <> 'active')`),
			s.now(), q.Issue, state); err != nil {
			return nil, fmt.Errorf("skip deliveries to inactive subscribers: %w", err)
		}
	}
	var cols strings.Builder
	var args []any
	for _, k := range q.Attrs {
		cols.WriteString(", coalesce(" + s.d.attr + ", '')")
		args = append(args, s.d.attrKey(k))
	}
	args = append(args, q.Issue, state, s.stamp(q.Now), q.After, q.Limit)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT s.id, s.email, s.name, d.attempts, d.unknowns`+cols.String()+`
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
		WHERE d.issue = ? AND d.state = ? AND (d.next_at IS NULL OR d.next_at <= ?) AND d.subscriber_id > ?
		AND s.status = 'active' ORDER BY d.subscriber_id LIMIT ?`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanDue(rows, q)
}

func scanDue(rows *sql.Rows, q digest.DueQuery) ([]digest.Due, error) {
	var out []digest.Due
	vals := make([]string, len(q.Attrs))
	for rows.Next() {
		d := digest.Due{Deferred: q.Deferred}
		dest := []any{&d.Recipient.ID, &d.Recipient.Email, &d.Recipient.Name, &d.Attempts, &d.Unknowns}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if v == "" {
				continue
			}
			if d.Recipient.Attrs == nil {
				d.Recipient.Attrs = make(map[string]string, len(vals))
			}
			d.Recipient.Attrs[q.Attrs[i]] = v
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// StillActive implements digest.IssueStore.
func (s *Store) StillActive(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id FROM subscribers WHERE status = 'active' AND id IN (`+placeholders(len(ids))+`)`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// Pending implements digest.IssueStore.
func (s *Store) Pending(ctx context.Context, issue int) (first, retry time.Time, err error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT attempts > 0 OR unknowns > 0, min(coalesce(next_at, ?)) FROM deliveries
		WHERE issue = ? AND state = 'queued' GROUP BY attempts > 0 OR unknowns > 0`), s.stamp(time.Unix(0, 0)), issue)
	if err != nil {
		return first, retry, err
	}
	defer rows.Close()
	for rows.Next() {
		var isRetry bool
		var at dbTime
		if err := rows.Scan(&isRetry, &at); err != nil {
			return first, retry, err
		}
		if isRetry {
			retry = at.Time
		} else {
			first = at.Time
		}
	}
	return first, retry, rows.Err()
}

// DeferRetries implements digest.IssueStore.
func (s *Store) DeferRetries(ctx context.Context, issue int) (int, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'deferred', updated_at = ?
		WHERE issue = ? AND state = 'queued' AND (attempts > 0 OR unknowns > 0)`), s.now(), issue)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Record implements digest.IssueStore: one transaction per group of
// results, counting hard bounces.
func (s *Store) Record(ctx context.Context, issue int, updates []digest.Update, bounceThreshold int) error {
	now := s.now()
	prepared, err := s.recordStmt(ctx)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		update := tx.StmtContext(ctx, prepared)
		for _, u := range updates {
			if _, err := update.ExecContext(ctx, s.recordArgs(u, now, issue)...); err != nil {
				return err
			}
			if u.Bounce {
				if err := s.countBounce(ctx, tx, u.Recipient.ID, bounceThreshold, now); err != nil {
					return err
				}
				if err := s.suppressAtThreshold(ctx, tx, u.Recipient.ID, bounceThreshold, bounceDetail(u)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (s *Store) recordArgs(u digest.Update, now any, issue int) []any {
	var code int
	var enhanced, reply string
	if e := u.Err; e != nil {
		code, enhanced, reply = e.Code, e.Enhanced, e.Message
	}
	var next any
	if (u.State == digest.StateQueued || u.State == digest.StateDeferred) && !u.NextAt.IsZero() {
		next = s.stamp(u.NextAt)
	}
	return []any{u.State, boolInt(u.Attempt), boolInt(u.Unknown), code, enhanced, reply, u.MessageID, next, now, issue, u.Recipient.ID}
}

func (s *Store) countBounce(ctx context.Context, tx *sql.Tx, id int64, threshold int, now any) error {
	_, err := tx.ExecContext(ctx, s.q(`UPDATE subscribers SET hard_bounces = hard_bounces + 1,
		status = CASE WHEN hard_bounces + 1 >= ? THEN 'bounced' ELSE status END,
		status_changed_at = CASE WHEN hard_bounces + 1 >= ? THEN ? ELSE status_changed_at END,
		updated_at = ? WHERE id = ?`), threshold, threshold, now, now, id)
	return err
}

// recordStmt is the ledger update, prepared once: a send records every
// message, and parsing the statement each time cost as much as running it.
func (s *Store) recordStmt(ctx context.Context) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.record != nil {
		return s.record, nil
	}
	st, err := s.db.PrepareContext(ctx, s.q(`UPDATE deliveries SET state = ?, attempts = attempts + ?, unknowns = unknowns + ?,
		smtp_code = ?, smtp_enhanced = ?, smtp_reply = ?, message_id = ?, next_at = ?, updated_at = ?
		WHERE issue = ? AND subscriber_id = ?`))
	if err != nil {
		return nil, err
	}
	s.record = st
	return st, nil
}

// SentSince implements digest.IssueStore.
func (s *Store) SentSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM deliveries WHERE state = 'sent' AND updated_at >= ?`), s.stamp(t)).Scan(&n)
	return n, err
}

// FinishIssue implements digest.IssueStore.
func (s *Store) FinishIssue(ctx context.Context, issue int) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE issues SET state = 'sent', finished_at = ? WHERE number = ?`), s.now(), issue)
	return err
}

// DeferredIssues implements digest.IssueStore.
func (s *Store) DeferredIssues(ctx context.Context, since, now time.Time) ([]*digest.StoredIssue, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+issueColumns+` FROM issues WHERE created_at > ? AND number IN
		(SELECT DISTINCT issue FROM deliveries WHERE state = 'deferred' AND (next_at IS NULL OR next_at <= ?))
		ORDER BY number`), s.stamp(since), s.stamp(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*digest.StoredIssue
	for rows.Next() {
		is, err := loadIssue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, is)
	}
	return out, rows.Err()
}

// ExpireDeferred implements digest.IssueStore.
func (s *Store) ExpireDeferred(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'failed', next_at = NULL, updated_at = ?,
		smtp_reply = 'queue lifetime ended; last reply: ' || smtp_reply
		WHERE state = 'deferred' AND issue IN (SELECT number FROM issues WHERE created_at <= ?)`), s.now(), s.stamp(before))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Requeue puts an issue's failed deliveries back in its queue, on purpose
// (digest issues retry): those that failed on temporary errors (ran out of
// attempts or of queue lifetime) and deferred ones; with all, also
// permanent refusals and unconfirmed ones. Never hard bounces or
// subscribers who are no longer active. The issue is sending again.
func (s *Store) Requeue(ctx context.Context, issue int, all bool) (int, error) {
	states := `d.state = 'deferred' OR (d.state = 'failed' AND d.smtp_code < 500)`
	if all {
		states = `d.state IN ('deferred', 'failed', 'unconfirmed')`
	}
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'queued', attempts = 0, unknowns = 0, next_at = NULL, updated_at = ?
			WHERE issue = ? AND subscriber_id IN (SELECT d.subscriber_id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
				WHERE d.issue = ? AND s.status = 'active' AND (`+states+`)
				AND NOT (d.smtp_enhanced IN ('5.1.1', '5.1.10') OR (d.smtp_enhanced = '' AND d.smtp_code = 550)))`),
			s.now(), issue, issue)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE issues SET state = 'sending', finished_at = NULL WHERE number = ?`), issue)
		return err
	})
	return int(n), err
}

// DeliveryCounts returns the issue's deliveries per state.
func (s *Store) DeliveryCounts(ctx context.Context, issue int) (map[string]int, error) {
	out := map[string]int{}
	err := s.countBy(ctx, out, s.q(`SELECT state, count(*) FROM deliveries WHERE issue = ? GROUP BY state`), issue)
	return out, err
}

// Failure is a delivery that failed, is waiting to retry, or is
// unconfirmed, with the server's last reply.
type Failure struct {
	Email    string    `json:"email"`
	State    string    `json:"state"`
	Attempts int       `json:"attempts"`
	Code     int       `json:"code"`
	Enhanced string    `json:"enhanced_code"`
	Reply    string    `json:"reply"`
	At       time.Time `json:"at"`
}

// Failures streams an issue's failed, deferred, unconfirmed and retrying
// deliveries.
func (s *Store) Failures(ctx context.Context, issue int, fn func(Failure) error) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT s.email, d.state, d.attempts, d.smtp_code, d.smtp_enhanced, d.smtp_reply, d.updated_at
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
		WHERE d.issue = ? AND (d.state IN ('failed', 'deferred', 'unconfirmed') OR (d.state = 'queued' AND d.smtp_reply <> ''))
		ORDER BY s.id`), issue)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f Failure
		var at dbTime
		if err := rows.Scan(&f.Email, &f.State, &f.Attempts, &f.Code, &f.Enhanced, &f.Reply, &at); err != nil {
			return err
		}
		f.At = at.Time
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}
