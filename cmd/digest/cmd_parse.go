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
	"github.com/digest-dev/digest/digest/content/fetch"
)

// parseOptions are the flags of `digest parse`.
type parseOptions struct {
	JSON    bool
	Explain bool
	Files   []string
}

func (a *app) parseCommand() *cobra.Command {
	var opts parseOptions
	cmd := &cobra.Command{
		Use:   "parse [--json | --explain] FILE|URL...",
		Short: "Print the stories and takeaways parsed from article files, feeds or pages",
		Long: `Parse reads articles (.md with optional front matter, .txt, .html) and
prints what digest makes of them: title, source, lede, numbered
takeaways with summaries and quotes, and the conclusion. Boilerplate
(promos, share lines, captions, bylines, comments, copyright and
correction footers) is left out. An article without takeaways keeps its
whole text and gets key points picked from it (marked extracted).

--explain prints, line by line, what each part of a file became (title,
lede, takeaway heading or body, conclusion, metadata) and which rule
dropped each piece of boilerplate.

An http(s) URL is fetched as content.fetch says: a feed gives the
stories of all its items (each item's page fetched), an article page its
story. Nothing is recorded. The same story found in several inputs is
merged, as in an issue, and lists them all under "sources".`,
		Example: `  digest parse examples/content/*.md
  digest parse --json article.html | jq '.[0].takeaways[].heading'
  digest parse https://news.example.org/rss
  digest parse --json https://news.example.org/2026/11/ferry.html
  digest parse --explain article.txt`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return runParse(cmd.Context(), opts, a.lite())
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON array of stories")
	cmd.Flags().BoolVar(&opts.Explain, "explain", false, "show what each line of an article file became, and why")
	cmd.MarkFlagsMutuallyExclusive("json", "explain")
	return cmd
}

func runParse(ctx context.Context, opts parseOptions, d *deps) error {
	opt := d.cfg.contentOptions(d.log)
	var stories []digest.Story
	failed := 0
	// one fetcher for the run: each host's robots.txt is read once, and
	// its connections are reused, however many of its URLs are given
	web := &lazyFetcher{d: d}
	defer web.close()
	for _, f := range opts.Files {
		if opts.Explain {
			if err := explainFile(ctx, d.stdout, f, opt); err != nil {
				fmt.Fprintf(d.stderr, "digest: %v\n", err)
				failed++
			}
			continue
		}
		got, err := d.parseInput(ctx, f, opt, web)
		if err != nil {
			fmt.Fprintf(d.stderr, "digest: %v\n", err)
			failed++
			continue
		}
		stories = append(stories, got...)
	}
	stories = digest.Merge(stories)
	if opts.Explain {
		// printed above, file by file
	} else if opts.JSON {
		if err := writeStoriesJSON(d.stdout, stories); err != nil {
			return err
		}
	} else {
		for i := range stories {
			writeStoryText(d.stdout, &stories[i])
		}
	}
	switch {
	case failed == len(opts.Files):
		return usagef("no article could be parsed")
	case failed > 0:
		return &partialError{msg: fmt.Sprintf("%d of %d inputs could not be parsed", failed, len(opts.Files))}
	}
	return nil
}

// parseInput parses a file, or fetches and parses a feed or page URL.
func (d *deps) parseInput(ctx context.Context, in string, opt content.Options, web *lazyFetcher) ([]digest.Story, error) {
	if !strings.HasPrefix(in, "http://") && !strings.HasPrefix(in, "https://") {
		st, err := content.ReadFileContext(ctx, in, opt)
		if err != nil {
			return nil, err
		}
		return []digest.Story{*st}, nil
	}
	f, err := web.get()
	if err != nil {
		return nil, err
	}
	r := content.ParseURL(ctx, f, in, opt, d.log)
	for _, p := range r.Problems {
		fmt.Fprintf(d.stderr, "digest: %v\n", p)
	}
	if r.Err != nil {
		return nil, r.Err
	}
	return r.Stories, nil
}

// storyJSON is the contract of `digest parse --json`.
type storyJSON struct {
	Title      string          `json:"title"`
	Source     string          `json:"source"`
	URL        string          `json:"url"`
	Author     string          `json:"author"`
	Published  *time.Time      `json:"published"`
	Intro      string          `json:"intro"`
	Body       []string        `json:"body"`
	Takeaways  []takeawayJSON  `json:"takeaways"`
	Conclusion *conclusionJSON `json:"conclusion"`
	Tags       []string        `json:"tags"`
	Path       string          `json:"path"`
	Sources    []sourceJSON    `json:"sources"`
}

// sourceJSON is one site that reported a story.
type sourceJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type takeawayJSON struct {
	ID        string   `json:"id"`
	Heading   string   `json:"heading"`
	Group     string   `json:"group,omitempty"`
	Summary   string   `json:"summary"`
	Body      []string `json:"body"`
	Quotes    []string `json:"quotes"`
	Extracted bool     `json:"extracted,omitempty"`
}

type conclusionJSON struct {
	Heading string   `json:"heading"`
	Body    []string `json:"body"`
}

func writeStoriesJSON(w io.Writer, stories []digest.Story) error {
	out := make([]storyJSON, 0, len(stories))
	for i := range stories {
		st := &stories[i]
		j := storyJSON{Title: st.Title, Source: st.Source, URL: st.URL, Author: st.Author, Intro: st.Intro, Body: nonNilStrings(st.Body),
			Takeaways: []takeawayJSON{}, Tags: nonNilStrings(st.Tags), Path: st.Path, Sources: sourcesJSON(st)}
		if !st.Published.IsZero() {
			p := st.Published
			j.Published = &p
		}
		for i, t := range st.Takeaways {
			j.Takeaways = append(j.Takeaways, takeawayJSON{ID: st.TakeawayID(i), Heading: t.Heading, Group: t.Group,
				Summary: t.Summary, Body: nonNilStrings(t.Body), Quotes: nonNilStrings(t.Quotes), Extracted: t.Extracted})
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

// sourcesJSON lists the sites of a merged story, or the story's own.
func sourcesJSON(st *digest.Story) []sourceJSON {
	out := []sourceJSON{}
	for _, r := range st.Sources {
		out = append(out, sourceJSON{Name: r.Name, URL: r.URL})
	}
	if len(out) == 0 && (st.Source != "" || st.URL != "") {
		out = append(out, sourceJSON{Name: st.Source, URL: st.URL})
	}
	return out
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
		if t.Extracted {
			fmt.Fprintf(w, "\n  • %s (key point)\n", t.Summary)
			continue
		}
		if t.Group != "" && (i == 0 || st.Takeaways[i-1].Group != t.Group) {
			fmt.Fprintf(w, "\n  [%s]\n", t.Group)
		}
		fmt.Fprintf(w, "\n  %d. %s\n     %s\n", i+1, t.Heading, t.Summary)
		for _, q := range t.Quotes {
			fmt.Fprintf(w, "     “%s”\n", q)
		}
	}
	if c := st.Conclusion; c != nil {
		switch {
		case c.Heading == "" && len(c.Body) > 0:
			fmt.Fprintf(w, "\n  %s\n", c.Body[0]) // the writer's closing paragraph
		case len(c.Body) > 0:
			fmt.Fprintf(w, "\n  %s\n     %s\n", c.Heading, c.Body[0])
		default:
			fmt.Fprintf(w, "\n  %s\n", c.Heading)
		}
	}
	if also := st.AlsoIn(); len(also) > 0 {
		fmt.Fprintf(w, "\n  Also in: %s\n", strings.Join(also, ", "))
	}
	fmt.Fprintln(w)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lazyFetcher makes the run's fetcher when the first URL needs it.
type lazyFetcher struct {
	d *deps
	f *fetch.Fetcher
}

func (l *lazyFetcher) get() (*fetch.Fetcher, error) {
	if l.f == nil {
		f, err := l.d.fetcher()
		if err != nil {
			return nil, err
		}
		l.f = f
	}
	return l.f, nil
}

func (l *lazyFetcher) close() {
	if l.f != nil {
		l.f.Close()
	}
}

// explainFile prints what each block of one article file became: its
// line, its role (or the rule that dropped it) and the start of its text.
func explainFile(ctx context.Context, w io.Writer, path string, opt content.Options) error {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return fmt.Errorf("%s: --explain reads article files; save the page and explain the file", path)
	}
	data, err := content.ReadBytes(ctx, path, opt)
	if err != nil {
		return err
	}
	st, lines, err := content.Explain(path, data, opt)
	fmt.Fprintf(w, "%s\n", path)
	for _, l := range lines {
		fmt.Fprintf(w, "%5d  %-24s | %s\n", l.Line, l.Role, clipRunes(l.Text, 90))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "title: %s", st.Title)
	if st.Author != "" {
		fmt.Fprintf(w, " · author: %s", st.Author)
	}
	if !st.Published.IsZero() {
		fmt.Fprintf(w, " · published: %s", st.Published.Format(time.RFC3339))
	}
	fmt.Fprintf(w, "\n%d takeaways", len(st.Takeaways))
	if !st.HasOwnTakeaways() && len(st.Takeaways) > 0 {
		fmt.Fprint(w, " (none found; key points extracted)")
	}
	fmt.Fprint(w, "\n\n")
	return nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
