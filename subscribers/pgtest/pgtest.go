// Package pgtest gives tests a PostgreSQL schema of their own on the
// server named by DIGEST_TEST_POSTGRES_DSN (CI sets it), so that runs and
// parallel tests never collide.
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvDSN is the variable naming the test server.
const EnvDSN = "DIGEST_TEST_POSTGRES_DSN"

// Schema creates a fresh schema on the server named by dsn, dropped when
// the test ends, and returns a DSN whose search_path is it.
func Schema(t testing.TB, dsn string) string {
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
		if a, err := sql.Open("pgx", dsn); err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	return withSearchPath(dsn, schema)
}

// SchemaOrSkip is Schema on the server named by DIGEST_TEST_POSTGRES_DSN,
// and skips the test when it is not set.
func SchemaOrSkip(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		t.Skip("PostgreSQL: set " + EnvDSN + " (e.g. postgres://postgres@127.0.0.1:5432/test) to run it")
	}
	return Schema(t, dsn)
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
