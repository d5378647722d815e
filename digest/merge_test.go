package digest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestNormaliseURL(t *testing.T) {
	same := []string{
		"https://www.example.com/news/ferry-returns/",
		"http://example.com/news/ferry-returns",
		"https://EXAMPLE.com:443/news/ferry-returns?utm_source=rss&utm_medium=feed",
		"https://example.com/news/ferry-returns#comments",
		"https://example.com/news/ferry-returns/?fbclid=IwAR0abc&gclid=xyz",
	}
	want := NormaliseURL(same[0])
	for _, u := range same {
		if got := NormaliseURL(u); got != want {
			t.Errorf("NormaliseURL(%q) = %q, want %q", u, got, want)
		}
	}
	different := []string{
		"https://example.com/news/ferry-returns?page=2",
		"https://example.com/news/ferry-returns-again",
		"https://example.org/news/ferry-returns",
		"https://example.com:8443/news/ferry-returns",
	}
	for _, u := range different {
		if got := NormaliseURL(u); got == want {
			t.Errorf("NormaliseURL(%q) = %q: must differ from %q", u, got, same[0])
		}
	}
	if got, want := NormaliseURL("https://a.example/p?b=2&a=1&utm_x=3"), "a.example/p?a=1&b=2"; got != want {
		t.Errorf("parameters: got %q, want %q", got, want)
	}
	if got := NormaliseURL("not a url"); got != "" {
		t.Errorf("relative URL: got %q, want empty", got)
	}
}

func TestCleanURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/a?utm_source=rss&id=7#top", "https://example.com/a?id=7"},
		{"https://example.com/a?fbclid=1", "https://example.com/a"},
		{"http://www.Example.com/a/", "http://www.Example.com/a/"},
		{"relative/path", "relative/path"},
	}
	for _, tt := range tests {
		if got := CleanURL(tt.in); got != tt.want {
			t.Errorf("CleanURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// mustStory reads a test article: the first line is the title, the rest
// the body, which becomes the story's intro.
func mustStory(t *testing.T, name, source string) Story {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "dedupe", name))
	if err != nil {
		t.Fatal(err)
	}
	title, body, _ := strings.Cut(string(b), "\n")
	return Story{Title: title, Intro: strings.TrimSpace(body), Source: source,
		URL: "https://" + strings.ToLower(strings.ReplaceAll(source, " ", "")) + ".example/" + strings.TrimSuffix(name, ".txt")}
}

// TestDuplicateThreshold measures the similarity of the written pairs and
// checks that the threshold separates them; the figures are quoted at
// DuplicateThreshold. Run with -v to see them.
func TestDuplicateThreshold(t *testing.T) {
	pairs := []struct {
		a, b string
		same bool
	}{
		{"wire1-a.txt", "wire1-b.txt", true},   // light edit
		{"wire2-a.txt", "wire2-b.txt", true},   // sentences recast, quotes and figures kept
		{"wire3-a.txt", "wire3-b.txt", true},   // heavier rewrite, new lede
		{"wire1-a.txt", "topic1-a.txt", false}, // glass recycling in Northfield
		{"topic1-a.txt", "topic1-b.txt", false},
		{"wire2-a.txt", "topic2-a.txt", false}, // the Eskar river in a heatwave
		{"wire2-b.txt", "topic2-b.txt", false}, // Nordnet, Volkstad, river cooling
		{"wire3-a.txt", "topic3-a.txt", false}, // Westgate library, same librarian quoted
		{"wire3-b.txt", "topic3-b.txt", false}, // Westgate library's repair cafe
	}
	for _, p := range pairs {
		a, b := mustStory(t, p.a, "Site A"), mustStory(t, p.b, "Site B")
		sa, okA := textSignature(storyText(&a))
		sb, okB := textSignature(storyText(&b))
		if !okA || !okB {
			t.Fatalf("%s/%s: too short to compare", p.a, p.b)
		}
		sim := similarity(&sa, &sb)
		t.Logf("%-12s %-12s similarity %.2f", p.a, p.b, sim)
		if got := sim >= DuplicateThreshold; got != p.same {
			t.Errorf("%s vs %s: similarity %.2f, threshold %.2f: merged = %v, want %v", p.a, p.b, sim, DuplicateThreshold, got, p.same)
		}
		if got := len(Merge([]Story{a, b})); got != map[bool]int{true: 1, false: 2}[p.same] {
			t.Errorf("%s vs %s: Merge gave %d stories", p.a, p.b, got)
		}
	}
}

func TestMergeSameURLWithTrackingParameters(t *testing.T) {
	a := Story{Title: "Ferry returns", Source: "Lakeside Courier", URL: "https://www.courier.example/ferry/?utm_source=rss",
		Intro: "Short."}
	b := Story{Title: "Ferry returns after three years", Source: "Harbour Wire", URL: "http://courier.example/ferry#top",
		Intro: "Longer text.", Takeaways: []Takeaway{{Heading: "It runs on batteries"}}}
	c := Story{Title: "Unrelated", Source: "Other", URL: "https://courier.example/ferry?page=2", Intro: "Other story."}
	got := Merge([]Story{a, c, b})
	if len(got) != 2 {
		t.Fatalf("got %d stories, want 2", len(got))
	}
	m := got[0]
	if m.Title != b.Title {
		t.Errorf("merged title = %q, want the richest version's %q", m.Title, b.Title)
	}
	if want := []string{"Lakeside Courier"}; !reflect.DeepEqual(m.AlsoIn(), want) {
		t.Errorf("AlsoIn = %q, want %q", m.AlsoIn(), want)
	}
	if len(m.Sources) != 2 || m.Sources[0].URL != b.URL || m.Sources[1].URL != a.URL {
		t.Errorf("sources = %+v, want the merged version first, then the other", m.Sources)
	}
	if got[1].Title != "Unrelated" || got[1].Sources != nil {
		t.Errorf("second story = %+v, want the unrelated story untouched", got[1])
	}
}

func TestMergeKeepsRichestAndListsEverySource(t *testing.T) {
	a := mustStory(t, "wire2-a.txt", "Eskar Post")
	b := mustStory(t, "wire2-b.txt", "Valley News")
	b.Takeaways = []Takeaway{{Heading: "Output cut"}, {Heading: "Fish at risk"}}
	other := mustStory(t, "topic2-a.txt", "Eskar Post")
	got := Merge([]Story{a, other, b})
	if len(got) != 2 {
		t.Fatalf("got %d stories, want 2 (the pair merged, the other story alone)", len(got))
	}
	if got[0].Source != "Valley News" || len(got[0].Takeaways) != 2 {
		t.Errorf("merged story from %q with %d takeaways, want Valley News's version with 2", got[0].Source, len(got[0].Takeaways))
	}
	if want := []string{"Eskar Post"}; !reflect.DeepEqual(got[0].AlsoIn(), want) {
		t.Errorf("AlsoIn = %q, want %q", got[0].AlsoIn(), want)
	}
}

// A story sent under one site's version is not sent again when a richer
// version from another site turns up with it the next day; and once a
// merged story went out, none of its versions is offered again.
func TestAssembleSkipsStorySentUnderAnotherVersion(t *testing.T) {
	ctx := context.Background()
	nl := Newsletter{Name: "Brief"}
	a := mustStory(t, "wire1-a.txt", "Northfield Times")
	b := mustStory(t, "wire1-b.txt", "Regional Wire")
	b.Takeaways = []Takeaway{{Heading: "A plant for 60,000 tonnes"}}
	fresh := mustStory(t, "topic1-a.txt", "Northfield Times")

	sent := &fakeSent{sent: map[string]bool{}}
	for _, id := range a.ContentIDs() {
		sent.sent[id] = true
	}
	is, err := Assemble(ctx, nl, Merge([]Story{a, b, fresh}), sent, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Stories) != 1 || is.Stories[0].Title != fresh.Title {
		t.Fatalf("got %d stories (first %q), want only %q", len(is.Stories), is.Stories[0].Title, fresh.Title)
	}

	sent = &fakeSent{sent: map[string]bool{}}
	is, err = Assemble(ctx, nl, Merge([]Story{a, b}), sent, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Stories) != 1 || is.Stories[0].Source != "Regional Wire" {
		t.Fatalf("got %d stories, want the merged one from Regional Wire", len(is.Stories))
	}
	for _, id := range is.ContentIDs {
		sent.sent[id] = true
	}
	for _, s := range []Story{a, b} {
		if _, err := Assemble(ctx, nl, []Story{s}, sent, Options{Now: fixedNow}); err == nil {
			t.Errorf("%s's version was offered again after the merged story went out", s.Source)
		}
	}
}
