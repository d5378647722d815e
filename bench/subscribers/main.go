// Command subscribers measures `digest subscribers import` and `export` on
// a generated list: wall time, rows per second and the peak RSS of the
// digest process, for SQLite and (when -postgres is given) PostgreSQL.
//
//	go build -o bench/out/digest ./cmd/digest
//	go run ./bench/subscribers -digest bench/out/digest -n 1000000 -postgres postgres://postgres@127.0.0.1:5432/test
//
// bench/subscribers.sh does both.
package main

import (
	"bufio"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	digest := flag.String("digest", "bench/out/digest", "the digest binary")
	n := flag.Int("n", 1_000_000, "rows to generate")
	pg := flag.String("postgres", "", "PostgreSQL DSN; empty: SQLite only")
	flag.Parse()
	dir, err := os.MkdirTemp("", "digest-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	csvPath := filepath.Join(dir, "list.csv")
	size, err := generate(csvPath, *n)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("generated %d rows, %.1f MB\n\n", *n, float64(size)/1e6)
	fmt.Printf("%-10s %-8s %10s %12s %12s\n", "store", "step", "wall", "rows/s", "peak RSS")
	stores := [][2]string{{"sqlite", filepath.Join(dir, "bench.db")}}
	if *pg != "" {
		dsn, drop, err := freshSchema(*pg)
		if err != nil {
			log.Fatal(err)
		}
		defer drop()
		stores = append(stores, [2]string{"postgres", dsn})
	}
	for _, st := range stores {
		env := append(os.Environ(), "DIGEST_DATABASE_DRIVER="+st[0], "DIGEST_DATABASE_DSN="+st[1], "DIGEST_CONFIG=")
		cfg := filepath.Join(dir, "config.yaml")
		os.WriteFile(cfg, []byte("newsletter:\n  name: Bench\n"), 0o644)
		args := []string{"--config", cfg}
		run(st[0], "import", *n, env, *digest, append(args, "subscribers", "import", csvPath)...)
		run(st[0], "re-import", *n, env, *digest, append(args, "subscribers", "import", csvPath)...)
		run(st[0], "export", *n, env, *digest, append(args, "subscribers", "export", filepath.Join(dir, "out-"+st[0]+".csv"))...)
	}
}

// run runs digest and prints wall time, rate and the child's peak RSS.
func run(store, step string, rows int, env []string, bin string, args ...string) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		log.Fatalf("%s %s: %v\n%s", store, step, err, out)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	fmt.Printf("%-10s %-8s %9.2fs %12.0f %9.1f MB\n", store, step, wall.Seconds(), float64(rows)/wall.Seconds(), float64(rss)/1024)
}

// generate writes n subscribers: email, name, status, two attributes.
func generate(path string, n int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "email,name,status,city,plan")
	cities := []string{"Berlin", "Lisbon", "Osaka", "Quito", "Accra", "Oslo"}
	for i := 0; i < n; i++ {
		status := "active"
		if i%50 == 0 {
			status = "unsubscribed"
		}
		// A multiplicative hash spreads the addresses, so they do not arrive
		// in index order as a real list would not.
		h := uint32(i) * 2654435761
		fmt.Fprintf(w, "%08x.reader%d@mail%d.example.com,Reader %d,%s,%s,%s\n", h, i, i%97, i, status, cities[i%len(cities)], []string{"free", "pro"}[i%2])
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	info, err := f.Stat()
	f.Close()
	return info.Size(), err
}

// freshSchema creates a schema for the run and returns a DSN using it.
func freshSchema(dsn string) (string, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("digest_bench_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		return "", nil, err
	}
	drop := func() { db.Exec("DROP SCHEMA " + schema + " CASCADE"); db.Close() }
	sep := "?"
	for _, c := range dsn {
		if c == '?' {
			sep = "&"
		}
	}
	return dsn + sep + "search_path=" + schema, drop, nil
}
