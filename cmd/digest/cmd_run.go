package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest/schedule"
	"github.com/digest-dev/digest/subscribers"
)

// lastSlotKey is the setting that records the last scheduled send handled.
const lastSlotKey = "schedule.last_slot"

// runOptions are the flags of `digest run`.
type runOptions struct {
	CatchUp time.Duration
	Worker  bool // only take part in sends: no schedule, no web server
}

func (a *app) runCommand() *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Send on schedule.cron and serve the unsubscribe and archive pages",
		Long: `Run is the long-running process: it sends the day's issue at each time
of schedule.cron (in newsletter.timezone), through the same code as
digest send, and serves the web pages a list needs on http.listen:
one-click unsubscribe (RFC 8058), the archive, the feed, /healthz and
the bounce webhooks (POST /webhooks/{provider}). With bounces.mailbox
set it reads the bounce mailbox at start and every bounces.interval.

A send missed while digest was not running is made up on start if it is
younger than schedule.catch_up_within (default 6h; --catch-up overrides);
older ones are logged as skipped: a stale digest is worse than none. Daylight-saving changes never skip or repeat a daily
send. Several run processes on one database never send an issue twice.
SIGTERM or Ctrl-C stops it cleanly: no new sends; one in flight
finishes or checkpoints; exit 0.

On PostgreSQL, every running digest run takes part in each send: the
process that claims the scheduled slot makes the issue, and the others
join within seconds, sharing the queue, the rate and the daily limit.
With --worker the process only does that (no schedule, no web server):
add such processes on more hosts to speed up big sends.`,
		Example: `  digest run
  digest run --catch-up 2h
  digest run --worker          # on another host, against the same PostgreSQL`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runRun(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().DurationVar(&opts.CatchUp, "catch-up", 0, "make up a missed send younger than this (default schedule.catch_up_within)")
	cmd.Flags().BoolVar(&opts.Worker, "worker", false, "only take part in sends (PostgreSQL): no schedule, no web server")
	return cmd
}

// runWorker is digest run --worker: it takes part in every send on the
// database, and retries deferred deliveries, until SIGTERM.
func runWorker(ctx context.Context, d *deps) error {
	if !d.store.SharedSends() {
		return usagef("--worker needs PostgreSQL: on SQLite one process sends for the database")
	}
	d.log.Info("digest run --worker", "worker", d.worker.ID)
	d.queueLoop(ctx)
	return nil
}

func runRun(ctx context.Context, opts runOptions, d *deps) error {
	if opts.Worker {
		return runWorker(ctx, d)
	}
	cfg := d.cfg
	if opts.CatchUp <= 0 {
		opts.CatchUp = cfg.Schedule.CatchUpWithin
	}
	sched := cfg.schedule
	ws, err := d.webServer()
	if err != nil {
		return err
	}
	srv := ws.HTTPServer(cfg.HTTP.Listen)
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return cfg.errorf("http.listen", "%v", err)
	}
	go srv.Serve(ln)
	waitBounces, err := d.startBounceFetches(ctx)
	if err != nil {
		srv.Close()
		return err
	}
	d.log.Info("digest run", "listen", ln.Addr().String(), "schedule", cfg.Schedule.Cron, "timezone", cfg.Newsletter.Timezone,
		"next", sched.Next(d.now()).Format(time.RFC3339))
	logger := cronLogger{d.log}
	c := cron.New(cron.WithLocation(cfg.location), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	tick := func() { d.tick(ctx, sched, opts.CatchUp) }
	c.Schedule(sched, cron.FuncJob(tick))
	c.Start()
	// The catch-up at start and the queue runner are not cron's jobs: wait
	// for them too, so that SIGTERM never cuts a message in half.
	var sends sync.WaitGroup
	sends.Add(2)
	go func() { defer sends.Done(); tick() }() // SkipIfStillRunning does not cover it; the send lock does
	go func() { defer sends.Done(); d.queueLoop(ctx) }()
	<-ctx.Done()
	d.log.Info("stopping: no new sends; waiting for one in flight")
	<-c.Stop().Done()
	sends.Wait()
	waitBounces()
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	return nil
}

