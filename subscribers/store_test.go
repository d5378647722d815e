package subscribers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

func mustAdd(t *testing.T, s *Store, email, status string) *Subscriber {
	t.Helper()
	sub := &Subscriber{Email: email, Status: status}
	if err := s.Add(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestNormaliseEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ada@example.com", "ada@example.com", true},
		{"  Ada.Lovelace@Example.COM \t", "Ada.Lovelace@example.com", true},
		{"o'brien+news@sub.example.co.uk", "o'brien+news@sub.example.co.uk", true},
		{"ada@bücher.example", "ada@bücher.example", true},
		{"", "", false},
		{"no-at-sign", "", false},
		{"ada@localhost", "", false},
		{"ada@exa_mple.com", "", false},
		{"ada@-example.com", "", false},
		{"Ada <ada@example.com>", "", false},
		{"ada@example.com\r\nBcc: x@example.com", "", false},
		{"ada\n@example.com", "", false},
		{"ada@example.com\x00", "", false},
		{"two@@example.com", "", false},
	}
	for _, tt := range tests {
		got, err := NormaliseEmail(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestAddIsCaseInsensitiveUnique(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		mustAdd(t, s, "Ada@Example.com", Active)
		err := s.Add(ctx, &Subscriber{Email: "  ada@EXAMPLE.com "})
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("err = %v, want ErrDuplicate", err)
		}
		var n int
		s.List(ctx, "", func(sub *Subscriber) error {
			n++
			if sub.Email != "Ada@example.com" {
				t.Errorf("stored %q, want local part kept and domain lower-cased", sub.Email)
			}
			return nil
		})
		if n != 1 {
			t.Errorf("%d subscribers, want 1", n)
		}
	})
}

func TestAddValidates(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		if err := s.Add(context.Background(), &Subscriber{Email: "x@example.com", Status: "gone"}); err == nil {
			t.Error("unknown status accepted")
		}
		if err := s.Add(context.Background(), &Subscriber{Email: "bad"}); err == nil {
			t.Error("bad address accepted")
		}
	})
}

func TestListAndCount(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		mustAdd(t, s, "a@example.com", Active)
		mustAdd(t, s, "b@example.com", Pending)
		sub := &Subscriber{Email: "c@example.com", Name: "Cee", Attributes: map[string]string{"timezone": "Asia/Tokyo"}}
		if err := s.Add(ctx, sub); err != nil {
			t.Fatal(err)
		}
		var active []string
		s.List(ctx, Active, func(sub *Subscriber) error { active = append(active, sub.Email); return nil })
		if strings.Join(active, ",") != "a@example.com,c@example.com" {
			t.Errorf("active = %v", active)
		}
		counts, err := s.Count(ctx)
		if err != nil || counts[Active] != 2 || counts[Pending] != 1 || counts[Bounced] != 0 || len(counts) != 4 {
			t.Errorf("counts = %v, %v", counts, err)
		}
		s.List(ctx, "", func(got *Subscriber) error {
			if got.Email == "c@example.com" && (got.Attributes["timezone"] != "Asia/Tokyo" || got.Name != "Cee" || got.ConsentSource != "cli" || got.CreatedAt.IsZero()) {
				t.Errorf("round trip lost fields: %+v", got)
			}
			return nil
		})
	})
}

func TestRemoveForgetsDeliveries(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		mustAdd(t, s, "a@example.com", Active)
		mustAdd(t, s, "b@example.com", Active)
		if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: 1, Date: time.Now(), Subject: "S"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(ctx, "A@EXAMPLE.COM"); err != nil {
			t.Fatal(err)
		}
		counts, _ := s.DeliveryCounts(ctx, 1)
		if counts[digest.StateQueued] != 1 {
			t.Errorf("deliveries after remove = %v, want only b's", counts)
		}
		if err := s.Remove(ctx, "a@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second remove: %v, want ErrNotFound", err)
		}
	})
}

