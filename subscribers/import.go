package subscribers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// ImportOptions choose how an import treats subscribers already on the list.
type ImportOptions struct {
	// Update overwrites existing subscribers' names and attributes (and
	// status, within the Resubscribe rule) from the file.
	Update bool
	// Resubscribe lets the file re-activate unsubscribed or bounced
	// subscribers; without it they are never re-activated.
	Resubscribe bool
	// BatchSize is the number of rows committed per transaction; 0: 2000.
	BatchSize int
	// OnReject is called for each rejected row.
	OnReject func(*RowError)
	// OnBatch is called after each committed batch with the bytes read so far.
	OnBatch func(read int64, sum ImportSummary)
}

// ImportSummary counts what an import did.
type ImportSummary struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Rejected  int `json:"rejected"`
}

// Import reads CSV (a header row with an email column; name, status and
// consent columns; any other column becomes an attribute) and applies it in
// batches, each in its own transaction, so a crash or interruption leaves
// only whole batches and running the import again completes it. Bad rows
// are reported through OnReject and skipped. An error wrapping
// ErrUnreadable means nothing of the file could be imported.
func (s *Store) Import(ctx context.Context, file string, in io.Reader, opt ImportOptions) (ImportSummary, error) {
	var sum ImportSummary
	rows, err := newCSVRows(file, in)
	if err != nil {
		return sum, err
	}
	n := opt.BatchSize
	if n <= 0 {
		n = 2000
	}
	imp := &importer{s: s, opt: opt, run: newRunID(), now: s.Now().UTC(), cache: &stmtCache{db: s.db, stmts: map[string]*sql.Stmt{}}}
	defer imp.cache.close()
	batch := make([]*row, 0, n)
	var pending []*RowError // rejections, reported in line order once their batch is done
	for {
		r, err := rows.next()
		var re *RowError
		switch {
		case errors.As(err, &re):
			pending = append(pending, re)
			continue
		case err == nil:
			if batch = append(batch, r); len(batch) < n {
				continue
			}
		case !errors.Is(err, io.EOF):
			imp.report(&sum, pending)
			return sum, err
		}
		// A batch that started is finished, even on Ctrl-C: it commits whole
		// or not at all.
		dups, aerr := imp.apply(context.WithoutCancel(ctx), batch, file, &sum)
		imp.report(&sum, append(pending, dups...))
		if aerr != nil {
			return sum, aerr
		}
		batch, pending = batch[:0], pending[:0]
		if opt.OnBatch != nil {
			opt.OnBatch(rows.lr.read, sum)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
	}
	if sum.Added+sum.Updated+sum.Unchanged+sum.Rejected == 0 {
		return sum, fmt.Errorf("%s: %w: it has a header but no rows", file, ErrUnreadable)
	}
	return sum, nil
}

func newRunID() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1)
}

// importer applies batches of one import run.
type importer struct {
	s     *Store
	opt   ImportOptions
	run   int64
	now   time.Time
	cache *stmtCache
}

// report counts and reports rejections in line order.
func (imp *importer) report(sum *ImportSummary, rejected []*RowError) {
	slices.SortFunc(rejected, func(a, b *RowError) int { return a.Line - b.Line })
	for _, e := range rejected {
		sum.Rejected++
		if imp.opt.OnReject != nil {
			imp.opt.OnReject(e)
		}
	}
}

// existing is what a batch needs to know of a subscriber already stored.
type existing struct {
	id         int64
	name       string
	status     string
	attrs      map[string]string
	importRun  int64
	importLine int64
}

// change is an update to an existing subscriber.
type change struct {
	id            int64
	name, status  string
	attrs         []byte
	statusChanged bool
	line          int64
}

// batchTx is a transaction of one driver, as a batch uses it.
type batchTx interface {
	lookup(ctx context.Context, keys []string) (map[string]*existing, error)
	insert(ctx context.Context, rows []*row, imp *importer) error
	update(ctx context.Context, c *change, imp *importer) error
	touch(ctx context.Context, ids, lines []int64, imp *importer) error
}