// queueLoop resumes, on its own, a send that stopped because the SMTP
// server could not be reached (on PostgreSQL: joins any send another
// process is making), and retries deferred deliveries as they fall due:
// every smtp.retry_backoff, between 1s and 1m (2s at most on PostgreSQL).
func (d *deps) queueLoop(ctx context.Context) {
	every := min(max(d.cfg.SMTP.RetryBackoff, time.Second), time.Minute)
	if d.store.SharedSends() {
		every = min(every, 2*time.Second) // join a send within seconds
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := d.runQueue(ctx); err != nil {
			d.logSendError("queue run", err)
		}
	}
}

// runQueue is one pass of the queue runner, under the send lock; when
// another process holds it, that process does the work.
func (d *deps) runQueue(ctx context.Context) error {
	err := d.withSendLock(ctx, func(p *sendPass) error {
		is, err := d.store.UnfinishedIssue(ctx)
		if err != nil {
			return err
		}
		if is == nil {
			return p.retryDeferred(ctx)
		}
		d.log.Info("taking part in the send", "issue", is.Number)
		return p.deliver(ctx, is)
	})
	if le := new(lockedError); errors.As(err, &le) {
		return nil
	}
	return err
}

// tick sends the issue for the slot that is due, if any. The slot is
// claimed under the send lock, so two processes never both send it.
func (d *deps) tick(ctx context.Context, sched *schedule.Schedule, catchUp time.Duration) {
	if ctx.Err() != nil {
		return
	}
	last, err := lastSlot(ctx, d.store)
	if err != nil {
		d.log.Error("read schedule state", "error", err)
		return
	}
	slot, send, stale := sched.Due(d.now(), last, catchUp)
	if !stale.IsZero() {
		d.log.Warn("skipping a missed send: too old to catch up", "slot", stale.Format(time.RFC3339), "catch_up", catchUp)
		if err := d.store.SetSetting(ctx, lastSlotKey, stale.UTC().Format(time.RFC3339)); err != nil {
			d.log.Error("record skipped slot", "error", err)
		}
		return
	}
	if !send {
		d.log.Debug("no scheduled send due", "last", last.Format(time.RFC3339), "next", sched.Next(d.now()).Format(time.RFC3339))
		return
	}
	d.log.Info("scheduled send", "slot", slot.Format(time.RFC3339))
	d.logSendError("scheduled send", runSend(ctx, sendOptions{Slot: slot}, d))
}

// logSendError logs how a send of digest run ended, at the level it
// deserves: another process sending is normal when several run.
func (d *deps) logSendError(what string, err error) {
	var pe *partialError
	var le *lockedError
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		d.log.Info(what + " interrupted; it resumes at the next start")
	case errors.As(err, &le):
		d.log.Info(what+": another process is sending on this database; it makes the send", "detail", le.err)
	case errors.As(err, &pe):
		d.log.Warn(what+" finished with failures", "detail", pe.msg)
	default:
		d.log.Error(what, "error", err)
	}
}

func lastSlot(ctx context.Context, st *subscribers.Store) (time.Time, error) {
	v, err := st.Setting(ctx, lastSlotKey)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, v)
}

// claimSlot records the slot as handled, or reports that another process
// already handled it. It runs under the send lock.
func (d *deps) claimSlot(ctx context.Context, slot time.Time) (bool, error) {
	last, err := lastSlot(ctx, d.store)
	if err != nil {
		return false, err
	}
	if !slot.After(last) {
		d.log.Info("this scheduled send was already made", "slot", slot.Format(time.RFC3339))
		return false, nil
	}
	return true, d.store.SetSetting(ctx, lastSlotKey, slot.UTC().Format(time.RFC3339))
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error(fmt.Sprintf("cron: %s", msg), append(kv, "error", err)...)
}
