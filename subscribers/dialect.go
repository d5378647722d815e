package subscribers

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// dialect is what differs between SQLite and PostgreSQL, chosen once when
// the store opens: the SQL is written per driver here and in the files
// named after each driver, not chosen by branches inside functions.
type dialect struct {
	// rebind turns "?" placeholders into the driver's.
	rebind func(query string) string
	// stamp is a time as the driver stores it.
	stamp func(t time.Time) any
	// attr is the SQL for one attribute of a subscribers row (NULL when
	// unset); its key is bound as attrKey(key).
	attr    string
	attrKey func(key string) any
	// migrateLock runs first in each migration's transaction, so that two
	// processes starting at once do not both migrate ("" when the
	// database's own write lock is enough).
	migrateLock string
	// export is the export's query; exportMicros says its times come out
	// as microseconds to format.
	export       string
	exportMicros bool
	// afterRemove runs after a subscriber is removed, so that no copy of
	// the address stays in the files ("" for none).
	afterRemove string
	// beforeQueue runs in an issue's transaction before its deliveries
	// are queued ("" for none): PostgreSQL's ledger has no foreign keys
	// (see migration 0009), so the subscribers table is locked against
	// changes until the issue commits, and a subscriber removed meanwhile
	// cannot leave a delivery behind.
	beforeQueue string
	// afterQueue runs after an issue's deliveries are queued ("" for
	// none): PostgreSQL's planner must learn of the new rows at once, or
	// until autovacuum comes round it plans each claim as if the issue had
	// a row or two, reading the whole rest of the queue for each batch.
	afterQueue string
	// recordGroup writes a group of delivery outcomes in the transaction.
	recordGroup func(s *Store, ctx context.Context, tx *sql.Tx, b digest.Batch) error
	// shared says several processes may share a send (they claim rows).
	shared bool
	// due reads (SQLite) or claims (PostgreSQL) due deliveries.
	due func(s *Store, ctx context.Context, q digest.DueQuery, state string) ([]digest.Due, error)
	// renew sets the lease of a worker's unrecorded claims (args: until,
	// issue, worker).
	renew string
	// beatLock serialises the heartbeats of a send's workers in their
	// transaction ("" where the write lock does).
	beatLock string
	// lockSend takes the send lock (see LockSend).
	lockSend func(s *Store, ctx context.Context) (unlock func(), err error)
	// newBatcher runs an import's batches (see Import).
	newBatcher func(s *Store, ctx context.Context) (batcher, error)
}

const renewSQL = `UPDATE deliveries SET lease_until = ?
	WHERE issue = ? AND worker = ? AND lease_until IS NOT NULL AND state IN ('queued', 'deferred')`

// exportColumns are what an export reads: the reserved columns as text,
// then the attributes.
const exportColumns = "email, name, status, consent_source, consent_at, consent_ip, created_at, attributes"

const exportWhere = ` FROM subscribers WHERE (? = '' OR status = ?) AND id >= ? AND id < ? ORDER BY id`

// sqliteDialect: times are INTEGER microseconds, attributes TEXT JSON, the
// send lock an flock on the file, imports multi-row INSERTs.
var sqliteDialect = dialect{
	rebind:       func(q string) string { return q },
	stamp:        func(t time.Time) any { return t.UnixMicro() },
	attr:         `json_extract(attributes, ?)`,
	attrKey:      func(k string) any { return `$."` + strings.ReplaceAll(k, `"`, `\"`) + `"` },
	export:       `SELECT ` + exportColumns + exportWhere,
	exportMicros: true,
	afterRemove:  `PRAGMA wal_checkpoint(TRUNCATE)`, // with secure_delete, see sqliteDSN
	recordGroup:  recordSQLite,
	due:          selectDue,
	renew:        renewSQL,
	lockSend:     (*Store).lockDBFile,
	newBatcher:   newSQLiteBatcher,
}

// postgresDialect: "$n" placeholders, timestamptz, JSONB attributes, an
// advisory send lock, imports by COPY.
var postgresDialect = dialect{
	rebind:      func(q string) string { return rebindFrom(q, 1) },
	stamp:       func(t time.Time) any { return t.UTC() },
	attr:        `(attributes->>?)`,
	attrKey:     func(k string) any { return k },
	migrateLock: `SELECT pg_advisory_xact_lock(7142001)`,
	export: `SELECT email, name, status, consent_source, ` + pgText("consent_at") + `, consent_ip, ` +
		pgText("created_at") + `, attributes::text` + exportWhere,
	beforeQueue: `LOCK TABLE subscribers IN SHARE MODE`,
	afterQueue:  `ANALYZE deliveries`,
	recordGroup: recordPostgres,
	due:         claimDue,
	// Rows locked now are being recorded by the worker's own ledger
	// writer (they need no lease any more) or claimed by another worker
	// after the lease ran out (they are not this worker's): skipping them
	// keeps a renewal from waiting on a group commit that locks the same
	// rows in another order, a deadlock.
	renew: `UPDATE deliveries SET lease_until = $1 WHERE issue = $2 AND subscriber_id IN (
		SELECT subscriber_id FROM deliveries WHERE issue = $2 AND worker = $3 AND lease_until IS NOT NULL
		AND state IN ('queued', 'deferred') FOR UPDATE SKIP LOCKED)`,
	shared:     true,
	beatLock:   `SELECT pg_advisory_xact_lock(7142002)`,
	lockSend:   (*Store).lockPostgres,
	newBatcher: newPgBatcher,
}

func pgText(col string) string {
	return `to_char(` + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
}

// rebindFrom numbers the "?" placeholders of a query or fragment as
// PostgreSQL's "$n", from $n on (a fragment joins a query whose own
// placeholders come first). digest's SQL has no "?" inside string
// literals.
func rebindFrom(query string, n int) string {
	var b strings.Builder
	for _, r := range query {
		if r == '?' {
			b.WriteString("$" + strconv.Itoa(n))
			n++
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
