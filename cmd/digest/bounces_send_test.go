package main

import (
	"context"
	"testing"

	"github.com/digest-dev/digest/mailer/bounce"
)

const testSecret = "a test secret that is long enough"

// TestSendUsesVERPEnvelopeSender checks at the SMTP server that each copy
// goes out with its own signed return path when smtp.return_path is set.
func TestSendUsesVERPEnvelopeSender(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML+"  return_path: bounces@news.example.com\n")
	e.env["DIGEST_SECRET"] = testSecret
	e.mustRun("subscribers", "add", "ada@example.com", "grace@example.org")
	e.mustRun("send")
	v, err := bounce.NewVERP("bounces@news.example.com", []byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	st := e.openStore(t)
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	for _, m := range msgs {
		issue, id, ok := v.Parse(m.From)
		if !ok || issue != 1 {
			t.Errorf("message to %v: envelope sender %q is not a VERP address for issue 1", m.To, m.From)
			continue
		}
		sub, err := st.FindByID(context.Background(), id)
		if err != nil || len(m.To) != 1 || sub.Email != m.To[0] {
			t.Errorf("envelope sender %q names subscriber %d (%v), but the message went to %v", m.From, id, err, m.To)
		}
	}
}
