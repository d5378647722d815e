package subscribers

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
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
	// BatchSize is the number of rows committed per transaction; 0: 5000.
	BatchSize int
	// SortChunk is the number of rows read and sorted by address before
	// they are applied; 0: 100,000. Memory grows with it, not with the file.
	SortChunk int
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
		n = 5000
	}
	imp := &importer{s: s, opt: opt, run: newRunID(), now: s.Now().UTC()}
	if imp.batches, err = s.d.newBatcher(s, ctx); err != nil {
		return sum, err
	}
	defer imp.batches.close()
	suppressed, err := s.anySuppressed(ctx)
	if err != nil {
		return sum, fmt.Errorf("check suppression list: %w", err)
	}
	for c := rows.nextChunk(opt.sortChunk()); c != nil; c = rows.nextChunk(opt.sortChunk()) {
		if suppressed {
			if err := s.dropSuppressed(ctx, c, file); err != nil {
				return sum, err
			}
		}
		imp.attrKeys = c.attrKeys
		dups, err := imp.applyChunk(ctx, c.rows, n, file, &sum, c.read)
		imp.report(&sum, append(c.rejected, dups...))
		if err == nil {
			err = c.err
		}
		if err != nil {
			return sum, err
		}
	}
	if sum.Added+sum.Updated+sum.Unchanged+sum.Rejected == 0 {
		return sum, fmt.Errorf("%s: %w: it has a header but no rows", file, ErrUnreadable)
	}
	return sum, nil
}

func (o ImportOptions) sortChunk() int {
	if o.SortChunk > 0 {
		return o.SortChunk
	}
	return 100_000
}

func newRunID() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1)
}

// importer applies batches of one import run.
type importer struct {
	attrKeys map[string]bool // attribute keys with values in the current chunk
	s        *Store
	opt      ImportOptions
	run      int64
	now      time.Time
	batches  batcher
}

// applyChunk applies a chunk of rows sorted by address, batch by batch. A
// batch that started is finished, even on Ctrl-C: it commits whole or not
// at all; the context is checked between batches.
func (imp *importer) applyChunk(ctx context.Context, chunk []*row, n int, file string, sum *ImportSummary, read int64) ([]*RowError, error) {
	var rejected []*RowError
	for len(chunk) > 0 {
		batch := chunk[:min(n, len(chunk))]
		chunk = chunk[len(batch):]
		dups, err := imp.apply(context.WithoutCancel(ctx), batch, file, sum)
		rejected = append(rejected, dups...)
		if err != nil {
			return rejected, err
		}
		if imp.opt.OnBatch != nil {
			imp.opt.OnBatch(read, *sum)
		}
		if err := ctx.Err(); err != nil {
			return rejected, err
		}
	}
	return rejected, nil
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
	noteKeys(ctx context.Context, keys map[string]bool) error
}

// apply classifies a batch against the store and writes it in one
// transaction; it returns the rows rejected as duplicates.
func (imp *importer) apply(ctx context.Context, batch []*row, file string, sum *ImportSummary) ([]*RowError, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	var part ImportSummary
	var rejected []*RowError
	err := imp.batches.inBatchTx(ctx, func(tx batchTx) error {
		part, rejected = ImportSummary{}, nil
		uniq := make([]*row, 0, len(batch))
		inBatch := make(map[string]int, len(batch))
		for _, r := range batch {
			if first, dup := inBatch[r.key]; dup {
				rejected = append(rejected, duplicate(file, r, first))
				continue
			}
			inBatch[r.key] = r.line
			uniq = append(uniq, r)
		}
		var err error
		if o, ok := tx.(optimisticInserter); ok {
			err = imp.insertFirst(ctx, o, uniq, file, &part, &rejected)
		} else {
			err = imp.lookupFirst(ctx, tx, uniq, file, &part, &rejected)
		}
		if err != nil {
			return err
		}
		return tx.noteKeys(ctx, imp.attrKeys)
	})
	if err != nil {
		return nil, fmt.Errorf("import %s (lines %d-%d): %w", file, batch[0].line, batch[len(batch)-1].line, err)
	}
	sum.Added += part.Added
	sum.Updated += part.Updated
	sum.Unchanged += part.Unchanged
	return rejected, nil
}

