package subscribers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers/pgtest"
)

// newIssueWith creates issue 1 for the given active subscribers.
func newIssueWith(t *testing.T, s *Store, emails ...string) []*Subscriber {
	t.Helper()
	var subs []*Subscriber
	for _, e := range emails {
		subs = append(subs, mustAdd(t, s, e, Active))
	}
	if err := s.CreateIssue(context.Background(), &digest.StoredIssue{Number: 1, Date: time.Now(), Subject: "S"}); err != nil {
		t.Fatal(err)
	}
	return subs
}

func rcpt(sub *Subscriber) digest.Recipient {
	return digest.Recipient{ID: sub.ID, Email: sub.Email, Name: sub.Name}
}

func TestLeftSubscribersAreSkipped(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		subs := newIssueWith(t, s, "a@example.com", "b@example.com", "c@example.com")
		if _, err := s.SetStatus(ctx, "b@example.com", Unsubscribed); err != nil {
			t.Fatal(err)
		}
		active, err := s.StillActive(ctx, []int64{subs[0].ID, subs[1].ID, subs[2].ID})
		if err != nil || !active[subs[0].ID] || active[subs[1].ID] || !active[subs[2].ID] {
			t.Errorf("still active = %v, %v", active, err)
		}
		due, err := s.Due(ctx, digest.DueQuery{Issue: 1, Now: time.Now(), After: 0, Limit: 10, Deferred: false})
		if err != nil || len(due) != 2 {
			t.Fatalf("due = %+v, %v; want a and c", due, err)
		}
		counts, _ := s.DeliveryCounts(ctx, 1)
		if counts[digest.StateSkipped] != 1 || counts[digest.StateQueued] != 2 {
			t.Errorf("counts = %v, want b skipped", counts)
		}
	})
}

func TestDeferredExpireAndRequeue(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		now := time.Now()
		subs := newIssueWith(t, s, "temp@example.com", "gone@example.com", "spam@example.com", "maybe@example.com", "left@example.com")
		temp := &digest.SendError{Class: digest.TempRecipient, Code: 451, Enhanced: "4.2.1", Message: "mailbox busy"}
		err := s.Record(ctx, digest.Batch{Issue: 1, BounceThreshold: 1, Updates: []digest.Update{
			{Recipient: rcpt(subs[0]), State: digest.StateDeferred, NextAt: now.Add(10 * time.Minute), Attempt: true, Err: temp},
			{Recipient: rcpt(subs[1]), State: digest.StateFailed, Attempt: true, Bounce: true,
				Err: &digest.SendError{Class: digest.Permanent, Code: 550, Enhanced: "5.1.1", Message: "no such user"}},
			{Recipient: rcpt(subs[2]), State: digest.StateFailed, Attempt: true,
				Err: &digest.SendError{Class: digest.Permanent, Code: 554, Enhanced: "5.7.1", Message: "refused"}},
			{Recipient: rcpt(subs[3]), State: digest.StateUnconfirmed, Attempt: true, Unknown: true,
				Err: &digest.SendError{Class: digest.Unknown, Message: "i/o timeout"}},
			{Recipient: rcpt(subs[4]), State: digest.StateDeferred, NextAt: now.Add(10 * time.Minute), Attempt: true, Err: temp},
		}})
		if err != nil {
			t.Fatal(err)
		}
		s.FinishIssue(ctx, 1)
		if got, _ := s.DeferredIssues(ctx, now.Add(-time.Hour), now); len(got) != 0 {
			t.Errorf("deferred due now: %d issues, want none before next_at", len(got))
		}
		later := now.Add(11 * time.Minute)
		got, err := s.DeferredIssues(ctx, now.Add(-time.Hour), later)
		if err != nil || len(got) != 1 || got[0].Number != 1 {
			t.Fatalf("deferred issues = %v, %v", got, err)
		}
		if due, _ := s.Due(ctx, digest.DueQuery{Issue: 1, Now: later, After: 0, Limit: 10, Deferred: true}); len(due) != 2 || !due[0].Deferred {
			t.Errorf("deferred due = %+v", due)
		}
		s.SetStatus(ctx, "left@example.com", Unsubscribed)
		if n, err := s.Requeue(ctx, 1, false); err != nil || n != 1 {
			t.Errorf("requeue = %d, %v; want only the deferred, active one", n, err)
		}
		if is, _ := s.UnfinishedIssue(ctx); is == nil || is.Number != 1 {
			t.Error("a requeued issue is not sending again")
		}
		if n, _ := s.Requeue(ctx, 1, true); n != 2 {
			t.Errorf("requeue --all = %d, want the refused and the unconfirmed, never the hard bounce", n)
		}
		s.Record(ctx, digest.Batch{Issue: 1, Updates: []digest.Update{{Recipient: rcpt(subs[0]), State: digest.StateDeferred, NextAt: later, Attempt: true, Err: temp}}, BounceThreshold: 1})
		if n, err := s.ExpireDeferred(ctx, now.Add(time.Hour)); err != nil || n != 2 {
			t.Errorf("expired = %d, %v", n, err)
		}
		var fails []Failure
		s.Failures(ctx, 1, func(f Failure) error { fails = append(fails, f); return nil })
		found := false
		for _, f := range fails {
			found = found || (f.Email == "temp@example.com" && f.State == digest.StateFailed && f.Reply == "queue lifetime ended; last reply: mailbox busy")
		}
		if !found {
			t.Errorf("failures = %+v", fails)
		}
	})
}

