package mailer

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/digest-dev/digest/digest"
)

var (
	_ digest.Transport = (*SMTPTransport)(nil)
	_ digest.Transport = (*Outbox)(nil)
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// SMTPTransport opens SMTP connections for bulk sends. Each connection
// writes pre-encoded messages from the issue's Template over go-mail's SMTP
// client (MAIL, RCPT, DATA): the MIME message is built once per issue, not
// once per recipient.
type SMTPTransport struct {
	client  *gomail.Client
	builder *Builder
	dkim    *DKIM
	timeout time.Duration
	now     func() time.Time

	mu        sync.Mutex
	templates map[int]*Template
}

// NewSMTPTransport returns a transport to the server in cfg; dkim may be nil.
func NewSMTPTransport(cfg SMTPConfig, b *Builder, dkim *DKIM) (*SMTPTransport, error) {
	s, err := NewSMTP(cfg, b)
	if err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &SMTPTransport{client: s.client, builder: b, dkim: dkim, timeout: timeout, now: b.now, templates: map[int]*Template{}}, nil
}

func (t *SMTPTransport) template(is *digest.StoredIssue) (*Template, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tm, ok := t.templates[is.Number]; ok {
		return tm, nil
	}
	tm, err := t.builder.Compile(is.Number, is.Subject, is.Rendered)
	if err != nil {
		return nil, err
	}
	t.templates[is.Number] = tm
	return tm, nil
}

// Open implements digest.Transport.
func (t *SMTPTransport) Open(ctx context.Context, is *digest.StoredIssue) (digest.Conn, error) {
	tm, err := t.template(is)
	if err != nil {
		return nil, err
	}
	c, err := t.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, classify(err, true)
	}
	return &smtpConn{t: t, tm: tm, c: c}, nil
}

// smtpConn is one SMTP session; it is used by one worker.
type smtpConn struct {
	t   *SMTPTransport
	tm  *Template
	c   *smtp.Client
	buf []byte
}

// Send implements digest.Conn.
func (s *smtpConn) Send(_ context.Context, m *digest.Message) error {
	s.buf = s.tm.Fill(s.buf[:0], m, s.t.now())
	data := s.buf
	if s.t.dkim != nil {
		signed, err := s.t.dkim.Sign(data)
		if err != nil {
			return &digest.SendError{Message: err.Error(), Err: err}
		}
		data = signed
	}
	if err := s.c.UpdateDeadline(s.t.timeout); err != nil {
		return classify(err, true)
	}
	// go-mail's client writes the path as given: RFC 5321 wants it in
	// angle brackets, and strict servers refuse it bare.
	if err := s.c.Mail("<" + s.tm.From() + ">"); err != nil {
		return s.abort(err)
	}
	if err := s.c.Rcpt("<" + m.To.Email + ">"); err != nil {
		return s.abort(err)
	}
	w, err := s.c.Data()
	if err != nil {
		return s.abort(err)
	}
	// textproto's dot-writer handles a byte at a time, which cost more than
	// everything else in a send; the message is dot-stuffed here in bulk and
	// written past it, and closing the dot-writer ends the data with
	// "\r\n.\r\n", the message's own last line break included.
	data = bytes.TrimSuffix(dotStuff(data), []byte("\r\n"))
	if _, err := s.c.Text.W.Write(data); err != nil {
		return classify(err, true)
	}
	if err := w.Close(); err != nil {
		return classify(err, false)
	}
	return nil
}

// dotStuff doubles a dot that starts a line (RFC 5321 4.5.2); it copies
// only when there is one.
func dotStuff(b []byte) []byte {
	if !bytes.Contains(b, []byte("\r\n.")) && !bytes.HasPrefix(b, []byte(".")) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	if bytes.HasPrefix(b, []byte(".")) {
		out = append(out, '.')
	}
	for {
		i := bytes.Index(b, []byte("\r\n."))
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i+2]...)
		out = append(out, '.')
		b = b[i+2:]
	}
}

// abort resets the session after a refused command, so the next message
// starts clean; a failed reset means the connection is gone.
func (s *smtpConn) abort(err error) error {
	se := classify(err, false)
	if !se.Broken {
		if rerr := s.c.Reset(); rerr != nil {
			se.Broken = true
		}
	}
	return se
}

// Close implements digest.Conn.
func (s *smtpConn) Close() error {
	s.c.Quit()
	return s.c.Close()
}

// classify turns an SMTP or network error into a digest.SendError.
func classify(err error, broken bool) *digest.SendError {
	var se *digest.SendError
	if errors.As(err, &se) {
		return se
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		e := &digest.SendError{Code: tp.Code, Message: tp.Msg, Temporary: tp.Code/100 == 4, Err: err}
		if f := strings.Fields(tp.Msg); len(f) > 0 && enhanced(f[0]) {
			e.Enhanced, e.Message = f[0], strings.TrimSpace(strings.TrimPrefix(tp.Msg, f[0]))
		}
		e.Broken = tp.Code == 421
		lower := strings.ToLower(tp.Msg)
		e.SlowDown = tp.Code == 421 || strings.HasPrefix(e.Enhanced, "4.7.") ||
			strings.Contains(lower, "too many") || strings.Contains(lower, "rate") || strings.Contains(lower, "slow down")
		return e
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || broken {
		return &digest.SendError{Message: err.Error(), Temporary: true, Broken: true, Err: err}
	}
	return &digest.SendError{Message: err.Error(), Temporary: true, Broken: true, Err: err}
}

// enhanced reports an RFC 3463 status code such as 5.1.1.
func enhanced(s string) bool {
	p := strings.Split(s, ".")
	if len(p) != 3 || (p[0] != "2" && p[0] != "4" && p[0] != "5") {
		return false
	}
	for _, x := range p[1:] {
		if x == "" || len(x) > 3 || strings.Trim(x, "0123456789") != "" {
			return false
		}
	}
	return true
}

// Open implements digest.Transport for the outbox: each message is built in
// full and written as a file.
func (o *Outbox) Open(_ context.Context, is *digest.StoredIssue) (digest.Conn, error) {
	return &outboxConn{o: o, is: is, html: digest.NewPersonaliser(is.Rendered.HTML, true), text: digest.NewPersonaliser(is.Rendered.Text, false)}, nil
}

type outboxConn struct {
	o          *Outbox
	is         *digest.StoredIssue
	html, text *digest.Personaliser
}

func (c *outboxConn) Send(ctx context.Context, m *digest.Message) error {
	v := digest.ValuesFor(m.To, m.Links)
	full := *m
	full.HTML, full.Text = c.html.Fill(v), c.text.Fill(v)
	return c.o.Send(ctx, &full)
}

func (c *outboxConn) Close() error { return nil }
