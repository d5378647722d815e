package mailer

import (
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

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

// newClient is go-mail's client for the server: it dials, says EHLO, does
// STARTTLS and AUTH; the session takes over from there.
func newClient(cfg SMTPConfig) (*gomail.Client, error) {
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
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return c, nil
}