// TestSendLockFollowsTheFile opens one database by two names (a symlink)
// and checks that the second send is refused.
func TestSendLockFollowsTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digest.db")
	a := mustOpen(t, SQLite, path)
	link := filepath.Join(t.TempDir(), "other-name.db")
	if err := symlink(path, link); err != nil {
		t.Fatal(err)
	}
	b := mustOpen(t, SQLite, link)
	unlock, err := a.LockSend(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.LockSend(context.Background()); err != digest.ErrSendInProgress {
		t.Errorf("second lock by another name: %v, want ErrSendInProgress", err)
	}
	unlock()
	unlock2, err := b.LockSend(context.Background())
	if err != nil {
		t.Errorf("lock after unlock: %v", err)
	} else {
		unlock2()
	}
}

func symlink(target, link string) error { return os.Symlink(target, link) }

// TestRecordGroups writes groups of every shape the deliverer makes (a
// size that is padded, one over the largest statement, one with a hard
// bounce, which needs a transaction) and reads each outcome back.
func TestRecordGroups(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		var emails []string
		for i := 0; i < 700; i++ {
			emails = append(emails, fmt.Sprintf("r%03d@example.com", i))
		}
		subs := newIssueWith(t, s, emails...)
		next := time.Now().Add(time.Hour).Truncate(time.Microsecond)
		mk := func(from, to int) []digest.Update {
			var us []digest.Update
			for i := from; i < to; i++ {
				u := digest.Update{Recipient: rcpt(subs[i]), State: digest.StateSent, Attempt: true, MessageID: fmt.Sprintf("m%d", i)}
				if i%7 == 0 {
					u = digest.Update{Recipient: rcpt(subs[i]), State: digest.StateQueued, NextAt: next, Attempt: true,
						Err: &digest.SendError{Class: digest.TempRecipient, Code: 451, Enhanced: "4.3.0", Message: "busy"}}
				}
				us = append(us, u)
			}
			return us
		}
		groups := [][]digest.Update{mk(0, 17), mk(17, 17+513), mk(530, 700)}
		groups[2][3].Bounce, groups[2][3].State = true, digest.StateFailed
		for _, g := range groups {
			if err := s.Record(ctx, digest.Batch{Issue: 1, Updates: g, BounceThreshold: 1}); err != nil {
				t.Fatal(err)
			}
		}
		counts, _ := s.DeliveryCounts(ctx, 1)
		wantQueued := 0
		for i := 0; i < 700; i++ {
			if i%7 == 0 && i != 533 {
				wantQueued++
			}
		}
		if counts[digest.StateQueued] != wantQueued || counts[digest.StateFailed] != 1 || counts[digest.StateSent] != 700-wantQueued-1 {
			t.Errorf("counts = %v, want %d queued, 1 failed", counts, wantQueued)
		}
		if _, retry, _ := pendingOf(s, ctx); !retry.Equal(next) {
			t.Errorf("next retry = %v, want %v", retry, next)
		}
		if sub, _ := s.FindByID(ctx, subs[533].ID); sub.Status != Bounced {
			t.Errorf("the hard bounce in a group: status %s", sub.Status)
		}
	})
}

