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
A send that was interrupted is resumed by running send again.

With --preview the issue goes only to preview.to (or --to), with
"[Preview] " before the subject, and nothing is recorded. With
--dry-run it is rendered and counted but not sent.

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
	if !opts.Preview && !opts.DryRun {
		unlock, err := st.LockSend(ctx)
		if errors.Is(err, digest.ErrSendInProgress) {
			return usagef("%v: wait for it to finish (a second send would mail people twice)", err)
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
	}
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
	switch {
	case opts.Preview:
		return a.sendPreview(ctx, st, opts, is, rendered)
	case opts.DryRun:
		counts, err := st.Count(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "dry run: issue %d (%q) would go to %d active subscribers; nothing sent\n",
			is.Number, is.Subject, counts[subscribers.Active])
		return nil
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

// deliver drains the issue's queue over the configured transport, holding
// the database's send lock, and prints the summary.
func (a *app) deliver(ctx context.Context, st *subscribers.Store, is *digest.StoredIssue) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	tr, err := a.transport()
	if err != nil {
		return err
	}
	linker, err := a.linker(ctx, st)
	if err != nil {
		return err
	}
	s := cfg.SMTP
	d := &digest.Deliverer{Store: st, Transport: tr, Linker: linker, Log: a.log, Now: a.now,
		Options: digest.DeliveryOptions{Connections: s.Connections, MessagesPerConnection: s.PerConnection,
			RatePerSecond: s.RatePerSecond, MaxPerDay: s.MaxPerDay, RetryBackoff: s.RetryBackoff,
			RetryBackoffMax: s.RetryMax, MaxAttempts: s.MaxAttempts, BounceThreshold: s.BounceAfter}}
	counts, err := st.DeliveryCounts(ctx, is.Number)
	if err != nil {
		return err
	}
	d.Progress = a.sendProgress(is.Number, counts[digest.StateQueued])
	rep, err := d.Deliver(ctx, is)
	a.progressDone()
	printReport(a.stdout, rep)
	for _, f := range rep.Samples {
		a.log.Warn("delivery failed", "issue", is.Number, "to", f.Recipient.Email, "reply", f.Err.Error())
	}
	switch {
	case errors.Is(err, digest.ErrDailyLimit):
		return &partialError{msg: fmt.Sprintf("issue %d: smtp.max_per_day reached; the rest stay queued: run digest send again later", is.Number)}
	case err != nil:
		return err
	case rep.Failed > 0:
		return &partialError{msg: fmt.Sprintf("issue %d: %d recipients failed; see digest issues show %d --failed", is.Number, rep.Failed, is.Number)}
	}
	return nil
}

func printReport(w io.Writer, rep *digest.Report) {
	if rep == nil {
		return
	}
	fmt.Fprintf(w, "issue %d: sent %d, failed %d\n", rep.Issue, rep.Sent, rep.Failed)
}

// sendPreview mails the issue, exactly as a subscriber gets it, to the
// preview addresses, and records nothing.
func (a *app) sendPreview(ctx context.Context, st *subscribers.Store, opts sendOptions, is *digest.Issue, r *digest.Rendered) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	to := opts.To
	if len(to) == 0 {
		to = cfg.Preview.To
	}
	if len(to) == 0 {
		return &usageError{err: errNoPreviewAddress}
	}
	b, err := a.builder()
	if err != nil {
		return err
	}
	sender, closer, err := a.sender(b, "preview-")
	if err != nil {
		return err
	}
	defer closer.Close()
	linker, err := a.linker(ctx, st)
	if err != nil {
		return err
	}
	html, text := digest.NewPersonaliser(r.HTML, true), digest.NewPersonaliser(r.Text, false)
	failed := 0
	for _, addr := range to {
		email, err := subscribers.NormaliseEmail(addr)
		if err != nil {
			return usagef("preview address: %v", err)
		}
		rcpt := digest.Recipient{Email: email}
		links := linker.Links(is.Number, rcpt)
		v := digest.ValuesFor(rcpt, links)
		m := &digest.Message{Issue: is.Number, To: rcpt, Subject: "[Preview] " + is.Subject,
			HTML: html.Fill(v), Text: text.Fill(v), Links: links}
		if err := sender.Send(ctx, m); err != nil {
			fmt.Fprintf(a.stdout, "preview of issue %d to %s: failed: %v\n", is.Number, email, err)
			failed++
			continue
		}
		fmt.Fprintf(a.stdout, "preview of issue %d sent to %s%s\n", is.Number, email, a.where())
	}
	if failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d previews failed", failed, len(to))}
	}
	return nil
}

// where says where outbox mail went.
func (a *app) where() string {
	if a.cfg.SMTP.Host == "" {
		return " (written to " + a.cfg.Outbox + ")"
	}
	return ""
}
