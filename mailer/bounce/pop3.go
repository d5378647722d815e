package bounce

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// pop3Client is a small POP3 client (RFC 1939, STLS from RFC 2595) over
// net/textproto: USER/PASS, LIST, RETR, DELE, QUIT. Deletions take effect
// at QUIT; a session that breaks before it deletes nothing.
type pop3Client struct {
	conn    net.Conn
	tp      *textproto.Conn
	timeout time.Duration
	delete  bool
}

func dialPOP3(ctx context.Context, cfg MailboxConfig) (*pop3Client, error) {
	conn, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	p := &pop3Client{conn: conn, tp: textproto.NewConn(conn), timeout: cfg.Timeout, delete: cfg.Delete}
	if err := p.start(ctx, cfg); err != nil {
		p.tp.Close()
		return nil, fmt.Errorf("bounce mailbox: pop3 %s: %w", cfg.Host, err)
	}
	return p, nil
}

func (p *pop3Client) start(ctx context.Context, cfg MailboxConfig) error {
	if _, err := p.reply(); err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	if cfg.TLS == TLSStartTLS {
		if _, err := p.cmd("STLS"); err != nil {
			return fmt.Errorf("STLS: %w", err)
		}
		tconn, err := handshake(ctx, p.conn, cfg)
		if err != nil {
			return err
		}
		p.conn, p.tp = tconn, textproto.NewConn(tconn)
	}
	if strings.ContainsAny(cfg.Username+cfg.Password, "\r\n") {
		return errors.New("user name or password holds a line break")
	}
	if _, err := p.cmd("USER %s", cfg.Username); err != nil {
		return fmt.Errorf("USER: %w", err)
	}
	if _, err := p.cmd("PASS %s", cfg.Password); err != nil {
		return fmt.Errorf("login as %s refused: %w", cfg.Username, err)
	}
	return nil
}

// cmd sends a command and reads its one-line reply, without the +OK.
func (p *pop3Client) cmd(format string, args ...any) (string, error) {
	p.conn.SetDeadline(time.Now().Add(p.timeout))
	if err := p.tp.PrintfLine(format, args...); err != nil {
		return "", err
	}
	return p.reply()
}

func (p *pop3Client) reply() (string, error) {
	p.conn.SetDeadline(time.Now().Add(p.timeout))
	line, err := p.tp.ReadLine()
	if err != nil {
		return "", err
	}
	if rest, ok := strings.CutPrefix(line, "+OK"); ok {
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("%w: %q", errProtocol, truncate(line, 200))
}

// multi sends a command whose reply is a dot-terminated block.
func (p *pop3Client) multi(format string, args ...any) ([]byte, error) {
	if _, err := p.cmd(format, args...); err != nil {
		return nil, err
	}
	p.conn.SetDeadline(time.Now().Add(p.timeout))
	return p.tp.ReadDotBytes()
}

// List implements Mailbox: every message, by its number. (RETR and DELE
// take numbers; a UIDL would only name them again.)
func (p *pop3Client) List(context.Context) ([]Ref, error) {
	body, err := p.multi("LIST")
	if err != nil {
		return nil, fmt.Errorf("bounce mailbox: pop3 LIST: %w", err)
	}
	var refs []Ref
	for _, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w to LIST: %q", errProtocol, line)
		}
		refs = append(refs, Ref{Num: n})
	}
	return refs, nil
}

// Fetch implements Mailbox.
func (p *pop3Client) Fetch(_ context.Context, r Ref) ([]byte, error) {
	b, err := p.multi("RETR %d", r.Num)
	if err != nil {
		return nil, fmt.Errorf("bounce mailbox: pop3 RETR %d: %w", r.Num, err)
	}
	return b, nil
}

// Done implements Mailbox: DELE when deleting; POP3 keeps no seen flag.
func (p *pop3Client) Done(_ context.Context, r Ref) error {
	if !p.delete {
		return nil
	}
	if _, err := p.cmd("DELE %d", r.Num); err != nil {
		return fmt.Errorf("bounce mailbox: pop3 DELE %d: %w", r.Num, err)
	}
	return nil
}

// Keep implements Mailbox: POP3 has no folders, so the message stays.
func (p *pop3Client) Keep(context.Context, Ref) error { return nil }

// Close implements Mailbox: QUIT commits the deletions.
func (p *pop3Client) Close() error {
	_, err := p.cmd("QUIT")
	p.tp.Close()
	return err
}
