package mailer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/digest-dev/digest/digest"
)

var _ digest.Sender = (*SMTP)(nil)

// TLS policies, as config.yaml spells them.
const (
	TLSMandatory     = "mandatory"
	TLSOpportunistic = "opportunistic"
	TLSNone          = "none"
)

// SMTPConfig is how to reach the SMTP server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string // from the environment, never from the config file
	TLS      string // TLSMandatory, TLSOpportunistic or TLSNone
	// Auth is the AUTH mechanism: "auto" (or empty) picks the strongest the
	// server offers that is safe on the connection; or plain, login,
	// cram-md5, scram-sha-1, scram-sha-256.
	Auth    string
	Timeout time.Duration
	HELO    string
	// Dial replaces the network dialer (tests).
	Dial gomail.DialContextFunc
}

// authMechanisms maps config names to go-mail's.
var authMechanisms = map[string]gomail.SMTPAuthType{
	"": gomail.SMTPAuthAutoDiscover, "auto": gomail.SMTPAuthAutoDiscover, "plain": gomail.SMTPAuthPlain,
	"login": gomail.SMTPAuthLogin, "cram-md5": gomail.SMTPAuthCramMD5,
	"scram-sha-1": gomail.SMTPAuthSCRAMSHA1, "scram-sha-256": gomail.SMTPAuthSCRAMSHA256,
}

// AuthMechanisms lists the names SMTPConfig.Auth takes.
func AuthMechanisms() []string {
	return []string{"auto", "plain", "login", "cram-md5", "scram-sha-1", "scram-sha-256"}
}

// SMTP sends messages over one persistent SMTP connection, dialled on
// first use and again after any failure. It is safe for concurrent use.
type SMTP struct {
	client  *gomail.Client
	builder *Builder
	mu      sync.Mutex
	conn    *smtp.Client
}

// NewSMTP returns an SMTP sender.
func NewSMTP(cfg SMTPConfig, b *Builder) (*SMTP, error) {
	policy := map[string]gomail.TLSPolicy{TLSMandatory: gomail.TLSMandatory, TLSOpportunistic: gomail.TLSOpportunistic, TLSNone: gomail.NoTLS, "": gomail.TLSMandatory}
	p, ok := policy[cfg.TLS]
	if !ok {
		return nil, fmt.Errorf("smtp: unknown TLS policy %q", cfg.TLS)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTLSPortPolicy(p), gomail.WithTimeout(cfg.Timeout), gomail.WithoutNoop()}
	if p == gomail.NoTLS {
		opts[1] = gomail.WithTLSPolicy(p)
	}
	if cfg.Username != "" {
		mech, ok := authMechanisms[cfg.Auth]
		if !ok {
			return nil, fmt.Errorf("smtp: unknown AUTH mechanism %q", cfg.Auth)
		}
		opts = append(opts, gomail.WithSMTPAuth(mech), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	if cfg.Dial != nil {
		opts = append(opts, gomail.WithDialContextFunc(cfg.Dial))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return &SMTP{client: c, builder: b}, nil
}

// Send implements digest.Sender.
func (s *SMTP) Send(ctx context.Context, m *digest.Message) error {
	msg, err := s.builder.Build(m)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		if s.conn, err = s.client.DialToSMTPClientWithContext(ctx); err != nil {
			s.conn = nil
			return fmt.Errorf("smtp: connect: %w", err)
		}
	}
	if err := s.client.SendWithSMTPClient(s.conn, msg); err != nil {
		// After a failure the session state is unknown: start afresh. A
		// message the server accepted before the error is delivered all the
		// same: IsDelivered is the truth, not the connection's error.
		_ = s.client.CloseWithSMTPClient(s.conn)
		s.conn = nil
		if msg.IsDelivered() {
			return nil
		}
		return err
	}
	return nil
}

// Close ends the SMTP session.
func (s *SMTP) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	err := s.client.CloseWithSMTPClient(s.conn)
	s.conn = nil
	return err
}

// IsTemporary reports whether a send error is worth retrying.
func IsTemporary(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.IsTemp()
}
