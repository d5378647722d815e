package subscribers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
	is.Created = s.Now()
	now := s.stamp(is.Created)
	if is.Salt == "" {
		is.Salt = newSalt()
	}
	content, err := encodeContent(is.Content)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO issues (number, issue_date, subject, preheader, html, text, created_at, salt, content, leads)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), is.Number, s.stamp(is.Date), is.Subject, is.Preheader,
			is.Rendered.HTML, is.Rendered.Text, now, is.Salt, content, leads(is.Content)); err != nil {
			return fmt.Errorf("create issue %d: %w", is.Number, err)
		}
		for _, id := range is.ContentIDs {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO sent_content (id, issue) VALUES (?, ?) ON CONFLICT DO NOTHING`), id, is.Number); err != nil {
				return fmt.Errorf("create issue %d: %w", is.Number, err)
			}
		}
		if s.d.beforeQueue != "" {
			if _, err := tx.ExecContext(ctx, s.d.beforeQueue); err != nil {
				return fmt.Errorf("queue issue %d: %w", is.Number, err)
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
	if err == nil && s.d.afterQueue != "" {
		// Only the plans depend on it: the issue is queued either way.
		_, _ = s.db.ExecContext(ctx, s.d.afterQueue)
	}
	return err
}

// scheduleLocal sets each queued copy's due time from its subscriber's
// timezone attribute: one statement per time zone in use.
func (s *Store) scheduleLocal(ctx context.Context, tx *sql.Tx, is *digest.StoredIssue) error {
	tzExpr := `coalesce(` + s.d.attr + `, '')`
	tz := s.d.attrKey("timezone")
	rows, err := tx.QueryContext(ctx, s.q(`SELECT DISTINCT `+tzExpr+` FROM subscribers WHERE status = 'active'`), tz)
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
			(SELECT id FROM subscribers WHERE status = 'active' AND `+tzExpr+` = ?)`), s.stamp(is.DueAt(z)), is.Number, tz, z)
		if err != nil {
			return fmt.Errorf("schedule local delivery for %q: %w", z, err)
		}
	}
	return rows.Err()
}

// newSalt is the random part of an issue's Message-IDs.
func newSalt() string {
	b := make([]byte, 5)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// issueColumns are what loadIssue scans, in order.
const issueColumns = `number, issue_date, subject, preheader, html, text, salt, created_at, content`

// loadIssues scans every row of issueColumns and closes rows.
func loadIssues(rows *sql.Rows) ([]*digest.StoredIssue, error) {
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

// loadIssue scans one row of issueColumns.
func loadIssue(r scanner) (*digest.StoredIssue, error) {
	var is digest.StoredIssue
	var date, created dbTime
	var content string
	if err := r.Scan(&is.Number, &date, &is.Subject, &is.Preheader, &is.Rendered.HTML, &is.Rendered.Text, &is.Salt, &created, &content); err != nil {
		return nil, err
	}
	is.Date, is.Created = date.Time, created.Time
	if content != "" {
		is.Content = new(digest.Content)
		if err := json.Unmarshal([]byte(content), is.Content); err != nil {
			return nil, fmt.Errorf("issue %d content: %w", is.Number, err)
		}
	}
	return &is, nil
}

// leads are the story titles of an issue, one per line.
func leads(c *digest.Content) string {
	if c == nil {
		return ""
	}
	var titles []string
	for _, st := range c.Stories {
		titles = append(titles, strings.ReplaceAll(st.Title, "\n", " "))
	}
	return strings.Join(titles, "\n")
}

func encodeContent(c *digest.Content) (string, error) {
	if c == nil {
		return "", nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode issue content: %w", err)
	}
	return string(b), nil
}

// UnfinishedIssue implements digest.IssueStore.
func (s *Store) UnfinishedIssue(ctx context.Context) (*digest.StoredIssue, error) {
	is, err := loadIssue(s.db.QueryRowContext(ctx, `SELECT `+issueColumns+` FROM issues
		WHERE state = 'sending' ORDER BY number LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find unfinished issue: %w", err)
	}
	return is, nil
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
type IssueSummary = digest.IssueSummary

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
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT number, issue_date, subject, state, leads FROM issues
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
		var leads string
		if err := rows.Scan(&is.Number, &d, &is.Subject, &is.State, &leads); err != nil {
			return nil, err
		}
		if leads != "" {
			is.Leads = strings.Split(leads, "\n")
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

// SentIssue returns a sent issue by number, or nil.
func (s *Store) SentIssue(ctx context.Context, n int) (*digest.StoredIssue, error) {
	is, err := loadIssue(s.db.QueryRowContext(ctx, s.q(`SELECT `+issueColumns+` FROM issues
		WHERE number = ? AND state = 'sent'`), n))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return is, err
}

// LatestSentIssues returns the n newest issues whose send finished, with
// their content, newest first, in one query: the feed.
func (s *Store) LatestSentIssues(ctx context.Context, n int) ([]*digest.StoredIssue, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+issueColumns+` FROM issues WHERE state = 'sent'
		ORDER BY number DESC LIMIT ?`), n)
	if err != nil {
		return nil, fmt.Errorf("latest sent issues: %w", err)
	}
	return loadIssues(rows)
}

// SentIssues lists the issues whose send finished, newest first: the
// archive.
func (s *Store) SentIssues(ctx context.Context) ([]IssueSummary, error) {
	return s.Issues(ctx, IssueQuery{SentOnly: true})
}
