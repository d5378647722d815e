package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/mailer/bounce"
)

// bouncesOptions are the flags of `digest bounces`.
type bouncesOptions struct {
	JSON bool
}

func (a *app) bouncesCommand() *cobra.Command {
	var opts bouncesOptions
	cmd := &cobra.Command{
		Use:   "bounces [--json]",
		Short: "Read the bounce mailbox once and apply its bounces and complaints",
		Long: `Bounces reads bounces.mailbox (POP3 or IMAP) once. Each message is
classified: a delivery status notification (RFC 3464), an abuse report
(RFC 5965), a provider's plain-text bounce, or an automatic reply, which
is ignored. Hard bounces count toward smtp.bounce_threshold, soft ones
mark a subscriber bounced after bounces.soft_threshold within 30 days,
and a complaint unsubscribes at once; hard-bounced and complaining
addresses go on the suppression list. With bounces.mailbox.delete,
handled messages are deleted; one that cannot be attributed to a
subscriber is always kept (moved to keep_folder on IMAP) and counted.
digest run does the same every bounces.interval.`,
		Example: `  digest bounces
  digest bounces --json | jq .complaints`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runBounces(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the counts as one JSON object")
	return cmd
}

func runBounces(ctx context.Context, opts bouncesOptions, d *deps) error {
	f, err := d.bounceFetcher()
	if err != nil {
		return err
	}
	if f == nil {
		return usagef("no bounce mailbox: set bounces.mailbox.protocol, host and username (see digest bounces --help)")
	}
	c, err := f.Fetch(ctx)
	if err != nil {
		printBounces(d, c, opts)
		return err
	}
	return printBounces(d, c, opts)
}

func printBounces(d *deps, c bounce.Counts, opts bouncesOptions) error {
	if opts.JSON {
		return json.NewEncoder(d.stdout).Encode(c)
	}
	_, err := fmt.Fprintf(d.stdout, "bounces: %d messages: %d hard, %d soft, %d complaints, %d auto-replies, %d ignored, %d already seen, %d unattributed (kept)\n"+
		"subscribers: %d marked bounced, %d unsubscribed; messages: %d deleted, %d kept\n",
		c.Messages, c.Hard, c.Soft, c.Complaints, c.AutoReplies, c.Ignored, c.Duplicates, c.Unattributed,
		c.Bounced, c.Unsubscribed, c.Deleted, c.Kept)
	return err
}
