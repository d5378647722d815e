package main

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/digest-dev/digest/mailer/bounce"
)

// BouncesConfig is the loop back from the inbox: the bounce mailbox, how
// often `digest run` reads it, and the provider webhooks.
type BouncesConfig struct {
	Mailbox       BounceMailboxConfig `yaml:"mailbox"`
	Interval      time.Duration       `yaml:"interval"`
	SoftThreshold int                 `yaml:"soft_threshold"`
	Webhooks      WebhooksConfig      `yaml:"webhooks"`
}

// BounceMailboxConfig is the POP3 or IMAP mailbox bounces arrive in.
type BounceMailboxConfig struct {
	Protocol    string `yaml:"protocol"`
	Host        string `yaml:"host"`
	Port        int    `yaml:"port"`
	TLS         string `yaml:"tls"`
	Username    string `yaml:"username"`
	PasswordEnv string `yaml:"password_env"`
	Delete      bool   `yaml:"delete"`
	KeepFolder  string `yaml:"keep_folder"`
}

// WebhooksConfig turns on provider webhooks; each is off until configured.
type WebhooksConfig struct {
	SES     SESWebhookConfig     `yaml:"ses"`
	Mailgun MailgunWebhookConfig `yaml:"mailgun"`
}

// SESWebhookConfig accepts Amazon SES notifications from these SNS topics.
type SESWebhookConfig struct {
	TopicARNs []string `yaml:"topic_arns"`
}

// MailgunWebhookConfig accepts Mailgun webhooks signed with the key in
// the environment variable SigningKeyEnv names.
type MailgunWebhookConfig struct {
	Enabled       bool   `yaml:"enabled"`
	SigningKeyEnv string `yaml:"signing_key_env"`
}

func defaultBounces() BouncesConfig {
	return BouncesConfig{Interval: 10 * time.Minute, SoftThreshold: 5,
		Mailbox:  BounceMailboxConfig{TLS: bounce.TLSImplicit, PasswordEnv: "DIGEST_BOUNCES_PASSWORD", KeepFolder: bounce.DefaultKeepFolder},
		Webhooks: WebhooksConfig{Mailgun: MailgunWebhookConfig{SigningKeyEnv: "DIGEST_MAILGUN_SIGNING_KEY"}}}
}

var mailboxTLS = []string{bounce.TLSImplicit, bounce.TLSStartTLS, bounce.TLSNone}

func (c *Config) validateBounces() error {
	if rp := c.SMTP.ReturnPath; rp != "" {
		if a, err := mail.ParseAddress(rp); err != nil || a.Address != rp || strings.Contains(rp, "+") {
			return c.errorf("smtp.return_path", "%q: want a plain address without a +, such as bounces@news.example.com", rp)
		}
	}
	b := &c.Bounces
	if b.Interval < time.Minute {
		return c.errorf("bounces.interval", "must be at least 1m, got %s", b.Interval)
	}
	if err := c.checkFloors(intFloor{"bounces.soft_threshold", b.SoftThreshold, 1, ""}); err != nil {
		return err
	}
	if err := c.validateMailbox(); err != nil {
		return err
	}
	for i, arn := range b.Webhooks.SES.TopicARNs {
		if !strings.HasPrefix(arn, "arn:aws:sns:") || strings.Count(arn, ":") != 5 {
			return c.errorf(fmt.Sprintf("bounces.webhooks.ses.topic_arns[%d]", i), "%q is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)", arn)
		}
	}
	return c.checkEnvName("bounces.webhooks.mailgun.signing_key_env", b.Webhooks.Mailgun.SigningKeyEnv)
}

func (c *Config) validateMailbox() error {
	m := &c.Bounces.Mailbox
	switch m.Protocol {
	case "":
		return nil
	case bounce.POP3, bounce.IMAP:
	default:
		return c.errorf("bounces.mailbox.protocol", "%q: want pop3 or imap (or empty: no mailbox)", m.Protocol)
	}
	if err := c.checkOneOf("bounces.mailbox.tls", m.TLS, mailboxTLS); err != nil {
		return err
	}
	if m.Host == "" {
		return c.errorf("bounces.mailbox.host", "must be set when bounces.mailbox.protocol is")
	}
	if m.Port < 0 || m.Port > 65535 {
		return c.errorf("bounces.mailbox.port", "must be 1-65535 (or 0: the protocol's port), got %d", m.Port)
	}
	if m.Username == "" {
		return c.errorf("bounces.mailbox.username", "must be set when bounces.mailbox.protocol is")
	}
	if err := c.checkEnvName("bounces.mailbox.password_env", m.PasswordEnv); err != nil {
		return err
	}
	if m.Port == 0 {
		m.Port = defaultMailboxPort(m.Protocol, m.TLS)
	}
	if m.KeepFolder == "" {
		m.KeepFolder = bounce.DefaultKeepFolder
	}
	return nil
}

// defaultMailboxPort is the protocol's well-known port for the TLS mode.
func defaultMailboxPort(protocol, tls string) int {
	ports := map[string][2]int{bounce.POP3: {995, 110}, bounce.IMAP: {993, 143}}[protocol]
	if tls == bounce.TLSImplicit {
		return ports[0]
	}
	return ports[1]
}
