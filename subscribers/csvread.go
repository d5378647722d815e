package subscribers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digest-dev/digest/digest"
)

// Reserved CSV columns; every other column is an attribute.
var reservedColumns = []string{"email", "name", "status", "consent_source", "consent_at", "consent_ip", "created_at"}

// IsReserved reports whether key names a column of its own rather than an attribute.
func IsReserved(key string) bool {
	for _, c := range reservedColumns {
		if c == key {
			return true
		}
	}
	return false
}

// maxLine bounds one CSV line, so that a huge line is refused before it
// is held in memory.
const maxLine = 1 << 20

// ErrUnreadable marks an input that cannot be imported at all (no header,
// binary data, an over-long line); nothing was changed.
var ErrUnreadable = errors.New("cannot import this file")

// RowError is one rejected row: the file, its line and the reason.
type RowError struct {
	File   string
	Line   int
	Reason string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// attr is one attribute of a row being parsed.
type attr struct{ key, value string }

// row is one valid CSV row. An import holds a chunk of rows at once, so a
// row is kept small: its attributes as JSON, its rare consent details
// behind a pointer, and its strings sharing the line they came from.
type row struct {
	line   int
	email  string // normalised
	key    string // lower-cased, the unique key
	name   string
	status string // "" when the file does not say
	attrs  string // JSON object, keys sorted
	extra  *rowExtra
}

// rowExtra holds the consent columns of a row that has them.
type rowExtra struct {
	consentBy, consentIP string
	consentAt, createdAt time.Time
}

func (r *row) ext() *rowExtra {
	if r.extra == nil {
		r.extra = &rowExtra{}
	}
	return r.extra
}

// csvRows reads subscribers from CSV with a header row.
type csvRows struct {
	file     string
	r        *csv.Reader
	header   []string
	lr       *lineLimiter
	attrs    []attr          // scratch for the row being parsed
	attrKeys map[string]bool // attribute columns that had a value
}

func newCSVRows(file string, in io.Reader) (*csvRows, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(8 << 10)
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, fmt.Errorf("%s: %w: it is binary, not CSV text", file, ErrUnreadable)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	lr := &lineLimiter{r: br}
	c := &csvRows{file: file, lr: lr, r: csv.NewReader(lr), attrKeys: map[string]bool{}}
	c.r.FieldsPerRecord = -1
	c.r.ReuseRecord = true
	if err := c.readHeader(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *csvRows) readHeader() error {
	h, err := c.r.Read()
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: %w: the file is empty (want a header row with an email column)", c.file, ErrUnreadable)
	case errors.Is(err, errLineTooLong):
		return fmt.Errorf("%s:1: %w: the first line is longer than %d bytes; is this a CSV file?", c.file, ErrUnreadable, maxLine)
	case err != nil:
		return fmt.Errorf("%s:1: %w: %v", c.file, ErrUnreadable, csvReason(err))
	}
	seen := map[string]bool{}
	for _, f := range h {
		f = strings.ToLower(strings.TrimSpace(f))
		if !utf8.ValidString(f) {
			return fmt.Errorf("%s:1: %w: the header is not UTF-8 text", c.file, ErrUnreadable)
		}
		if f == "" || seen[f] {
			return fmt.Errorf("%s:1: %w: empty or repeated column name %q in the header", c.file, ErrUnreadable, f)
		}
		seen[f] = true
		c.header = append(c.header, f)
	}
	if !seen["email"] {
		return fmt.Errorf("%s:1: %w: the header has no email column (got %s)", c.file, ErrUnreadable, strings.Join(c.header, ","))
	}
	return nil
}

// next returns the next valid row, or a RowError for a bad one, or io.EOF.
// Any other error means the rest of the file cannot be read.
func (c *csvRows) next() (*row, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && !errors.Is(err, errLineTooLong):
			return nil, &RowError{File: c.file, Line: pe.StartLine, Reason: csvReason(err)}
		case errors.Is(err, errLineTooLong):
			return nil, fmt.Errorf("%s:%d: %w: the line is longer than %d bytes", c.file, c.lr.line+1, ErrUnreadable, maxLine)
		}
		return nil, err
	}
	line, _ := c.r.FieldPos(0)
	if len(rec) != len(c.header) {
		return nil, &RowError{File: c.file, Line: line, Reason: fmt.Sprintf("wrong column count: %d, the header has %d", len(rec), len(c.header))}
	}
	r, reason := c.parse(rec, line)
	if reason != "" {
		return nil, &RowError{File: c.file, Line: line, Reason: reason}
	}
	return r, nil
}

