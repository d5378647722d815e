package content

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

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

// ErrNotRegular is returned for an article that is not a regular file
// (a FIFO, a device), which could block a read forever.
var ErrNotRegular = errors.New("not a regular file")

// ErrSlowRead is returned for an article that took longer than
// Options.ReadTimeout to read.
var ErrSlowRead = errors.New("read timed out")

// Stories parses the folder's articles in name order. A bad article is
// reported in errs and skipped; the others are still returned. An article
// without a date takes its file's modification time, for ordering. A
// cancelled ctx stops it between files and interrupts a slow read.
func (d *Dir) Stories(ctx context.Context) (stories []digest.Story, errs []error, err error) {
	stories, _, errs, err = d.read(ctx)
	return stories, errs, err
}

// read is Stories with each story's file modification time, from the one
// stat that reading the file makes.
func (d *Dir) read(ctx context.Context) (stories []digest.Story, modTimes []time.Time, errs []error, err error) {
	entries, err := os.ReadDir(d.Path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("content source: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		if _, ok := FormatOf(e.Name()); !ok || e.IsDir() || e.Name()[0] == '.' {
			continue
		}
		path := filepath.Join(d.Path, e.Name())
		st, mod, err := d.readOne(ctx, path)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, nil, ctx.Err()
			}
			errs = append(errs, &FileError{Path: path, Err: err})
			continue
		}
		stories, modTimes = append(stories, *st), append(modTimes, mod)
	}
	return stories, modTimes, errs, nil
}

// readOne reads and parses one article; one without a date takes its
// file's modification time, for ordering.
func (d *Dir) readOne(ctx context.Context, path string) (*digest.Story, time.Time, error) {
	data, info, err := readBytes(ctx, path, d.Options)
	if err != nil {
		return nil, time.Time{}, err
	}
	st, err := Parse(path, data, d.Options)
	if err != nil {
		return nil, time.Time{}, err
	}
	if st.Published.IsZero() {
		st.Published = info.ModTime()
	}
	return st, info.ModTime(), nil
}

// ReadFile reads and parses one article.
func ReadFile(path string, opt Options) (*digest.Story, error) {
	return ReadFileContext(context.Background(), path, opt)
}

// ReadFileContext reads and parses one article; ctx interrupts a slow read.
func ReadFileContext(ctx context.Context, path string, opt Options) (*digest.Story, error) {
	data, err := ReadBytes(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, opt)
}

// ReadBytes reads an article file safely: it must be a regular file no
// larger than Options.MaxBytes, read within Options.ReadTimeout. Every
// error names the file.
func ReadBytes(ctx context.Context, path string, opt Options) ([]byte, error) {
	data, _, err := readBytes(ctx, path, opt)
	return data, err
}

// readBytes is ReadBytes with the file's information from its one stat.
func readBytes(ctx context.Context, path string, opt Options) ([]byte, os.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, info.Mode().Type())
	}
	if info.Size() > int64(opt.maxBytes()) {
		return nil, nil, fmt.Errorf("%s: %w: %d bytes, over the limit of %d (content.max_article_bytes)", path, ErrTooLarge, info.Size(), opt.maxBytes())
	}
	timeout := opt.ReadTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	data, err := readWithin(ctx, path, timeout, func() ([]byte, error) { return readLimited(path, opt.maxBytes()) })
	return data, info, err
}

// readWithin reads the file in a goroutine, so that a read that blocks
// (a network file system that hangs) gives up after timeout or when ctx
// is cancelled, naming the file.
func readWithin(ctx context.Context, path string, timeout time.Duration, read func() ([]byte, error)) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := read()
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: %w after %s", path, ErrSlowRead, timeout)
		}
		return nil, fmt.Errorf("%s: %w", path, ctx.Err())
	}
}

// readLimited reads at most max bytes and refuses a file that grew past
// them since it was checked.
func readLimited(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, ErrNotRegular)
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > max {
		return nil, fmt.Errorf("%s: %w: over the limit of %d bytes (content.max_article_bytes)", path, ErrTooLarge, max)
	}
	return data, nil
}
