package subscribers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Subscriber statuses (digest's, under the names this package has always
// used).
const (
	Pending      = digest.StatusPending
	Active       = digest.StatusActive
	Unsubscribed = digest.StatusUnsubscribed
	Bounced      = digest.StatusBounced
)

// Statuses lists every status, in display order.
var Statuses = []string{Pending, Active, Unsubscribed, Bounced}

// Errors callers branch on.
var (
	// ErrNotFound is returned for an address that is not on the list.
	ErrNotFound = errors.New("no such subscriber")
	// ErrDuplicate is returned when adding an address already on the list.
	ErrDuplicate = errors.New("already subscribed")
)

// emailKey is an address as the list compares it, trimmed and lower-cased:
// the subscribers' email_key column, and what the suppression list hashes.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Subscriber is one address on the list.
type Subscriber = digest.Subscriber

// NormaliseEmail validates an address (see digest.NormaliseEmail).
func NormaliseEmail(addr string) (string, error) { return digest.NormaliseEmail(addr) }

// ValidStatus reports whether s is a known status.
func ValidStatus(s string) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Add inserts a subscriber. It returns ErrDuplicate when the address
// (compared case-insensitively) is already on the list, and ErrSuppressed
// when it is on the suppression list.
func (s *Store) Add(ctx context.Context, sub *Subscriber) error {
	email, err := NormaliseEmail(sub.Email)
	if err != nil {
		return err
	}
	if sub.Name, err = digest.CheckName(sub.Name); err != nil {
		return err
	}
	if sub.Status == "" {
		sub.Status = Active
	}
	if !ValidStatus(sub.Status) {
		return fmt.Errorf("unknown status %q (want one of %s)", sub.Status, strings.Join(Statuses, ", "))
	}
	if sub.ConsentSource == "" {
		sub.ConsentSource = "cli"
	}
	if err := s.refuseSuppressed(ctx, s.db, email); err != nil {
		return err
	}
	attrs, err := json.Marshal(nonNil(sub.Attributes))
	if err != nil {
		return err
	}
	now := s.now()
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO subscribers
		(email, email_key, name, status, attributes, consent_source, consent_at, consent_ip, created_at, updated_at, status_changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email_key) DO NOTHING RETURNING id`),
		email, emailKey(email), sub.Name, sub.Status, string(attrs), sub.ConsentSource, now, sub.ConsentIP, now, now, now).Scan(&sub.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", email, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("add %s: %w", email, err)
	}
	sub.Email = email
	keys := map[string]bool{}
	for k := range sub.Attributes {
		keys[k] = true
	}
	return s.noteKeys(ctx, s.db, keys)
}

// Remove deletes a subscriber and their delivery history (itself: the
// ledger has no foreign keys on PostgreSQL). On SQLite the freed pages are
// zeroed (secure_delete) and the write-ahead log is checkpointed and
// truncated, so no copy of the address stays in the files.
func (s *Store) Remove(ctx context.Context, email string) error {
	key := emailKey(email)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The subscriber first: on PostgreSQL that waits for an issue
		// being queued (it locks the table), whose deliveries the second
		// statement then sees and deletes.
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`DELETE FROM subscribers WHERE email_key = ? RETURNING id`), key).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", email, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("remove %s: %w", email, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM deliveries WHERE subscriber_id = ?`), id); err != nil {
			return fmt.Errorf("remove %s: delivery history: %w", email, err)
		}
		return nil
	})
	if err != nil || s.d.afterRemove == "" {
		return err
	}
	if _, err := s.db.ExecContext(ctx, s.d.afterRemove); err != nil {
		return fmt.Errorf("remove %s: clear the write-ahead log: %w", email, err)
	}
	return nil
}

const subscriberColumns = `id, email, name, status, attributes, consent_source, consent_at, consent_ip, created_at, updated_at, status_changed_at`

// List calls fn for each subscriber with the status (all when empty), in
// ID order, reading rows as it goes so memory does not grow with the list.
func (s *Store) List(ctx context.Context, status string, fn func(*Subscriber) error) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+subscriberColumns+` FROM subscribers
		WHERE (? = '' OR status = ?) ORDER BY id`), status, status)
	if err != nil {
		return fmt.Errorf("list subscribers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return err
		}
		if err := fn(sub); err != nil {
			return err
		}
	}
	return rows.Err()
}

type scanner interface{ Scan(...any) error }

func scanSubscriber(r scanner) (*Subscriber, error) {
	var sub Subscriber
	var attrs []byte
	var consentAt, created, updated, changed dbTime
	if err := r.Scan(&sub.ID, &sub.Email, &sub.Name, &sub.Status, &attrs, &sub.ConsentSource,
		&consentAt, &sub.ConsentIP, &created, &updated, &changed); err != nil {
		return nil, fmt.Errorf("read subscriber: %w", err)
	}
	if err := json.Unmarshal(attrs, &sub.Attributes); err != nil {
		return nil, fmt.Errorf("subscriber %s attributes: %w", sub.Email, err)
	}
	sub.ConsentAt, sub.CreatedAt = consentAt.Time, created.Time
	sub.UpdatedAt, sub.StatusChangedAt = updated.Time, changed.Time
	return &sub, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Count returns the number of subscribers per status; every status is present.
func (s *Store) Count(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, st := range Statuses {
		out[st] = 0
	}
	if err := s.countBy(ctx, out, `SELECT status, count(*) FROM subscribers GROUP BY status`); err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	return out, nil
}

// Find returns the subscriber with the address (compared case-insensitively).
func (s *Store) Find(ctx context.Context, email string) (*Subscriber, error) {
	key := emailKey(email)
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, s.q(`SELECT `+subscriberColumns+` FROM subscribers WHERE email_key = ?`), key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", strings.TrimSpace(email), ErrNotFound)
	}
	return sub, err
}

// FindByID returns the subscriber with the ID.
func (s *Store) FindByID(ctx context.Context, id int64) (*Subscriber, error) {
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, s.q(`SELECT `+subscriberColumns+` FROM subscribers WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("subscriber %d: %w", id, ErrNotFound)
	}
	return sub, err
}

// SetStatus changes a subscriber's status; it reports whether anything
// changed (setting the status a subscriber already has is not an error).
func (s *Store) SetStatus(ctx context.Context, email, status string) (bool, error) {
	if !ValidStatus(status) {
		return false, fmt.Errorf("unknown status %q", status)
	}
	sub, err := s.Find(ctx, email)
	if err != nil {
		return false, err
	}
	return s.SetStatusByID(ctx, sub.ID, status, "cli", "")
}

// Delivery is one ledger row of a subscriber's.
type Delivery struct {
	Issue     int       `json:"issue"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	Reply     string    `json:"reply,omitempty"`
	MessageID string    `json:"message_id,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Deliveries returns a subscriber's last n deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, id int64, n int) ([]Delivery, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT issue, state, attempts, smtp_reply, message_id, updated_at
		FROM deliveries WHERE subscriber_id = ? ORDER BY issue DESC LIMIT ?`), id, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var at dbTime
		if err := rows.Scan(&d.Issue, &d.State, &d.Attempts, &d.Reply, &d.MessageID, &at); err != nil {
			return nil, err
		}
		d.UpdatedAt = at.Time
		out = append(out, d)
	}
	return out, rows.Err()
}