// parse validates one record; reason is "" for a good row.
func (c *csvRows) parse(rec []string, line int) (*row, string) {
	r := &row{line: line}
	c.attrs = c.attrs[:0]
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return nil, fmt.Sprintf("invalid UTF-8 in column %s", c.header[i])
		}
		if !IsReserved(c.header[i]) {
			if v != "" {
				c.attrs = append(c.attrs, attr{c.header[i], v})
			}
			continue
		}
		if reason := r.set(c.header[i], v); reason != "" {
			return nil, reason
		}
	}
	slices.SortFunc(c.attrs, func(a, b attr) int { return strings.Compare(a.key, b.key) })
	r.attrs = string(attrsJSON(c.attrs))
	for _, a := range c.attrs {
		c.attrKeys[a.key] = true
	}
	return r, ""
}

func (r *row) set(col, v string) string {
	var err error
	switch col {
	case "email":
		if r.email, err = NormaliseEmail(v); err != nil {
			return "invalid address: " + err.Error()
		}
		r.key = emailKey(r.email)
	case "name":
		if r.name, err = digest.CheckName(v); err != nil {
			return "control character in name"
		}
	case "status":
		r.status = strings.ToLower(strings.TrimSpace(v))
		if r.status != "" && !ValidStatus(r.status) {
			return fmt.Sprintf("unknown status %q (want %s)", v, strings.Join(Statuses, ", "))
		}
	case "consent_source":
		if v = strings.TrimSpace(v); v != "" {
			r.ext().consentBy = v
		}
	case "consent_ip":
		if v = strings.TrimSpace(v); v != "" {
			r.ext().consentIP = v
		}
	case "consent_at", "created_at":
		if v = strings.TrimSpace(v); v == "" {
			return ""
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fmt.Sprintf("%s %q is not an RFC 3339 time", col, v)
		}
		if col == "consent_at" {
			r.ext().consentAt = t
		} else {
			r.ext().createdAt = t
		}
	}
	return ""
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return "bad quoting: " + pe.Err.Error()
		}
		return pe.Err.Error()
	}
	return err.Error()
}

var errLineTooLong = errors.New("line too long")

// lineLimiter fails a read once a line passes maxLine bytes, and counts lines.
type lineLimiter struct {
	r    io.Reader
	cur  int
	line int
	read int64
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.cur = 0
			l.line++
			continue
		}
		if l.cur++; l.cur > maxLine {
			return 0, errLineTooLong
		}
	}
	l.read += int64(n)
	return n, err
}

// chunk is a run of rows sorted by address, with the rows of its stretch
// of the file that were rejected, and the error that ended the file if any.
type chunk struct {
	rows     []*row
	rejected []*RowError
	attrKeys map[string]bool
	read     int64 // bytes of the file read so far
	err      error
}

// nextChunk reads up to n rows and sorts them by address: in address
// order, inserts into the address index land next to each other instead of
// all over it, which makes a large import several times faster on SQLite.
// It returns nil at the end of the file. Reading the next chunk while the
// last one is written was tried: it held two chunks in memory and was no
// faster, as the database is the bottleneck.
func (c *csvRows) nextChunk(n int) *chunk {
	ch := &chunk{rows: make([]*row, 0, n)}
	eof := false
	for len(ch.rows) < n && !eof && ch.err == nil {
		r, err := c.next()
		var re *RowError
		switch {
		case err == nil:
			ch.rows = append(ch.rows, r)
		case errors.As(err, &re):
			ch.rejected = append(ch.rejected, re)
		case errors.Is(err, io.EOF):
			eof = true
		default:
			ch.err = err
		}
	}
	if eof && len(ch.rows) == 0 && len(ch.rejected) == 0 {
		return nil
	}
	slices.SortFunc(ch.rows, func(a, b *row) int {
		if k := strings.Compare(a.key, b.key); k != 0 {
			return k
		}
		return a.line - b.line
	})
	ch.read, ch.attrKeys = c.lr.read, c.attrKeys
	return ch
}
