package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

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
		RunE:    func(cmd *cobra.Command, _ []string) error { return a.runIssuesList(cmd.Context(), asJSON) },
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
			return a.runIssuesShow(cmd.Context(), n, failed)
		},
	}
	show.Flags().BoolVar(&failed, "failed", false, "list failed and retrying deliveries with their SMTP replies")
	cmd.AddCommand(list, show)
	return cmd
}

func (a *app) runIssuesList(ctx context.Context, asJSON bool) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	issues, err := st.Issues(ctx, subscribers.IssueQuery{Counts: true})
	if err != nil {
		return err
	}
	if asJSON {
		if issues == nil {
			issues = []subscribers.IssueSummary{}
		}
		return json.NewEncoder(a.stdout).Encode(issues)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUE\tDATE\tSTATE\tSENT\tFAILED\tQUEUED\tSUBJECT")
	for _, is := range issues {
		c := is.Counts
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\n", is.Number, is.Date.Format("2006-01-02"), is.State,
			c[digest.StateSent], c[digest.StateFailed], c[digest.StateQueued], is.Subject)
	}
	return tw.Flush()
}

func (a *app) runIssuesShow(ctx context.Context, n int, failed bool) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	issues, err := st.Issues(ctx, subscribers.IssueQuery{Number: n, Counts: true})
	if err != nil {
		return err
	}
	if len(issues) == 0 {
		return usagef("no issue %d", n)
	}
	is := issues[0]
	c := is.Counts
	fmt.Fprintf(a.stdout, "issue %d: %s\n  date %s, %s\n  sent %d, failed %d, queued %d\n", is.Number, is.Subject,
		is.Date.Format("2006-01-02"), is.State, c[digest.StateSent], c[digest.StateFailed], c[digest.StateQueued])
	if !failed {
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
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
