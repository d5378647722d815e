package subscribers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/digest-dev/digest/digest"
)

// ErrStaleLink is returned by Confirm for a confirmation link made before
// the subscriber last unsubscribed: it must not undo that.
var ErrStaleLink = digest.ErrStaleLink

// SetStatusByID changes the status of the subscriber with the ID, noting
// an unsubscribe or a re-subscribe in the consent history with its source
// (cli, web, ...) and IP. It reports whether anything changed. A
// suppressed address is not made active again: ErrSuppressed.
func (s *Store) SetStatusByID(ctx context.Context, id int64, status, source, ip string) (bool, error) {
	event := ""
	switch status {
	case Unsubscribed:
		event = digest.ConsentUnsubscribed
	case Active:
		event = digest.ConsentResubscribed
	}
	changed := false
	err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		if status == Active {
			if err := s.refuseSuppressedID(ctx, tx, id); err != nil {
				return err
			}
		}
		changed, err = s.changeStatus(ctx, tx, id, status, event, source, ip)
		return err
	})
	return changed, err
}

// refuseSuppressedID is refuseSuppressed for the subscriber with the ID
// (none: nothing to refuse).
func (s *Store) refuseSuppressedID(ctx context.Context, tx *sql.Tx, id int64) error {
	var email string
	err := tx.QueryRowContext(ctx, s.q(`SELECT email FROM subscribers WHERE id = ?`), id).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.refuseSuppressed(ctx, tx, email)
}

// changeStatus is every status change: it sets the subscriber's status
// with the time of the change (status_changed_at, which a stale
// confirmation link is judged by) and, when event is not "", notes the
// change in the consent history. Setting the status a subscriber already
// has changes nothing and reports false.
func (s *Store) changeStatus(ctx context.Context, tx *sql.Tx, id int64, status, event, source, ip string) (bool, error) {
	now := s.now()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE subscribers SET status = ?, updated_at = ?, status_changed_at = ?
		WHERE id = ? AND status <> ?`), status, now, now, id, status)
	if err != nil {
		return false, fmt.Errorf("set status: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if event == "" {
		return true, nil
	}
	return true, s.addConsent(ctx, tx, id, event, source, ip)
}

// addConsent appends an event to a subscriber's consent history.
func (s *Store) addConsent(ctx context.Context, tx *sql.Tx, id int64, event, source, ip string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO consents (subscriber_id, event, source, at, ip) VALUES (?, ?, ?, ?, ?)`),
		id, event, source, s.now(), ip)
	if err != nil {
		return fmt.Errorf("record consent: %w", err)
	}
	return nil
}

// History returns a subscriber's consent events after the original
// consent record, oldest first.
func (s *Store) History(ctx context.Context, id int64) ([]digest.Consent, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT event, source, at, ip FROM consents WHERE subscriber_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []digest.Consent
	for rows.Next() {
		var c digest.Consent
		var at dbTime
		if err := rows.Scan(&c.Event, &c.Source, &at, &c.IP); err != nil {
			return nil, err
		}
		c.At = at.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// Subscribe records a sign-up from the web form. A new address becomes
// pending with its consent record; confirm says whether to mail a
// confirmation link. A pending address gets a new link. An unsubscribed
// one gets a link too, but stays unsubscribed, its records untouched, until
// its owner confirms: the request is only added to its history. An active
// or bounced address gets nothing, so the form can answer the same
// whatever the list holds. A suppressed address is ErrSuppressed, and
// nothing is recorded.
func (s *Store) Subscribe(ctx context.Context, email, name, ip string) (sub *Subscriber, confirm bool, err error) {
	sub = &Subscriber{Email: email, Name: name, Status: Pending, ConsentSource: "web", ConsentIP: ip}
	err = s.Add(ctx, sub)
	if err == nil {
		return sub, true, nil
	}
	if !errors.Is(err, ErrDuplicate) {
		return nil, false, err
	}
	if sub, err = s.Find(ctx, email); err != nil {
		return nil, false, err
	}
	switch sub.Status {
	case Pending:
		return sub, true, nil
	case Unsubscribed:
		err := s.tx(ctx, func(tx *sql.Tx) error {
			return s.addConsent(ctx, tx, sub.ID, digest.ConsentRequested, "web", ip)
		})
		return sub, err == nil, err
	}
	return sub, false, nil
}

// Confirm activates a subscriber from a confirmation link made at issued:
// a pending one, or an unsubscribed one who asked again, the confirmation
// added to the history next to the earlier records. A link made before the
// subscriber's last unsubscribe is ErrStaleLink.
func (s *Store) Confirm(ctx context.Context, id int64, issued time.Time, ip string) (*Subscriber, error) {
	sub, err := s.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	switch sub.Status {
	case Unsubscribed:
		// Links carry their time to the second.
		if sub.StatusChangedAt.After(issued.Add(time.Second)) {
			return sub, ErrStaleLink
		}
	case Pending:
	default:
		return sub, nil
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.changeStatus(ctx, tx, id, Active, digest.ConsentConfirmed, "web", ip)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("confirm subscriber %d: %w", id, err)
	}
	sub.Status = Active
	return sub, nil
}
