package subscribers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/digest-dev/digest/digest"
)

// SentIDs implements digest.SentStore.
func (s *Store) SentIDs(ctx context.Context, ids []string) (map[string]bool, error) {
	done := map[string]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT id FROM sent_content WHERE id IN (`+placeholders(len(chunk))+`)`), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			done[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return done, nil
}

// LastIssueNumber implements digest.SentStore.
func (s *Store) LastIssueNumber(ctx context.Context) (int, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(number) FROM issues`).Scan(&n)
	return int(n.Int64), err
}

// CreateIssue implements digest.IssueStore: the issue, the content it uses
// up and a queued delivery per active subscriber, in one transaction.
func (s *Store) CreateIssue(ctx context.Context, is *digest.StoredIssue) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO issues (number, issue_date, subject, preheader, html, text, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), is.Number, s.stamp(is.Date), is.Subject, is.Preheader,
			is.Rendered.HTML, is.Rendered.Text, now); err != nil {
			return fmt.Errorf("create issue %d: %w", is.Number, err)
		}
		for _, id := range is.ContentIDs {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO sent_content (id, issue) VALUES (?, ?) ON CONFLICT DO NOTHING`), id, is.Number); err != nil {
				return fmt.Errorf("create issue %d: %w", is.Number, err)
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO deliveries (issue, subscriber_id, updated_at)
			SELECT ?, id, ? FROM subscribers WHERE status = 'active'`), is.Number, now)
		if err != nil {
			return fmt.Errorf("queue issue %d: %w", is.Number, err)
		}
		if is.DueAt != nil {
			return s.scheduleLocal(ctx, tx, is)
		}
		return nil
	})
}

// scheduleLocal sets each queued copy's due time from its subscriber's
// timezone attribute: one statement per time zone in use.
func (s *Store) scheduleLocal(ctx context.Context, tx *sql.Tx, is *digest.StoredIssue) error {
	tzExpr := `coalesce(json_extract(attributes, '$.timezone'), '')`
	if s.driver == Postgres {
		tzExpr = `coalesce(attributes->>'timezone', '')`
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT `+tzExpr+` FROM subscribers WHERE status = 'active'`)
	if err != nil {
		return err
	}
	var zones []string
	for rows.Next() {
		var z string
		if err := rows.Scan(&z); err != nil {
			rows.Close()
			return err
		}
		zones = append(zones, z)
	}
	rows.Close()
	for _, z := range zones {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET next_at = ? WHERE issue = ? AND subscriber_id IN
			(SELECT id FROM subscribers WHERE status = 'active' AND `+tzExpr+` = ?)`), s.stamp(is.DueAt(z)), is.Number, z)
		if err != nil {
			return fmt.Errorf("schedule local delivery for %q: %w", z, err)
		}
	}
	return rows.Err()
}

// UnfinishedIssue implements digest.IssueStore.
func (s *Store) UnfinishedIssue(ctx context.Context) (*digest.StoredIssue, error) {
	var is digest.StoredIssue
	var date dbTime
	err := s.db.QueryRowContext(ctx, `SELECT number, issue_date, subject, preheader, html, text FROM issues
		WHERE state = 'sending' ORDER BY number LIMIT 1`).Scan(&is.Number, &date, &is.Subject, &is.Preheader, &is.Rendered.HTML, &is.Rendered.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find unfinished issue: %w", err)
	}
	is.Date = date.Time
	return &is, nil
}

