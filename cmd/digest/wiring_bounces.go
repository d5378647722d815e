package main

import (
	"context"
	"net/mail"
	"strings"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/mailer/bounce"
	"github.com/digest-dev/digest/subscribers"
)

// verp signs return paths with the link-signing secret; nil when
// smtp.return_path is empty.
func (a *app) verp(ctx context.Context, st *subscribers.Store) (*bounce.VERP, error) {
	cfg, err := a.config()
	if err != nil || cfg.SMTP.ReturnPath == "" {
		return nil, err
	}
	secret, err := a.secret(ctx, st)
	if err != nil {
		return nil, err
	}
	v, err := bounce.NewVERP(cfg.SMTP.ReturnPath, secret)
	if err != nil {
		return nil, cfg.errorf("smtp.return_path", "%v", err)
	}
	return v, nil
}

// envelopeSender makes every bulk copy's envelope sender its VERP
// address when smtp.return_path is set (a message to no subscriber gets
// the plain return path).
func (a *app) envelopeSender(ctx context.Context, st *subscribers.Store) ([]mailer.BuilderOption, error) {
	v, err := a.verp(ctx, st)
	if err != nil || v == nil {
		return nil, err
	}
	return []mailer.BuilderOption{mailer.WithEnvelopeSender(func(issue int, subscriber int64) string {
		if subscriber <= 0 {
			return v.ReturnPath()
		}
		return v.Address(issue, subscriber)
	})}, nil
}

// messageDomain is the domain of our Message-IDs: the From address's.
func (c *Config) messageDomain() string {
	a, err := mail.ParseAddress(c.Newsletter.From)
	if err != nil {
		return ""
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	return strings.ToLower(domain)
}

// feedbackPolicy is how bounces and complaints change a subscriber.
func (c *Config) feedbackPolicy() digest.FeedbackPolicy {
	return digest.FeedbackPolicy{HardThreshold: c.SMTP.BounceAfter, SoftThreshold: c.Bounces.SoftThreshold}
}

// classifier reads bounce messages with the VERP signer (nil without a
// return path: then only our Message-IDs attribute them).
func (a *app) classifier(ctx context.Context, st *subscribers.Store) (*bounce.Classifier, *bounce.VERP, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	v, err := a.verp(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	return &bounce.Classifier{VERP: v, Domain: cfg.messageDomain(), Now: a.now}, v, nil
}

// fetcher reads the bounce mailbox; nil when none is configured.
func (a *app) bounceFetcher(ctx context.Context, st *subscribers.Store) (*bounce.Fetcher, error) {
	cfg, err := a.config()
	if err != nil || cfg.Bounces.Mailbox.Protocol == "" {
		return nil, err
	}
	m := cfg.Bounces.Mailbox
	password := a.getenv(m.PasswordEnv)
	if password == "" {
		return nil, cfg.errorf("bounces.mailbox.username", "is set but $%s (bounces.mailbox.password_env) is empty", m.PasswordEnv)
	}
	cl, _, err := a.classifier(ctx, st)
	if err != nil {
		return nil, err
	}
	mc := bounce.MailboxConfig{Protocol: m.Protocol, Host: m.Host, Port: m.Port, TLS: m.TLS, Username: m.Username,
		Password: password, Delete: m.Delete, KeepFolder: m.KeepFolder, Timeout: cfg.SMTP.Timeout}
	return &bounce.Fetcher{Mailbox: mc, Classifier: cl, Store: st, Policy: cfg.feedbackPolicy(), Log: a.log}, nil
}
