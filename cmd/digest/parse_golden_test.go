package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden runs `digest parse --json` on every sample article
// (examples/content and the parser's test corpus) and compares the output
// with the reviewed golden file; run with -update to rewrite, then read
// the diff before committing.
func TestParseGolden(t *testing.T) {
	const corpus = "../../digest/content/testdata"
	files := mustGlob(t, "../../examples/content/*")
	files = append(files, mustGlob(t, corpus+"/articles/*")...)
	// A golden file whose article is gone checks nothing and hides that.
	have := map[string]bool{}
	for _, f := range files {
		have[filepath.Base(f)+".json"] = true
	}
	for _, g := range mustGlob(t, corpus+"/golden/*.json") {
		if !have[filepath.Base(g)] {
			t.Errorf("%s has no article in examples/content or %s/articles: delete it", g, corpus)
		}
	}
	e := newTestEnv(t, "")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, got, errOut := e.run("parse", "--json", f)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden := filepath.Join(corpus, "golden", filepath.Base(f)+".json")
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(want) != got {
				t.Errorf("digest parse --json %s differs from %s (go test -update rewrites it; read the diff):\n%s", f, golden, firstDifference(string(want), got))
			}
		})
	}
}

// mustGlob is filepath.Glob that fails the test on no match: a moved
// folder must not turn a golden test into one that checks nothing.
func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s matches nothing (%v)", pattern, err)
	}
	return files
}

// firstDifference shows the first line where got leaves want.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, wl, gl)
		}
	}
	return ""
}

// TestParseExplain checks that --explain says, line by line, what each
// part of an article became and which rule dropped the furniture.
func TestParseExplain(t *testing.T) {
	e := newTestEnv(t, "")
	art := filepath.Join(e.dir, "a.txt")
	src := "Skip to main content\n\nThe harbour reopens: three takeaways\n\nBy Ana Writer\n\nThe lede says what happened.\n\n1) Boats are back\n\nThe first ferry left at six.\n\nAdvertisement\n\n2) Fares are up\n\nA ticket costs more.\n\nThe bottom line\n\nIt is good news.\n"
	if err := os.WriteFile(art, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := e.mustRun("parse", "--explain", art)
	for _, want := range []string{
		"    1  dropped (skip link)      | Skip to main content",
		"    3  title                    | The harbour reopens: three takeaways",
		"    5  meta (author)            | By Ana Writer",
		"    7  lede                     | The lede says what happened.",
		"    9  takeaway 1 heading       | 1) Boats are back",
		"   11  takeaway 1 body          | The first ferry left at six.",
		"   13  dropped (advertisement)  | Advertisement",
		"   19  conclusion heading       | The bottom line",
		"   21  conclusion               | It is good news.",
		"author: Ana Writer",
		"2 takeaways",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain lacks %q:\n%s", want, out)
		}
	}
}

// TestParseConfigKeys checks content.key_points and
// content.max_article_bytes as a user sets them.
func TestParseConfigKeys(t *testing.T) {
	e := newTestEnv(t, "")
	const gist = "../../examples/content/library-late-opening.txt"
	if out := e.mustRun("parse", "--json", gist); !strings.Contains(out, `"extracted": true`) {
		t.Errorf("key points missing by default:\n%s", out)
	}
	if out := e.mustRun("--set", "content.key_points=false", "parse", "--json", gist); strings.Contains(out, `"extracted"`) {
		t.Errorf("content.key_points=false still extracts:\n%s", out)
	}
	code, _, errOut := e.run("--set", "content.max_article_bytes=100", "parse", gist)
	if code == 0 || !strings.Contains(errOut, gist) || !strings.Contains(errOut, "content.max_article_bytes") {
		t.Errorf("over the limit: exit %d, %q; want an error naming the file and the key", code, errOut)
	}
	code, _, errOut = e.run("--set", "content.max_article_bytes=0", "parse", gist)
	if code != exitUsage || !strings.Contains(errOut, "content.max_article_bytes") {
		t.Errorf("limit 0: exit %d, %q; want a config error", code, errOut)
	}
}
