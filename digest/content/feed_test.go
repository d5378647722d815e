package content

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content/fetch"
)

func newTestFeed(t *testing.T, w *testWeb, path string, store Store) (*Feed, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	return &Feed{URL: w.URL + path, FetchPages: true, MaxAge: 48 * time.Hour, Fetcher: newTestFetcher(t, true),
		Store: store, Now: testNow, Log: slog.New(slog.NewTextHandler(&log, nil))}, &log
}

func takeawayHeadings(s digest.Story) []string {
	var out []string
	for _, t := range s.Takeaways {
		out = append(out, t.Heading)
	}
	return out
}

// allText is every word of a story, to check that no page furniture got in.
func storyWords(s digest.Story) string {
	parts := []string{s.Title, s.Intro}
	for _, t := range s.Takeaways {
		parts = append(append(parts, t.Heading), t.Body...)
	}
	if s.Conclusion != nil {
		parts = append(append(parts, s.Conclusion.Heading), s.Conclusion.Body...)
	}
	return strings.Join(parts, "\n")
}

func TestFeedFormatsBecomeStories(t *testing.T) {
	tests := []struct {
		path, source string
		titles       []string
	}{
		{"/feeds/valley.rss", "Valley Gazette", []string{"Night buses return to the valley line",
			"Bridge closure on the Marden road extended to March", "Café owners on the old square agree on shared opening hours"}},
		{"/feeds/hill.rdf", "Hill Post", []string{"Hill library opens on Sunday afternoons", "Glass recycling plant gets green light at Millbrook depot"}},
		{"/feeds/coast.atom", "Coast Wire", []string{"Harbour wall repairs to finish before the storm season",
			"Northfield council approves glass recycling plant after two-year dispute", "Tide tables for December", "Members' briefing: winter berth fees"}},
		{"/feeds/orchard.json", "Orchard Notes", []string{"Orchard co-operative presses a record cider harvest", "Pruning course dates for the winter"}},
	}
	w := newWeb(t)
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			f, _ := newTestFeed(t, w, tt.path, nil)
			res := f.Collect(context.Background())
			if res.Err != nil || len(res.Problems) > 0 {
				t.Fatalf("err %v, problems %v", res.Err, res.Problems)
			}
			if got := storyTitles(res.Stories); !reflect.DeepEqual(got, tt.titles) {
				t.Errorf("titles = %q, want %q", got, tt.titles)
			}
			if res.Name != tt.source {
				t.Errorf("name = %q, want the feed's title %q", res.Name, tt.source)
			}
			for _, s := range res.Stories {
				if s.Source != tt.source {
					t.Errorf("%q: source = %q, want %q", s.Title, s.Source, tt.source)
				}
				for _, junk := range []string{"cookie", "Cookie", "Share", "Comments", "Most read", "Sign up", "©", "Log in", "partners", "Advertise", "Donate"} {
					if strings.Contains(storyWords(s), junk) {
						t.Errorf("%q contains page furniture %q:\n%s", s.Title, junk, storyWords(s))
					}
				}
			}
		})
	}
}

func TestArticlePageGivesTakeawaysAndMetadata(t *testing.T) {
	w := newWeb(t)
	f, _ := newTestFeed(t, w, "/feeds/valley.rss", nil)
	res := f.Collect(context.Background())
	s := storyTitled(t, res.Stories, "Night buses")
	if want := []string{"Every hour, every night", "Paid for by the hospital and the plants", "Drivers are the open question"}; !reflect.DeepEqual(takeawayHeadings(s), want) {
		t.Errorf("takeaways = %q, want %q", takeawayHeadings(s), want)
	}
	if s.Conclusion == nil || s.Conclusion.Heading != "The bottom line" {
		t.Errorf("conclusion = %+v, want The bottom line", s.Conclusion)
	}
	if want := "https://valley-gazette.example/transport/night-buses-return"; s.URL != want {
		t.Errorf("URL = %q, want the canonical %q", s.URL, want)
	}
	if s.Author != "Rhea Calloway" || !s.Published.Equal(time.Date(2026, 11, 27, 5, 30, 0, 0, time.UTC)) {
		t.Errorf("author %q, published %s", s.Author, s.Published)
	}
	if !strings.HasPrefix(s.Intro, "After a gap of almost four years") {
		t.Errorf("intro = %q, want the lede without the byline", s.Intro)
	}
	if q := s.Takeaways[0].Quotes; len(q) != 1 || !strings.HasPrefix(q[0], "We did not want a weekend-only service") {
		t.Errorf("quotes = %q", q)
	}
	cider := storyTitled(t, (func() *Result {
		f, _ := newTestFeed(t, w, "/feeds/orchard.json", nil)
		return f.Collect(context.Background())
	})().Stories, "Orchard")
	if cider.URL != "https://orchardnotes.example/notes/record-cider-harvest" || cider.Author != "Perry Ashdown" {
		t.Errorf("cider: URL %q (want og:url), author %q", cider.URL, cider.Author)
	}
	if got, want := takeawayHeadings(cider), []string{"More fruit from the same trees", "A new press paid for itself", "Prices for growers will rise"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cider takeaways = %q, want %q", got, want)
	}
}

