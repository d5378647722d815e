// Package mailer turns digest messages into MIME mail with go-mail and
// delivers them over SMTP, or into an outbox folder of .eml files.
package mailer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/digest-dev/digest/digest"
)

// ErrNoFrom is returned by NewBuilder when the sender address is missing or invalid.
var ErrNoFrom = errors.New("mailer: a valid From address is required")

// Identity is who the newsletter's mail comes from.
type Identity struct {
	Name    string // newsletter name: From display name and List-Id label
	From    string // "Name <addr>" or "addr"
	ReplyTo string // optional
}

// Builder builds go-mail messages from digest messages.
type Builder struct {
	envelope func(issue int, subscriber int64) string // nil: the From address
	id       Identity
	from     *mail.Address
	domain   string
	listID   string
	now      func() time.Time
	boundary string
	dkim     *DKIM

	mu   sync.Mutex
	last *digest.StoredIssue // the connections of a send share one compile
	mail *Mail
}

// BuilderOption configures a Builder.
type BuilderOption func(*Builder) error

// WithClock fixes the Date header's clock (for tests and golden files).
func WithClock(now func() time.Time) BuilderOption {
	return func(b *Builder) error { b.now = now; return nil }
}

// WithBoundary fixes the MIME boundary (for golden files).
func WithBoundary(s string) BuilderOption {
	return func(b *Builder) error { b.boundary = s; return nil }
}

// WithEnvelopeSender makes fn give each message's envelope sender (MAIL
// FROM, the Return-Path bounces go to) from its issue number and
// subscriber ID, instead of the From address: a VERP return path.
func WithEnvelopeSender(fn func(issue int, subscriber int64) string) BuilderOption {
	return func(b *Builder) error { b.envelope = fn; return nil }
}

// WithDKIM signs every message with the key.
func WithDKIM(d *DKIM) BuilderOption {
	return func(b *Builder) error { b.dkim = d; return nil }
}

// NewBuilder returns a Builder for the identity.
func NewBuilder(id Identity, opts ...BuilderOption) (*Builder, error) {
	from, err := mail.ParseAddress(id.From)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrNoFrom, id.From)
	}
	if from.Name == "" {
		from.Name = id.Name
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	b := &Builder{id: id, from: from, domain: strings.ToLower(domain), now: time.Now}
	b.listID = fmt.Sprintf("%s <%s.%s>", id.Name, slug(id.Name), b.domain)
	for _, o := range opts {
		if err := o(b); err != nil {
			return nil, fmt.Errorf("apply option: %w", err)
		}
	}
	return b, nil
}

// build makes the issue's MIME message with go-mail: text part first, then
// HTML, in UTF-8 quoted-printable, with List-Id and no User-Agent. The
// per-recipient header fields (To, Date, Message-ID, List-Unsubscribe) are
// written by Template.Fill, so they are left out here.
func (b *Builder) build(subject string, r digest.Rendered) (*gomail.Msg, error) {
	opts := []gomail.MsgOption{gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP)}
	if b.boundary != "" {
		opts = append(opts, gomail.WithBoundary(b.boundary))
	}
	msg := gomail.NewMsg(opts...)
	msg.FromMailAddress(b.from)
	if b.id.ReplyTo != "" {
		if err := msg.ReplyTo(b.id.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to %q: %w", b.id.ReplyTo, err)
		}
	}
	msg.Subject(subject)
	msg.SetGenHeader(headerListID, b.listID)
	msg.SetBodyString(gomail.TypeTextPlain, r.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	return msg, nil
}

// RandomID is a random Message-ID local part, for mail that is not a
// delivery of the ledger (a preview, a confirmation).
func RandomID(prefix string) string {
	r := make([]byte, 12)
	_, _ = rand.Read(r)
	return prefix + "." + hex.EncodeToString(r)
}

func slug(s string) string {
	var out strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out.WriteRune(r)
		case out.Len() > 0 && !strings.HasSuffix(out.String(), "-"):
			out.WriteByte('-')
		}
	}
	if t := strings.Trim(out.String(), "-"); t != "" {
		return t
	}
	return "digest"
}

// headerListID is RFC 2919's List-Id, which go-mail does not name.
const headerListID gomail.Header = "List-Id"
