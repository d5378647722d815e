package subscribers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
		return nil
	})
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

// Queued implements digest.IssueStore.
func (s *Store) Queued(ctx context.Context, issue int, afterID int64, n int) ([]digest.Recipient, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+qualified("s", subscriberColumns)+` FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
		WHERE d.issue = ? AND d.state = 'queued' AND s.id > ? ORDER BY s.id LIMIT ?`), issue, afterID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []digest.Recipient
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub.Recipient())
	}
	return out, rows.Err()
}

// Record implements digest.IssueStore.
func (s *Store) Record(ctx context.Context, issue int, results []digest.Result) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range results {
			state, reply := digest.StateSent, ""
			if r.Err != nil {
				state, reply = digest.StateFailed, r.Err.Error()
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = ?, attempts = attempts + 1, smtp_reply = ?,
				message_id = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?`),
				state, reply, r.MessageID, now, issue, r.Recipient.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// FinishIssue implements digest.IssueStore.
func (s *Store) FinishIssue(ctx context.Context, issue int) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE issues SET state = 'sent', finished_at = ? WHERE number = ?`), s.now(), issue)
	return err
}

// DeliveryCounts returns the issue's deliveries per state.
func (s *Store) DeliveryCounts(ctx context.Context, issue int) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT state, count(*) FROM deliveries WHERE issue = ? GROUP BY state`), issue)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
