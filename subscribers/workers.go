package subscribers

import (
	"context"
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
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET lease_until = ?
		WHERE issue = ? AND worker = ? AND lease_until IS NOT NULL AND state IN ('queued', 'deferred')`), at, issue, worker)
	return err
}

// Heartbeat implements digest.IssueStore.
func (s *Store) Heartbeat(ctx context.Context, b digest.Beat) (digest.Pulse, error) {
	p := digest.Pulse{}
	now := s.Now()
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO send_workers (issue, worker, host, pid, started_at, seen_at, sent, slow_downs, done)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issue, worker) DO UPDATE SET
		seen_at = excluded.seen_at, sent = excluded.sent, slow_downs = excluded.slow_downs, done = excluded.done`),
		b.Issue, b.Worker.ID, b.Worker.Host, b.Worker.PID, s.stamp(b.Worker.Started), s.stamp(now), b.Sent, b.SlowDowns, boolInt(b.Done))
	if err != nil {
		return p, err
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT coalesce(sum(CASE WHEN done = 0 AND seen_at >= ? THEN 1 ELSE 0 END), 0),
		coalesce(sum(slow_downs), 0) FROM send_workers WHERE issue = ?`), s.stamp(now.Add(-liveFor)), b.Issue).Scan(&p.Live, &p.SlowDowns)
	if err != nil {
		return p, err
	}
	p.Counts, err = s.DeliveryCounts(ctx, b.Issue)
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
