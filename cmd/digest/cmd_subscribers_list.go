package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers"
)

// listOptions are the flags of `digest subscribers list`.
type listOptions struct {
	Status    string
	JSON, CSV bool
}

func (a *app) subscribersListCommand() *cobra.Command {
	var opts listOptions
	cmd := &cobra.Command{
		Use:   "list [--status STATUS] [--json|--csv]",
		Short: "List subscribers, streaming (a million rows print in constant memory)",
		Example: `  digest subscribers list --status active
  digest subscribers list --json | jq -r .email`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.JSON && opts.CSV {
				return usagef("--json and --csv exclude each other")
			}
			if err := checkStatus(opts.Status); err != nil {
				return err
			}
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersList(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "only subscribers with this status")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "one JSON object per line")
	cmd.Flags().BoolVar(&opts.CSV, "csv", false, "CSV with a header row, as export writes it")
	return cmd
}

func runSubscribersList(ctx context.Context, opts listOptions, d *deps) error {
	st := d.store
	switch {
	case opts.JSON:
		enc := json.NewEncoder(d.stdout)
		enc.SetEscapeHTML(false)
		return st.List(ctx, opts.Status, func(s *subscribers.Subscriber) error { return enc.Encode(s) })
	case opts.CSV:
		_, err := st.Export(ctx, d.stdout, opts.Status)
		return err
	}
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tSTATUS\tSINCE")
	err := st.List(ctx, opts.Status, func(s *subscribers.Subscriber) error {
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Email, s.Name, s.Status, s.CreatedAt.Format("2006-01-02"))
		return err
	})
	return errors.Join(err, tw.Flush())
}

func (a *app) subscribersCountCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "count [--json]",
		Short:   "Count subscribers per status",
		Example: `  digest subscribers count --json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersCount(cmd.Context(), asJSON, d) })
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object mapping status to count")
	return cmd
}

func runSubscribersCount(ctx context.Context, asJSON bool, d *deps) error {
	counts, err := d.store.Count(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(d.stdout).Encode(counts)
	}
	for _, s := range subscribers.Statuses {
		fmt.Fprintf(d.stdout, "%-13s %d\n", s, counts[s])
	}
	return nil
}

func (a *app) subscribersShowCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show EMAIL [--json]",
		Short:   "Show a subscriber: fields, consent and the last deliveries",
		Example: "  digest subscribers show ada@example.com",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersShow(cmd.Context(), args[0], asJSON, d) })
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

func runSubscribersShow(ctx context.Context, email string, asJSON bool, d *deps) error {
	st := d.store
	sub, err := st.Find(ctx, email)
	if errors.Is(err, subscribers.ErrNotFound) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	deliveries, err := st.Deliveries(ctx, sub.ID, 10)
	if err != nil {
		return err
	}
	history, err := st.History(ctx, sub.ID)
	if err != nil {
		return err
	}
	if asJSON {
		if history == nil {
			history = []digest.Consent{}
		}
		return json.NewEncoder(d.stdout).Encode(struct {
			*subscribers.Subscriber
			History    []digest.Consent       `json:"consent_history"`
			Deliveries []subscribers.Delivery `json:"deliveries"`
		}{sub, history, deliveries})
	}
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "email\t%s\nname\t%s\nstatus\t%s (since %s)\n", sub.Email, sub.Name, sub.Status, sub.StatusChangedAt.Format(timeLayout))
	fmt.Fprintf(tw, "created\t%s\nupdated\t%s\n", sub.CreatedAt.Format(timeLayout), sub.UpdatedAt.Format(timeLayout))
	fmt.Fprintf(tw, "consent\t%s at %s", sub.ConsentSource, sub.ConsentAt.Format(timeLayout))
	if sub.ConsentIP != "" {
		fmt.Fprintf(tw, " from %s", sub.ConsentIP)
	}
	fmt.Fprintln(tw)
	for _, c := range history {
		fmt.Fprintf(tw, "%s\t%s at %s", c.Event, c.Source, c.At.Format(timeLayout))
		if c.IP != "" {
			fmt.Fprintf(tw, " from %s", c.IP)
		}
		fmt.Fprintln(tw)
	}
	for _, k := range sortedKeys(sub.Attributes) {
		fmt.Fprintf(tw, "attribute %s\t%s\n", k, sub.Attributes[k])
	}
	if len(deliveries) == 0 {
		fmt.Fprintln(tw, "deliveries\tnone yet")
	}
	for _, d := range deliveries {
		fmt.Fprintf(tw, "issue %d\t%s (%d attempts) %s %s\n", d.Issue, d.State, d.Attempts, d.UpdatedAt.Format(timeLayout), d.Reply)
	}
	return tw.Flush()
}

const timeLayout = "2006-01-02 15:04 MST"

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
