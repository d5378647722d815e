package templates

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sampleIssue is a fixed issue: two stories, one with takeaways, quotes and
// a conclusion, reported by two more sites, one with only a gist and key
// points picked from its text.
func sampleIssue() *digest.Issue {
	return &digest.Issue{
		Number:    7,
		Date:      time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC),
		Subject:   "The Test Brief, 27 Nov 2026: Tram line opens",
		Preheader: "Trams every ten minutes · Fares frozen",
		Intro:     []string{"Here is what changed overnight."},
		Outro:     []string{"See you tomorrow."},
		Newsletter: digest.Newsletter{
			Name: "The Test Brief", PublicURL: "https://brief.example.com", Language: "en",
		},
		Stories: []digest.Story{
			{
				Title: "Tram line opens", Source: "Test Times", URL: "https://times.example.com/tram?id=1&x=2",
				Published: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC),
				Intro:     "The new tram line carried 12,400 riders on its first day.",
				Takeaways: []digest.Takeaway{
					{Heading: "Trams every ten minutes", Summary: "Service runs from 05:30 to midnight.", Quotes: []string{"We doubled the morning service"}},
					{Heading: "Fares frozen", Summary: "A ride still costs €1.90."},
				},
				Conclusion: &digest.Conclusion{Heading: "The bottom line", Body: []string{"Riders have a new option."}},
				Sources: []digest.SourceRef{{Name: "Test Times", URL: "https://times.example.com/tram?id=1&x=2"},
					{Name: "City <Wire>", URL: "https://wire.example.com/tram"}, {Name: "Rail Daily", URL: "https://rail.example.com/t"}},
			},
			{Title: "Library opens late", URL: "https://times.example.com/library", Intro: "The library stays open until 22:00 from January.",
				Takeaways: []digest.Takeaway{
					{Heading: "Four librarians are hired for the evenings", Summary: "Four librarians are hired for the evenings.", Extracted: true},
					{Heading: "Weekend hours do not change", Summary: "Weekend hours do not change.", Extracted: true},
				}},
		},
	}
}

func mustRender(t testing.TB, is *digest.Issue) *digest.Rendered {
	t.Helper()
	theme, err := LoadTheme("")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(theme)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; review and run go test -update:\n%s", name, diffLines(string(want), got))
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b)
		}
	}
	return ""
}

func TestRenderGolden(t *testing.T) {
	out := mustRender(t, sampleIssue())
	checkGolden(t, "sample.golden.html", out.HTML)
	checkGolden(t, "sample.golden.txt", out.Text)
}

func TestRenderIsDeterministic(t *testing.T) {
	first := mustRender(t, sampleIssue())
	for i := 0; i < 10; i++ {
		if again := mustRender(t, sampleIssue()); again.HTML != first.HTML || again.Text != first.Text {
			t.Fatal("two renders of one issue differ")
		}
	}
}

func TestNewsletterFeatures(t *testing.T) {
	out := mustRender(t, sampleIssue())
	html := out.HTML
	checks := []struct {
		name string
		ok   bool
	}{
		{"hidden preheader", regexp.MustCompile(`class="preheader"[^>]*display:none[^>]*>Trams every ten minutes · Fares frozen`).MatchString(html)},
		// SpamAssassin's HTML_FONT_LOW_CONTRAST scores text coloured like
		// its background: the preheader is hidden, never camouflaged.
		{"preheader not camouflaged", !regexp.MustCompile(`class="preheader" style="[^"]*(color|font-size)`).MatchString(html)},
		{"lang and dir", strings.Contains(html, `<html lang="en" dir="ltr">`)},
		{"fluid layout capped by max-width", strings.Contains(html, "max-width:640px") && !strings.Contains(html, `width="570"`)},
		{"no :not()", !strings.Contains(html, ":not(")},
		{"dark mode rules", strings.Contains(html, "prefers-color-scheme: dark") && strings.Contains(html, `name="color-scheme" content="light dark"`)},
		{"unsubscribe link in HTML", strings.Contains(html, `href="`+digest.PlaceholderUnsubscribe+`"`)},
		{"view-in-browser link in HTML", strings.Contains(html, `href="`+digest.PlaceholderViewOnline+`"`)},
		{"unsubscribe in text", strings.Contains(out.Text, "Unsubscribe: "+digest.PlaceholderUnsubscribe)},
		{"view-in-browser in text", strings.Contains(out.Text, "View in browser: "+digest.PlaceholderViewOnline)},
		{"greeting placeholder", strings.Contains(html, "Hello "+digest.PlaceholderName+",") && strings.Contains(out.Text, "Hello "+digest.PlaceholderName+",")},
		{"no external assets", !regexp.MustCompile(`(?i)<(img|link|script)\b`).MatchString(html)},
		{"copyright is this year", strings.Contains(html, "© 2026 The Test Brief")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: missing", c.name)
		}
	}
}

