package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden runs `digest parse --json` on every sample article
// (examples/content and the parser's test corpus) and compares the output
// with the reviewed golden file; run with -update to rewrite, then read
// the diff before committing.
func TestParseGolden(t *testing.T) {
	const corpus = "../../digest/content/testdata"
	files, _ := filepath.Glob("../../examples/content/*")
	more, _ := filepath.Glob(corpus + "/articles/*")
	e := newTestEnv(t, "")
	for _, f := range append(files, more...) {
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
				t.Errorf("digest parse --json %s differs from %s:\n%s", f, golden, got)
			}
		})
	}
}
