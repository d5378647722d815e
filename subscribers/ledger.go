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
	return s.d.due(s, ctx, q, state)
}

// attrColumns are the SQL and arguments that read q's attributes.
func (s *Store) attrColumns(q digest.DueQuery) (string, []any) {
	var cols strings.Builder
	var args []any
	for _, k := range q.Attrs {
		cols.WriteString(", coalesce(" + s.d.attr + ", '')")
		args = append(args, s.d.attrKey(k))
	}
	return cols.String(), args
}

// selectDue reads due deliveries (SQLite: one sender per database, so
// nothing is claimed).
func selectDue(s *Store, ctx context.Context, q digest.DueQuery, state string) ([]digest.Due, error) {
	cols, args := s.attrColumns(q)
	args = append(args, q.Issue, state, s.stamp(q.Now), q.After, q.Limit)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT s.id, s.email, s.name, d.attempts, d.unknowns`+cols+`
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

// StillActive implements digest.IssueStore. The IDs come in ascending
// order from Due: when they are dense, one range scan of the primary key
// answers for all of them without a long IN list to parse.
func (s *Store) StillActive(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	query, args := `SELECT id FROM subscribers WHERE status = 'active' AND id BETWEEN ? AND ?`, []any{ids[0], ids[len(ids)-1]}
	if span := ids[len(ids)-1] - ids[0]; span < 0 || span > int64(4*len(ids)) {
		args = make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		query = `SELECT id FROM subscribers WHERE status = 'active' AND id IN (` + placeholders(len(ids)) + `)`
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
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
func (s *Store) Pending(ctx context.Context, issue int, worker string, now time.Time) (digest.Waiting, error) {
	var w digest.Waiting
	at := s.stamp(now)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT kind, min(due) FROM (SELECT
			CASE WHEN worker <> ? AND lease_until >= ? THEN 2 WHEN attempts > 0 OR unknowns > 0 THEN 1 ELSE 0 END AS kind,
			CASE WHEN worker <> ? AND lease_until >= ? THEN lease_until ELSE coalesce(next_at, ?) END AS due
		FROM deliveries WHERE issue = ? AND state = 'queued') AS q GROUP BY kind`),
		worker, at, worker, at, s.stamp(time.Unix(0, 0)), issue)
	if err != nil {
		return w, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var due dbTime
		if err := rows.Scan(&kind, &due); err != nil {
			return w, err
		}
		switch kind {
		case 0:
			w.First = due.Time
		case 1:
			w.Retry = due.Time
		default:
			w.Leased = due.Time
		}
	}
	return w, rows.Err()
}

// DeferRetries implements digest.IssueStore.
func (s *Store) DeferRetries(ctx context.Context, issue int, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'deferred', updated_at = ?
		WHERE issue = ? AND state = 'queued' AND (attempts > 0 OR unknowns > 0)
		AND (lease_until IS NULL OR lease_until < ?)`), s.now(), issue, s.stamp(now))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Record implements digest.IssueStore: one transaction per group of
// results, written in one statement (see the dialects' recordGroup),
// counting hard bounces.
func (s *Store) Record(ctx context.Context, b digest.Batch) error {
	updates, bounceThreshold := b.Updates, b.BounceThreshold
	if s.driver == SQLite {
		s.ledgerMu.Lock()
		defer s.ledgerMu.Unlock()
	}
	if !anyBounce(updates) && len(updates) <= maxGroupRows {
		// One statement is a transaction of its own: no BEGIN and COMMIT
		// to wait for (on PostgreSQL, two round trips fewer).
		return s.d.recordGroup(s, ctx, nil, b)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.d.recordGroup(s, ctx, tx, b); err != nil {
			return err
		}
		for _, u := range updates {
			if u.Bounce {
				if _, _, err := s.hardBounce(ctx, tx, u.Recipient.ID, bounceThreshold, bounceDetail(u)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func anyBounce(updates []digest.Update) bool {
	for _, u := range updates {
		if u.Bounce {
			return true
		}
	}
	return false
}

// outcome is one update as the ledger stores it.
type outcome struct {
	id                     int64
	state                  string
	attempt, unknown, code int
	enhanced, reply, msgID string
	next                   time.Time // zero: NULL
}

func toRow(u digest.Update) outcome {
	r := outcome{id: u.Recipient.ID, state: u.State, attempt: boolInt(u.Attempt), unknown: boolInt(u.Unknown), msgID: u.MessageID}
	if e := u.Err; e != nil {
		r.code, r.enhanced, r.reply = e.Code, e.Enhanced, e.Message
	}
	if (u.State == digest.StateQueued || u.State == digest.StateDeferred) && !u.NextAt.IsZero() {
		r.next = u.NextAt
	}
	return r
}

// sentSince counts deliveries sent since t, across issues (for the day's
// budget, see Heartbeat).
func sentSince(ctx context.Context, s *Store, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, t time.Time) (int, error) {
	var n int
	// A delivery sent since t belongs to an issue that was sending, or made
	// within a week, or whose queue is still open: only those issues'
	// deliveries are read, by the primary key.
	err := db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM deliveries WHERE issue IN
		(SELECT number FROM issues WHERE state = 'sending' OR expired = 0 OR created_at >= ?)
		AND state = 'sent' AND updated_at >= ?`), s.stamp(t.Add(-7*24*time.Hour)), s.stamp(t)).Scan(&n)
	return n, err
}

// FinishIssue implements digest.IssueStore.
func (s *Store) FinishIssue(ctx context.Context, issue int) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE issues SET state = 'sent', finished_at = ? WHERE number = ?`), s.now(), issue)
	return err
}

// DeferredIssues implements digest.IssueStore.
func (s *Store) DeferredIssues(ctx context.Context, since, now time.Time) ([]*digest.StoredIssue, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+issueColumns+` FROM issues i WHERE created_at > ? AND expired = 0
		AND EXISTS (SELECT 1 FROM deliveries d WHERE d.issue = i.number AND d.state = 'deferred' AND (d.next_at IS NULL OR d.next_at <= ?))
		ORDER BY number`), s.stamp(since), s.stamp(now))
	if err != nil {
		return nil, err
	}
	return loadIssues(rows)
}

// ExpireDeferred implements digest.IssueStore.
func (s *Store) ExpireDeferred(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'failed', next_at = NULL, updated_at = ?,
			smtp_reply = 'queue lifetime ended; last reply: ' || smtp_reply
			WHERE state = 'deferred' AND issue IN (SELECT number FROM issues WHERE created_at <= ? AND expired = 0)`), s.now(), s.stamp(before))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE issues SET expired = 1 WHERE created_at <= ? AND expired = 0 AND state = 'sent'`), s.stamp(before))
		return err
	})
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
		_, err = tx.ExecContext(ctx, s.q(`UPDATE issues SET state = 'sending', finished_at = NULL, expired = 0 WHERE number = ?`), issue)
		return err
	})
	return int(n), err
}

// DeliveryCounts returns the issue's deliveries per state.
//
// It reads the issue's rows in one pass with a counter per state: a GROUP
// BY state would sort them (SQLite's sorter held a million-row issue in
// memory, and a sender counts every few seconds).
func (s *Store) DeliveryCounts(ctx context.Context, issue int) (map[string]int, error) {
	var cols strings.Builder
	for _, st := range digest.States {
		fmt.Fprintf(&cols, ", coalesce(sum(CASE WHEN state = '%s' THEN 1 ELSE 0 END), 0)", st)
	}
	n := make([]int, len(digest.States))
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	err := s.db.QueryRowContext(ctx, s.q(`SELECT `+cols.String()[2:]+` FROM deliveries WHERE issue = ?`), issue).Scan(dest...)
	out := map[string]int{}
	for i, st := range digest.States {
		if n[i] > 0 {
			out[st] = n[i]
		}
	}
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
