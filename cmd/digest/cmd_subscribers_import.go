package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digest-dev/digest/subscribers"
)

// importOptions are the flags of `digest subscribers import`.
type importOptions struct {
	File        string
	Update      bool
	Resubscribe bool
	JSON        bool
}

func (a *app) subscribersImportCommand() *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import FILE|- [--update] [--resubscribe]",
		Short: "Import subscribers from CSV",
		Long: `Import reads CSV with a header row: email (required), name, status,
consent_source, consent_at, consent_ip and created_at; every other column
becomes an attribute. UTF-8 with or without BOM, LF or CRLF line ends.

Good rows are imported in batches, each in one transaction; every bad row
is reported as FILE:LINE: reason and skipped. Existing subscribers are
left alone unless --update is given (then their name, attributes and
status follow the file). An unsubscribed or bounced subscriber is never
re-activated unless --resubscribe is given. Running the same import
again changes nothing; after an interruption it completes the import.

Exit status: 0 every row accepted, 3 some rows rejected, 2 the file
cannot be read at all (nothing changed), 130 interrupted.`,
		Example: `  digest subscribers import list.csv
  digest subscribers import --update crm-export.csv
  cat list.csv | digest subscribers import -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersImport(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().BoolVar(&opts.Update, "update", false, "update existing subscribers' names, attributes and status")
	cmd.Flags().BoolVar(&opts.Resubscribe, "resubscribe", false, "re-activate unsubscribed or bounced subscribers found in the file")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the summary as JSON")
	return cmd
}

func runSubscribersImport(ctx context.Context, opts importOptions, d *deps) error {
	in, name, size, err := d.openInput(opts.File)
	if err != nil {
		return usagef("%v", err)
	}
	defer in.Close()
	st := d.store
	bar := d.newProgress(size)
	sum, err := st.Import(ctx, name, in, subscribers.ImportOptions{
		Update: opts.Update, Resubscribe: opts.Resubscribe,
		OnReject: func(e *subscribers.RowError) { bar.done(); fmt.Fprintln(d.stderr, e) },
		OnBatch: func(read int64, s subscribers.ImportSummary) {
			bar.update(read, fmt.Sprintf("%d added, %d updated, %d unchanged, %d rejected", s.Added, s.Updated, s.Unchanged, s.Rejected))
		},
	})
	bar.done()
	if errors.Is(err, subscribers.ErrUnreadable) {
		return usagef("%v", err)
	}
	if err == nil || errors.Is(err, context.Canceled) {
		d.printImportSummary(name, sum, opts.JSON)
	}
	switch {
	case err != nil:
		return err
	case sum.Rejected > 0:
		return &partialError{msg: fmt.Sprintf("%s: %d rows rejected (listed above); the rest were imported", name, sum.Rejected)}
	}
	return nil
}

func (d *deps) printImportSummary(name string, sum subscribers.ImportSummary, asJSON bool) {
	if asJSON {
		json.NewEncoder(d.stdout).Encode(sum)
		return
	}
	fmt.Fprintf(d.stdout, "%s: %d added, %d updated, %d unchanged, %d rejected\n", name, sum.Added, sum.Updated, sum.Unchanged, sum.Rejected)
}

// openInput opens FILE, or standard input for "-"; size is 0 when unknown.
func (d *deps) openInput(path string) (io.ReadCloser, string, int64, error) {
	if path == "-" {
		return io.NopCloser(d.stdin), "stdin", 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", 0, fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		f.Close()
		return nil, "", 0, fmt.Errorf("%s: not a file", path)
	}
	return f, path, info.Size(), nil
}

// exportOptions are the flags of `digest subscribers export`.
type exportOptions struct {
	Status string
	File   string
}

func (a *app) subscribersExportCommand() *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export [--status S] [FILE]",
		Short: "Export subscribers as CSV that import reads back to the same state",
		Long: `Export writes email, name, status, consent_source, consent_at,
consent_ip, created_at and one column per attribute, streaming from the
database. Without FILE it writes to standard output; a FILE is written
under a temporary name and renamed, so it is never left half-written.`,
		Example: `  digest subscribers export backup.csv
  digest subscribers export --status active | gzip > active.csv.gz`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			if err := checkStatus(opts.Status); err != nil {
				return err
			}
			return a.withDeps(cmd.Context(), func(d *deps) error { return runSubscribersExport(cmd.Context(), opts, d) })
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "only subscribers with this status")
	return cmd
}

func runSubscribersExport(ctx context.Context, opts exportOptions, d *deps) error {
	st := d.store
	if opts.File == "" || opts.File == "-" {
		_, err := st.Export(ctx, d.stdout, opts.Status)
		return err
	}
	dir := filepath.Dir(opts.File)
	if err := isFolder(dir); err != nil {
		return usagef("cannot write %s: %v", opts.File, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(opts.File)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := st.Export(ctx, tmp, opts.Status)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), opts.File); err != nil {
		return err
	}
	fmt.Fprintf(d.stdout, "exported %d subscribers to %s\n", n, opts.File)
	return nil
}

func checkStatus(s string) error {
	if s != "" && !subscribers.ValidStatus(s) {
		return usagef("--status %q: want one of %s", s, strings.Join(subscribers.Statuses, ", "))
	}
	return nil
}

// isFolder says, in plain words, why dir cannot take a new file.
func isFolder(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("there is no folder %s", dir)
	case err != nil:
		return unwrapPath(err)
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	return nil
}