// apply classifies a batch against the store and writes it in one
// transaction; it returns the rows rejected as duplicates.
func (imp *importer) apply(ctx context.Context, batch []*row, file string, sum *ImportSummary) ([]*RowError, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	var part ImportSummary
	var rejected []*RowError
	err := imp.s.inBatchTx(ctx, imp.cache, func(tx batchTx) error {
		part, rejected = ImportSummary{}, nil
		keys := make([]string, len(batch))
		for i, r := range batch {
			keys[i] = r.key
		}
		found, err := tx.lookup(ctx, keys)
		if err != nil {
			return fmt.Errorf("look up batch: %w", err)
		}
		var fresh []*row
		var touchIDs, touchLines []int64
		inBatch := make(map[string]int, len(batch))
		for _, r := range batch {
			if first, dup := inBatch[r.key]; dup {
				rejected = append(rejected, &RowError{File: file, Line: r.line, Reason: fmt.Sprintf("duplicate address %s (first on line %d)", r.email, first)})
				continue
			}
			inBatch[r.key] = r.line
			ex := found[r.key]
			switch {
			case ex == nil:
				fresh = append(fresh, r)
			case ex.importRun == imp.run:
				rejected = append(rejected, &RowError{File: file, Line: r.line, Reason: fmt.Sprintf("duplicate address %s (first on line %d)", r.email, ex.importLine)})
			default:
				if c := imp.diff(ex, r); c != nil {
					if err := tx.update(ctx, c, imp); err != nil {
						return fmt.Errorf("update line %d: %w", r.line, err)
					}
					part.Updated++
				} else {
					touchIDs, touchLines = append(touchIDs, ex.id), append(touchLines, int64(r.line))
					part.Unchanged++
				}
			}
		}
		if len(fresh) > 0 {
			if err := tx.insert(ctx, fresh, imp); err != nil {
				return fmt.Errorf("insert batch: %w", err)
			}
			part.Added += len(fresh)
		}
		if len(touchIDs) > 0 {
			return tx.touch(ctx, touchIDs, touchLines, imp)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import %s (lines %d-%d): %w", file, batch[0].line, batch[len(batch)-1].line, err)
	}
	sum.Added += part.Added
	sum.Updated += part.Updated
	sum.Unchanged += part.Unchanged
	return rejected, nil
}

// diff decides what the row changes in an existing subscriber; nil for
// nothing. Without Update only a resubscription can change a subscriber;
// an unsubscribed or bounced subscriber is re-activated only with
// Resubscribe.
func (imp *importer) diff(ex *existing, r *row) *change {
	name, status, attrs := ex.name, ex.status, ex.attrs
	if imp.opt.Update {
		if r.name != "" {
			name = r.name
		}
		if len(r.attrs) > 0 {
			attrs = maps.Clone(ex.attrs)
			if attrs == nil {
				attrs = map[string]string{}
			}
			maps.Copy(attrs, r.attrs)
		}
		if r.status != "" {
			status = r.status
		}
	}
	gone := ex.status == Unsubscribed || ex.status == Bounced
	if gone && imp.opt.Resubscribe && (r.status == "" || r.status == Active) {
		status = Active
	}
	if gone && !imp.opt.Resubscribe && (status == Active || status == Pending) {
		status = ex.status
	}
	if name == ex.name && status == ex.status && maps.Equal(attrs, ex.attrs) {
		return nil
	}
	js, _ := json.Marshal(nonNil(attrs))
	return &change{id: ex.id, name: name, status: status, attrs: js, statusChanged: status != ex.status, line: int64(r.line)}
}

// newValues are the column values of a new subscriber from a row.
func (imp *importer) newValues(r *row) (status, consentBy string, consentAt, createdAt time.Time, attrs []byte) {
	status, consentBy, consentAt, createdAt = r.status, r.consentBy, r.consentAt, r.createdAt
	if status == "" {
		status = Active
	}
	if consentBy == "" {
		consentBy = "import"
	}
	if consentAt.IsZero() {
		consentAt = imp.now
	}
	if createdAt.IsZero() {
		createdAt = imp.now
	}
	attrs, _ = json.Marshal(nonNil(r.attrs))
	return
}
