package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content"
)

// parseOptions are the flags of `digest parse`.
type parseOptions struct {
	JSON  bool
	Files []string
}

func (a *app) parseCommand() *cobra.Command {
	var opts parseOptions
	cmd := &cobra.Command{
		Use:   "parse [--json] FILE...",
		Short: "Print the stories and takeaways parsed from article files",
		Long: `Parse reads articles (.md with optional front matter, .txt, .html) and
prints what digest makes of them: title, source, lede, numbered
takeaways with summaries and quotes, and the conclusion. Boilerplate
(promos, share lines, copyright and correction footers) is left out.`,
		Example: `  digest parse examples/content/*.md
  digest parse --json article.html | jq '.[0].takeaways[].heading'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return a.runParse(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON array of stories")
	return cmd
}

func (a *app) runParse(_ context.Context, opts parseOptions) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	var stories []*digest.Story
	failed := 0
	for _, f := range opts.Files {
		st, err := content.ReadFile(f, content.Options{SummaryWords: cfg.Content.SummaryWords})
		if err != nil {
			fmt.Fprintf(a.stderr, "digest: %v\n", err)
			failed++
			continue
		}
		stories = append(stories, st)
	}
	if opts.JSON {
		if err := writeStoriesJSON(a.stdout, stories); err != nil {
			return err
		}
	} else {
		for _, st := range stories {
			writeStoryText(a.stdout, st)
		}
	}
	switch {
	case failed == len(opts.Files):
		return usagef("no article could be parsed")
	case failed > 0:
		return &partialError{msg: fmt.Sprintf("%d of %d files could not be parsed", failed, len(opts.Files))}
	}
	return nil
}

// storyJSON is the contract of `digest parse --json`.
type storyJSON struct {
	Title      string          `json:"title"`
	Source     string          `json:"source"`
	URL        string          `json:"url"`
	Published  *time.Time      `json:"published"`
	Intro      string          `json:"intro"`
	Takeaways  []takeawayJSON  `json:"takeaways"`
	Conclusion *conclusionJSON `json:"conclusion"`
	Tags       []string        `json:"tags"`
	Path       string          `json:"path"`
}

type takeawayJSON struct {
	ID      string   `json:"id"`
	Heading string   `json:"heading"`
	Summary string   `json:"summary"`
	Body    []string `json:"body"`
	Quotes  []string `json:"quotes"`
}

type conclusionJSON struct {
	Heading string   `json:"heading"`
	Body    []string `json:"body"`
}

func writeStoriesJSON(w io.Writer, stories []*digest.Story) error {
	out := make([]storyJSON, 0, len(stories))
	for _, st := range stories {
		j := storyJSON{Title: st.Title, Source: st.Source, URL: st.URL, Intro: st.Intro,
			Takeaways: []takeawayJSON{}, Tags: nonNilStrings(st.Tags), Path: st.Path}
		if !st.Published.IsZero() {
			p := st.Published
			j.Published = &p
		}
		for i, t := range st.Takeaways {
			j.Takeaways = append(j.Takeaways, takeawayJSON{ID: st.TakeawayID(i), Heading: t.Heading, Summary: t.Summary,
				Body: nonNilStrings(t.Body), Quotes: nonNilStrings(t.Quotes)})
		}
		if c := st.Conclusion; c != nil {
			j.Conclusion = &conclusionJSON{Heading: c.Heading, Body: nonNilStrings(c.Body)}
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writeStoryText(w io.Writer, st *digest.Story) {
	fmt.Fprintf(w, "%s\n", st.Title)
	var meta []string
	for _, s := range []string{st.Source, st.URL} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if !st.Published.IsZero() {
		meta = append(meta, st.Published.Format("2006-01-02"))
	}
	if len(meta) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(meta, " · "))
	}
	if st.Intro != "" {
		fmt.Fprintf(w, "\n  %s\n", strings.ReplaceAll(st.Intro, "\n\n", "\n  "))
	}
	for i, t := range st.Takeaways {
		fmt.Fprintf(w, "\n  %d. %s\n     %s\n", i+1, t.Heading, t.Summary)
		for _, q := range t.Quotes {
			fmt.Fprintf(w, "     “%s”\n", q)
		}
	}
	if c := st.Conclusion; c != nil {
		fmt.Fprintf(w, "\n  %s\n", c.Heading)
		if len(c.Body) > 0 {
			fmt.Fprintf(w, "     %s\n", c.Body[0])
		}
	}
	fmt.Fprintln(w)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
