package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/subscribers"
)

func (a *app) subscribersCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "subscribers",
		Aliases: []string{"subs"},
		Short:   "Manage the subscriber list",
		Example: `  digest subscribers add ada@example.com --name "Ada Lovelace"
  digest subscribers list --json
  digest subscribers remove ada@example.com`,
	}
	cmd.AddCommand(a.subscribersAddCommand(), a.subscribersRemoveCommand(), a.subscribersListCommand(), a.subscribersCountCommand())
	return cmd
}

// addOptions are the flags of `digest subscribers add`.
type addOptions struct {
	Emails []string
	Name   string
	Status string
	Attrs  []string
}

func (a *app) subscribersAddCommand() *cobra.Command {
	var opts addOptions
	cmd := &cobra.Command{
		Use:   "add EMAIL... [--name NAME] [--status STATUS] [--attr KEY=VALUE]...",
		Short: "Add subscribers (active unless --status says otherwise)",
		Example: `  digest subscribers add ada@example.com --name "Ada Lovelace"
  digest subscribers add grace@example.com --attr timezone=America/New_York --attr first_name=Grace`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Emails = args
			return a.runSubscribersAdd(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "the subscriber's name, used in the greeting and the To header")
	cmd.Flags().StringVar(&opts.Status, "status", subscribers.Active, "pending, active, unsubscribed or bounced")
	cmd.Flags().StringArrayVar(&opts.Attrs, "attr", nil, "attribute KEY=VALUE (repeatable)")
	return cmd
}

func (a *app) runSubscribersAdd(ctx context.Context, opts addOptions) error {
	if !subscribers.ValidStatus(opts.Status) {
		return usagef("--status %q: want one of %s", opts.Status, strings.Join(subscribers.Statuses, ", "))
	}
	attrs := map[string]string{}
	for _, kv := range opts.Attrs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--attr %q: want KEY=VALUE", kv)
		}
		attrs[strings.TrimSpace(k)] = v
	}
	for _, e := range opts.Emails { // check every address before changing anything
		if _, err := subscribers.NormaliseEmail(e); err != nil {
			return usagef("%v", err)
		}
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	dup := 0
	for _, e := range opts.Emails {
		sub := &subscribers.Subscriber{Email: e, Name: opts.Name, Status: opts.Status, Attributes: attrs, ConsentSource: "cli"}
		switch err := st.Add(ctx, sub); {
		case errors.Is(err, subscribers.ErrDuplicate):
			fmt.Fprintf(a.stdout, "%s is already on the list; left unchanged\n", strings.TrimSpace(e))
			dup++
		case err != nil:
			return err
		default:
			fmt.Fprintf(a.stdout, "added %s (%s)\n", sub.Email, sub.Status)
		}
	}
	if dup > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were already on the list", dup, len(opts.Emails))}
	}
	return nil
}

func (a *app) subscribersRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove EMAIL...",
		Short: "Delete subscribers and their delivery history (the right to be forgotten)",
		Long: `Remove deletes each subscriber and every delivery record of theirs.
To stop mail but keep the record, use unsubscribe instead.`,
		Example: `  digest subscribers remove ada@example.com`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSubscribersRemove(cmd.Context(), args)
		},
	}
}

func (a *app) runSubscribersRemove(ctx context.Context, emails []string) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	missing := 0
	for _, e := range emails {
		switch err := st.Remove(ctx, e); {
		case errors.Is(err, subscribers.ErrNotFound):
			fmt.Fprintf(a.stderr, "digest: %s is not on the list\n", strings.TrimSpace(e))
			missing++
		case err != nil:
			return err
		default:
			fmt.Fprintf(a.stdout, "removed %s and their delivery history\n", strings.TrimSpace(e))
		}
	}
	if missing > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were not on the list", missing, len(emails))}
	}
	return nil
}

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
			if opts.Status != "" && !subscribers.ValidStatus(opts.Status) {
				return usagef("--status %q: want one of %s", opts.Status, strings.Join(subscribers.Statuses, ", "))
			}
			return a.runSubscribersList(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "only subscribers with this status")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "one JSON object per line")
	cmd.Flags().BoolVar(&opts.CSV, "csv", false, "CSV with a header row")
	return cmd
}

func (a *app) runSubscribersList(ctx context.Context, opts listOptions) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case opts.JSON:
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		return st.List(ctx, opts.Status, func(s *subscribers.Subscriber) error { return enc.Encode(s) })
	case opts.CSV:
		w := csv.NewWriter(a.stdout)
		w.Write([]string{"email", "name", "status", "created_at"})
		err := st.List(ctx, opts.Status, func(s *subscribers.Subscriber) error {
			return w.Write([]string{s.Email, s.Name, s.Status, s.CreatedAt.Format(time.RFC3339)})
		})
		w.Flush()
		return errors.Join(err, w.Error())
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tSTATUS\tSINCE")
	err = st.List(ctx, opts.Status, func(s *subscribers.Subscriber) error {
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
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			counts, err := st.Count(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(counts)
			}
			for _, s := range subscribers.Statuses {
				fmt.Fprintf(a.stdout, "%-13s %d\n", s, counts[s])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object mapping status to count")
	return cmd
}
