package content

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/digest-dev/digest/digest"
)

// Dir is a source that reads every article in a folder (not its
// sub-folders): .md, .txt and .html files; other files are ignored.
type Dir struct {
	Path    string
	Options Options
}

// FileError is an article that could not be read or parsed.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Stories parses the folder's articles in name order. A bad article is
// reported in errs and skipped; the others are still returned. An article
// without a date takes its file's modification time, for ordering.
func (d *Dir) Stories(ctx context.Context) (stories []digest.Story, errs []error, err error) {
	entries, err := os.ReadDir(d.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("content source: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if _, ok := FormatOf(e.Name()); !ok || e.IsDir() || e.Name()[0] == '.' {
			continue
		}
		st, err := ReadFile(filepath.Join(d.Path, e.Name()), d.Options)
		if err != nil {
			errs = append(errs, &FileError{Path: filepath.Join(d.Path, e.Name()), Err: err})
			continue
		}
		if st.Published.IsZero() {
			if info, err := e.Info(); err == nil {
				st.Published = info.ModTime()
			}
		}
		stories = append(stories, *st)
	}
	return stories, errs, nil
}

// ReadFile reads and parses one article.
func ReadFile(path string, opt Options) (*digest.Story, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, opt)
}
