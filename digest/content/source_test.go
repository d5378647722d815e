package content

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeArticle(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodArticle = "A good headline for the test\n\nThe lede of a good article, with enough words to be read.\n\n1) First point\n\nIts text.\n\n2) Second point\n\nMore text.\n"

// TestDirRefusesBadFilesByName checks that a FIFO, an article over the
// size limit and a binary file are each refused with an error naming
// the file, and that the other articles are still read.
func TestDirRefusesBadFilesByName(t *testing.T) {
	dir := t.TempDir()
	writeArticle(t, dir, "a-good.txt", goodArticle)
	fifo := filepath.Join(dir, "b-pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	big := writeArticle(t, dir, "c-big.md", strings.Repeat("word ", 300))
	bin := writeArticle(t, dir, "d-binary.html", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	d := &Dir{Path: dir, Options: Options{MaxBytes: 1000}}
	stories, errs, err := d.Stories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 || stories[0].Title != "A good headline for the test" {
		t.Errorf("stories = %+v, want the good one", stories)
	}
	want := map[string]error{fifo: ErrNotRegular, big: ErrTooLarge, bin: ErrBinary}
	if len(errs) != len(want) {
		t.Fatalf("errs = %v, want %d", errs, len(want))
	}
	for _, e := range errs {
		var fe *FileError
		if !errors.As(e, &fe) || !errors.Is(e, want[fe.Path]) || !strings.Contains(e.Error(), fe.Path) {
			t.Errorf("error %v: want %v naming the file", e, want[fe.Path])
		}
	}
}

// TestSlowReadIsRefused reads a FIFO held open by a writer that never
// writes, so that the read blocks as on a hung network file system: the
// file must be refused after the timeout, by name. (Stories refuses a
// FIFO before reading it; this exercises the timeout on its own.)
func TestSlowReadIsRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "slow.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // keeps a writer, so reads block
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	start := time.Now()
	_, err = readWithin(context.Background(), fifo, 50*time.Millisecond, func() ([]byte, error) { return os.ReadFile(fifo) })
	if !errors.Is(err, ErrSlowRead) || !strings.Contains(err.Error(), fifo) {
		t.Errorf("err = %v, want ErrSlowRead naming %s", err, fifo)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v", el)
	}
}

// TestCancelStopsAFolder checks that a cancelled context stops reading
// a folder before the next file, as SIGTERM does.
func TestCancelStopsAFolder(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		writeArticle(t, dir, n, goodArticle)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stories, _, err := (&Dir{Path: dir}).Stories(ctx)
	if !errors.Is(err, context.Canceled) || len(stories) != 0 {
		t.Errorf("stories %d, err %v; want none and context.Canceled", len(stories), err)
	}
}

func TestUnreadableDateIsAWarning(t *testing.T) {
	src := "---\ntitle: Dated oddly\ndate: the twelfth of never\n---\nA lede with words.\n\n1) Point\n\nText.\n\n2) Other\n\nMore.\n"
	st, err := Parse("odd.md", []byte(src), Options{})
	if err != nil || !st.Published.IsZero() || st.Title != "Dated oddly" {
		t.Fatalf("st %+v err %v: want the article kept without a date", st, err)
	}
	st, err = Parse("odd.md", []byte(strings.Replace(src, "the twelfth of never", "2016-12-22T05:00:00-0800", 1)), Options{})
	if err != nil || st.Published.UTC().Format(time.RFC3339) != "2016-12-22T13:00:00Z" {
		t.Errorf("published %v err %v", st.Published, err)
	}
}