// pendingOf is Pending for the only worker, as first and retry times.
func pendingOf(s *Store, ctx context.Context) (time.Time, time.Time, error) {
	w, err := s.Pending(ctx, 1, "", time.Now())
	return w.First, w.Retry, err
}

// TestRenewSkipsRowsBeingRecorded: on PostgreSQL a worker renews its
// claims while its ledger writer records some of them; the renewal must
// not wait for those rows (the two lock the same rows in different
// orders: a deadlock, seen in the multi-worker bench).
func TestRenewSkipsRowsBeingRecorded(t *testing.T) {
	s := mustOpen(t, Postgres, pgtest.SchemaOrSkip(t))
	ctx := context.Background()
	subs := newIssueWith(t, s, "a@example.com", "b@example.com", "c@example.com")
	lease := time.Now().Add(time.Minute)
	due, err := s.Due(ctx, digest.DueQuery{Issue: 1, Now: time.Now(), Limit: 10, Worker: "w1", LeaseUntil: lease})
	if err != nil || len(due) != 3 {
		t.Fatalf("claim: %v, %v", due, err)
	}
	// A group commit in progress holds b's row.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'sent' WHERE issue = 1 AND subscriber_id = $1`, subs[1].ID); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	later := lease.Add(time.Minute)
	if err := s.Renew(wait, 1, "w1", later); err != nil {
		t.Fatalf("renew waited for the row being recorded: %v", err)
	}
	tx.Commit()
	var renewed int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE issue = 1 AND lease_until > $1`, lease).Scan(&renewed)
	if renewed != 2 {
		t.Errorf("%d claims renewed, want a's and c's", renewed)
	}
}

// TestRecordKeepsIssuesApart: groups of the same size for two issues go
// to each issue's own rows (on SQLite the issue is part of each group
// statement's text, so each issue has statements of its own).
func TestRecordKeepsIssuesApart(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		subs := newIssueWith(t, s, "a@example.com", "b@example.com", "c@example.com", "d@example.com")
		if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: 2, Date: time.Now(), Subject: "S2"}); err != nil {
			t.Fatal(err)
		}
		group := func(state string) []digest.Update {
			var us []digest.Update
			for _, sub := range subs {
				us = append(us, digest.Update{Recipient: rcpt(sub), State: state, Attempt: true,
					Err: &digest.SendError{Class: digest.Permanent, Code: 550, Message: "no"}})
			}
			return us
		}
		for _, b := range []digest.Batch{{Issue: 1, Updates: group(digest.StateSent)}, {Issue: 2, Updates: group(digest.StateFailed)}} {
			b.BounceThreshold = 1
			if err := s.Record(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		for issue, want := range map[int]string{1: digest.StateSent, 2: digest.StateFailed} {
			if counts, err := s.DeliveryCounts(ctx, issue); err != nil || counts[want] != len(subs) {
				t.Errorf("issue %d: counts = %v, %v; want %d %s", issue, counts, err, len(subs), want)
			}
		}
	})
}
