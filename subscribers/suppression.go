package subscribers

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Suppression reasons.
const (
	ReasonHardBounce = "hard_bounce"
	ReasonComplaint  = "complaint"
)

// ErrSuppressed is returned by Add, Subscribe, SetStatus and
// SetStatusByID (to active) for an address on the suppression list; the
// error names the address and the reason.
var ErrSuppressed = digest.ErrSuppressed

// Suppression is an address that must not be mailed again: it hard-bounced
// or its owner complained. Only a hash of the address is kept, so the entry
// outlives `subscribers remove`; Email is filled in while the subscriber
// is still on the list.
type Suppression struct {
	Email       string    `json:"email,omitempty"`
	AddressHash string    `json:"address_hash"`
	Reason      string    `json:"reason"`
	Detail      string    `json:"detail,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// AddressHash is the suppression list's key for an address: SHA-256 of its
// emailKey, so the list compares addresses as the subscribers table does.
func AddressHash(email string) string {
	sum := sha256.Sum256([]byte(emailKey(email)))
	return hex.EncodeToString(sum[:])
}

// Suppressed returns the suppression entry for an address, or nil when it
// is not suppressed. The web sign-up asks it before mailing a confirmation.
func (s *Store) Suppressed(ctx context.Context, email string) (*Suppression, error) {
	var sp Suppression
	var at dbTime
	err := s.db.QueryRowContext(ctx, s.q(`SELECT address_hash, reason, detail, created_at FROM suppressions WHERE address_hash = ?`),
		AddressHash(email)).Scan(&sp.AddressHash, &sp.Reason, &sp.Detail, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up suppression: %w", err)
	}
	sp.Email, sp.CreatedAt = strings.TrimSpace(email), at.Time
	return &sp, nil
}

// querier is a database or a transaction, for reads.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// refuseSuppressed returns an error wrapping ErrSuppressed, with the
// address and the reason, when the address is on the list.
func (s *Store) refuseSuppressed(ctx context.Context, db querier, email string) error {
	var reason string
	err := db.QueryRowContext(ctx, s.q(`SELECT reason FROM suppressions WHERE address_hash = ?`), AddressHash(email)).Scan(&reason)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check suppression list: %w", err)
	}
	return fmt.Errorf("%s is %w (%s)", strings.TrimSpace(email), ErrSuppressed, reason)
}

// Unsuppress lifts an address's entry, on purpose: it reports whether
// there was one. The subscriber's status is left as it is.
func (s *Store) Unsuppress(ctx context.Context, email string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM suppressions WHERE address_hash = ?`), AddressHash(email))
	if err != nil {
		return false, fmt.Errorf("unsuppress: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Suppressions calls fn for every entry, oldest first.
func (s *Store) Suppressions(ctx context.Context, fn func(Suppression) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(s.email, ''), p.address_hash, p.reason, p.detail, p.created_at
		FROM suppressions p LEFT JOIN subscribers s ON s.id = p.subscriber_id ORDER BY p.created_at, p.address_hash`)
	if err != nil {
		return fmt.Errorf("list suppressions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp Suppression
		var at dbTime
		if err := rows.Scan(&sp.Email, &sp.AddressHash, &sp.Reason, &sp.Detail, &at); err != nil {
			return fmt.Errorf("read suppression: %w", err)
		}
		sp.CreatedAt = at.Time
		if err := fn(sp); err != nil {
			return err
		}
	}
	return rows.Err()
}

// suppress puts an address on the list; an entry already there keeps its
// first reason, except that a complaint outranks a bounce.
func (s *Store) suppress(ctx context.Context, db execer, email string, subscriber int64, reason, detail string) error {
	var id any
	if subscriber > 0 {
		id = subscriber
	}
	_, err := db.ExecContext(ctx, s.q(`INSERT INTO suppressions (address_hash, reason, detail, subscriber_id, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (address_hash) DO UPDATE SET
		reason = CASE WHEN excluded.reason = 'complaint' THEN 'complaint' ELSE suppressions.reason END,
		detail = CASE WHEN excluded.reason = 'complaint' AND suppressions.reason <> 'complaint' THEN excluded.detail ELSE suppressions.detail END,
		subscriber_id = coalesce(suppressions.subscriber_id, excluded.subscriber_id)`),
		AddressHash(email), reason, truncate(detail, 500), id, s.now())
	if err != nil {
		return fmt.Errorf("suppress: %w", err)
	}
	return nil
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

// bounceDetail is the server's reply to a hard bounce during the send.
func bounceDetail(u digest.Update) string {
	if u.Err == nil {
		return ""
	}
	return strings.TrimSpace(u.Err.Enhanced + " " + u.Err.Message)
}
