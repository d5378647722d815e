package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/schedule"
	"github.com/digest-dev/digest/subscribers"
)

// sendOptions are the flags of `digest send`.
type sendOptions struct {
	Preview bool
	To      []string
	DryRun  bool
	Slot    time.Time // set by digest run: the scheduled time this send is for
}

func (a *app) sendCommand() *cobra.Command {
	var opts sendOptions
	cmd := &cobra.Command{
		Use:   "send [--preview [--to ADDR]...] [--dry-run]",
		Short: "Send the next issue to every active subscriber (or a preview)",
		Long: `Send assembles the next issue from the configured sources, renders it
once, and mails a personalised copy to every active subscriber. The
issue and its takeaways are recorded, so they are never sent again.

A send that was interrupted, or stopped because the SMTP server could
not be reached, is resumed by running send again: nobody's attempts are
used up by an outage. Deliveries that ran out of attempts on temporary
failures stay deferred, and each send retries those that are due
(for smtp.queue_lifetime) before it makes the next issue.

With --preview the issue goes only to preview.to (or --to), with
"[Preview] " before the subject, exactly as a subscriber gets it, and
nothing is recorded. With --dry-run it is rendered and counted but not
sent (with --preview too).

When smtp.host is empty, messages are written as .eml files into the
outbox folder instead of being sent.`,
		Example: `  digest send --preview
  digest send --preview --to me@example.com
  digest send --dry-run
  digest send`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(opts.To) > 0 && !opts.Preview {
				return usagef("--to needs --preview")
			}
			return a.runSend(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Preview, "preview", false, "send to the preview addresses only; record nothing")
	cmd.Flags().StringArrayVar(&opts.To, "to", nil, "preview address (repeatable; overrides preview.to)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "render and count recipients, send nothing")
	return cmd
}

func (a *app) runSend(ctx context.Context, opts sendOptions) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Preview || opts.DryRun {
		return a.runSendNothingRecorded(ctx, st, opts)
	}
	unlock, err := st.LockSend(ctx)
	if errors.Is(err, digest.ErrSendInProgress) {
		return &lockedError{err: err}
	}
	if err != nil {
		return err
	}
	defer unlock()
	if !opts.Slot.IsZero() {
		if ok, err := a.claimSlot(ctx, st, opts.Slot); err != nil || !ok {
			return err
		}
	}
	if is, err := st.UnfinishedIssue(ctx); err != nil || is != nil {
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "resuming issue %d: %s\n", is.Number, is.Subject)
		return a.deliver(ctx, st, is)
	}
	if err := a.retryDeferred(ctx, st); err != nil {
		return err
	}
	return a.sendNext(ctx, st, opts)
}

// sendNext assembles, records and sends the next issue.
func (a *app) sendNext(ctx context.Context, st *subscribers.Store, opts sendOptions) error {
	is, rendered, err := a.prepare(ctx, st)
	if nothing := new(digest.NothingNewError); errors.As(err, &nothing) {
		fmt.Fprintln(a.stdout, nothing.Error())
		if !opts.Slot.IsZero() {
			a.log.Info("scheduled send skipped: " + nothing.Error())
		}
		return nil
	}
	if err != nil {
		return err
	}
	stored := &digest.StoredIssue{Number: is.Number, Date: is.Date, Subject: is.Subject, Preheader: is.Preheader,
		Rendered: *rendered, ContentIDs: is.ContentIDs}
	if lt := a.cfg.Schedule.LocalTime; lt != "" {
		local, err := schedule.ParseLocalTime(lt, a.cfg.location)
		if err != nil {
			return err
		}
		created := a.now()
		stored.DueAt = func(zone string) time.Time { return local.DueAt(created, zone) }
	}
	if err := st.CreateIssue(ctx, stored); err != nil {
		return err
	}
	return a.deliver(ctx, st, stored)
}

// runSendNothingRecorded is --preview and --dry-run: no lock, no record.
func (a *app) runSendNothingRecorded(ctx context.Context, st *subscribers.Store, opts sendOptions) error {
	is, rendered, err := a.prepare(ctx, st)
	if nothing := new(digest.NothingNewError); errors.As(err, &nothing) {
		fmt.Fprintln(a.stdout, nothing.Error())
		return nil
	}
	if err != nil {
		return err
	}
	if opts.Preview {
		return a.sendPreview(ctx, st, opts, is, rendered)
	}
	counts, err := st.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "dry run: issue %d (%q) would go to %d active subscribers; nothing sent\n",
		is.Number, is.Subject, counts[subscribers.Active])
	return nil
}

