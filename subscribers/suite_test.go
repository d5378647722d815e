package subscribers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
func newSchema(t testing.TB, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "digest_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema (is PostgreSQL running at %s?): %v", dsn, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	return withSearchPath(dsn, schema)
}

func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}
