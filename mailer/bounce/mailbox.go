package bounce

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// Mailbox protocols and TLS modes, as config.yaml spells them.
const (
	POP3 = "pop3"
	IMAP = "imap"

	TLSImplicit = "implicit" // TLS from the first byte (POP3S 995, IMAPS 993)
	TLSStartTLS = "starttls" // plain connection upgraded with STLS / STARTTLS
	TLSNone     = "none"     // no TLS: a mailbox on the same machine only
)

// DefaultKeepFolder is the IMAP folder unattributed messages are moved to.
const DefaultKeepFolder = "digest-unattributed"

// MailboxConfig is how to reach the bounce mailbox.
type MailboxConfig struct {
	Protocol string // POP3 or IMAP
	Host     string
	Port     int
	TLS      string // TLSImplicit, TLSStartTLS or TLSNone
	Username string
	Password string // from the environment, never the config file
	// Delete removes handled messages; without it they stay (IMAP marks
	// them seen, so the next fetch skips them).
	Delete bool
	// KeepFolder is where IMAP moves what cannot be attributed;
	// "": DefaultKeepFolder. POP3 leaves such messages in place.
	KeepFolder string
	TLSConfig  *tls.Config   // nil: the system's roots, for Host
	Timeout    time.Duration // per command; 0: 30s
}

// Ref names one message in an open mailbox.
type Ref struct {
	Num int // POP3 message number, or IMAP UID
}

// Mailbox is one session with the bounce mailbox.
type Mailbox interface {
	// List returns the messages to process.
	List(ctx context.Context) ([]Ref, error)
	// Fetch returns a message's raw bytes.
	Fetch(ctx context.Context, r Ref) ([]byte, error)
	// Done disposes of a handled message: deleted when the config says
	// so, else left (IMAP marks it seen, so the next fetch skips it).
	Done(ctx context.Context, r Ref) error
	// Keep sets aside a message that could not be attributed: moved to the
	// keep folder on IMAP, left in place on POP3.
	Keep(ctx context.Context, r Ref) error
	// Close ends the session, committing deletions.
	Close() error
}

// OpenMailbox connects and logs in.
func OpenMailbox(ctx context.Context, cfg MailboxConfig) (Mailbox, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	switch cfg.TLS {
	case TLSImplicit, TLSStartTLS, TLSNone:
	default:
		return nil, fmt.Errorf("bounce mailbox: unknown TLS mode %q", cfg.TLS)
	}
	switch cfg.Protocol {
	case POP3:
		return dialPOP3(ctx, cfg)
	case IMAP:
		return dialIMAP(ctx, cfg)
	}
	return nil, fmt.Errorf("bounce mailbox: unknown protocol %q (want pop3 or imap)", cfg.Protocol)
}

// dial opens the TCP connection, with TLS from the start when implicit.
func dial(ctx context.Context, cfg MailboxConfig) (net.Conn, error) {
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	d := &net.Dialer{Timeout: cfg.Timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("bounce mailbox: connect %s: %w", addr, err)
	}
	if cfg.TLS != TLSImplicit {
		return conn, nil
	}
	return handshake(ctx, conn, cfg)
}

// handshake runs TLS over conn, checking the server's certificate for Host.
func handshake(ctx context.Context, conn net.Conn, cfg MailboxConfig) (net.Conn, error) {
	tc := tlsConfig(cfg)
	tconn := tls.Client(conn, tc)
	hctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	if err := tconn.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("bounce mailbox: TLS with %s: %w", cfg.Host, err)
	}
	return tconn, nil
}

func tlsConfig(cfg MailboxConfig) *tls.Config {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tc = cfg.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = cfg.Host
	}
	return tc
}

// errProtocol is a server reply the client did not expect.
var errProtocol = errors.New("bounce mailbox: unexpected reply")