// prepare assembles and renders the next issue.
func (a *app) prepare(ctx context.Context, st *subscribers.Store) (*digest.Issue, *digest.Rendered, error) {
	is, err := a.assemble(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	r, err := a.renderer()
	if err != nil {
		return nil, nil, err
	}
	rendered, err := r.Render(ctx, is)
	return is, rendered, err
}

// deliverer is a Deliverer over the configured transport and links.
func (a *app) deliverer(ctx context.Context, st *subscribers.Store) (*digest.Deliverer, error) {
	envelope, err := a.envelopeSender(ctx, st)
	if err != nil {
		return nil, err
	}
	tr, err := a.transport("", envelope...)
	if err != nil {
		return nil, err
	}
	linker, err := a.linker(ctx, st)
	if err != nil {
		return nil, err
	}
	return &digest.Deliverer{Store: st, Transport: tr, Linker: linker, Log: a.log, Now: a.now, Options: a.cfg.deliveryOptions()}, nil
}

// deliveryOptions maps the smtp settings onto the deliverer's knobs.
func (c *Config) deliveryOptions() digest.DeliveryOptions {
	s := c.SMTP
	return digest.DeliveryOptions{Connections: s.Connections, MessagesPerConnection: s.PerConnection,
		RatePerSecond: s.RatePerSecond, MaxPerDay: s.MaxPerDay, RetryBackoff: s.RetryBackoff,
		RetryBackoffMax: s.RetryMax, MaxAttempts: s.MaxAttempts, BounceThreshold: s.BounceAfter,
		QueueLifetime: s.QueueLifetime, ResendUnconfirmed: s.ResendUnconfirmed}
}

// deliver drains the issue's queue over the configured transport, holding
// the database's send lock, and prints the summary.
func (a *app) deliver(ctx context.Context, st *subscribers.Store, is *digest.StoredIssue) error {
	d, err := a.deliverer(ctx, st)
	if err != nil {
		return err
	}
	counts, err := st.DeliveryCounts(ctx, is.Number)
	if err != nil {
		return err
	}
	d.Progress = a.sendProgress(is.Number, counts[digest.StateQueued])
	rep, err := d.Deliver(ctx, is)
	a.progressDone()
	a.report(rep)
	return a.sendOutcome(ctx, st, rep, err)
}

// retryDeferred gives the deferred deliveries of recent issues that are
// due another attempt, and fails those past smtp.queue_lifetime: the queue
// run of an MTA, made before each new issue (and by digest run on its own).
func (a *app) retryDeferred(ctx context.Context, st *subscribers.Store) error {
	opts := a.cfg.deliveryOptions()
	lifetime := a.cfg.SMTP.QueueLifetime
	if n, err := st.ExpireDeferred(ctx, a.now().Add(-lifetime)); err != nil || n > 0 {
		if err != nil {
			return err
		}
		a.log.Warn("deferred deliveries failed: their issue is older than smtp.queue_lifetime", "count", n, "queue_lifetime", lifetime)
	}
	issues, err := st.DeferredIssues(ctx, a.now().Add(-lifetime), a.now())
	if err != nil || len(issues) == 0 {
		return err
	}
	d, err := a.deliverer(ctx, st)
	if err != nil {
		return err
	}
	d.Options = opts
	for _, is := range issues {
		fmt.Fprintf(a.stdout, "retrying deferred deliveries of issue %d\n", is.Number)
		rep, err := d.Retry(ctx, is)
		a.report(rep)
		if err := a.sendOutcome(ctx, st, rep, err); err != nil {
			var pe *partialError
			if !errors.As(err, &pe) {
				return err
			}
			fmt.Fprintln(a.stderr, "digest:", err)
		}
	}
	return nil
}

// report prints a send's summary line, and the first failure that was not
// a recipient's own (an unreachable server, a refused sender) without -v.
func (a *app) report(rep *digest.Report) {
	if rep == nil {
		return
	}
	printReport(a.stdout, rep)
	if rep.Reason != nil {
		fmt.Fprintf(a.stdout, "  first problem: %v\n", rep.Reason)
	}
	if rep.Deferred > 0 {
		fmt.Fprintf(a.stdout, "  %d deferred after temporary failures: digest run retries them on its own, as does the next digest send, for smtp.queue_lifetime\n", rep.Deferred)
	}
	for _, f := range rep.Samples {
		a.log.Warn("delivery failed", "issue", rep.Issue, "to", f.Recipient.Email, "reply", f.Err.Error())
	}
}

func printReport(w io.Writer, rep *digest.Report) {
	fmt.Fprintf(w, "issue %d: sent %d, failed %d", rep.Issue, rep.Sent, rep.Failed)
	for _, x := range []struct {
		n    int
		what string
	}{{rep.Deferred, "deferred"}, {rep.Unconfirmed, "unconfirmed"}, {rep.Skipped, "skipped"}} {
		if x.n > 0 {
			fmt.Fprintf(w, ", %s %d", x.what, x.n)
		}
	}
	fmt.Fprintln(w)
}

// sendOutcome maps how a send ended to the command's error (and exit code).
func (a *app) sendOutcome(ctx context.Context, st *subscribers.Store, rep *digest.Report, err error) error {
	n := rep.Issue
	var fe *digest.FatalError
	switch {
	case errors.As(err, &fe):
		return usagef("issue %d: %v; nobody's attempts were used: fix it and run digest send again", n, fe.Err)
	case errors.Is(err, digest.ErrUnreachable):
		counts, _ := st.DeliveryCounts(context.WithoutCancel(ctx), n)
		return &partialError{msg: fmt.Sprintf("issue %d: %v; %d deliveries stay queued: run digest send again (digest run retries on its own)", n, err, counts[digest.StateQueued])}
	case errors.Is(err, digest.ErrDailyLimit):
		return &partialError{msg: fmt.Sprintf("issue %d: smtp.max_per_day reached; the rest stay queued: run digest send again later", n)}
	case err != nil:
		return err
	case rep.Failed > 0:
		return &partialError{msg: fmt.Sprintf("issue %d: %d recipients failed; see digest issues show %d --failed", n, rep.Failed, n)}
	case rep.Unconfirmed > 0:
		return &partialError{msg: fmt.Sprintf("issue %d: %d unconfirmed: the server took the message but its reply was lost, so it may have arrived; see digest issues show %d --failed",
			n, rep.Unconfirmed, n)}
	}
	return nil
}
