package subscribers

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// FuzzNormaliseEmail: an accepted address has no control characters or
// spaces, one @, a lower-case domain, and normalising it again changes nothing.
func FuzzNormaliseEmail(f *testing.F) {
	for _, s := range []string{"ada@example.com", " Ada@Example.COM ", "a\r\nb@example.com", "\"quoted local\"@example.com",
		"ada@bücher.example", "@example.com", "ada@", "a@b@c.com", "ada@exa mple.com", "ada@example.com.", "x@[127.0.0.1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormaliseEmail(in)
		if err != nil {
			return
		}
		for _, r := range out {
			if unicode.IsControl(r) {
				t.Fatalf("%q: control character accepted", out)
			}
		}
		local, domain, ok := strings.Cut(out, "@")
		if !ok || local == "" || strings.ContainsAny(domain, "@ \t") || domain != strings.ToLower(domain) {
			t.Fatalf("NormaliseEmail(%q) = %q", in, out)
		}
		again, err := NormaliseEmail(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", in, out, again, err)
		}
	})
}

// FuzzImport: whatever the bytes, an import either refuses the file as a
// whole and changes nothing, or accounts for every row: the subscribers
// stored are exactly the rows it says it added, and a second run adds none.
func FuzzImport(f *testing.F) {
	for _, s := range []string{
		"email\na@example.com\n",
		"email,name,status\r\na@example.com,A,active\r\nb@example.com,\"B, b\",pending\r\n",
		"\ufeffemail,city\nA@example.com,x\na@EXAMPLE.com,y\n",
		"email,name\n\"unterminated@example.com,A\n",
		"email,name\nbad\"quote@example.com,B\n",
		"email\n\xff\xfe@example.com\n",
		"name\nnobody\n",
		"email,email\na@example.com,b@example.com\n",
		"",
		"email,name\na@example.com\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Open(context.Background(), SQLite, filepath.Join(t.TempDir(), "f.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ctx := context.Background()
		sum, err := s.Import(ctx, "f.csv", strings.NewReader(string(data)), ImportOptions{BatchSize: 2, SortChunk: 3})
		counts, _ := s.Count(ctx)
		total := counts[Pending] + counts[Active] + counts[Unsubscribed] + counts[Bounced]
		if errors.Is(err, ErrUnreadable) {
			if total != 0 {
				t.Fatalf("refused file left %d subscribers", total)
			}
			return
		}
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if total != sum.Added {
			t.Fatalf("summary says %d added, store has %d", sum.Added, total)
		}
		again, err := s.Import(ctx, "f.csv", strings.NewReader(string(data)), ImportOptions{BatchSize: 2, SortChunk: 3})
		if err != nil || again.Added != 0 || again.Updated != 0 {
			t.Fatalf("second run: %+v, %v", again, err)
		}
	})
}