func TestWindows1252Page(t *testing.T) {
	w := newWeb(t)
	f, _ := newTestFeed(t, w, "/feeds/valley.rss", nil)
	s := storyTitled(t, f.Collect(context.Background()).Stories, "Café")
	if !strings.Contains(s.Intro, "cafés around the old square") || !strings.Contains(s.Intro, "traders’ association") {
		t.Errorf("intro not decoded from Windows-1252: %q", s.Intro)
	}
	if len(s.Takeaways) != 2 || s.Takeaways[0].Quotes[0] != "A square with one lit window looks closed, even when it is not." {
		t.Errorf("takeaways = %+v", s.Takeaways)
	}
}

func TestPageFailureFallsBackToItemContent(t *testing.T) {
	w := newWeb(t)
	f, log := newTestFeed(t, w, "/feeds/valley.rss", nil)
	res := f.Collect(context.Background())
	s := storyTitled(t, res.Stories, "Bridge closure")
	if want := []string{"The diversion stays", "A footbridge for walkers", "The repair bill grows"}; !reflect.DeepEqual(takeawayHeadings(s), want) {
		t.Errorf("takeaways from content:encoded = %q, want %q", takeawayHeadings(s), want)
	}
	if !strings.Contains(log.String(), `msg="using the feed item's own content" source="Valley Gazette" item=`+w.URL+`/articles/bridge-closure.html reason="get `+w.URL+`/articles/bridge-closure.html: HTTP 404 Not Found"`) {
		t.Errorf("log does not say why:\n%s", log)
	}
	if w.count("/articles/summer-fair.html") != 0 {
		t.Error("an item older than max_age was fetched")
	}
	f, log = newTestFeed(t, w, "/feeds/coast.atom", nil)
	res = f.Collect(context.Background())
	s = storyTitled(t, res.Stories, "Members' briefing")
	if !strings.HasPrefix(s.Intro, "Berth fees for the winter months") || !reflect.DeepEqual(s.Tags, []string{"harbour"}) {
		t.Errorf("robots-disallowed page: story %+v", s)
	}
	if !strings.Contains(log.String(), "disallowed by robots.txt") || w.count("/private/berth-fees.html") != 0 {
		t.Errorf("the page under /private/ was fetched or the log does not say why:\n%s", log)
	}
}

func TestSecondRunFetchesNothing(t *testing.T) {
	w := newWeb(t)
	store := newMemStore()
	ctx := context.Background()
	run := func() []*Result {
		var srcs []Source
		for _, p := range []string{"/feeds/valley.rss", "/feeds/hill.rdf", "/feeds/coast.atom", "/feeds/orchard.json"} {
			f, _ := newTestFeed(t, w, p, store)
			srcs = append(srcs, f)
		}
		res, err := Gather(ctx, srcs, store, testNow)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := run()
	before := w.total()
	second := run()
	if got := w.total() - before; got != 4 {
		t.Errorf("second run made %d requests, want 4 (one conditional request per feed)", got)
	}
	for i := range first {
		if second[i].State.Status != digest.StatusNotModified || second[i].State.New != 0 {
			t.Errorf("%s: second run %s", second[i].Name, second[i].Summary())
		}
		if a, b := sortedTitles(first[i].Stories), sortedTitles(second[i].Stories); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: second run gave %q, want %q", first[i].Name, b, a)
		}
		if first[i].State.New != first[i].State.Items {
			t.Errorf("%s: first run %s, want every item new", first[i].Name, first[i].Summary())
		}
	}
	// A restart against a server that ignores validators refetches the
	// feed but none of its pages.
	before = w.total()
	f, _ := newTestFeed(t, w, "/feeds/valley.rss?always", store)
	res := f.Collect(ctx)
	if got := w.total() - before; got != 1 || res.State.New != 0 {
		t.Errorf("restart: %d requests, %s; want 1 request and nothing new", got, res.Summary())
	}
	if got, want := sortedTitles(res.Stories), sortedTitles(first[0].Stories); !reflect.DeepEqual(got, want) {
		t.Errorf("restart kept %q, want %q", got, want)
	}
}

