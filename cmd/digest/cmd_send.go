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
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSend(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().BoolVar(&opts.Preview, "preview", false, "send to the preview addresses only; record nothing")
	cmd.Flags().StringArrayVar(&opts.To, "to", nil, "preview address (repeatable; overrides preview.to)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "render and count recipients, send nothing")
	return cmd
}

func runSend(ctx context.Context, opts sendOptions, d *deps) error {
	if opts.Preview || opts.DryRun {
		return d.runSendNothingRecorded(ctx, opts)
	}
	if err := d.cfg.checkRealFrom(); err != nil {
		return err
	}
	return d.withSendLock(ctx, func(p *sendPass) error {
		if !opts.Slot.IsZero() {
			if ok, err := d.claimSlot(ctx, opts.Slot); err != nil || !ok {
				return err
			}
		}
		is, err := d.store.UnfinishedIssue(ctx)
		if err != nil {
			return err
		}
		if is != nil {
			fmt.Fprintf(d.stdout, "resuming issue %d: %s\n", is.Number, is.Subject)
			return p.deliver(ctx, is)
		}
		if err := p.retryDeferred(ctx); err != nil {
			return err
		}
		if is, err = d.makeNext(ctx, opts); err != nil || is == nil {
			return err
		}
		return p.deliver(ctx, is)
	})
}

// makeNext assembles and records the next issue, queued for every active
// subscriber; nil when there is nothing new.
func (d *deps) makeNext(ctx context.Context, opts sendOptions) (*digest.StoredIssue, error) {
	// An issue for no one would use up its takeaways unread.
	counts, err := d.store.Count(ctx)
	if err != nil {
		return nil, err
	}
	if counts[subscribers.Active] == 0 {
		fmt.Fprintln(d.stdout, "no active subscribers: no issue made; the stories wait for the next send (add readers with digest subscribers add or import)")
		return nil, nil
	}
	is, rendered, err := d.prepare(ctx)
	if nothing := new(digest.NothingNewError); errors.As(err, &nothing) {
		fmt.Fprintln(d.stdout, nothing.Error())
		if !opts.Slot.IsZero() {
			d.log.Info("scheduled send skipped: " + nothing.Error())
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stored := is.Stored(rendered)
	if lt := d.cfg.Schedule.LocalTime; lt != "" {
		local, err := schedule.ParseLocalTime(lt, d.cfg.location)
		if err != nil {
			return nil, err
		}
		created := d.now()
		stored.DueAt = func(zone string) time.Time { return local.DueAt(created, zone) }
	}
	return stored, d.store.CreateIssue(ctx, stored)
}

// runSendNothingRecorded is --preview and --dry-run: no lock, no record.
func (d *deps) runSendNothingRecorded(ctx context.Context, opts sendOptions) error {
	is, rendered, err := d.prepare(ctx)
	if nothing := new(digest.NothingNewError); errors.As(err, &nothing) {
		fmt.Fprintln(d.stdout, nothing.Error())
		return nil
	}
	if err != nil {
		return err
	}
	if opts.Preview {
		return d.sendPreview(ctx, opts, is, rendered)
	}
	counts, err := d.store.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.stdout, "dry run: issue %d (%q) would go to %d active subscribers; nothing sent\n",
		is.Number, is.Subject, counts[subscribers.Active])
	return nil
}

// prepare assembles and renders the next issue.
func (d *deps) prepare(ctx context.Context) (*digest.Issue, *digest.Rendered, error) {
	is, err := d.assemble(ctx)
	if err != nil {
		return nil, nil, err
	}
	rendered, err := d.renderer.Render(ctx, is)
	return is, rendered, err
}

// report prints a send's summary line, and the first failure that was not
// a recipient's own (an unreachable server, a refused sender) without -v.
func (d *deps) report(rep *digest.Report) {
	if rep == nil {
		return
	}
	printReport(d.stdout, rep)
	if rep.Reason != nil {
		fmt.Fprintf(d.stdout, "  first problem: %v\n", rep.Reason)
	}
	if rep.Deferred > 0 {
		fmt.Fprintf(d.stdout, "  %d deferred after temporary failures: digest run retries them on its own, as does the next digest send, for smtp.queue_lifetime\n", rep.Deferred)
	}
	for _, f := range rep.Samples {
		d.log.Warn("delivery failed", "issue", rep.Issue, "to", f.Recipient.Email, "reply", f.Err.Error())
	}
	if l := rep.Ledger; l.Commits > 0 {
		d.log.Info("ledger", "issue", rep.Issue, "commits", l.Commits, "outcomes_per_commit", fmt.Sprintf("%.1f", l.MeanGroup()),
			"commit_p50", l.Percentile(50).Round(time.Microsecond), "commit_p99", l.Percentile(99).Round(time.Microsecond))
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
func (d *deps) sendOutcome(ctx context.Context, rep *digest.Report, err error) error {
	n := rep.Issue
	var fe *digest.FatalError
	switch {
	case errors.As(err, &fe):
		return usagef("issue %d: %v; nobody's attempts were used: fix it and run digest send again", n, fe.Err)
	case errors.Is(err, digest.ErrUnreachable):
		counts, _ := d.store.DeliveryCounts(context.WithoutCancel(ctx), n)
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
