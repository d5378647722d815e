package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/subscribers"
)

func (a *app) subscribersSuppressedCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "suppressed [--json]",
		Short: "List the suppression list: addresses that hard-bounced or complained",
		Long: `Suppressed lists the addresses that must not be mailed again, with the
reason (hard_bounce or complaint) and when. The list keeps a SHA-256 of
each address, not the address, so an entry outlives subscribers remove;
the address is shown while the subscriber is still on the list. Import
and the web sign-up never add a suppressed address.`,
		Example: `  digest subscribers suppressed
  digest subscribers suppressed --json | jq -r 'select(.reason == "complaint") | .email'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSuppressed(cmd.Context(), asJSON, d) })
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per line: email (when known), address_hash, reason, detail, created_at")
	return cmd
}

func runSuppressed(ctx context.Context, asJSON bool, d *deps) error {
	st := d.store
	enc := json.NewEncoder(d.stdout)
	tw := tabwriter.NewWriter(d.stdout, 0, 4, 2, ' ', 0)
	if !asJSON {
		fmt.Fprintln(tw, "ADDRESS\tREASON\tSINCE\tDETAIL")
	}
	err := st.Suppressions(ctx, func(sp subscribers.Suppression) error {
		if asJSON {
			return enc.Encode(sp)
		}
		who := sp.Email
		if who == "" {
			who = "sha256:" + sp.AddressHash[:16] + "… (removed)"
		}
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", who, sp.Reason, sp.CreatedAt.Format("2006-01-02"), sp.Detail)
		return err
	})
	if err != nil || asJSON {
		return err
	}
	return tw.Flush()
}

func (a *app) subscribersUnsuppressCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "unsuppress EMAIL...",
		Short: "Lift addresses from the suppression list, on purpose",
		Long: `Unsuppress removes each address's suppression entry, so that it can be
imported, added or subscribe on the web again. The subscriber's status
is left as it is: resubscribe them explicitly if they asked for it.`,
		Example: `  digest subscribers unsuppress ada@example.com`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runUnsuppress(cmd.Context(), args, d) })
		},
	}
}

func runUnsuppress(ctx context.Context, emails []string, d *deps) error {
	st := d.store
	missing := 0
	for _, e := range emails {
		ok, err := st.Unsuppress(ctx, e)
		switch {
		case err != nil:
			return err
		case ok:
			fmt.Fprintf(d.stdout, "%s is no longer suppressed\n", strings.TrimSpace(e))
		default:
			fmt.Fprintf(d.stderr, "digest: %s is not on the suppression list\n", strings.TrimSpace(e))
			missing++
		}
	}
	if missing > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d addresses were not suppressed", missing, len(emails))}
	}
	return nil
}

// refusedSuppressed tells why the store refused to add or re-activate an
// address (err wraps subscribers.ErrSuppressed and names the address and
// the reason) and how to lift the entry.
func (d *deps) refusedSuppressed(err error, verb string) {
	fmt.Fprintf(d.stderr, "digest: %v; not %s: lift it first with digest subscribers unsuppress\n", err, verb)
}
