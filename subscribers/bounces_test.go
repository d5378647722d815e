package subscribers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

func mustApply(t *testing.T, s *Store, f digest.Feedback, p digest.FeedbackPolicy) digest.FeedbackResult {
	t.Helper()
	if f.Key == "" {
		f.Key = fmt.Sprintf("test:%s:%d:%s:%d", f.Kind, f.Subscriber, f.Email, time.Now().UnixNano())
	}
	res, err := s.ApplyFeedback(context.Background(), f, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustStatus(t *testing.T, s *Store, email, want string) {
	t.Helper()
	sub, err := s.Find(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != want {
		t.Errorf("%s is %s, want %s", email, sub.Status, want)
	}
}

func mustSuppressed(t *testing.T, s *Store, email, reason string) {
	t.Helper()
	sp, err := s.Suppressed(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case reason == "" && sp != nil:
		t.Errorf("%s is suppressed (%s), want not", email, sp.Reason)
	case reason != "" && sp == nil:
		t.Errorf("%s is not suppressed, want %s", email, reason)
	case reason != "" && sp.Reason != reason:
		t.Errorf("%s suppressed for %s, want %s", email, sp.Reason, reason)
	}
}

func TestHardBounceMarksBouncedAtThresholdAndSuppresses(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ada := mustAdd(t, s, "Ada@example.com", Active)
		p := digest.FeedbackPolicy{HardThreshold: 2}
		hard := digest.Feedback{Kind: digest.FeedbackHard, Subscriber: ada.ID, Verified: true, Issue: 1, Status: "5.1.1", Detail: "user unknown"}
		if res := mustApply(t, s, hard, p); res.Outcome != digest.OutcomeRecorded || res.NewStatus != "" {
			t.Errorf("first hard bounce: %+v, want recorded and no status change", res)
		}
		mustStatus(t, s, ada.Email, Active)
		mustSuppressed(t, s, ada.Email, "")
		hard.Issue = 2 // the next issue's copy: one copy bounces once
		res := mustApply(t, s, hard, p)
		if res.NewStatus != Bounced || !res.Suppressed {
			t.Errorf("second hard bounce: %+v, want bounced and suppressed", res)
		}
		mustStatus(t, s, ada.Email, Bounced)
		mustSuppressed(t, s, "ada@EXAMPLE.com", ReasonHardBounce)
	})
}

func TestSoftBouncesMarkBouncedOnlyWithinWindow(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		sub := mustAdd(t, s, "full@example.com", Active)
		p := digest.FeedbackPolicy{SoftThreshold: 3}
		soft := digest.Feedback{Kind: digest.FeedbackSoft, Subscriber: sub.ID, Verified: true, Status: "4.2.2"}
		mustApply(t, s, soft, p)
		now = now.Add(31 * 24 * time.Hour) // the first one falls out of the window
		mustApply(t, s, soft, p)
		mustApply(t, s, soft, p)
		mustStatus(t, s, sub.Email, Active)
		if res := mustApply(t, s, soft, p); res.NewStatus != Bounced || res.Suppressed {
			t.Errorf("third soft bounce in 30 days: %+v, want bounced, not suppressed", res)
		}
		mustStatus(t, s, sub.Email, Bounced)
		mustSuppressed(t, s, sub.Email, "")
	})
}

func TestComplaintUnsubscribesAndSuppressesAfterRemove(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		sub := mustAdd(t, s, "angry@example.com", Active)
		res := mustApply(t, s, digest.Feedback{Kind: digest.FeedbackComplaint, Subscriber: sub.ID, Verified: true, Issue: 3, Detail: "abuse"}, digest.FeedbackPolicy{})
		if res.NewStatus != Unsubscribed || !res.Suppressed {
			t.Errorf("complaint: %+v, want unsubscribed and suppressed", res)
		}
		if err := s.Remove(ctx, sub.Email); err != nil {
			t.Fatal(err)
		}
		mustSuppressed(t, s, sub.Email, ReasonComplaint)
		var listed []Suppression
		s.Suppressions(ctx, func(sp Suppression) error { listed = append(listed, sp); return nil })
		if len(listed) != 1 || listed[0].Email != "" || listed[0].AddressHash != AddressHash(sub.Email) || listed[0].Detail != "abuse" {
			t.Errorf("suppression list after remove = %+v, want the hash alone, with its detail", listed)
		}
		run := doImport(t, s, "email\nangry@example.com\nnew@example.com\n", ImportOptions{})
		if run.sum.Added != 1 || run.sum.Rejected != 1 || len(run.rejected) != 1 || !strings.Contains(run.rejected[0], "list.csv:2: angry@example.com is suppressed (complaint)") {
			t.Errorf("re-import: %+v %q, want the complainer rejected with the reason and the other added", run.sum, run.rejected)
		}
		if ok, err := s.Unsuppress(ctx, "Angry@Example.com"); !ok || err != nil {
			t.Fatalf("unsuppress = %v, %v", ok, err)
		}
		if run := doImport(t, s, "email\nangry@example.com\n", ImportOptions{}); run.sum.Added != 1 {
			t.Errorf("import after unsuppress: %+v, want added", run.sum)
		}
	})
}

