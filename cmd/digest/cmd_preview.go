package main

import (
	"context"
	"fmt"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/subscribers"
)

// sendPreview mails the issue to the preview addresses through the same
// transport, template and fill step as a subscriber's copy, with
// "[Preview] " before the subject, and records nothing. With --dry-run it
// only says what it would send.
func (d *deps) sendPreview(ctx context.Context, opts sendOptions, is *digest.Issue, r *digest.Rendered) error {
	to := opts.To
	if len(to) == 0 {
		to = d.cfg.Preview.To
	}
	if len(to) == 0 {
		return &usageError{err: errNoPreviewAddress}
	}
	var rcpts []digest.Recipient
	for _, addr := range to {
		email, err := subscribers.NormaliseEmail(addr)
		if err != nil {
			return usagef("preview address: %v", err)
		}
		rcpts = append(rcpts, digest.Recipient{Email: email})
	}
	if opts.DryRun {
		for _, rc := range rcpts {
			fmt.Fprintf(d.stdout, "dry run: the preview of issue %d (%q) would go to %s; nothing sent\n", is.Number, is.Subject, rc.Email)
		}
		return nil
	}
	tr, err := d.transport("preview-")
	if err != nil {
		return err
	}
	preview := &digest.StoredIssue{Number: is.Number, Date: is.Date, Subject: "[Preview] " + is.Subject, Rendered: *r}
	conn, err := tr.Open(ctx, preview)
	if err != nil {
		return fmt.Errorf("preview of issue %d: %w", is.Number, err)
	}
	defer conn.Close()
	failed := 0
	for _, rc := range rcpts {
		m := &digest.Message{Issue: is.Number, To: rc, Links: d.links.Links(is.Number, rc), MessageID: mailer.RandomID(fmt.Sprintf("preview%d", is.Number))}
		if err := conn.Send(ctx, m); err != nil {
			fmt.Fprintf(d.stdout, "preview of issue %d to %s: failed: %v\n", is.Number, rc.Email, err)
			failed++
			continue
		}
		fmt.Fprintf(d.stdout, "preview of issue %d sent to %s%s\n", is.Number, rc.Email, d.where())
	}
	if failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d previews failed", failed, len(to))}
	}
	return nil
}

// where says where outbox mail went.
func (d *deps) where() string {
	if d.cfg.SMTP.Host == "" {
		return " (written to " + d.cfg.Outbox + ")"
	}
	return ""
}
