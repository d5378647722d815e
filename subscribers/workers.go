package subscribers

import (
	"context"
	"database/sql"
	"time"

	"github.com/digest-dev/digest/digest"
)

// liveFor is how long a worker counts as live after its last heartbeat:
// a few beats, so that one slow beat does not drop it.
const liveFor = 15 * time.Second

// Renew implements digest.IssueStore: the worker's claims on the issue's
// unrecorded deliveries hold until until (released when it is zero).
func (s *Store) Renew(ctx context.Context, issue int, worker string, until time.Time) error {
	var at any
	if !until.IsZero() {
		at = s.stamp(until)
	}
	_, err := s.db.ExecContext(ctx, s.q(s.d.renew), at, issue, worker)
	return err
}

// Heartbeat implements digest.IssueStore. The beats of a send's workers
// are serialised (a transaction-scoped lock on PostgreSQL; SQLite's write
// lock), so that b.Reserve sees the others' holds on the day's budget as
// they are, and what it returns is written before the next one reads.
func (s *Store) Heartbeat(ctx context.Context, b digest.Beat) (digest.Pulse, error) {
	p := digest.Pulse{}
	now := s.Now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.beatLock != "" {
			if _, err := tx.ExecContext(ctx, s.d.beatLock); err != nil {
				return err
			}
		}
		// held is kept as it was unless the worker is done (it holds
		// nothing more) or b.Reserve sets it below.
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO send_workers (issue, worker, host, pid, started_at, seen_at, sent, slow_downs, done)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issue, worker) DO UPDATE SET
			seen_at = excluded.seen_at, sent = excluded.sent, slow_downs = excluded.slow_downs, done = excluded.done,
			held = CASE WHEN excluded.done = 1 THEN 0 ELSE send_workers.held END`),
			b.Issue, b.Worker.ID, b.Worker.Host, b.Worker.PID, s.stamp(b.Worker.Started), s.stamp(now), b.Sent, b.SlowDowns, boolInt(b.Done))
		if err != nil {
			return err
		}
		live := s.stamp(now.Add(-liveFor))
		var others int
		err = tx.QueryRowContext(ctx, s.q(`SELECT coalesce(sum(CASE WHEN done = 0 AND seen_at >= ? THEN 1 ELSE 0 END), 0),
			coalesce(sum(slow_downs), 0),
			coalesce(sum(CASE WHEN done = 0 AND seen_at >= ? AND worker <> ? THEN held ELSE 0 END), 0)
			FROM send_workers WHERE issue = ?`), live, live, b.Worker.ID, b.Issue).Scan(&p.Live, &p.SlowDowns, &others)
		if err != nil || b.Reserve == nil {
			return err
		}
		sent, err := sentSince(ctx, s, tx, now.Add(-24*time.Hour))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE send_workers SET held = ? WHERE issue = ? AND worker = ?`),
			b.Reserve(sent, others, p.Live), b.Issue, b.Worker.ID)
		return err
	})
	if err != nil {
		return p, err
	}
	if b.Counts {
		p.Counts, err = s.DeliveryCounts(ctx, b.Issue)
	}
	return p, err
}

// WorkerReport is one process that took part in an issue's send.
type WorkerReport struct {
	Worker  string    `json:"worker"`
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Seen    time.Time `json:"last_seen"`
	Done    bool      `json:"done"`
	Sent    int       `json:"sent"`   // deliveries the ledger says it sent
	Leased  int       `json:"leased"` // deliveries it holds right now
}

// Workers lists the processes that took part in an issue's send, with
// what each sent and holds now.
func (s *Store) Workers(ctx context.Context, issue int) ([]WorkerReport, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT w.worker, w.host, w.pid, w.started_at, w.seen_at, w.done,
		(SELECT count(*) FROM deliveries d WHERE d.issue = w.issue AND d.worker = w.worker AND d.state = 'sent'),
		(SELECT count(*) FROM deliveries d WHERE d.issue = w.issue AND d.worker = w.worker AND d.lease_until >= ?
			AND d.state IN ('queued', 'deferred'))
		FROM send_workers w WHERE w.issue = ? ORDER BY w.started_at, w.worker`), s.now(), issue)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WorkerReport
	for rows.Next() {
		var w WorkerReport
		var started, seen dbTime
		var done int
		if err := rows.Scan(&w.Worker, &w.Host, &w.PID, &started, &seen, &done, &w.Sent, &w.Leased); err != nil {
			return nil, err
		}
		w.Started, w.Seen, w.Done = started.Time, seen.Time, done == 1
		out = append(out, w)
	}
	return out, rows.Err()
}
