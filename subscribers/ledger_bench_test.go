package subscribers

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

// BenchmarkRecord measures what the deliverer waits for after each
// message: committing a group of outcomes (one transaction, one
// statement). Reported per group and per outcome, for group sizes from one
// connection's worth to a full group, on SQLite (and PostgreSQL when
// DIGEST_TEST_POSTGRES_DSN is set):
//
//	go test -run XXX -bench Record -benchtime 2000x ./subscribers
func BenchmarkRecord(b *testing.B) {
	opens := benchOpens()
	for _, driver := range []string{"sqlite", "postgres"} {
		open, ok := opens[driver]
		if !ok {
			continue
		}
		for _, size := range []int{1, 4, 16, 64, 512} {
			b.Run(fmt.Sprintf("%s/group=%d", driver, size), func(b *testing.B) {
				s := open(b)
				defer s.Close()
				updates := benchLedger(b, s, 20_000, size)
				i := 0
				for b.Loop() {
					if err := s.Record(context.Background(), digest.Batch{Issue: 1, Updates: updates[i], BounceThreshold: 1}); err != nil {
						b.Fatal(err)
					}
					i = (i + 1) % len(updates)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size)/1000, "µs/outcome")
			})
		}
	}
}

// BenchmarkDue measures the sender's other query: claiming the next batch
// of 512 due deliveries of an issue of 30,000 subscribers, as the feed
// reads the queue (on PostgreSQL a claim also leases the rows). Reported
// per claimed delivery:
//
//	go test -run XXX -bench Due ./subscribers
func BenchmarkDue(b *testing.B) {
	const n, batch = 30_000, 512
	for driver, open := range benchOpens() {
		b.Run(driver, func(b *testing.B) {
			s := open(b)
			defer s.Close()
			benchLedger(b, s, n, 1)
			var after int64
			for b.Loop() {
				due, err := s.Due(context.Background(), digest.DueQuery{Issue: 1, Now: time.Now(), After: after, Limit: batch,
					Worker: "bench", LeaseUntil: time.Now().Add(time.Minute)})
				if err != nil || len(due) == 0 {
					b.Fatal(len(due), err)
				}
				after = due[len(due)-1].Recipient.ID
				if len(due) < batch {
					after = 0
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/batch/1000, "µs/delivery")
		})
	}
}

// benchOpens opens a fresh store on SQLite, and on PostgreSQL when
// DIGEST_TEST_POSTGRES_DSN is set.
func benchOpens() map[string]func(b *testing.B) *Store {
	opens := map[string]func(b *testing.B) *Store{
		"sqlite": func(b *testing.B) *Store {
			s, err := Open(context.Background(), SQLite, filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			return s
		},
	}
	if dsn := os.Getenv("DIGEST_TEST_POSTGRES_DSN"); dsn != "" {
		opens["postgres"] = func(b *testing.B) *Store {
			s, err := Open(context.Background(), Postgres, newSchema(b, dsn))
			if err != nil {
				b.Fatal(err)
			}
			return s
		}
	}
	return opens
}

// benchLedger imports n subscribers, queues issue 1 for them and returns
// groups of size sent outcomes over them.
func benchLedger(b *testing.B, s *Store, n, size int) [][]digest.Update {
	b.Helper()
	ctx := context.Background()
	if _, err := s.Import(ctx, "b.csv", bytes.NewReader(benchCSV(n)), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := s.CreateIssue(ctx, &digest.StoredIssue{Number: 1, Date: time.Now(), Subject: "S"}); err != nil {
		b.Fatal(err)
	}
	due, err := s.Due(ctx, digest.DueQuery{Issue: 1, Now: time.Now(), Limit: n})
	if err != nil {
		b.Fatal(err)
	}
	var groups [][]digest.Update
	for i := 0; i+size <= len(due); i += size {
		g := make([]digest.Update, size)
		for j := range g {
			g[j] = digest.Update{Recipient: due[i+j].Recipient, State: digest.StateSent, Attempt: true, MessageID: "issue1.x"}
		}
		groups = append(groups, g)
	}
	return groups
}
