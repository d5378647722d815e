package main

import (
	"context"
	"strings"
	"testing"
)

// TestSendIntoMailpit sends a real issue into a real, strict SMTP server
// and checks that every subscriber's copy arrived once, and the preview too.
func TestSendIntoMailpit(t *testing.T) {
	mp, smtpYAML := startMailpit(t)
	e := newTestEnv(t, smtpYAML+"  connections: 3\n")
	emails := addSubscribers(t, e, 20)
	if out := e.mustRun("send", "--preview"); !strings.Contains(out, "preview of issue 1 sent to editor@news.example.com") {
		t.Errorf("preview: %q", out)
	}
	if out := e.mustRun("send"); !strings.Contains(out, "issue 1: sent 20, failed 0") {
		t.Errorf("send: %q", out)
	}
	msgs, err := mp.Messages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string]int{}
	for _, m := range msgs {
		for _, to := range m.To {
			copies[to.Address]++
		}
	}
	for _, a := range append(emails, "editor@news.example.com") {
		if copies[a] != 1 {
			t.Errorf("%s has %d copies in mailpit, want 1", a, copies[a])
		}
	}
	if len(msgs) != 21 {
		t.Errorf("mailpit holds %d messages, want 21", len(msgs))
	}
}
