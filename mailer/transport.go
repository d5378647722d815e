package mailer

import (
	"bytes"
	"context"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/digest-dev/digest/digest"
)

var (
	_ digest.Transport = (*SMTPTransport)(nil)
	_ digest.Transport = (*Outbox)(nil)
)

// Mail is a stored issue compiled for sending. Message is the one fill
// step that every copy goes through, whichever transport carries it.
type Mail struct {
	tm       *Template
	dkim     *DKIM
	now      func() time.Time
	envelope func(issue int, subscriber int64) string
}

// Prepare compiles the issue's message (see Compile), once for all the
// connections of a send: the last issue's compile is kept.
func (b *Builder) Prepare(is *digest.StoredIssue) (*Mail, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.last == is {
		return b.mail, nil
	}
	tm, err := b.Compile(is)
	if err != nil {
		return nil, fatal(err)
	}
	b.last, b.mail = is, &Mail{tm: tm, dkim: b.dkim, now: b.now, envelope: b.envelope}
	return b.mail, nil
}

// Message appends to dst the complete message for m, signed when a DKIM
// key is set. A signing failure is Fatal: no retry makes a key sign.
func (p *Mail) Message(dst []byte, m *digest.Message) ([]byte, error) {
	dst = p.tm.Fill(dst, m, p.now())
	if p.dkim == nil {
		return dst, nil
	}
	signed, err := p.dkim.Sign(dst)
	if err != nil {
		return nil, &digest.SendError{Class: digest.Fatal, Message: err.Error(), Err: err}
	}
	return signed, nil
}

// Wire appends to dst the message for m as DATA sends it: dot-stuffed,
// with its final dot. Unsigned copies come stuffed from the compiled
// issue; a signed one is stuffed after signing, which covers the text as
// the recipient reads it.
func (p *Mail) Wire(dst []byte, m *digest.Message) ([]byte, error) {
	if p.dkim == nil {
		return appendFinalDot(p.tm.fillWire(dst, m, p.now())), nil
	}
	msg, err := p.Message(nil, m)
	if err != nil {
		return nil, err
	}
	return appendFinalDot(dotStuff(dst, msg)), nil
}

// appendFinalDot ends DATA's text: a line break if the text lacks its
// last, then ".".
func appendFinalDot(dst []byte) []byte {
	if !bytes.HasSuffix(dst, []byte("\r\n")) {
		dst = append(dst, "\r\n"...)
	}
	return append(dst, ".\r\n"...)
}

// EnvelopeFrom is the envelope sender (MAIL FROM) of m: the From address,
// or what the builder's WithEnvelopeSender function says for m's issue and
// subscriber.
func (p *Mail) EnvelopeFrom(m *digest.Message) string {
	if p.envelope != nil {
		return p.envelope(m.Issue, m.To.ID)
	}
	return p.tm.From()
}

// SMTPTransport opens SMTP connections. go-mail dials them (TLS, AUTH);
// each connection then writes filled copies of the issue's Template.
type SMTPTransport struct {
	client  *gomail.Client
	builder *Builder
	timeout time.Duration
}

// NewSMTPTransport returns a transport to the server in cfg.
func NewSMTPTransport(cfg SMTPConfig, b *Builder) (*SMTPTransport, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &SMTPTransport{client: c, builder: b, timeout: timeout}, nil
}

// Open implements digest.Transport.
func (t *SMTPTransport) Open(ctx context.Context, is *digest.StoredIssue) (digest.Conn, error) {
	p, err := t.builder.Prepare(is)
	if err != nil {
		return nil, err
	}
	c, err := t.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, classify(err, stageConnect)
	}
	return &smtpConn{mail: p, s: newSession(c, t.timeout, true)}, nil
}

// smtpConn is one SMTP connection; it is used by one worker.
type smtpConn struct {
	mail *Mail
	s    *session
	buf  []byte
}

// Send implements digest.Conn.
func (c *smtpConn) Send(_ context.Context, m *digest.Message) error {
	data, err := c.mail.Wire(c.buf[:0], m)
	if err != nil {
		return err
	}
	c.buf = data
	return c.s.send(c.mail.EnvelopeFrom(m), m.To.Email, data)
}

// Close implements digest.Conn.
func (c *smtpConn) Close() error { return c.s.close() }
