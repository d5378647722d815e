package subscribers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

type importRun struct {
	sum      ImportSummary
	rejected []string
	err      error
}

func doImport(t *testing.T, s *Store, csvText string, opt ImportOptions) importRun {
	t.Helper()
	var r importRun
	opt.OnReject = func(e *RowError) { r.rejected = append(r.rejected, e.Error()) }
	r.sum, r.err = s.Import(context.Background(), "list.csv", strings.NewReader(csvText), opt)
	return r
}

func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	var lines []string
	err := s.List(context.Background(), "", func(sub *Subscriber) error {
		keys := make([]string, 0, len(sub.Attributes))
		for k := range sub.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var attrs []string
		for _, k := range keys {
			attrs = append(attrs, k+"="+sub.Attributes[k])
		}
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%s", sub.Email, sub.Name, sub.Status, strings.Join(attrs, ",")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func TestImportReportsEveryBadRow(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		in := "\ufeffemail,name,status,timezone\r\n" +
			"ada@example.com,Ada,active,Europe/London\r\n" +
			"not-an-address,X,active,\r\n" +
			"ADA@Example.com ,Ada again,active,\r\n" +
			"grace@example.org,Grace\r\n" +
			"linus@example.net,Linus,sleeping,\r\n" +
			"bad\"quote@example.com,B,active,\r\n" +
			"utf@example.com,\xff\xfe,active,\r\n" +
			"alan@example.net,\"Turing, Alan\",,Europe/London\r\n"
		r := doImport(t, s, in, ImportOptions{BatchSize: 3})
		if r.err != nil {
			t.Fatal(r.err)
		}
		want := []string{
			`list.csv:3: invalid address`,
			`list.csv:4: duplicate address ADA@example.com (first on line 2)`,
			`list.csv:5: wrong column count: 2, the header has 4`,
			`list.csv:6: unknown status "sleeping"`,
			`list.csv:7: bad quoting`,
			`list.csv:8: invalid UTF-8 in column name`,
		}
		if len(r.rejected) != len(want) {
			t.Fatalf("rejected = %q", r.rejected)
		}
		for i, w := range want {
			if !strings.HasPrefix(r.rejected[i], w) {
				t.Errorf("rejection %d = %q, want prefix %q", i, r.rejected[i], w)
			}
		}
		if r.sum != (ImportSummary{Added: 2, Rejected: 6}) {
			t.Errorf("summary = %+v", r.sum)
		}
		if got, want := snapshot(t, s), "ada@example.com|Ada|active|timezone=Europe/London\nalan@example.net|Turing, Alan|active|timezone=Europe/London"; got != want {
			t.Errorf("state:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestImportTwiceChangesNothing(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		in := "email,name,plan\na@example.com,A,pro\nb@example.com,B,free\nc@example.com,,\n"
		first := doImport(t, s, in, ImportOptions{BatchSize: 2})
		before := snapshot(t, s)
		second := doImport(t, s, in, ImportOptions{BatchSize: 2, Update: true})
		if first.sum != (ImportSummary{Added: 3}) || second.sum != (ImportSummary{Unchanged: 3}) {
			t.Errorf("first %+v, second %+v", first.sum, second.sum)
		}
		if after := snapshot(t, s); after != before {
			t.Errorf("state changed:\n%s\n->\n%s", before, after)
		}
	})
}

func TestImportUpdateAndResubscribe(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		s.Add(ctx, &Subscriber{Email: "a@example.com", Name: "Old", Attributes: map[string]string{"plan": "free", "tz": "UTC"}})
		s.Add(ctx, &Subscriber{Email: "gone@example.com", Status: Unsubscribed})
		s.Add(ctx, &Subscriber{Email: "bounced@example.com", Status: Bounced})
		in := "email,name,status,plan\na@example.com,New,,pro\ngone@example.com,,active,\nbounced@example.com,,,\n"

		r := doImport(t, s, in, ImportOptions{})
		if r.sum != (ImportSummary{Unchanged: 3}) {
			t.Errorf("default import: %+v", r.sum)
		}
		r = doImport(t, s, in, ImportOptions{Update: true})
		if r.sum != (ImportSummary{Updated: 1, Unchanged: 2}) {
			t.Errorf("--update: %+v", r.sum)
		}
		want := "a@example.com|New|active|plan=pro,tz=UTC\ngone@example.com||unsubscribed|\nbounced@example.com||bounced|"
		if got := snapshot(t, s); got != want {
			t.Errorf("after --update:\n%s\nwant:\n%s", got, want)
		}
		r = doImport(t, s, in, ImportOptions{Resubscribe: true})
		if r.sum != (ImportSummary{Updated: 2, Unchanged: 1}) || !strings.Contains(snapshot(t, s), "gone@example.com||active") {
			t.Errorf("--resubscribe: %+v\n%s", r.sum, snapshot(t, s))
		}
	})
}

func TestImportUnreadable(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		tests := []struct{ name, in, want string }{
			{"empty", "", "the file is empty"},
			{"header only", "email,name\n", "no rows"},
			{"no email column", "mail,name\na@example.com,A\n", "no email column"},
			{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"},
			{"one huge line", strings.Repeat("x", 10<<20), "longer than"},
		}
		for _, tt := range tests {
			r := doImport(t, s, tt.in, ImportOptions{})
			if !errors.Is(r.err, ErrUnreadable) || !strings.Contains(r.err.Error(), tt.want) || !strings.HasPrefix(r.err.Error(), "list.csv") {
				t.Errorf("%s: err = %v, want %q", tt.name, r.err, tt.want)
			}
		}
		if got := snapshot(t, s); got != "" {
			t.Errorf("state changed: %q", got)
		}
	})
}

func TestExportRoundTrip(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		src := open(t)
		in := "email,name,status,plan,tz\na@example.com,\"Quote \"\"A\"\"\",active,pro,UTC\nb@example.com,Bé,unsubscribed,,Asia/Tokyo\nc@example.com,C,bounced,free,\nd@example.com,,pending,,\n"
		doImport(t, src, in, ImportOptions{})
		var buf bytes.Buffer
		n, err := src.Export(context.Background(), &buf, "")
		if err != nil || n != 4 {
			t.Fatalf("export: %d, %v", n, err)
		}
		dst := open(t)
		r := doImport(t, dst, buf.String(), ImportOptions{})
		if r.err != nil || r.sum.Added != 4 {
			t.Fatalf("re-import: %+v %v %q", r.sum, r.err, r.rejected)
		}
		if a, b := snapshot(t, src), snapshot(t, dst); a != b {
			t.Errorf("round trip differs:\n%s\n--\n%s", a, b)
		}
		var again bytes.Buffer
		dst.Export(context.Background(), &again, "")
		if strings.Split(again.String(), "\n")[0] != strings.Split(buf.String(), "\n")[0] {
			t.Error("headers differ")
		}
	})
}
