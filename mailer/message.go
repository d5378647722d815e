// Package mailer turns digest messages into MIME mail with go-mail and
// delivers them over SMTP, or into an outbox folder of .eml files.
package mailer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
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
	id       Identity
	from     *mail.Address
	domain   string
	listID   string
	now      func() time.Time
	boundary string
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

// Build makes the MIME message: text part first, then HTML, in UTF-8,
// with the list headers of RFC 2369, 2919 and 8058 and no User-Agent.
func (b *Builder) Build(m *digest.Message) (*gomail.Msg, error) {
	opts := []gomail.MsgOption{gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP)}
	if b.boundary != "" {
		opts = append(opts, gomail.WithBoundary(b.boundary))
	}
	msg := gomail.NewMsg(opts...)
	msg.FromMailAddress(b.from)
	if err := msg.AddToFormat(m.To.Name, m.To.Email); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To.Email, err)
	}
	if b.id.ReplyTo != "" {
		if err := msg.ReplyTo(b.id.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to %q: %w", b.id.ReplyTo, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(b.now())
	msg.SetMessageIDWithValue(b.messageID(m.MessageID))
	msg.SetGenHeader(headerListID, b.listID)
	if err := b.listUnsubscribe(msg, m.Links); err != nil {
		return nil, err
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// listUnsubscribe sets List-Unsubscribe (RFC 2369) and, for an https link,
// List-Unsubscribe-Post for one-click unsubscribe (RFC 8058); a plain http
// link (a local test set-up) gets List-Unsubscribe alone, as RFC 8058
// requires https for the POST. The headers are set as generic headers, not
// go-mail's preformatted ones, which it writes in map order: the bytes of a
// message must not change from one build to the next.
func (b *Builder) listUnsubscribe(msg *gomail.Msg, l digest.Links) error {
	u, err := url.Parse(l.Unsubscribe)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("message has no valid unsubscribe link: %q", l.Unsubscribe)
	}
	uris := []string{"<" + u.String() + ">"}
	if l.UnsubscribeMail != "" {
		uris = append(uris, "<"+l.UnsubscribeMail+">")
	}
	msg.SetGenHeader(gomail.HeaderListUnsubscribe, uris...)
	if u.Scheme == "https" {
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	return nil
}

// messageID is "<local>@<sender domain>"; go-mail's default would use the
// machine's host name. A random local part is used when none is given.
func (b *Builder) messageID(local string) string {
	if local == "" {
		r := make([]byte, 12)
		_, _ = rand.Read(r)
		local = hex.EncodeToString(r)
	}
	return local + "@" + b.domain
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
