package subscribers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/digest-dev/digest/digest"
)

var _ digest.FeedbackStore = (*Store)(nil)

// target is the subscriber a report is about.
type target struct {
	id     int64
	email  string
	status string
}

// ApplyFeedback implements digest.FeedbackStore. In one transaction it
// finds the subscriber the report names, records the report (once: a
// report whose Key was seen before changes nothing), and acts on it:
//   - a hard bounce counts toward p.HardThreshold; at the threshold an
//     active or pending subscriber becomes bounced and the address is
//     suppressed;
//   - a soft bounce marks an active or pending subscriber bounced once
//     p.SoftThreshold of them came within p.SoftWindow; it suppresses
//     nothing, since a full mailbox may empty again;
//   - a complaint unsubscribes at once and suppresses the address.
func (s *Store) ApplyFeedback(ctx context.Context, f digest.Feedback, p digest.FeedbackPolicy) (digest.FeedbackResult, error) {
	p = p.Normalised()
	var res digest.FeedbackResult
	if f.Kind != digest.FeedbackHard && f.Kind != digest.FeedbackSoft && f.Kind != digest.FeedbackComplaint {
		return res, fmt.Errorf("apply feedback: unknown kind %q", f.Kind)
	}
	if f.Key == "" {
		return res, errors.New("apply feedback: the report has no key")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		t, outcome, err := s.feedbackTarget(ctx, tx, f)
		res = digest.FeedbackResult{Outcome: outcome}
		if err != nil || t == nil {
			return err
		}
		res.Subscriber, res.Email = t.id, t.email
		fresh, err := s.recordEvent(ctx, tx, t, f)
		if err != nil || !fresh {
			res.Outcome = digest.OutcomeDuplicate
			return err
		}
		res.Outcome = digest.OutcomeRecorded
		if again, err := s.sameCopyBounced(ctx, tx, t, f); err != nil || again {
			if again {
				res.Outcome = digest.OutcomeDuplicate
			}
			return err
		}
		return s.actOn(ctx, tx, t, f, p, &res)
	})
	if err != nil {
		return digest.FeedbackResult{}, fmt.Errorf("apply %s feedback: %w", f.Kind, err)
	}
	return res, nil
}

// feedbackTarget resolves the subscriber a report is about. A nil target
// comes with the outcome that says why.
func (s *Store) feedbackTarget(ctx context.Context, tx *sql.Tx, f digest.Feedback) (*target, string, error) {
	email := emailKey(f.Email)
	var row *sql.Row
	switch {
	case f.Subscriber > 0:
		row = tx.QueryRowContext(ctx, s.q(`SELECT id, email, status FROM subscribers WHERE id = ?`), f.Subscriber)
	case f.Verified && email != "":
		row = tx.QueryRowContext(ctx, s.q(`SELECT id, email, status FROM subscribers WHERE email_key = ?`), email)
	default:
		return nil, digest.OutcomeUnattributed, nil
	}
	var t target
	err := row.Scan(&t.id, &t.email, &t.status)
	switch {
	case errors.Is(err, sql.ErrNoRows) && f.Verified:
		return nil, digest.OutcomeNoSubscriber, nil
	case errors.Is(err, sql.ErrNoRows):
		return nil, digest.OutcomeUnattributed, nil
	case err != nil:
		return nil, "", err
	}
	// An ID read from an unsigned Message-ID counts only when the report
	// also names that subscriber's address: anyone can quote a Message-ID.
	if !f.Verified && email != emailKey(t.email) {
		return nil, digest.OutcomeUnattributed, nil
	}
	return &t, "", nil
}

// recordEvent inserts the report; fresh is false when its key was seen.
func (s *Store) recordEvent(ctx context.Context, tx *sql.Tx, t *target, f digest.Feedback) (fresh bool, err error) {
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO bounce_events (event_key, subscriber_id, issue, kind, status, detail, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`),
		truncate(f.Key, 500), t.id, f.Issue, f.Kind, truncate(f.Status, 32), truncate(f.Detail, 500), truncate(f.Source, 32), s.now())
	if err != nil {
		return false, fmt.Errorf("record event: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// sameCopyBounced reports whether f is a hard bounce of a copy that an
// earlier report by another road (the mailbox, a webhook) already
// bounced: one copy of an issue bounces hard once, however many reports
// say so. SES, for one, posts a bounce to its topic and also mails it to
// the return path.
func (s *Store) sameCopyBounced(ctx context.Context, tx *sql.Tx, t *target, f digest.Feedback) (bool, error) {
	if f.Kind != digest.FeedbackHard || f.Issue <= 0 {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM bounce_events WHERE subscriber_id = ? AND issue = ? AND kind = 'hard'`),
		t.id, f.Issue).Scan(&n)
	return n > 1, err
}