// Due implements digest.IssueStore. It reads only what a send uses: no
// attributes, whose JSON would be decoded for every recipient for nothing.
func (s *Store) Due(ctx context.Context, issue int, now time.Time, afterID int64, n int) ([]digest.Due, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT s.id, s.email, s.name, d.attempts
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
		WHERE d.issue = ? AND d.state = 'queued' AND (d.next_at IS NULL OR d.next_at <= ?) AND d.subscriber_id > ?
		ORDER BY d.subscriber_id LIMIT ?`), issue, s.stamp(now), afterID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []digest.Due
	for rows.Next() {
		var d digest.Due
		if err := rows.Scan(&d.Recipient.ID, &d.Recipient.Email, &d.Recipient.Name, &d.Attempts); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// NextDue implements digest.IssueStore.
func (s *Store) NextDue(ctx context.Context, issue int) (time.Time, bool, error) {
	var n int
	var at dbTime
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*), min(coalesce(next_at, ?)) FROM deliveries
		WHERE issue = ? AND state = 'queued'`), s.stamp(time.Unix(0, 0)), issue).Scan(&n, &at)
	if err != nil || n == 0 {
		return time.Time{}, false, err
	}
	return at.Time, true, nil
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
			var code int
			var enhanced, reply string
			if e := u.Err; e != nil {
				code, enhanced, reply = e.Code, e.Enhanced, e.Message
			}
			var next any
			if u.State == digest.StateQueued {
				next = s.stamp(u.NextAt)
			}
			if _, err := update.ExecContext(ctx, u.State, code, enhanced, reply, u.MessageID, next, now, issue, u.Recipient.ID); err != nil {
				return err
			}
			if u.Bounce {
				if _, err := tx.ExecContext(ctx, s.q(`UPDATE subscribers SET hard_bounces = hard_bounces + 1,
					status = CASE WHEN hard_bounces + 1 >= ? THEN 'bounced' ELSE status END,
					status_changed_at = CASE WHEN hard_bounces + 1 >= ? THEN ? ELSE status_changed_at END,
					updated_at = ? WHERE id = ?`), bounceThreshold, bounceThreshold, now, now, u.Recipient.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// recordStmt is the ledger update, prepared once: a send records every
// message, and parsing the statement each time cost as much as running it.
func (s *Store) recordStmt(ctx context.Context) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.record != nil {
		return s.record, nil
	}
	st, err := s.db.PrepareContext(ctx, s.q(`UPDATE deliveries SET state = ?, attempts = attempts + 1, smtp_code = ?,
		smtp_enhanced = ?, smtp_reply = ?, message_id = ?, next_at = ?, updated_at = ?
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

// DeliveryCounts returns the issue's deliveries per state.
func (s *Store) DeliveryCounts(ctx context.Context, issue int) (map[string]int, error) {
	out := map[string]int{}
	err := s.countBy(ctx, out, s.q(`SELECT state, count(*) FROM deliveries WHERE issue = ? GROUP BY state`), issue)
	return out, err
}

// countBy adds the (name, count) rows of a GROUP BY query to out.
func (s *Store) countBy(ctx context.Context, out map[string]int, query string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		out[k] = n
	}
	return rows.Err()
}

// IssueSummary is one issue with its delivery counts.
type IssueSummary struct {
	Number  int            `json:"number"`
	Date    time.Time      `json:"date"`
	Subject string         `json:"subject"`
	State   string         `json:"state"`
	Counts  map[string]int `json:"deliveries"`
}

// IssueQuery selects issues for Issues.
type IssueQuery struct {
	Number   int  // one issue; 0: all
	SentOnly bool // only issues whose send finished (the archive)
	Counts   bool // with delivery counts per state
}

// Issues lists issues, newest first. Counts come from one grouped query,
// and only when asked for: the archive and the feed do not need them, and
// counting scans every delivery of every issue.
func (s *Store) Issues(ctx context.Context, q IssueQuery) ([]IssueSummary, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT number, issue_date, subject, state FROM issues
		WHERE (? = 0 OR number = ?) AND (? = 0 OR state = 'sent') ORDER BY number DESC`), q.Number, q.Number, boolInt(q.SentOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []IssueSummary
	byNumber := map[int]*IssueSummary{}
	for rows.Next() {
		var is IssueSummary
		var d dbTime
		if err := rows.Scan(&is.Number, &d, &is.Subject, &is.State); err != nil {
			return nil, err
		}
		is.Date, is.Counts = d.Time, map[string]int{}
		out = append(out, is)
	}
	if err := rows.Err(); err != nil || !q.Counts || len(out) == 0 {
		return out, err
	}
	for i := range out {
		byNumber[out[i].Number] = &out[i]
	}
	counts, err := s.db.QueryContext(ctx, s.q(`SELECT issue, state, count(*) FROM deliveries
		WHERE (? = 0 OR issue = ?) GROUP BY issue, state`), q.Number, q.Number)
	if err != nil {
		return nil, err
	}
	defer counts.Close()
	for counts.Next() {
		var n, c int
		var state string
		if err := counts.Scan(&n, &state, &c); err != nil {
			return nil, err
		}
		if is := byNumber[n]; is != nil {
			is.Counts[state] = c
		}
	}
	return out, counts.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Failure is a delivery that failed, or is waiting to retry, with the
// server's last reply.
type Failure struct {
	Email    string    `json:"email"`
	State    string    `json:"state"`
	Attempts int       `json:"attempts"`
	Code     int       `json:"code"`
	Enhanced string    `json:"enhanced_code"`
	Reply    string    `json:"reply"`
	At       time.Time `json:"at"`
}

// Failures streams an issue's failed and retrying deliveries.
func (s *Store) Failures(ctx context.Context, issue int, fn func(Failure) error) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT s.email, d.state, d.attempts, d.smtp_code, d.smtp_enhanced, d.smtp_reply, d.updated_at
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
		WHERE d.issue = ? AND (d.state = 'failed' OR (d.state = 'queued' AND d.attempts > 0)) ORDER BY s.id`), issue)
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

// SentIssue returns a sent issue by number, or nil.
func (s *Store) SentIssue(ctx context.Context, n int) (*digest.StoredIssue, error) {
	var is digest.StoredIssue
	var date dbTime
	err := s.db.QueryRowContext(ctx, s.q(`SELECT number, issue_date, subject, preheader, html, text FROM issues
		WHERE number = ? AND state = 'sent'`), n).Scan(&is.Number, &date, &is.Subject, &is.Preheader, &is.Rendered.HTML, &is.Rendered.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	is.Date = date.Time
	return &is, nil
}
