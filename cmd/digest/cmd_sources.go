package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content"
)

// sourcesOptions are the flags of `digest sources`.
type sourcesOptions struct {
	JSON bool
}

func (a *app) sourcesCommand() *cobra.Command {
	var opts sourcesOptions
	cmd := &cobra.Command{
		Use:   "sources [--json]",
		Short: "List the configured sources with their last fetch, status and counts",
		Long: `Sources lists each source of content.sources, in order, with what its
last run (send, render or run) recorded: when it was read, its status
(ok, not_modified for a feed that answered 304, failed, or never), how
many items it had, how many were new and how many failed, and the last
error. Nothing is fetched.`,
		Example: `  digest sources
  digest sources --json | jq '.[] | select(.status == "failed")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSources(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON array")
	return cmd
}

// sourceJSONOut is the contract of `digest sources --json`.
type sourceJSONOut struct {
	Type      string     `json:"type"`
	Name      string     `json:"name"`
	URL       string     `json:"url,omitempty"`
	Path      string     `json:"path,omitempty"`
	LastFetch *time.Time `json:"last_fetch"`
	Status    string     `json:"status"`
	Items     int        `json:"items"`
	New       int        `json:"new"`
	Failed    int        `json:"failed"`
	LastError string     `json:"last_error"`
}

func runSources(ctx context.Context, opts sourcesOptions, d *deps) error {
	cfg := d.cfg
	st := d.store
	out := []sourceJSONOut{}
	for _, s := range cfg.Content.Sources {
		key, name := s.URL, s.Name
		if s.Type == "content" {
			key, name = content.FolderKey(s.Path), s.Path
		}
		j := sourceJSONOut{Type: s.Type, Name: name, URL: s.URL, Path: s.Path, Status: "never"}
		state, err := st.SourceState(ctx, key)
		if err != nil {
			return err
		}
		if state != nil {
			at := state.FetchedAt.In(cfg.location)
			j.LastFetch, j.Status, j.Items, j.New, j.Failed, j.LastError = &at, state.Status, state.Items, state.New, state.Failed, state.Error
			if j.Name == "" {
				j.Name = state.Name
			}
		}
		if j.Name == "" {
			j.Name = s.URL
		}
		out = append(out, j)
	}
	if opts.JSON {
		enc := json.NewEncoder(d.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	for _, j := range out {
		writeSourceText(d.stdout, j)
	}
	return nil
}

func writeSourceText(w io.Writer, j sourceJSONOut) {
	fmt.Fprintf(w, "%s (%s %s%s)\n", j.Name, j.Type, j.URL, j.Path)
	if j.LastFetch == nil {
		fmt.Fprintln(w, "  never read")
		return
	}
	status := j.Status
	if status == digest.StatusNotModified {
		status = "not modified"
	}
	fmt.Fprintf(w, "  last read %s: %s, %d items, %d new, %d failed\n", j.LastFetch.Format("2006-01-02 15:04 MST"), status, j.Items, j.New, j.Failed)
	if j.LastError != "" {
		fmt.Fprintf(w, "  last error: %s\n", j.LastError)
	}
}
