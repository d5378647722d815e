package main

import (
	"strings"
	"testing"
	"time"
)

func TestBounceConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"return path with a name", "smtp:\n  return_path: \"B <bounces@news.example.com>\"\n", ":2: smtp.return_path: "},
		{"return path with a plus", "smtp:\n  return_path: bounces+x@news.example.com\n", ":2: smtp.return_path: "},
		{"unknown protocol", "bounces:\n  mailbox:\n    protocol: maildir\n", ":3: bounces.mailbox.protocol: \"maildir\": want pop3 or imap"},
		{"no host", "bounces:\n  mailbox:\n    protocol: pop3\n    username: b\n", "bounces.mailbox.host: must be set"},
		{"no user", "bounces:\n  mailbox:\n    protocol: imap\n    host: mail.example.com\n", "bounces.mailbox.username: must be set"},
		{"bad tls", "bounces:\n  mailbox:\n    protocol: imap\n    host: h.example.com\n    username: b\n    tls: yes-please\n", ":6: bounces.mailbox.tls: \"yes-please\": want one of implicit, starttls, none"},
		{"bad port", "bounces:\n  mailbox:\n    protocol: imap\n    host: h.example.com\n    username: b\n    port: 99999\n", ":6: bounces.mailbox.port: must be 1-65535"},
		{"password in file", "bounces:\n  mailbox:\n    password: hunter2\n", ":3: bounces.mailbox.password: unknown key"},
		{"bad password env", "bounces:\n  mailbox:\n    protocol: pop3\n    host: h.example.com\n    username: b\n    password_env: \"not a name\"\n", ":6: bounces.mailbox.password_env:"},
		{"interval too short", "bounces:\n  interval: 5s\n", ":2: bounces.interval: must be at least 1m, got 5s"},
		{"interval not a duration", "bounces:\n  interval: often\n", ":2: bounces.interval: want a duration"},
		{"soft threshold", "bounces:\n  soft_threshold: 0\n", ":2: bounces.soft_threshold: must be 1 or more, got 0"},
		{"delete not a bool", "bounces:\n  mailbox:\n    delete: sometimes\n", ":3: bounces.mailbox.delete: want true or false"},
		{"bad topic", "bounces:\n  webhooks:\n    ses:\n      topic_arns: [my-topic]\n", ":4: bounces.webhooks.ses.topic_arns[0]: \"my-topic\" is not an SNS topic ARN"},
		{"mailgun key in file", "bounces:\n  webhooks:\n    mailgun:\n      signing_key: abc\n", ":4: bounces.webhooks.mailgun.signing_key: unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.yaml)
			_, err := LoadConfig(path, true, noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("err = %v, want %s%s", err, path, tt.want)
			}
		})
	}
}

func TestBounceConfigDefaultsAndEnv(t *testing.T) {
	path := writeConfig(t, "bounces:\n  mailbox:\n    protocol: imap\n    host: mail.example.com\n    username: bounces\n")
	env := map[string]string{"DIGEST_BOUNCES_MAILBOX_DELETE": "true", "DIGEST_BOUNCES_WEBHOOKS_SES_TOPIC_ARNS": "arn:aws:sns:eu-west-1:1:a,arn:aws:sns:eu-west-1:1:b"}
	cfg, err := LoadConfig(path, true, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	b := cfg.Bounces
	if b.Interval != 10*time.Minute || b.SoftThreshold != 5 || b.Mailbox.Port != 993 || b.Mailbox.TLS != "implicit" || !b.Mailbox.Delete ||
		b.Mailbox.PasswordEnv != "DIGEST_BOUNCES_PASSWORD" || len(b.Webhooks.SES.TopicARNs) != 2 || b.Webhooks.Mailgun.Enabled {
		t.Errorf("bounces config = %+v", b)
	}
	env = map[string]string{"DIGEST_BOUNCES_MAILBOX_DELETE": "maybe"}
	if _, err := LoadConfig(path, true, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "DIGEST_BOUNCES_MAILBOX_DELETE: bounces.mailbox.delete: want true or false") {
		t.Errorf("bad env bool: %v", err)
	}
}