// sortedTitles are the stories' titles in order: a store hands back what
// it kept in no promised order.
func sortedTitles(stories []digest.Story) []string {
	out := storyTitles(stories)
	sort.Strings(out)
	return out
}

func TestBrokenFeedsAreNamedAndTheRestGoOn(t *testing.T) {
	w := newWeb(t)
	tests := []struct{ path, name, want string }{
		{"/feeds/slow.xml", "Slow Times", "timed out after 300ms"},
		{"/feeds/huge.xml", "Huge Herald", "response larger than 1048576 bytes"},
		{"/feeds/bomb.xml", "Bomb Bulletin", "response larger than 1048576 bytes"},
		{"/feeds/loop.xml", "Loop Ledger", "too many redirects (more than 5)"},
		{"/feeds/malformed.xml", "Broken Bugle", "malformed feed: "},
		{"/feeds/front-page.xml", "Page Post", "not a feed: the server sent an HTML page (text/html)"},
		{"/feeds/gone.xml", "Gone Gazette", "HTTP 404 Not Found"},
	}
	var srcs []Source
	for _, tt := range tests {
		f, _ := newTestFeed(t, w, tt.path, nil)
		f.Name = tt.name
		if tt.path == "/feeds/slow.xml" {
			f.Fetcher = newTestFetcherTimeout(t, true, 300*time.Millisecond)
		}
		srcs = append(srcs, f)
	}
	good, _ := newTestFeed(t, w, "/feeds/coast.atom", nil)
	srcs = append(srcs, good)
	results, err := Gather(context.Background(), srcs, newMemStore(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		r := results[i]
		if r.Err == nil || !strings.HasPrefix(r.Summary(), tt.name+": failed: ") || !strings.Contains(r.Summary(), tt.want) {
			t.Errorf("%s: summary %q, want it to name the source and say %q", tt.path, r.Summary(), tt.want)
		}
		if r.State.Status != digest.StatusFailed || r.State.Error == "" {
			t.Errorf("%s: state %+v", tt.path, r.State)
		}
	}
	last := results[len(results)-1]
	want := []string{"Harbour wall repairs to finish before the storm season", "Members' briefing: winter berth fees",
		"Northfield council approves glass recycling plant after two-year dispute", "Tide tables for December"}
	if got := sortedTitles(last.Stories); last.Err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the good feed: %s, titles %q, want %q", last.Summary(), got, want)
	}
}

