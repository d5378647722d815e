package mailer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/digest-dev/digest/digest"
)

var _ digest.Sender = (*Outbox)(nil)

// Outbox "sends" by writing one .eml file per message into a folder: the
// transport of a first run, before an SMTP server is configured.
type Outbox struct {
	Dir     string
	Builder *Builder
	Prefix  string // file name prefix, e.g. "preview-"
}

// Send writes the message to <dir>/<prefix>issue-<n>-<address>.eml. The file
// is written under a temporary name and renamed, so no half-written .eml is
// ever left behind.
func (o *Outbox) Send(_ context.Context, m *digest.Message) error {
	msg, err := o.Builder.Build(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	name := filepath.Join(o.Dir, fmt.Sprintf("%sissue-%d-%s.eml", o.Prefix, m.Issue, fileSafe(m.To.Email)))
	tmp, err := os.CreateTemp(o.Dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("outbox: write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("outbox: write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
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
