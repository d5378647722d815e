package bounce

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

var mailgunKey = []byte("key-mailgun-test-signing")

// mailgunEvent is a signed webhook body for an event at ts.
func mailgunEvent(key []byte, ts time.Time, token string, event map[string]any) map[string]any {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(stamp + token))
	return map[string]any{
		"signature":  map[string]string{"timestamp": stamp, "token": token, "signature": hex.EncodeToString(mac.Sum(nil))},
		"event-data": event,
	}
}

func TestMailgunEvents(t *testing.T) {
	v := newTestVERP(t)
	now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	store := newFakeStore(map[int64]string{1: "hard@example.com", 2: "slow@example.com", 3: "angry@example.com"})
	h := &Mailgun{Store: store, VERP: v, Domain: "news.example.com", SigningKey: mailgunKey, Now: func() time.Time { return now }}
	events := []map[string]any{
		{"id": "e1", "event": "failed", "severity": "permanent", "recipient": "hard@example.com",
			"delivery-status": map[string]any{"code": 550, "message": "5.1.1 The email account that you tried to reach does not exist"},
			"envelope":        map[string]string{"sender": v.Address(9, 1)}},
		{"id": "e2", "event": "failed", "severity": "temporary", "recipient": "slow@example.com",
			"delivery-status": map[string]any{"code": 452, "message": "4.2.2 Mailbox full"},
			"message":         map[string]any{"headers": map[string]string{"message-id": "issue9.2@news.example.com"}}},
		{"id": "e3", "event": "complained", "recipient": "angry@example.com", "envelope": map[string]string{"sender": v.Address(9, 3)}},
		{"id": "e4", "event": "delivered", "recipient": "hard@example.com"},
	}
	for i, e := range events {
		if code := post(t, h, mailgunEvent(mailgunKey, now.Add(-time.Minute), fmt.Sprintf("token-%d", i), e)); code != http.StatusOK {
			t.Errorf("event %s: %d, want 200", e["id"], code)
		}
	}
	got := store.kinds()
	if got["hard@example.com"] != digest.FeedbackHard || got["slow@example.com"] != digest.FeedbackSoft || got["angry@example.com"] != digest.FeedbackComplaint || len(store.applied) != 3 {
		t.Errorf("applied %v (%d reports); want hard, soft and a complaint, and nothing for the delivery", got, len(store.applied))
	}
	for _, f := range store.applied {
		if f.Issue != 9 {
			t.Errorf("%s: issue %d, want 9", f.Email, f.Issue)
		}
	}
}

func TestMailgunRefusesUnsignedStaleAndReplayed(t *testing.T) {
	now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	store := newFakeStore(map[int64]string{1: "hard@example.com"})
	h := &Mailgun{Store: store, SigningKey: mailgunKey, Now: func() time.Time { return now }}
	e := map[string]any{"id": "e1", "event": "complained", "recipient": "hard@example.com"}
	fresh := mailgunEvent(mailgunKey, now, "tok-1", e)
	if code := post(t, h, fresh); code != http.StatusOK {
		t.Fatalf("a good event: %d", code)
	}
	tests := []struct {
		name string
		body any
		want int
	}{
		{"replayed token", fresh, http.StatusUnauthorized},
		{"wrong key", mailgunEvent([]byte("someone else's key"), now, "tok-2", e), http.StatusUnauthorized},
		{"too old", mailgunEvent(mailgunKey, now.Add(-10*time.Minute), "tok-3", e), http.StatusUnauthorized},
		{"from the future", mailgunEvent(mailgunKey, now.Add(10*time.Minute), "tok-4", e), http.StatusUnauthorized},
		{"unsigned", map[string]any{"event-data": e}, http.StatusUnauthorized},
		{"not a webhook", map[string]string{"x": "y"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := post(t, h, tt.body); code != tt.want {
				t.Errorf("status %d, want %d", code, tt.want)
			}
		})
	}
	if len(store.applied) != 1 {
		t.Errorf("%d reports applied; want only the first", len(store.applied))
	}
}
