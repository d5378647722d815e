package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
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
	cmd.AddCommand(a.subscribersAddCommand(), a.subscribersRemoveCommand(),
		a.subscribersStatusCommand("unsubscribe", subscribers.Unsubscribed, "Stop sending to subscribers, keeping their record"),
		a.subscribersStatusCommand("resubscribe", subscribers.Active, "Make unsubscribed, bounced or pending subscribers active again"),
		a.subscribersShowCommand(), a.subscribersListCommand(), a.subscribersCountCommand(),
		a.subscribersImportCommand(), a.subscribersExportCommand(),
		a.subscribersSuppressedCommand(), a.subscribersUnsuppressCommand())
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
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersAdd(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "the subscriber's name, used in the greeting and the To header")
	cmd.Flags().StringVar(&opts.Status, "status", subscribers.Active, "pending, active, unsubscribed or bounced")
	cmd.Flags().StringArrayVar(&opts.Attrs, "attr", nil, "attribute KEY=VALUE (repeatable)")
	return cmd
}

func runSubscribersAdd(ctx context.Context, opts addOptions, d *deps) error {
	if !subscribers.ValidStatus(opts.Status) {
		return usagef("--status %q: want one of %s", opts.Status, strings.Join(subscribers.Statuses, ", "))
	}
	attrs := map[string]string{}
	for _, kv := range opts.Attrs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--attr %q: want KEY=VALUE", kv)
		}
		if subscribers.IsReserved(strings.TrimSpace(k)) {
			return usagef("--attr %q: %s is a field of its own, not an attribute", kv, k)
		}
		attrs[strings.TrimSpace(k)] = v
	}
	for _, e := range opts.Emails { // check every address before changing anything
		if _, err := subscribers.NormaliseEmail(e); err != nil {
			return usagef("%v", err)
		}
	}
	if _, err := digest.CheckName(opts.Name); err != nil {
		return usagef("--name: %v (import refuses it too)", err)
	}
	st := d.store
	dup := 0
	for _, e := range opts.Emails {
		sub := &subscribers.Subscriber{Email: e, Name: opts.Name, Status: opts.Status, Attributes: attrs, ConsentSource: "cli"}
		switch err := st.Add(ctx, sub); {
		case errors.Is(err, subscribers.ErrDuplicate):
			fmt.Fprintf(d.stdout, "%s is already on the list; left unchanged\n", strings.TrimSpace(e))
			dup++
		case errors.Is(err, subscribers.ErrSuppressed):
			d.refusedSuppressed(err, "added")
			dup++
		case err != nil:
			return err
		default:
			fmt.Fprintf(d.stdout, "added %s (%s)\n", sub.Email, sub.Status)
		}
	}
	if dup > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were already on the list or suppressed", dup, len(opts.Emails))}
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
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersRemove(cmd.Context(), args, d) })
		},
	}
}

func runSubscribersRemove(ctx context.Context, emails []string, d *deps) error {
	st := d.store
	missing := 0
	for _, e := range emails {
		switch err := st.Remove(ctx, e); {
		case errors.Is(err, subscribers.ErrNotFound):
			fmt.Fprintf(d.stderr, "digest: %s is not on the list\n", strings.TrimSpace(e))
			missing++
		case err != nil:
			return err
		default:
			fmt.Fprintf(d.stdout, "removed %s and their delivery history\n", strings.TrimSpace(e))
		}
	}
	if missing > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were not on the list", missing, len(emails))}
	}
	return nil
}

func (a *app) subscribersStatusCommand(verb, status, short string) *cobra.Command {
	return &cobra.Command{
		Use:     verb + " EMAIL...",
		Short:   short,
		Example: "  digest subscribers " + verb + " ada@example.com",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersStatus(cmd.Context(), args, status, d) })
		},
	}
}

func runSubscribersStatus(ctx context.Context, emails []string, status string, d *deps) error {
	st := d.store
	missing := 0
	for _, e := range emails {
		changed, err := st.SetStatus(ctx, e, status)
		switch {
		case errors.Is(err, subscribers.ErrNotFound):
			fmt.Fprintf(d.stderr, "digest: %s is not on the list\n", strings.TrimSpace(e))
			missing++
		case errors.Is(err, subscribers.ErrSuppressed):
			d.refusedSuppressed(err, "resubscribed")
			missing++
		case err != nil:
			return err
		case changed:
			fmt.Fprintf(d.stdout, "%s is now %s\n", strings.TrimSpace(e), status)
		default:
			fmt.Fprintf(d.stdout, "%s was already %s\n", strings.TrimSpace(e), status)
		}
	}
	if missing > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were not on the list or are suppressed", missing, len(emails))}
	}
	return nil
}
