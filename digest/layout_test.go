package digest_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/digest-dev/digest"

// adapters are the packages that each stand for one outside dependency;
// a package belongs to the adapter whose path it starts with.
var adapters = []string{"digest/content", "digest/schedule", "digest/links", "mailer", "subscribers", "templates", "web"}

func adapterOf(pkg string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
	for _, a := range adapters {
		if rel == a || strings.HasPrefix(rel, a+"/") {
			return a
		}
	}
	return ""
}

// TestDependenciesPointAtTheDomain checks the layout's rule from go list:
// digest imports only the standard library, and an adapter imports the
// domain and its own sub-packages, never another adapter. Only cmd/ (and
// bench/) wire them together.
func TestDependenciesPointAtTheDomain(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
			Standard   bool
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		seen++
		checkImports(t, p.ImportPath, p.Imports)
	}
	if seen < 10 {
		t.Fatalf("go list found %d packages", seen)
	}
}

func checkImports(t *testing.T, pkg string, imports []string) {
	t.Helper()
	from := adapterOf(pkg)
	for _, imp := range imports {
		switch {
		case pkg == module+"/digest" && strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
			t.Errorf("digest imports %s: the domain takes only the standard library", imp)
		case from == "" || !strings.HasPrefix(imp, module+"/"):
		case imp == module+"/digest":
		case adapterOf(imp) != from:
			t.Errorf("%s imports %s: adapters must not import each other", pkg, imp)
		}
	}
}
