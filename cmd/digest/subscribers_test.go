package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExitCodesAndMessages(t *testing.T) {
	e := newTestEnv(t, "")
	good := e.file("good.csv", "email,name,city\nada@example.com,Ada,London\ngrace@example.org,Grace,\n")
	code, out, _ := e.run("subscribers", "import", good)
	if code != exitOK || !strings.Contains(out, "2 added, 0 updated, 0 unchanged, 0 rejected") {
		t.Errorf("good file: exit %d %q", code, out)
	}
	code, out, _ = e.run("subscribers", "import", good)
	if code != exitOK || !strings.Contains(out, "0 added, 0 updated, 2 unchanged, 0 rejected") {
		t.Errorf("re-run: exit %d %q", code, out)
	}
	mixed := e.file("mixed.csv", "email,name\nalan@example.net,Alan\nbroken-address,X\n")
	code, out, errOut := e.run("subscribers", "import", mixed)
	if code != exitPartial || !strings.Contains(errOut, "mixed.csv:3: invalid address") || !strings.Contains(out, "1 added") {
		t.Errorf("mixed: exit %d out %q err %q", code, out, errOut)
	}
	for name, body := range map[string]string{"empty.csv": "", "header.csv": "email,name\n", "bin.csv": "\x00\x01\x02binary"} {
		code, _, errOut := e.run("subscribers", "import", e.file(name, body))
		if code != exitUsage || !strings.Contains(errOut, name) {
			t.Errorf("%s: exit %d %q", name, code, errOut)
		}
	}
	if code, _, errOut := e.run("subscribers", "import", filepath.Join(e.dir, "missing.csv")); code != exitUsage || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
	if out := e.mustRun("subscribers", "count", "--json"); !strings.Contains(out, `"active":3`) {
		t.Errorf("count after imports = %s", out)
	}
}

func TestImportFromStdin(t *testing.T) {
	e := newTestEnv(t, "")
	e.stdin = "email\nstdin@example.com\n"
	if out := e.mustRun("subscribers", "import", "-", "--json"); strings.TrimSpace(out) != `{"added":1,"updated":0,"unchanged":0,"rejected":0}` {
		t.Errorf("stdin import: %q", out)
	}
}

func TestExportImportRoundTripThroughCLI(t *testing.T) {
	e := newTestEnv(t, "")
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada", "--attr", "city=London")
	e.mustRun("subscribers", "add", "gone@example.com")
	e.mustRun("subscribers", "unsubscribe", "gone@example.com")
	backup := filepath.Join(e.dir, "backup.csv")
	if out := e.mustRun("subscribers", "export", backup); !strings.Contains(out, "exported 2 subscribers") {
		t.Errorf("export: %q", out)
	}
	f := newTestEnv(t, "")
	f.mustRun("subscribers", "import", backup)
	if a, b := e.mustRun("subscribers", "list", "--csv"), f.mustRun("subscribers", "list", "--csv"); a != b {
		t.Errorf("round trip differs:\n%s\n--\n%s", a, b)
	}
}

func TestStatusCommandsAndShow(t *testing.T) {
	e := newTestEnv(t, "")
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada")
	if out := e.mustRun("subscribers", "unsubscribe", "ADA@example.com"); !strings.Contains(out, "is now unsubscribed") {
		t.Errorf("unsubscribe: %q", out)
	}
	if out := e.mustRun("subscribers", "unsubscribe", "ada@example.com"); !strings.Contains(out, "was already unsubscribed") {
		t.Errorf("unsubscribe twice: %q", out)
	}
	if out := e.mustRun("send", "--dry-run"); !strings.Contains(out, "would go to 0 active subscribers") {
		t.Errorf("an unsubscribed subscriber is counted: %q", out)
	}
	e.mustRun("subscribers", "resubscribe", "ada@example.com")
	var shown map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("subscribers", "show", "ada@example.com", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown["status"] != "active" || shown["consent_source"] != "cli" || shown["name"] != "Ada" {
		t.Errorf("show = %v", shown)
	}
	if code, _, _ := e.run("subscribers", "show", "nobody@example.com"); code != exitUsage {
		t.Errorf("show of an unknown address: exit %d", code)
	}
	if code, _, _ := e.run("subscribers", "add", "x@example.com", "--attr", "email=y"); code != exitUsage {
		t.Errorf("--attr with a reserved key: exit %d", code)
	}
}
