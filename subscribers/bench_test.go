package subscribers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
)

func benchCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("email,name,status,city,plan\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "reader%07d@mail%d.example.com,Reader %d,active,Berlin,pro\n", i, i%97, i)
	}
	return b.Bytes()
}

// BenchmarkImportSQLite imports 100,000 fresh rows per iteration; see
// bench/subscribers.sh for the end-to-end figure at 1,000,000.
func BenchmarkImportSQLite(b *testing.B) {
	data := benchCSV(100_000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		s, err := Open(context.Background(), SQLite, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Import(context.Background(), "b.csv", bytes.NewReader(data), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkExportSQLite exports 100,000 rows per iteration.
func BenchmarkExportSQLite(b *testing.B) {
	s, err := Open(context.Background(), SQLite, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import(context.Background(), "b.csv", bytes.NewReader(benchCSV(100_000)), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Export(context.Background(), io.Discard, ""); err != nil {
			b.Fatal(err)
		}
	}
}