// optimisticInserter is a driver that can insert a batch skipping the
// addresses already stored, and say how many it inserted.
type optimisticInserter interface {
	batchTx
	insertIgnoring(ctx context.Context, rows []*row, imp *importer) (int, error)
}

// insertFirst inserts the batch skipping stored addresses; only when some
// were skipped does it look the batch up. A fresh list costs one index
// descent per row instead of two.
func (imp *importer) insertFirst(ctx context.Context, tx optimisticInserter, rows []*row, file string, part *ImportSummary, rejected *[]*RowError) error {
	n, err := tx.insertIgnoring(ctx, rows, imp)
	if err != nil {
		return fmt.Errorf("insert batch: %w", err)
	}
	if n == len(rows) {
		part.Added += n
		return nil
	}
	found, err := tx.lookup(ctx, keysOf(rows))
	if err != nil {
		return fmt.Errorf("look up batch: %w", err)
	}
	var skipped []*row
	for _, r := range rows {
		if ex := found[r.key]; ex != nil && ex.importRun == imp.run && ex.importLine == int64(r.line) {
			part.Added++ // inserted just now
		} else {
			skipped = append(skipped, r)
		}
	}
	return imp.classify(ctx, tx, skipped, found, file, part, rejected)
}

// lookupFirst looks the batch up, then inserts the new rows.
func (imp *importer) lookupFirst(ctx context.Context, tx batchTx, rows []*row, file string, part *ImportSummary, rejected *[]*RowError) error {
	found, err := tx.lookup(ctx, keysOf(rows))
	if err != nil {
		return fmt.Errorf("look up batch: %w", err)
	}
	var fresh, known []*row
	for _, r := range rows {
		if found[r.key] == nil {
			fresh = append(fresh, r)
		} else {
			known = append(known, r)
		}
	}
	if len(fresh) > 0 {
		if err := tx.insert(ctx, fresh, imp); err != nil {
			return fmt.Errorf("insert batch: %w", err)
		}
		part.Added += len(fresh)
	}
	return imp.classify(ctx, tx, known, found, file, part, rejected)
}

// classify handles rows whose address is stored: a duplicate of an
// earlier line of this import, an update, or unchanged.
func (imp *importer) classify(ctx context.Context, tx batchTx, rows []*row, found map[string]*existing, file string, part *ImportSummary, rejected *[]*RowError) error {
	var touchIDs, touchLines []int64
	for _, r := range rows {
		ex := found[r.key]
		switch c := imp.diff(ex, r); {
		case ex.importRun == imp.run:
			*rejected = append(*rejected, duplicate(file, r, int(ex.importLine)))
		case c != nil:
			if err := tx.update(ctx, c, imp); err != nil {
				return fmt.Errorf("update line %d: %w", r.line, err)
			}
			part.Updated++
		default:
			touchIDs, touchLines = append(touchIDs, ex.id), append(touchLines, int64(r.line))
			part.Unchanged++
		}
	}
	if len(touchIDs) == 0 {
		return nil
	}
	return tx.touch(ctx, touchIDs, touchLines, imp)
}

func duplicate(file string, r *row, first int) *RowError {
	return &RowError{File: file, Line: r.line, Reason: fmt.Sprintf("duplicate address %s (first on line %d)", r.email, first)}
}

func keysOf(rows []*row) []string {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.key
	}
	return keys
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
		if r.attrs != "{}" {
			attrs = maps.Clone(ex.attrs)
			if attrs == nil {
				attrs = map[string]string{}
			}
			json.Unmarshal([]byte(r.attrs), &attrs) // merges; the row's JSON is ours, and valid
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
func (imp *importer) newValues(r *row) (status, consentBy, consentIP string, consentAt, createdAt time.Time) {
	status = r.status
	if x := r.extra; x != nil {
		consentBy, consentIP, consentAt, createdAt = x.consentBy, x.consentIP, x.consentAt, x.createdAt
	}
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
	return
}

// attrsJSON encodes sorted attributes as a JSON object, as json.Marshal
// would encode the map, without building the map.
func attrsJSON(as []attr) []byte {
	b := make([]byte, 0, 2+len(as)*24)
	b = append(b, '{')
	for i, a := range as {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a.key)
		b = append(b, ':')
		b = appendJSONString(b, a.value)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string; s is valid UTF-8.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
