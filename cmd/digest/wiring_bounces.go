package main

import (
	"context"
	"net/http"
	"net/mail"
	"strings"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/mailer/bounce"
)

// verp signs return paths with the link-signing secret; nil when
// smtp.return_path is empty.
func (d *deps) verp(ctx context.Context) (*bounce.VERP, error) {
	if d.cfg.SMTP.ReturnPath == "" {
		return nil, nil
	}
	secret, err := d.secret(ctx)
	if err != nil {
		return nil, err
	}
	v, err := bounce.NewVERP(d.cfg.SMTP.ReturnPath, secret)
	if err != nil {
		return nil, d.cfg.errorf("smtp.return_path", "%v", err)
	}
	return v, nil
}

// envelopeSender makes every bulk copy's envelope sender its VERP
// address when smtp.return_path is set (a message to no subscriber gets
// the plain return path).
func (d *deps) envelopeSender(ctx context.Context) ([]mailer.BuilderOption, error) {
	v, err := d.verp(ctx)
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
func (d *deps) classifier(ctx context.Context) (*bounce.Classifier, *bounce.VERP, error) {
	v, err := d.verp(ctx)
	if err != nil {
		return nil, nil, err
	}
	return &bounce.Classifier{VERP: v, Domain: d.cfg.messageDomain()}, v, nil
}

// bounceFetcher reads the bounce mailbox; nil when none is configured.
func (d *deps) bounceFetcher(ctx context.Context) (*bounce.Fetcher, error) {
	cfg := d.cfg
	if cfg.Bounces.Mailbox.Protocol == "" {
		return nil, nil
	}
	m := cfg.Bounces.Mailbox
	password := d.getenv(m.PasswordEnv)
	if password == "" {
		return nil, cfg.errorf("bounces.mailbox.username", "is set but $%s (bounces.mailbox.password_env) is empty", m.PasswordEnv)
	}
	cl, _, err := d.classifier(ctx)
	if err != nil {
		return nil, err
	}
	mc := bounce.MailboxConfig{Protocol: m.Protocol, Host: m.Host, Port: m.Port, TLS: m.TLS, Username: m.Username,
		Password: password, Delete: m.Delete, KeepFolder: m.KeepFolder, Timeout: cfg.SMTP.Timeout}
	return &bounce.Fetcher{Mailbox: mc, Classifier: cl, Store: d.store, Policy: cfg.feedbackPolicy(), Log: d.log}, nil
}

// webhookHandlers are the configured bounce and complaint providers'
// handlers, by the name in POST /webhooks/{provider}.
func (d *deps) webhookHandlers(ctx context.Context) (map[string]http.Handler, error) {
	cfg := d.cfg
	wh := cfg.Bounces.Webhooks
	out := map[string]http.Handler{}
	if len(wh.SES.TopicARNs) == 0 && !wh.Mailgun.Enabled {
		return out, nil
	}
	_, v, err := d.classifier(ctx)
	if err != nil {
		return nil, err
	}
	if len(wh.SES.TopicARNs) > 0 {
		out["ses"] = &bounce.SES{Store: d.store, Policy: cfg.feedbackPolicy(), VERP: v, Domain: cfg.messageDomain(),
			TopicARNs: wh.SES.TopicARNs, Log: d.log}
	}
	if wh.Mailgun.Enabled {
		key := d.getenv(wh.Mailgun.SigningKeyEnv)
		if key == "" {
			return nil, cfg.errorf("bounces.webhooks.mailgun.enabled", "is true but $%s (bounces.webhooks.mailgun.signing_key_env) is empty", wh.Mailgun.SigningKeyEnv)
		}
		out["mailgun"] = &bounce.Mailgun{Store: d.store, Policy: cfg.feedbackPolicy(), VERP: v, Domain: cfg.messageDomain(),
			SigningKey: []byte(key), Now: d.now, Log: d.log}
	}
	return out, nil
}