func TestFeedbackIsCountedOnceAndAttributedOnlyWhenTrusted(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ada := mustAdd(t, s, "ada@example.com", Active)
		mustAdd(t, s, "grace@example.com", Active)
		p := digest.FeedbackPolicy{HardThreshold: 2}
		f := digest.Feedback{Kind: digest.FeedbackHard, Subscriber: ada.ID, Verified: true, Key: "mailbox:<dsn1@mx>:ada@example.com"}
		mustApply(t, s, f, p)
		if res := mustApply(t, s, f, p); res.Outcome != digest.OutcomeDuplicate {
			t.Errorf("the same report again: %s, want duplicate", res.Outcome)
		}
		mustStatus(t, s, ada.Email, Active) // one bounce, not two
		tests := []struct {
			name string
			f    digest.Feedback
			want string
		}{
			{"unsigned ID with another address", digest.Feedback{Subscriber: ada.ID, Email: "grace@example.com"}, digest.OutcomeUnattributed},
			{"unsigned ID without an address", digest.Feedback{Subscriber: ada.ID}, digest.OutcomeUnattributed},
			{"unsigned address alone", digest.Feedback{Email: "ada@example.com"}, digest.OutcomeUnattributed},
			{"unsigned ID with its address", digest.Feedback{Subscriber: ada.ID, Email: "ADA@example.com"}, digest.OutcomeRecorded},
			{"signed address", digest.Feedback{Email: "grace@example.com", Verified: true}, digest.OutcomeRecorded},
			{"signed ID of nobody", digest.Feedback{Subscriber: 999, Verified: true}, digest.OutcomeNoSubscriber},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Kind, tt.f.Key = digest.FeedbackSoft, fmt.Sprintf("k%d", i)
				if res := mustApply(t, s, tt.f, p); res.Outcome != tt.want {
					t.Errorf("outcome %s, want %s", res.Outcome, tt.want)
				}
			})
		}
	})
}

func TestIssueFeedbackCountsSubscribersPerIssue(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		a := mustAdd(t, s, "a@example.com", Active)
		b := mustAdd(t, s, "b@example.com", Active)
		c := mustAdd(t, s, "c@example.com", Active)
		p := digest.FeedbackPolicy{HardThreshold: 5}
		for _, f := range []digest.Feedback{
			{Kind: digest.FeedbackHard, Subscriber: a.ID, Issue: 1},
			{Kind: digest.FeedbackSoft, Subscriber: a.ID, Issue: 1}, // the same subscriber counts once
			{Kind: digest.FeedbackSoft, Subscriber: b.ID, Issue: 1},
			{Kind: digest.FeedbackComplaint, Subscriber: c.ID, Issue: 1},
			{Kind: digest.FeedbackComplaint, Subscriber: c.ID, Issue: 2},
		} {
			f.Verified = true
			mustApply(t, s, f, p)
		}
		got, err := s.IssueFeedback(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]FeedbackCounts{1: {Bounced: 2, Complained: 1}, 2: {Complained: 1}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("IssueFeedback = %v, want %v", got, want)
		}
	})
}

// TestSuppressedAddressIsRefusedByTheStore: adding, signing up or
// reactivating a suppressed address fails with ErrSuppressed, whoever
// asks; other changes to it go through.
func TestSuppressedAddressIsRefusedByTheStore(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		ada := mustAdd(t, s, "ada@example.com", Active)
		mustApply(t, s, digest.Feedback{Kind: digest.FeedbackComplaint, Subscriber: ada.ID, Verified: true, Detail: "abuse"}, digest.FeedbackPolicy{})
		mustStatus(t, s, ada.Email, Unsubscribed)
		if err := s.Remove(ctx, "ada@example.com"); err != nil {
			t.Fatal(err)
		}
		mustAdd(t, s, "bob@example.com", Unsubscribed)
		if err := s.suppress(ctx, s.db, "bob@example.com", 0, ReasonHardBounce, "5.1.1"); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(ctx, &Subscriber{Email: " ADA@example.com"}); !errors.Is(err, ErrSuppressed) || !strings.Contains(err.Error(), "ADA@example.com is suppressed (complaint)") {
			t.Errorf("Add: %v, want ErrSuppressed with the address and reason", err)
		}
		if _, _, err := s.Subscribe(ctx, "ada@example.com", "", "192.0.2.1"); !errors.Is(err, ErrSuppressed) {
			t.Errorf("Subscribe: %v, want ErrSuppressed", err)
		}
		if _, err := s.SetStatus(ctx, "bob@example.com", Active); !errors.Is(err, ErrSuppressed) {
			t.Errorf("SetStatus active: %v, want ErrSuppressed", err)
		}
		mustStatus(t, s, "bob@example.com", Unsubscribed)
		if _, err := s.SetStatus(ctx, "bob@example.com", Bounced); err != nil {
			t.Errorf("SetStatus bounced: %v, want no error", err)
		}
		if _, err := s.Find(ctx, "ada@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Find: %v: the refused sign-up must not be recorded", err)
		}
	})
}