func TestPostalAddressInTheFooter(t *testing.T) {
	is := sampleIssue()
	if out := mustRender(t, is); strings.Contains(out.HTML, "Example Street") {
		t.Fatal("an address appeared before one was set")
	}
	is.Newsletter.Address = "The Test Brief, 1 Example Street, 12345 Sampletown"
	out := mustRender(t, is)
	for name, part := range map[string]string{"html": out.HTML, "text": out.Text} {
		if !strings.Contains(part, "1 Example Street, 12345 Sampletown") {
			t.Errorf("the %s footer lacks the postal address", name)
		}
	}
}

func TestArticleTextIsEscaped(t *testing.T) {
	is := sampleIssue()
	is.Stories[0].Title = `<script>alert("x")</script>`
	is.Stories[0].URL = `javascript:alert(1)`
	is.Stories[0].Takeaways[0].Summary = `<img src=x onerror=alert(1)> & <b>bold</b>`
	out := mustRender(t, is)
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold", `href="javascript:`} {
		if strings.Contains(out.HTML, bad) {
			t.Errorf("HTML carries %q unescaped", bad)
		}
	}
	if !strings.Contains(out.HTML, "&lt;script&gt;") {
		t.Error("escaped title missing")
	}
}

func TestThemeOverride(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "email.html"), []byte(`<html><body><p>Custom {{ .Hermes.Product.Name }}</p></body></html>`), 0o644)
	os.WriteFile(filepath.Join(dir, "email.txt"), []byte(`<p>Custom text</p>`), 0o644)
	theme, err := LoadTheme(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := New(theme)
	out, err := r.Render(context.Background(), sampleIssue())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.HTML, "Custom The Test Brief") || !strings.Contains(out.Text, "Custom text") {
		t.Errorf("override not used: %q / %q", out.HTML, out.Text)
	}
	if _, err := LoadTheme(t.TempDir()); err == nil {
		t.Error("a theme folder without email.html must be an error")
	}
}

// BenchmarkRender is the cost of rendering one issue (once per issue).
func BenchmarkRender(b *testing.B) {
	is := sampleIssue()
	theme, _ := LoadTheme("")
	r, _ := New(theme)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(context.Background(), is); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPersonalise is the cost per recipient of filling both parts.
func BenchmarkPersonalise(b *testing.B) {
	out := mustRender(b, sampleIssue())
	html := digest.NewPersonaliser(out.HTML, true)
	text := digest.NewPersonaliser(out.Text, false)
	v := digest.Values{Name: "Ada Lovelace", Email: "ada@example.com",
		Unsubscribe: "https://brief.example.com/unsubscribe/2n.abcdefghijklmnopqrstuvwx",
		ViewOnline:  "https://brief.example.com/archive/7?s=2n.abcdefghijklmnopqrstuvwx"}
	b.ReportAllocs()
	b.SetBytes(int64(len(out.HTML) + len(out.Text)))
	for b.Loop() {
		_ = html.Fill(v, nil)
		_ = text.Fill(v, nil)
	}
}

// TestKeyPointsAreListedOnce checks that a gist's key points are listed
// as bullets, not numbered as takeaways, and that one the gist already
// shows is not repeated.
func TestKeyPointsAreListedOnce(t *testing.T) {
	is := sampleIssue()
	gist := &is.Stories[1]
	gist.Takeaways = append([]digest.Takeaway{{Heading: "The library stays open until 22:00 from January", Summary: "The library stays open until 22:00 from January.", Extracted: true}}, gist.Takeaways...)
	out := mustRender(t, is)
	if n := strings.Count(out.Text, "The library stays open until 22:00 from January."); n != 1 {
		t.Errorf("the gist's sentence appears %d times in the text part, want 1", n)
	}
	if !strings.Contains(out.Text, "• Weekend hours do not change.") || strings.Contains(out.Text, "1. Four librarians") {
		t.Errorf("key points not listed as bullets:\n%s", out.Text)
	}
}
