package subscribers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

// TestHardBounceByEachRoadCountsOnce: a hard bounce counts toward the
// threshold once whichever road it takes (refused during the send, a DSN
// in the bounce mailbox, an SES or Mailgun webhook), and the same copy of
// an issue reported by two roads (SES forwards bounces to the return path
// as well as to its topic) counts once; at the threshold the subscriber
// is bounced and the address suppressed.
func TestHardBounceByEachRoadCountsOnce(t *testing.T) {
	type arrival struct {
		road  string // send, mailbox, ses or mailgun
		issue int
	}
	tests := []struct {
		name      string
		arrivals  []arrival
		wantCount []int // hard bounces counted after each arrival
	}{
		{"send, then mailbox", []arrival{{"send", 1}, {"mailbox", 2}}, []int{1, 2}},
		{"mailbox, then send", []arrival{{"mailbox", 1}, {"send", 2}}, []int{1, 2}},
		{"ses, then mailgun", []arrival{{"ses", 1}, {"mailgun", 2}}, []int{1, 2}},
		{"one copy by mailbox and by ses", []arrival{{"mailbox", 1}, {"ses", 1}, {"mailgun", 2}}, []int{1, 1, 2}},
		{"one copy by ses and by mailbox", []arrival{{"ses", 1}, {"mailbox", 1}, {"send", 2}}, []int{1, 1, 2}},
	}
	eachDriver(t, func(t *testing.T, open opener) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				ctx := context.Background()
				ada := mustAdd(t, s, "Ada@example.com", Active)
				for n := 1; n <= 2; n++ {
					if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: n, Date: time.Now(), Subject: "S"}); err != nil {
						t.Fatal(err)
					}
				}
				p := digest.FeedbackPolicy{HardThreshold: 2}
				for i, a := range tt.arrivals {
					arrive(t, s, ada, a.road, a.issue, p)
					if got := hardBounces(t, s, ada.ID); got != tt.wantCount[i] {
						t.Fatalf("after %s (issue %d): %d hard bounces counted, want %d", a.road, a.issue, got, tt.wantCount[i])
					}
					if i < len(tt.arrivals)-1 {
						mustStatus(t, s, ada.Email, Active)
						mustSuppressed(t, s, ada.Email, "")
					}
				}
				mustStatus(t, s, ada.Email, Bounced)
				mustSuppressed(t, s, ada.Email, ReasonHardBounce)
			})
		}
	})
}

// arrive delivers one hard bounce of sub's copy of issue by road, as
// that road's code reports it.
func arrive(t *testing.T, s *Store, sub *Subscriber, road string, issue int, p digest.FeedbackPolicy) {
	t.Helper()
	ctx := context.Background()
	if road == "send" {
		u := digest.Update{Recipient: rcpt(sub), State: digest.StateFailed, Attempt: true, Bounce: true,
			Err: &digest.SendError{Class: digest.Permanent, Code: 550, Enhanced: "5.1.1", Message: "no such user"}}
		if err := s.Record(ctx, digest.Batch{Issue: issue, Updates: []digest.Update{u}, BounceThreshold: p.HardThreshold}); err != nil {
			t.Fatal(err)
		}
		return
	}
	f := digest.Feedback{Kind: digest.FeedbackHard, Issue: issue, Status: "5.1.1", Detail: "user unknown", Source: road, Verified: true}
	switch road {
	case "mailbox": // attributed by its VERP token
		f.Subscriber, f.Email = sub.ID, strings.ToLower(sub.Email)
		f.Key = fmt.Sprintf("mailbox:dsn%d@mx.example.org:%s", issue, f.Email)
	case "ses", "mailgun": // the provider names the address
		f.Email = sub.Email
		f.Key = fmt.Sprintf("%s:event-%d:%s", road, issue, strings.ToLower(sub.Email))
	default:
		t.Fatalf("unknown road %q", road)
	}
	mustApply(t, s, f, p)
}

func hardBounces(t *testing.T, s *Store, id int64) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(context.Background(), s.q(`SELECT hard_bounces FROM subscribers WHERE id = ?`), id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