// A feed that was broken stays reported as broken while it does not
// change: its validators are not kept, so it is fetched and failed again.
func TestBrokenFeedIsNotRememberedAsCurrent(t *testing.T) {
	w := newWeb(t)
	store := newMemStore()
	for run := 1; run <= 2; run++ {
		f, _ := newTestFeed(t, w, "/feeds/front-page.xml", store)
		res, err := Gather(context.Background(), []Source{f}, store, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Err == nil || res[0].State.Status != digest.StatusFailed {
			t.Errorf("run %d: %s, want the feed reported as failed", run, res[0].Summary())
		}
	}
}

func TestPrivateAddressesAreRefusedUnlessAllowed(t *testing.T) {
	w := newWeb(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "note.md"), []byte("# Local note\n\nA note kept on disk, read as before.\n"), 0o644)
	f, _ := newTestFeed(t, w, "/feeds/coast.atom", nil)
	f.Fetcher = newTestFetcher(t, false)
	results, err := Gather(context.Background(), []Source{f, &Folder{Dir: Dir{Path: dir}}}, nil, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(results[0].Err, fetch.ErrBlocked) || !strings.Contains(results[0].Summary(), "refusing to connect to 127.0.0.1, a loopback address") {
		t.Errorf("summary = %q, want a refusal", results[0].Summary())
	}
	if w.total() != 0 {
		t.Errorf("the server got %d requests, want none", w.total())
	}
	if r := results[1]; r.Err != nil || len(r.Stories) != 1 || r.Summary() != dir+": 1 item, 1 new, 0 failed" {
		t.Errorf("folder: %s", r.Summary())
	}
}

func TestFetchPagesOffAndName(t *testing.T) {
	w := newWeb(t)
	f, _ := newTestFeed(t, w, "/feeds/coast.atom", nil)
	f.FetchPages, f.Name = false, "The Coast"
	res := f.Collect(context.Background())
	if w.count("/articles/harbour-wall.html") != 0 {
		t.Error("a page was fetched with fetch_pages off")
	}
	s := storyTitled(t, res.Stories, "Harbour wall")
	if s.Source != "The Coast" || res.Name != "The Coast" || !strings.HasPrefix(s.Intro, "The last breach") {
		t.Errorf("story from the item's summary: %+v, name %q", s, res.Name)
	}
}

func TestParseURL(t *testing.T) {
	w := newWeb(t)
	fetcher := newTestFetcher(t, true)
	ctx := context.Background()
	feed := ParseURL(ctx, fetcher, w.URL+"/feeds/orchard.json", Options{}, nil)
	if feed.Err != nil || len(feed.Stories) != 2 {
		t.Errorf("feed: %s", feed.Summary())
	}
	page := ParseURL(ctx, fetcher, w.URL+"/articles/harbour-wall.html", Options{}, nil)
	if page.Err != nil || len(page.Stories) != 1 || len(page.Stories[0].Takeaways) != 3 || page.Stories[0].Source != "Coast Wire" {
		t.Errorf("page: %s %+v", page.Summary(), page.Stories)
	}
	// A page with no metadata: the title loses the site's name, the
	// byline its "By".
	tram := ParseURL(ctx, fetcher, w.URL+"/articles/tram-depot.html", Options{}, nil)
	if tram.Err != nil || len(tram.Stories) != 1 {
		t.Fatalf("tram page: %s", tram.Summary())
	}
	if s := tram.Stories[0]; s.Title != "Tram depot reopens after the October flood" || s.Author != "Maren Holt" || len(s.Takeaways) != 3 {
		t.Errorf("tram page: title %q, author %q, %d takeaways", s.Title, s.Author, len(s.Takeaways))
	}
	if r := ParseURL(ctx, fetcher, w.URL+"/robots.txt", Options{}, nil); r.Err == nil || !strings.Contains(r.Err.Error(), "not a feed") {
		t.Errorf("text file: err = %v, want not a feed", r.Err)
	}
}

// TestFetchedPageKeepsItsHeadline: a page whose og:title is a shorter
// search title than its <h1> is titled by its <h1> whether it is read
// from a saved file or fetched by its address, as `digest parse` does
// with both.
func TestFetchedPageKeepsItsHeadline(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + " The council met for six hours, heard from forty speakers and voted late in the evening on every line of the plan.</p>"
	}
	page := `<!DOCTYPE html><html><head><title>5 takeaways from the budget vote | The Ledger</title>` +
		`<meta property="og:title" content="5 takeaways from the budget vote"></head><body><article>` +
		`<h1>Five takeaways from Tuesday's marathon budget vote</h1>` + para("The budget passed.") +
		`<h2>Libraries won the night</h2>` + para("Branches stay open.") +
		`<h2>Overtime is only postponed</h2>` + para("The police budget fight returns.") +
		`<h2>Fares are the next fight</h2>` + para("Transit riders face a question.") +
		`</article></body></html>`
	const want = "Five takeaways from Tuesday's marathon budget vote"
	saved := mustParse(t, "budget.html", page)
	fetched, _, err := pageStory(&fetch.Response{URL: "https://ledger.example/budget", StatusCode: 200, ContentType: "text/html; charset=utf-8", Body: []byte(page)}, meta{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Title != want || fetched.Title != want {
		t.Errorf("saved page titled %q, fetched page %q; want both %q", saved.Title, fetched.Title, want)
	}
}

// TestFetchedPageKeepsEverySection reads a fetched WordPress page (an
// invented one, with a contents plugin and a related card inside the
// second section) whose readability extract loses that section: the
// parser's own reading of the whole page keeps every point, as it does
// for the page saved as a file.
func TestFetchedPageKeepsEverySection(t *testing.T) {
	want := []string{"Single fares go up, passes come down", "The night network finally gets a timetable", "Students lose the paper card", "The Eastbank extension is still unfunded"}
	for name, st := range savedAndFetched(t, "tram-fares-toc.html", "https://marrowfieldledger.example/tram-fares") {
		if got := headings(st); !slices.Equal(got, want) {
			t.Errorf("%s page: takeaways %q, want %q", name, got, want)
		}
	}
}

// savedAndFetched reads testdata/web/file as a saved page and as the
// page fetched from url (readability's extract, or the page's own
// reading when that finds more).
func savedAndFetched(t *testing.T, file, url string) map[string]*digest.Story {
	t.Helper()
	page, err := os.ReadFile("testdata/web/" + file)
	if err != nil {
		t.Fatal(err)
	}
	saved := mustParse(t, file, string(page))
	fetched, _, err := pageStory(&fetch.Response{URL: url, StatusCode: 200, ContentType: "text/html; charset=utf-8", Body: page}, meta{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*digest.Story{"saved": saved, "fetched": fetched}
}

// TestFetchedPageKeepsTheCloseHeading fetches an invented co-op blog's
// page whose close is set under its own <h2>: readability's extract drops
// that heading, and a reading that finds the same points and a close with
// its heading is the fuller one.
func TestFetchedPageKeepsTheCloseHeading(t *testing.T) {
	const want = "What I’d tell anyone starting one"
	points := []string{"Price for your worst month, not your best", "Write the rota down, even when there are six of you", "Meetings need a timer",
		"Keep three months of wages in the bank, and don’t touch it", "Decide how people leave before anyone wants to", "Customers care about the bread, not the structure"}
	for name, st := range savedAndFetched(t, "bakery-coop-close.html", "https://crumbandcommon.example/year-one") {
		if got := headings(st); !slices.Equal(got, points) {
			t.Errorf("%s page: takeaways %q, want %q", name, got, points)
		}
		if st.Conclusion == nil || st.Conclusion.Heading != want {
			t.Errorf("%s page: conclusion %+v, want %q", name, st.Conclusion, want)
		}
	}
}

// TestFetchedPageAgreesWithTheSavedPage: a page read by URL gives the
// takeaways and the close its saved copy gives, where readability's
// extract alone lost the close (a closing paragraph set off by an <hr>)
// or turned a photo's one-cell caption table into the close.
func TestFetchedPageAgreesWithTheSavedPage(t *testing.T) {
	for _, tc := range []struct {
		file, close string
		points      []string
	}{
		{"jobs-report-rule-close.html", "Put it all together and the region looks like an economy", []string{"Hiring held up better than the headlines suggest",
			"Construction is doing the heavy lifting", "The port jobs came back, but not at the old wages", "Health care hiring finally slowed",
			"Remote workers are showing up in the data", "Revisions are the thing to watch"}},
		{"seed-library-caption-table.html", "If you're thinking of starting one", []string{"People take far more than they bring back, and that's fine",
			"Labelling matters more than the seeds themselves", "Beans and squash go first; lettuce sits for months",
			"The weatherproofing I was so proud of was the weakest part", "Children are the best advertising",
			"One swap afternoon did more than six months of the box being open", "The notebook turned out to be the heart of it"}},
	} {
		for name, st := range savedAndFetched(t, tc.file, "https://blog.example/"+tc.file) {
			if got := headings(st); !slices.Equal(got, tc.points) {
				t.Errorf("%s %s: takeaways %q, want %q", tc.file, name, got, tc.points)
			}
			if c := st.Conclusion; c == nil || c.Heading != "" || len(c.Body) == 0 || !strings.HasPrefix(c.Body[0], tc.close) {
				t.Errorf("%s %s: conclusion %+v, want the paragraph %q...", tc.file, name, c, tc.close)
			}
		}
	}
}
