package content

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/digest-dev/digest/digest"
)

// expectation is what an editor expects of one test article
// (testdata/expect/NAME.expect.json, the corpus checker's schema).
type expectation struct {
	Shape     string `json:"shape"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Takeaways []struct {
		Heading string  `json:"heading"`
		Group   *string `json:"group"`
	} `json:"takeaways"`
	Conclusion     *string  `json:"conclusion"`
	NoTakeaways    bool     `json:"no_takeaways"`
	MustContain    []string `json:"must_contain"`
	MustNotContain []string `json:"must_not_contain"`
	Notes          string   `json:"notes"`
}

// TestCorpusExpectations parses every test article that has an
// expectation and checks its title, takeaway headings and groups,
// conclusion, the text it must keep and the furniture it must drop.
func TestCorpusExpectations(t *testing.T) {
	files, _ := filepath.Glob("testdata/expect/*.expect.json")
	if len(files) < 40 {
		t.Fatalf("%d expectations, want at least 40", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".expect.json")
		t.Run(name, func(t *testing.T) {
			var e expectation
			mustDecode(t, f, &e)
			arts, _ := filepath.Glob("testdata/articles/" + name + ".*")
			if len(arts) != 1 {
				t.Fatalf("articles for %s: %v", name, arts)
			}
			st, err := ReadFile(arts[0], Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkExpectation(t, &e, st)
		})
	}
}

func mustDecode(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func checkExpectation(t *testing.T, e *expectation, st *digest.Story) {
	t.Helper()
	if got, want := normHead(st.Title), normHead(e.Title); got != want {
		t.Errorf("title = %q, want %q", st.Title, e.Title)
	}
	var own []digest.Takeaway
	if st.HasOwnTakeaways() {
		own = st.Takeaways
	}
	if e.NoTakeaways && len(own) > 0 {
		t.Errorf("%d takeaways, want none", len(own))
	}
	if !e.NoTakeaways {
		var got, want []string
		for _, tk := range own {
			got = append(got, normHead(tk.Heading)+" ["+normHead(tk.Group)+"]")
		}
		for i, w := range e.Takeaways {
			g := ""
			if w.Group != nil {
				g = *w.Group
			} else if i < len(own) {
				g = own[i].Group
			}
			want = append(want, normHead(w.Heading)+" ["+normHead(g)+"]")
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("takeaways:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	checkConclusion(t, e, st)
	checkText(t, e, st)
	checkMeta(t, e, st)
}

// checkMeta checks the writer and the date an expectation names.
func checkMeta(t *testing.T, e *expectation, st *digest.Story) {
	t.Helper()
	if e.Author != "" && normHead(st.Author) != normHead(e.Author) {
		t.Errorf("author = %q, want %q", st.Author, e.Author)
	}
	if e.Published != "" && (st.Published.IsZero() || st.Published.Format(time.DateOnly) != e.Published) {
		t.Errorf("published = %v, want %s", st.Published, e.Published)
	}
}

// checkConclusion compares the conclusion's heading, or for a close
// with no heading (the writer's last paragraph) its first sentence, with
// the expectation.
func checkConclusion(t *testing.T, e *expectation, st *digest.Story) {
	t.Helper()
	var got string
	if c := st.Conclusion; c != nil {
		got = c.Heading
		if got == "" && len(c.Body) > 0 {
			got = firstSentence(c.Body[0])
		}
	}
	switch {
	case e.Conclusion == nil && st.Conclusion != nil:
		t.Errorf("conclusion %q, want none", got)
	case e.Conclusion != nil && st.Conclusion == nil:
		t.Errorf("no conclusion, want %q", *e.Conclusion)
	case e.Conclusion != nil && *e.Conclusion != "" && normHead(got) != normHead(*e.Conclusion):
		t.Errorf("conclusion %q, want %q", got, *e.Conclusion)
	}
}

func checkText(t *testing.T, e *expectation, st *digest.Story) {
	t.Helper()
	text := storyText(st)
	withMeta := text + "\x00" + norm(st.Author) + "\x00" + norm(st.Source)
	for _, p := range e.MustContain {
		if !strings.Contains(withMeta, norm(p)) {
			t.Errorf("text lost: %q", p)
		}
	}
	for _, p := range e.MustNotContain {
		if strings.Contains(text, norm(p)) {
			t.Errorf("furniture kept: %q", p)
		}
	}
}

// storyText is all the story's text, normalised, values apart.
func storyText(st *digest.Story) string {
	parts := []string{st.Title, st.Intro}
	parts = append(parts, st.Body...)
	for _, tk := range st.Takeaways {
		parts = append(append(append(parts, tk.Heading, tk.Summary, tk.Group), tk.Body...), tk.Quotes...)
	}
	if c := st.Conclusion; c != nil {
		parts = append(append(parts, c.Heading), c.Body...)
	}
	for i := range parts {
		parts[i] = norm(parts[i])
	}
	return "\x00" + strings.Join(parts, "\x00") + "\x00"
}

// norm folds case, quote marks, dashes and spacing, as the corpus checker does.
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("\"'`´“”„‟«»‹›‘’‚‛″′", r):
		case strings.ContainsRune("‐‑‒–—―−", r):
			b.WriteByte('-')
		case r == '…':
			b.WriteString("...")
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	t := strings.Join(strings.Fields(b.String()), " ")
	return strings.NewReplacer(" - ", "-", " -", "-", "- ", "-").Replace(t)
}

func normHead(s string) string { return strings.TrimRight(norm(s), " .,;:!?") }