// actOn changes the subscriber's status and the suppression list as the
// report calls for.
func (s *Store) actOn(ctx context.Context, tx *sql.Tx, t *target, f digest.Feedback, p digest.FeedbackPolicy, res *digest.FeedbackResult) error {
	live := t.status == Active || t.status == Pending
	detail := strings.TrimSpace(f.Status + " " + f.Detail)
	switch f.Kind {
	case digest.FeedbackHard:
		var err error
		res.NewStatus, res.Suppressed, err = s.hardBounce(ctx, tx, t.id, p.HardThreshold, detail)
		return err
	case digest.FeedbackSoft:
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM bounce_events WHERE subscriber_id = ? AND kind = 'soft' AND created_at >= ?`),
			t.id, s.stamp(s.Now().Add(-p.SoftWindow))).Scan(&n); err != nil {
			return err
		}
		return s.setStatus(ctx, tx, t, Bounced, live && n >= p.SoftThreshold, res)
	default:
		res.Suppressed = true
		if err := s.suppress(ctx, tx, t.email, t.id, ReasonComplaint, detail); err != nil {
			return err
		}
		return s.setStatus(ctx, tx, t, Unsubscribed, t.status != Unsubscribed, res)
	}
}

// hardBounce counts one hard bounce of the subscriber's: at threshold of
// them the address is suppressed and an active or pending subscriber
// becomes bounced (one who left stays as they are). It is the one path
// for a hard bounce, whether the server refused the address during the
// send or a report came back later; it returns the new status ("" when
// unchanged) and whether the address is now suppressed.
func (s *Store) hardBounce(ctx context.Context, tx *sql.Tx, id int64, threshold int, detail string) (string, bool, error) {
	var email, status string
	var n int
	err := tx.QueryRowContext(ctx, s.q(`UPDATE subscribers SET hard_bounces = hard_bounces + 1, updated_at = ? WHERE id = ?
		RETURNING email, status, hard_bounces`), s.now(), id).Scan(&email, &status, &n)
	if err != nil {
		return "", false, fmt.Errorf("count hard bounce: %w", err)
	}
	if n < threshold {
		return "", false, nil
	}
	if err := s.suppress(ctx, tx, email, id, ReasonHardBounce, detail); err != nil {
		return "", true, err
	}
	if status != Active && status != Pending {
		return "", true, nil
	}
	changed, err := s.changeStatus(ctx, tx, id, Bounced, "", "", "")
	if !changed {
		return "", true, err
	}
	return Bounced, true, err
}

// setStatus changes the status when do says so; a complaint's unsubscribe
// goes into the history with its reason.
func (s *Store) setStatus(ctx context.Context, tx *sql.Tx, t *target, status string, do bool, res *digest.FeedbackResult) error {
	if !do {
		return nil
	}
	event := ""
	if status == Unsubscribed {
		event = digest.ConsentUnsubscribed
	}
	changed, err := s.changeStatus(ctx, tx, t.id, status, event, "complaint", "")
	if changed {
		res.NewStatus = status
	}
	return err
}

// FeedbackCounts is how many subscribers bounced (hard or soft) and
// complained after receiving an issue, as reported hours later.
type FeedbackCounts struct {
	Bounced    int `json:"bounced"`
	Complained int `json:"complained"`
}

// IssueFeedback returns the feedback counts of every issue that has any,
// by issue number (issue 0 holds reports that named no issue).
func (s *Store) IssueFeedback(ctx context.Context) (map[int]FeedbackCounts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT issue, kind = 'complaint', count(DISTINCT subscriber_id) FROM bounce_events
		GROUP BY issue, kind = 'complaint'`)
	if err != nil {
		return nil, fmt.Errorf("count feedback: %w", err)
	}
	defer rows.Close()
	out := map[int]FeedbackCounts{}
	for rows.Next() {
		var issue, n int
		var complaint bool
		if err := rows.Scan(&issue, &complaint, &n); err != nil {
			return nil, fmt.Errorf("count feedback: %w", err)
		}
		c := out[issue]
		if complaint {
			c.Complained = n
		} else {
			c.Bounced = n
		}
		out[issue] = c
	}
	return out, rows.Err()
}
