package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers"
)

func (a *app) issuesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issues",
		Short: "Show issues and how their delivery went",
		Example: `  digest issues list
  digest issues show 12 --failed`,
	}
	var asJSON, failed bool
	list := &cobra.Command{
		Use:     "list [--json]",
		Short:   "List issues with their delivery counts",
		Example: "  digest issues list --json | jq '.[0].deliveries'",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runIssuesList(cmd.Context(), asJSON, d) })
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	show := &cobra.Command{
		Use:     "show N [--failed]",
		Short:   "Show an issue's delivery counts, and with --failed each failure with the server's reply",
		Example: "  digest issues show 12 --failed",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(args[0])
			if err != nil || n < 1 {
				return usagef("issue number %q: want a whole number from 1", args[0])
			}
			return a.withDeps(cmd.Context(), func(d *deps) error { return runIssuesShow(cmd.Context(), n, failed, d) })
		},
	}
	show.Flags().BoolVar(&failed, "failed", false, "list failed, deferred, unconfirmed and retrying deliveries with their SMTP replies")
	cmd.AddCommand(list, show, a.issuesRetryCommand())
	return cmd
}

func (a *app) issuesRetryCommand() *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "retry N [--all]",
		Short: "Put an issue's failed deliveries back in its queue",
		Long: `Retry re-queues, on purpose, the deliveries of issue N that failed on
temporary errors (they ran out of attempts or of smtp.queue_lifetime, for
example during a long outage) and those still deferred; with --all also
those the server refused for good and those whose reply was lost
(unconfirmed: they may arrive twice). Hard bounces (unknown user) and
subscribers who are no longer active are never re-queued. The next
digest send (or digest run, within a minute) sends them.`,
		Example: `  digest issues retry 12
  digest issues retry 12 --all && digest send`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(args[0])
			if err != nil || n < 1 {
				return usagef("issue number %q: want a whole number from 1", args[0])
			}
			return a.withDeps(cmd.Context(), func(d *deps) error { return runIssuesRetry(cmd.Context(), n, all, d) })
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "also re-queue permanent refusals (not hard bounces) and unconfirmed deliveries")
	return cmd
}

func runIssuesRetry(ctx context.Context, n int, all bool, d *deps) error {
	st := d.store
	if issues, err := st.Issues(ctx, subscribers.IssueQuery{Number: n}); err != nil || len(issues) == 0 {
		if err != nil {
			return err
		}
		return usagef("no issue %d", n)
	}
	k, err := st.Requeue(ctx, n, all)
	if err != nil {
		return err
	}
	if k == 0 {
		fmt.Fprintf(d.stdout, "issue %d: nothing to re-queue\n", n)
		return nil
	}
	fmt.Fprintf(d.stdout, "issue %d: re-queued %d deliveries; digest send (or digest run) sends them\n", n, k)
	return nil
}

func runIssuesList(ctx context.Context, asJSON bool, d *deps) error {
	st := d.store
	issues, err := st.Issues(ctx, subscribers.IssueQuery{Counts: true})
	if err != nil {
		return err
	}
	views, err := withFeedback(ctx, st, issues)
	if err != nil {
		return err
	}
	warnComplaints(d.stderr, views)
	if asJSON {
		return json.NewEncoder(d.stdout).Encode(views)
	}
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUE\tDATE\tSTATE\tSENT\tFAILED\tQUEUED\tDEFERRED\tBOUNCED\tCOMPLAINTS\tSUBJECT")
	for _, is := range views {
		c := is.Counts
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", is.Number, is.Date.Format("2006-01-02"), is.State,
			c[digest.StateSent], c[digest.StateFailed], c[digest.StateQueued], c[digest.StateDeferred], is.Bounced, percent(is.ComplaintRate), is.Subject)
	}
	return tw.Flush()
}

func runIssuesShow(ctx context.Context, n int, failed bool, d *deps) error {
	st := d.store
	issues, err := st.Issues(ctx, subscribers.IssueQuery{Number: n, Counts: true})
	if err != nil {
		return err
	}
	if len(issues) == 0 {
		return usagef("no issue %d", n)
	}
	views, err := withFeedback(ctx, st, issues[:1])
	if err != nil {
		return err
	}
	is := views[0]
	c := is.Counts
	fmt.Fprintf(d.stdout, "issue %d: %s\n  date %s, %s\n  sent %d, failed %d, queued %d, deferred %d, unconfirmed %d, skipped %d\n",
		is.Number, is.Subject, is.Date.Format("2006-01-02"), is.State, c[digest.StateSent], c[digest.StateFailed],
		c[digest.StateQueued], c[digest.StateDeferred], c[digest.StateUnconfirmed], c[digest.StateSkipped])
	fmt.Fprintf(d.stdout, "  bounced %d (%s), complained %d (%s)\n", is.Bounced, percent(is.BounceRate), is.Complained, percent(is.ComplaintRate))
	if err := printWorkers(ctx, d, n); err != nil {
		return err
	}
	if !failed {
		return nil
	}
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tSTATE\tATTEMPTS\tREPLY")
	err = st.Failures(ctx, n, func(f subscribers.Failure) error {
		reply := f.Reply
		if f.Code != 0 {
			reply = fmt.Sprintf("%d %s %s", f.Code, f.Enhanced, f.Reply)
		}
		_, err := fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", f.Email, f.State, f.Attempts, reply)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// printWorkers lists the processes that took part in the issue's send:
// what each sent, and the deliveries each holds right now. A worker not
// heard from for a lease is gone: the others take over its rows.
func printWorkers(ctx context.Context, d *deps, n int) error {
	workers, err := d.store.Workers(ctx, n)
	if err != nil || len(workers) == 0 {
		return err
	}
	leased := 0
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  WORKER\tHOST\tPID\tSENT\tLEASED\tSTATE")
	for _, w := range workers {
		state := "done"
		switch {
		case !w.Done && d.now().Sub(w.Seen) < d.cfg.Delivery.Lease:
			state = "live"
		case !w.Done:
			state = "gone (no heartbeat since " + w.Seen.Format(time.RFC3339) + ")"
		}
		leased += w.Leased
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%s\n", w.Worker, w.Host, w.PID, w.Sent, w.Leased, state)
	}
	fmt.Fprintf(tw, "  %d workers took part; %d deliveries leased now\n", len(workers), leased)
	return tw.Flush()
}
