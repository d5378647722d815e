package subscribers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Settings the program keeps for itself in the database: the generated
// link-signing secret, the last scheduled send handled.

// Secret returns the signing secret kept in the database, generating and
// storing a random one on first use. Several processes on one database
// agree on it: the insert that loses the race reads the winner's value.
func (s *Store) Secret(ctx context.Context) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES ('secret', ?) ON CONFLICT DO NOTHING`), hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("store secret: %w", err)
	}
	var v string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'secret'`).Scan(&v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errors.New("secret vanished")
		}
		return nil, fmt.Errorf("read secret: %w", err)
	}
	return hex.DecodeString(v)
}

// Setting returns a value the program keeps in the database; "" if unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM settings WHERE key = ?`), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	return err
}
