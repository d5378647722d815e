package main

import (
	"net/http"
	"net/mail"
	"strings"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/bounce"
)

// newVERP signs return paths with the link-signing secret; nil when
// smtp.return_path is empty.
func (c *Config) newVERP(secret []byte) (*bounce.VERP, error) {
	if c.SMTP.ReturnPath == "" {
		return nil, nil
	}
	v, err := bounce.NewVERP(c.SMTP.ReturnPath, secret)
	if err != nil {
		return nil, c.errorf("smtp.return_path", "%v", err)
	}
	return v, nil
}

// envelopeSender makes every bulk copy's envelope sender its VERP
// address; a message to no subscriber gets the plain return path, built
// once here rather than per message.
func envelopeSender(v *bounce.VERP) func(issue int, subscriber int64) string {
	returnPath := v.ReturnPath()
	return func(issue int, subscriber int64) string {
		if subscriber <= 0 {
			return returnPath
		}
		return v.Address(issue, subscriber)
	}
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
func (d *deps) classifier() *bounce.Classifier {
	return &bounce.Classifier{VERP: d.verp, Domain: d.cfg.messageDomain()}
}

// bounceFetcher reads the bounce mailbox; nil when none is configured.
func (d *deps) bounceFetcher() (*bounce.Fetcher, error) {
	cfg := d.cfg
	if cfg.Bounces.Mailbox.Protocol == "" {
		return nil, nil
	}
	m := cfg.Bounces.Mailbox
	password := d.getenv(m.PasswordEnv)
	if password == "" {
		return nil, cfg.errorf("bounces.mailbox.username", "is set but $%s (bounces.mailbox.password_env) is empty", m.PasswordEnv)
	}
	mc := bounce.MailboxConfig{Protocol: m.Protocol, Host: m.Host, Port: m.Port, TLS: m.TLS, Username: m.Username,
		Password: password, Delete: m.Delete, KeepFolder: m.KeepFolder, Timeout: cfg.SMTP.Timeout}
	return &bounce.Fetcher{Mailbox: mc, Classifier: d.classifier(), Store: d.store, Policy: cfg.feedbackPolicy(), Log: d.log}, nil
}

// webhookHandlers are the configured bounce and complaint providers'
// handlers, by the name in POST /webhooks/{provider}.
func (d *deps) webhookHandlers() (map[string]http.Handler, error) {
	cfg := d.cfg
	wh := cfg.Bounces.Webhooks
	out := map[string]http.Handler{}
	if len(wh.SES.TopicARNs) == 0 && !wh.Mailgun.Enabled {
		return out, nil
	}
	if len(wh.SES.TopicARNs) > 0 {
		out["ses"] = &bounce.SES{Store: d.store, Policy: cfg.feedbackPolicy(), VERP: d.verp, Domain: cfg.messageDomain(),
			TopicARNs: wh.SES.TopicARNs, Log: d.log}
	}
	if wh.Mailgun.Enabled {
		key := d.getenv(wh.Mailgun.SigningKeyEnv)
		if key == "" {
			return nil, cfg.errorf("bounces.webhooks.mailgun.enabled", "is true but $%s (bounces.webhooks.mailgun.signing_key_env) is empty", wh.Mailgun.SigningKeyEnv)
		}
		out["mailgun"] = &bounce.Mailgun{Store: d.store, Policy: cfg.feedbackPolicy(), VERP: d.verp, Domain: cfg.messageDomain(),
			SigningKey: []byte(key), Now: d.now, Log: d.log}
	}
	return out, nil
}
