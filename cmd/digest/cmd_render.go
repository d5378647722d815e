package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
)

// renderOptions are the flags of `digest render`.
type renderOptions struct {
	Out string
}

// Gmail clips messages whose HTML passes about 102 KB, and drops a <style>
// block larger than 16 KB.
const (
	gmailClipBytes  = 102 * 1024
	styleBlockBytes = 16 * 1024
)

func (a *app) renderCommand() *cobra.Command {
	var opts renderOptions
	cmd := &cobra.Command{
		Use:   "render [--out DIR]",
		Short: "Render the next issue to issue.html, issue.txt and issue.eml",
		Long: `Render assembles the next issue from the configured sources and writes
its HTML part, its text part and a complete .eml for a sample
recipient, then prints their sizes. It warns when the HTML would be
clipped by Gmail (about 102 KB) or its <style> block passes 16 KB.
Nothing is recorded: the takeaways stay unsent.`,
		Example: `  digest render --out /tmp/issue && open /tmp/issue/issue.html`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runRender(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", ".", "folder to write the files into")
	return cmd
}

var styleBlock = regexp.MustCompile(`(?s)<style[^>]*>.*?</style>`)

func runRender(ctx context.Context, opts renderOptions, d *deps) error {
	if info, err := os.Stat(opts.Out); err == nil && !info.IsDir() {
		return usagef("--out %s is a file: give a folder for issue.html, issue.txt and issue.eml", opts.Out)
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return usagef("--out %s: %v", opts.Out, unwrapPath(err))
	}
	is, out, err := d.prepare(ctx)
	if nothing := new(digest.NothingNewError); errors.As(err, &nothing) {
		fmt.Fprintln(d.stdout, nothing.Error())
		return nil
	}
	if err != nil {
		return err
	}
	// ID 0 is no subscriber's: the sample's links are well formed but
	// unsubscribe no one (ID 1 was the first real reader's).
	sample := digest.Recipient{ID: 0, Email: "reader@example.com", Name: "Sample Reader"}
	links := d.links.Links(is.Number, sample)
	v := digest.ValuesFor(sample, links)
	html := digest.NewPersonaliser(out.HTML, true).Fill(v, sample.Attrs)
	text := digest.NewPersonaliser(out.Text, false).Fill(v, sample.Attrs)
	// issue.eml is exactly what the sample reader would receive: the
	// same compiled template, fill step and signature as every send.
	mail, err := d.builder.Prepare(&digest.StoredIssue{Number: is.Number, Subject: is.Subject, Rendered: *out})
	if err != nil {
		return err
	}
	data, err := mail.Message(nil, &digest.Message{Issue: is.Number, To: sample, Links: links, MessageID: fmt.Sprintf("issue%d.sample", is.Number)})
	if err != nil {
		return err
	}
	for _, f := range []struct{ name, body string }{{"issue.html", html}, {"issue.txt", text}, {"issue.eml", string(data)}} {
		if err := os.WriteFile(filepath.Join(opts.Out, f.name), []byte(f.body), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(d.stdout, "issue %d: %s\n", is.Number, is.Subject)
	fmt.Fprintf(d.stdout, "  %-10s %7d bytes\n  %-10s %7d bytes\n  %-10s %7d bytes\n",
		"issue.html", len(html), "issue.txt", len(text), "issue.eml", len(data))
	d.warnSizes(html)
	return nil
}

func (d *deps) warnSizes(html string) {
	if len(html) > gmailClipBytes {
		fmt.Fprintf(d.stdout, "warning: the HTML is %d bytes; Gmail clips messages over about %d bytes\n", len(html), gmailClipBytes)
	}
	style := 0
	for _, s := range styleBlock.FindAllString(html, -1) {
		style += len(s)
	}
	if style > styleBlockBytes {
		fmt.Fprintf(d.stdout, "warning: the <style> block is %d bytes; Gmail ignores one over %d bytes\n", style, styleBlockBytes)
	}
}
