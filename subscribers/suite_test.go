package subscribers

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/digest-dev/digest/subscribers/pgtest"
)

// The store tests run once per driver: SQLite always, PostgreSQL when
// DIGEST_TEST_POSTGRES_DSN names a server (CI sets it). Each PostgreSQL
// test gets a schema of its own, so runs never collide.

type opener func(t *testing.T) *Store

func drivers(t *testing.T) map[string]opener {
	t.Helper()
	out := map[string]opener{SQLite: func(t *testing.T) *Store {
		return mustOpen(t, SQLite, filepath.Join(t.TempDir(), "digest.db"))
	}}
	if dsn := os.Getenv("DIGEST_TEST_POSTGRES_DSN"); dsn != "" {
		out[Postgres] = func(t *testing.T) *Store { return mustOpen(t, Postgres, newSchema(t, dsn)) }
	}
	return out
}

// eachDriver runs fn as a subtest per driver.
func eachDriver(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Helper()
	ds := drivers(t)
	if _, ok := ds[Postgres]; !ok {
		t.Log("PostgreSQL skipped: set DIGEST_TEST_POSTGRES_DSN (e.g. postgres://postgres@127.0.0.1:5432/test) to run it")
	}
	for _, name := range []string{SQLite, Postgres} {
		if open, ok := ds[name]; ok {
			t.Run(name, func(t *testing.T) { fn(t, open) })
		}
	}
}

func mustOpen(t *testing.T, driver, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newSchema creates a fresh schema and returns a DSN whose search_path is it.
func newSchema(t testing.TB, dsn string) string { return pgtest.Schema(t, dsn) }
