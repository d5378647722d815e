package mailer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// Outbox "sends" by writing one .eml file per message into a folder: the
// transport of a first run, before an SMTP server is configured. Its files
// are exactly what an SMTP server would receive.
type Outbox struct {
	Dir     string
	Builder *Builder
	Prefix  string // file name prefix, e.g. "preview-"
}

// Open implements digest.Transport.
func (o *Outbox) Open(_ context.Context, is *digest.StoredIssue) (digest.Conn, error) {
	p, err := o.Builder.Prepare(is)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fatal(fmt.Errorf("outbox: %w", err))
	}
	return &outboxConn{o: o, mail: p}, nil
}

type outboxConn struct {
	o    *Outbox
	mail *Mail
}

// Send writes the message to <dir>/<prefix>issue-<n>-<address>.eml. The
// file is written under a temporary name and renamed, so no half-written
// .eml is ever left behind. A file that cannot be written stops the send.
func (c *outboxConn) Send(_ context.Context, m *digest.Message) error {
	data, err := c.mail.Message(nil, m)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s%s.eml", c.o.Prefix, fileSafe(m.To.Email))
	if m.Issue > 0 {
		name = fmt.Sprintf("%sissue-%d-%s.eml", c.o.Prefix, m.Issue, fileSafe(m.To.Email))
	}
	if err := writeAtomic(filepath.Join(c.o.Dir, name), data); err != nil {
		return fatal(fmt.Errorf("outbox: %w", err))
	}
	return nil
}

func (c *outboxConn) Close() error { return nil }

// writeAtomic writes data to a temporary file beside name, then renames it.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*.eml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}

func fatal(err error) *digest.SendError {
	return &digest.SendError{Class: digest.Fatal, Message: err.Error(), Err: err}
}

func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '@', r == '.', r == '-', r == '_', r == '+':
			return r
		}
		return '_'
	}, s)
}
