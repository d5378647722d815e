package subscribers

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

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

// Signer makes and checks the HMAC-SHA256 tokens in subscribers' links.
// A token binds a purpose and a subscriber ID, so one subscriber's token
// can never be turned into another's or used for another purpose.
type Signer struct {
	key []byte
}

// NewSigner returns a Signer keyed by secret.
func NewSigner(secret []byte) (*Signer, error) {
	if len(secret) < 16 {
		return nil, errors.New("signing secret must be at least 16 bytes")
	}
	return &Signer{key: secret}, nil
}

// Token purposes.
const (
	PurposeUnsubscribe = "unsubscribe"
	PurposeView        = "view"
)

// Token signs id for purpose: "<id>.<mac>".
func (s *Signer) Token(purpose string, id int64) string {
	return strconv.FormatInt(id, 36) + "." + s.mac(purpose, id)
}

// Verify checks a token in constant time and returns the subscriber ID.
func (s *Signer) Verify(purpose, token string) (int64, bool) {
	idPart, mac, ok := strings.Cut(token, ".")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(idPart, 36, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 36) != idPart {
		return 0, false
	}
	return id, hmac.Equal([]byte(mac), []byte(s.mac(purpose, id)))
}

func (s *Signer) mac(purpose string, id int64) string {
	h := hmac.New(sha256.New, s.key)
	fmt.Fprintf(h, "%s:%d", purpose, id)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

var _ digest.Linker = (*LinkMaker)(nil)

// LinkMaker builds subscribers' personal links under a public base URL.
type LinkMaker struct {
	Signer  *Signer
	BaseURL string // e.g. https://news.example.com
	MailTo  string // address that takes unsubscribe mails
}

// Links implements digest.Linker.
func (l *LinkMaker) Links(issue int, r digest.Recipient) digest.Links {
	base := strings.TrimRight(l.BaseURL, "/")
	unsub := l.Signer.Token(PurposeUnsubscribe, r.ID)
	links := digest.Links{
		Unsubscribe: base + "/unsubscribe/" + unsub,
		ViewOnline:  fmt.Sprintf("%s/archive/%d?s=%s", base, issue, l.Signer.Token(PurposeView, r.ID)),
	}
	if l.MailTo != "" {
		links.UnsubscribeMail = "mailto:" + l.MailTo + "?subject=" + url.QueryEscape("unsubscribe "+unsub)
	}
	return links
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

// PurposeConfirm is the purpose of a double opt-in confirmation link.
const PurposeConfirm = "confirm"

// ExpiringToken signs id for purpose until expires: "<id>.<expiry>.<mac>".
func (s *Signer) ExpiringToken(purpose string, id int64, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 36)
	return strconv.FormatInt(id, 36) + "." + exp + "." + s.mac(purpose+"@"+exp, id)
}

// VerifyExpiring checks an expiring token at now; expired is reported apart
// so that a page can say the link is too old rather than wrong.
func (s *Signer) VerifyExpiring(purpose, token string, now time.Time) (id int64, ok, expired bool) {
	idPart, rest, found := strings.Cut(token, ".")
	exp, mac, found2 := strings.Cut(rest, ".")
	if !found || !found2 {
		return 0, false, false
	}
	id, err := strconv.ParseInt(idPart, 36, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 36) != idPart {
		return 0, false, false
	}
	until, err := strconv.ParseInt(exp, 36, 64)
	if err != nil || strconv.FormatInt(until, 36) != exp {
		return 0, false, false
	}
	if !hmac.Equal([]byte(mac), []byte(s.mac(purpose+"@"+exp, id))) {
		return 0, false, false
	}
	if now.Unix() > until {
		return id, false, true
	}
	return id, true, false
}