// A subscriber removed while an issue is being queued leaves no delivery
// behind: a delivery without its subscriber would never be claimed, so
// the issue would never finish. (PostgreSQL's ledger has no foreign keys:
// queuing locks the subscribers table instead.)
func TestRemoveWhileQueuingLeavesNoDelivery(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		var csv strings.Builder
		csv.WriteString("email\n")
		for i := range 5000 {
			fmt.Fprintf(&csv, "r%d@example.com\n", i)
		}
		if _, err := s.Import(ctx, "list.csv", strings.NewReader(csv.String()), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= 10; n++ {
			victim := fmt.Sprintf("late%d@example.com", n)
			mustAdd(t, s, victim, Active)
			removed := make(chan error, 1)
			go func() {
				time.Sleep(time.Duration(n) * time.Millisecond)
				removed <- s.Remove(ctx, victim)
			}()
			if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: n, Date: time.Now(), Subject: "S"}); err != nil {
				t.Fatal(err)
			}
			if err := <-removed; err != nil {
				t.Fatal(err)
			}
		}
		var orphans int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries d
			WHERE NOT EXISTS (SELECT 1 FROM subscribers s WHERE s.id = d.subscriber_id)`).Scan(&orphans)
		if err != nil || orphans != 0 {
			t.Errorf("%d deliveries outlived their subscriber (%v)", orphans, err)
		}
	})
}

func TestIssueLifecycle(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		a := mustAdd(t, s, "a@example.com", Active)
		b := mustAdd(t, s, "b@example.com", Active)
		mustAdd(t, s, "c@example.com", Unsubscribed)
		is := &digest.StoredIssue{Number: 1, Date: time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC), Subject: "S",
			Rendered: digest.Rendered{HTML: "<p>h</p>", Text: "t"}, ContentIDs: []string{"x1", "x2"}}
		if err := s.CreateIssue(ctx, is); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.LastIssueNumber(ctx); n != 1 {
			t.Errorf("last issue = %d", n)
		}
		sent, _ := s.SentIDs(ctx, []string{"x1", "x3"})
		if !sent["x1"] || sent["x3"] {
			t.Errorf("sent ids = %v", sent)
		}
		got, err := s.UnfinishedIssue(ctx)
		if err != nil || got == nil || got.Rendered.HTML != "<p>h</p>" || !got.Date.Equal(is.Date) ||
			got.Salt == "" || got.Salt != is.Salt || got.Created.IsZero() {
			t.Fatalf("unfinished = %+v, %v", got, err)
		}
		q, err := s.Due(ctx, digest.DueQuery{Issue: 1, Now: time.Now(), After: 0, Limit: 10, Deferred: false})
		if err != nil || len(q) != 2 || q[0].Recipient.ID != a.ID || q[1].Recipient.ID != b.ID {
			t.Fatalf("queue = %+v, %v; want the two active subscribers", q, err)
		}
		retryAt := time.Now().Add(time.Hour)
		err = s.Record(ctx, digest.Batch{Issue: 1, BounceThreshold: 1, Updates: []digest.Update{
			{Recipient: q[0].Recipient, State: digest.StateSent, MessageID: "m1", Attempt: true},
			{Recipient: q[1].Recipient, State: digest.StateQueued, NextAt: retryAt, Attempt: true,
				Err: &digest.SendError{Class: digest.TempRecipient, Code: 451, Enhanced: "4.3.0", Message: "later"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if q, _ := s.Due(ctx, digest.DueQuery{Issue: 1, Now: time.Now(), After: 0, Limit: 10, Deferred: false}); len(q) != 0 {
			t.Errorf("due now = %d, want 0 (one sent, one waiting)", len(q))
		}
		if first, retry, err := pendingOf(s, ctx); !first.IsZero() || err != nil || retry.Sub(retryAt).Abs() > time.Millisecond {
			t.Errorf("pending = %v %v %v, want a retry at %v", first, retry, err, retryAt)
		}
		if q, _ := s.Due(ctx, digest.DueQuery{Issue: 1, Now: retryAt, After: 0, Limit: 10, Deferred: false}); len(q) != 1 || q[0].Attempts != 1 {
			t.Errorf("due at retry time = %+v", q)
		}
		s.Record(ctx, digest.Batch{Issue: 1, BounceThreshold: 1, Updates: []digest.Update{{Recipient: q[1].Recipient, State: digest.StateFailed, Bounce: true, Attempt: true,
			Err: &digest.SendError{Class: digest.Permanent, Code: 550, Enhanced: "5.1.1", Message: "no such user"}}}})
		if first, retry, _ := pendingOf(s, ctx); !first.IsZero() || !retry.IsZero() {
			t.Error("nothing should be queued")
		}
		if sub, _ := s.FindByID(ctx, b.ID); sub.Status != Bounced {
			t.Errorf("status after a hard bounce = %s, want bounced", sub.Status)
		}
		if sub, _ := s.FindByID(ctx, b.ID); sub != nil {
			mustSuppressed(t, s, sub.Email, ReasonHardBounce) // so a re-import cannot add it back
		}
		s.FinishIssue(ctx, 1)
		if got, _ := s.UnfinishedIssue(ctx); got != nil {
			t.Error("issue still unfinished")
		}
		if n, _ := sentSince(ctx, s, s.db, time.Now().Add(-time.Hour)); n != 1 {
			t.Errorf("sent since = %d, want 1", n)
		}
		counts, _ := s.DeliveryCounts(ctx, 1)
		if counts[digest.StateSent] != 1 || counts[digest.StateFailed] != 1 {
			t.Errorf("counts = %v", counts)
		}
		if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: 2, Date: time.Now(), Subject: "T"}); err != nil {
			t.Fatal(err)
		}
		all, _ := s.Issues(ctx, IssueQuery{Counts: true})
		if len(all) != 2 || all[0].Number != 2 || all[0].Counts[digest.StateQueued] != 1 || all[1].Counts[digest.StateSent] != 1 {
			t.Errorf("issues with counts = %+v", all)
		}
		archive, _ := s.Issues(ctx, IssueQuery{SentOnly: true})
		if len(archive) != 1 || archive[0].Number != 1 || len(archive[0].Counts) != 0 {
			t.Errorf("sent issues = %+v, want issue 1 without counts", archive)
		}
		one, _ := s.Issues(ctx, IssueQuery{Number: 2, Counts: true})
		if len(one) != 1 || one[0].Number != 2 {
			t.Errorf("issue 2 = %+v", one)
		}
	})
}

func TestMigrationsAreIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), SQLite, path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		s.Close()
	}
}

func TestSecretIsKeptAndShared(t *testing.T) {
	ctx := context.Background()
	dsns := map[string]string{SQLite: filepath.Join(t.TempDir(), "d.db")}
	if dsn := os.Getenv("DIGEST_TEST_POSTGRES_DSN"); dsn != "" {
		dsns[Postgres] = newSchema(t, dsn)
	}
	for driver, dsn := range dsns {
		t.Run(driver, func(t *testing.T) { secretShared(ctx, t, mustOpen(t, driver, dsn), mustOpen(t, driver, dsn)) })
	}
}

func secretShared(ctx context.Context, t *testing.T, s1, s2 *Store) {
	a, err := s1.Secret(ctx)
	if err != nil || len(a) != 32 {
		t.Fatalf("secret = %x, %v", a, err)
	}
	b, _ := s2.Secret(ctx)
	if string(a) != string(b) {
		t.Error("two processes on one database disagree on the secret")
	}
}

func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lists #1?", "100%")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "digest.db")
	s := mustOpen(t, SQLite, path)
	mustAdd(t, s, "a@example.com", Active)
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %s: %v", path, err)
	}
}

func TestLocalTimeDelivery(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		for email, tz := range map[string]string{"berlin@example.com": "", "tokyo@example.com": "Asia/Tokyo", "ny@example.com": "America/New_York"} {
			sub := &Subscriber{Email: email}
			if tz != "" {
				sub.Attributes = map[string]string{"timezone": tz}
			}
			if err := s.Add(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		base := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
		due := map[string]time.Time{"": base, "Asia/Tokyo": base.Add(22 * time.Hour), "America/New_York": base.Add(6 * time.Hour)}
		err := s.CreateIssue(ctx, &digest.StoredIssue{Number: 1, Date: base, Subject: "S",
			DueAt: func(z string) time.Time { return due[z] }})
		if err != nil {
			t.Fatal(err)
		}
		emails := func(at time.Time) []string {
			ds, err := s.Due(ctx, digest.DueQuery{Issue: 1, Now: at, After: 0, Limit: 10, Deferred: false})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range ds {
				out = append(out, d.Recipient.Email)
			}
			sort.Strings(out)
			return out
		}
		if got := emails(base); len(got) != 1 || got[0] != "berlin@example.com" {
			t.Errorf("due at 06:00 UTC: %v", got)
		}
		if got := emails(base.Add(6 * time.Hour)); len(got) != 2 {
			t.Errorf("due at 12:00 UTC: %v", got)
		}
		if got := emails(base.Add(22 * time.Hour)); len(got) != 3 {
			t.Errorf("due next morning: %v", got)
		}
	})
}
