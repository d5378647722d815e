package subscribers

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

// TestDurableOutcomes: database.durable_outcomes picks how a commit of
// delivery outcomes waits for the disk. Off (the default) SQLite runs
// synchronous=NORMAL and PostgreSQL writes outcome groups on connections
// with synchronous_commit=off, while the store's other connections keep
// the server's durable default; on, SQLite runs synchronous=FULL and
// outcomes go through the durable connections. Either way an outcome is
// committed when Record returns: a store opened afresh sees it.
func TestDurableOutcomes(t *testing.T) {
	ctx := context.Background()
	type dsnFn func(t *testing.T) string
	stores := map[string]dsnFn{SQLite: func(t *testing.T) string { return filepath.Join(t.TempDir(), "digest.db") }}
	if dsn := os.Getenv("DIGEST_TEST_POSTGRES_DSN"); dsn != "" {
		stores[Postgres] = func(t *testing.T) string { return newSchema(t, dsn) }
	}
	for driver, newDSN := range stores {
		for _, durable := range []bool{false, true} {
			t.Run(driver+map[bool]string{false: "/fast", true: "/durable"}[durable], func(t *testing.T) {
				dsn := newDSN(t)
				s, err := OpenWith(ctx, driver, dsn, Options{DurableOutcomes: durable})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				switch driver {
				case SQLite:
					var mode int
					if err := s.db.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil {
						t.Fatal(err)
					}
					if want := map[bool]int{false: 1, true: 2}[durable]; mode != want {
						t.Errorf("PRAGMA synchronous = %d, want %d", mode, want)
					}
				case Postgres:
					if got := syncCommit(t, s.db); got != "on" {
						t.Errorf("the store's own connections: synchronous_commit = %s, want on", got)
					}
					if durable != (s.ledger == nil) {
						t.Fatalf("durable %v: separate ledger pool = %v", durable, s.ledger != nil)
					}
					if !durable {
						if got := syncCommit(t, s.ledger); got != "off" {
							t.Errorf("the ledger's connections: synchronous_commit = %s, want off", got)
						}
					}
				}
				subs := newIssueWith(t, s, "a@example.com", "b@example.com")
				if err := s.Record(ctx, digest.Batch{Issue: 1, Updates: []digest.Update{
					{Recipient: rcpt(subs[0]), State: digest.StateSent, Attempt: true, MessageID: "issue1.a"},
					{Recipient: rcpt(subs[1]), State: digest.StateSent, Attempt: true, MessageID: "issue1.b"},
				}}); err != nil {
					t.Fatal(err)
				}
				again, err := Open(ctx, driver, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer again.Close()
				if counts, err := again.DeliveryCounts(ctx, 1); err != nil || counts[digest.StateSent] != 2 {
					t.Errorf("a store opened afresh counts %v (%v), want 2 sent", counts, err)
				}
				if driver == Postgres && !durable {
					// and the outcomes went through the ledger's pool
					s.ledger.Close()
					err := s.Record(ctx, digest.Batch{Issue: 1, Updates: []digest.Update{{Recipient: rcpt(subs[0]), State: digest.StateSent}}})
					if err == nil {
						t.Error("Record with the ledger's pool closed succeeded: outcomes do not go through it")
					}
				}
			})
		}
	}
}

// TestDurableOutcomesKeepsTheDSNsSetting: a PostgreSQL connection string
// that sets synchronous_commit itself keeps it for the ledger too.
func TestDurableOutcomesKeepsTheDSNsSetting(t *testing.T) {
	dsn := os.Getenv("DIGEST_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("PostgreSQL: set DIGEST_TEST_POSTGRES_DSN")
	}
	u, err := url.Parse(newSchema(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("synchronous_commit", "local")
	u.RawQuery = q.Encode()
	s, err := OpenWith(context.Background(), Postgres, u.String(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := syncCommit(t, s.ledger); got != "local" {
		t.Errorf("ledger synchronous_commit = %s, want the DSN's local", got)
	}
	if got := syncCommit(t, s.db); got != "local" {
		t.Errorf("store synchronous_commit = %s, want the DSN's local", got)
	}
}

func syncCommit(t *testing.T, db *sql.DB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var v string
	if err := db.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
