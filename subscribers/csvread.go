package subscribers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
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

// row is one valid CSV row.
type row struct {
	line      int
	email     string // normalised
	key       string // lower-cased, the unique key
	name      string
	status    string // "" when the file does not say
	attrs     map[string]string
	consentBy string
	consentAt time.Time
	consentIP string
	createdAt time.Time
}

// csvRows reads subscribers from CSV with a header row.
type csvRows struct {
	file   string
	r      *csv.Reader
	header []string
	lr     *lineLimiter
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
	c := &csvRows{file: file, lr: lr, r: csv.NewReader(lr)}
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
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return nil, fmt.Sprintf("invalid UTF-8 in column %s", c.header[i])
		}
		if reason := r.set(c.header[i], v); reason != "" {
			return nil, reason
		}
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
		r.key = strings.ToLower(r.email)
	case "name":
		r.name = strings.TrimSpace(v)
		if strings.ContainsAny(r.name, "\r\n\x00") {
			return "control character in name"
		}
	case "status":
		r.status = strings.ToLower(strings.TrimSpace(v))
		if r.status != "" && !ValidStatus(r.status) {
			return fmt.Sprintf("unknown status %q (want %s)", v, strings.Join(Statuses, ", "))
		}
	case "consent_source":
		r.consentBy = strings.TrimSpace(v)
	case "consent_ip":
		r.consentIP = strings.TrimSpace(v)
	case "consent_at", "created_at":
		if v = strings.TrimSpace(v); v == "" {
			return ""
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fmt.Sprintf("%s %q is not an RFC 3339 time", col, v)
		}
		if col == "consent_at" {
			r.consentAt = t
		} else {
			r.createdAt = t
		}
	default:
		if v != "" {
			if r.attrs == nil {
				r.attrs = map[string]string{}
			}
			r.attrs[col] = v
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
