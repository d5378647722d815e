package content

import (
	"reflect"
	"strings"
	"testing"
)

// TestLineRulesFitTheirMask guards needleHits, which gives each line
// rule one bit of a ruleSet, and checks that the set holds every rule.
func TestLineRulesFitTheirMask(t *testing.T) {
	if room := 64 * len(ruleSet{}); len(lineRules) > room {
		t.Fatalf("%d line rules; needleHits has room for %d", len(lineRules), room)
	}
	var s ruleSet
	for i := range lineRules {
		if s.has(i) {
			t.Fatalf("rule %d in an empty set", i)
		}
		s.add(i)
		if !s.has(i) {
			t.Fatalf("rule %d not in the set after add", i)
		}
	}
}

// TestLayoutClassesAreNotFurniture: a page builder that names every
// block with a furniture word ("elementor-widget-...") keeps its text;
// its share bar, named the same way, is still dropped.
func TestLayoutClassesAreNotFurniture(t *testing.T) {
	w := func(kind, inner string) string {
		return `<div class="builder-widget builder-widget-` + kind + `"><div class="builder-widget-container">` + inner + `</div></div>`
	}
	var b strings.Builder
	b.WriteString(`<html><head><title>Three tips</title></head><body>`)
	b.WriteString(w("text", "<p>A lede long enough to be the lede of the story we are reading here today.</p>"))
	for _, h := range []string{"Alpha", "Beta", "Gamma"} {
		b.WriteString(w("heading", "<h2>"+h+" tip</h2>"))
		b.WriteString(w("text", "<p>The "+h+" tip is explained in a paragraph of prose that runs to a good length.</p>"))
	}
	b.WriteString(w("share-buttons", "<p>Share on Facebook</p>"))
	b.WriteString(`</body></html>`)
	st := mustParse(t, "a.html", b.String())
	if got, want := headings(st), []string{"Alpha tip", "Beta tip", "Gamma tip"}; !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
	if strings.Contains(strings.Join(st.Body, " "), "Share on") {
		t.Errorf("share bar kept: %q", st.Body)
	}
}

// TestSplitStoryKeptWhole: a story set in sibling containers with an
// advert between them is read whole, not one container of it.
func TestSplitStoryKeptWhole(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + " goes on for a while, long enough to be a paragraph of the story that a reader would read through.</p>"
	}
	src := `<html><head><title>Split</title></head><body><div class="page"><div class="story">` +
		`<div class="col">` + para("The first part") + `<h2>One</h2>` + para("Section one") + `</div>` +
		`<div class="slot">Advertisement</div>` +
		`<div class="col"><h2>Two</h2>` + para("Section two") + `</div>` +
		`<div class="col"><h2>Three</h2>` + para("Section three") + `</div>` +
		`</div><div class="rail"><a href="/x">Other story</a></div></div></body></html>`
	st := mustParse(t, "a.html", src)
	if got, want := headings(st), []string{"One", "Two", "Three"}; !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
}

// TestCommentThreadCutByItsMarks: replies make a thread nearly as long,
// in blocks, as the article; its marks still cut it whole.
func TestCommentThreadCutByItsMarks(t *testing.T) {
	var b strings.Builder
	b.WriteString("A headline for the test\n\nThe lede paragraph, long enough to read as the opening of the story here.\n\n")
	b.WriteString("1) First point\n\nThe first point's paragraph.\n\n2) Second point\n\nThe second point's paragraph.\n\n12 comments\n\n")
	for _, r := range []string{"Kerry", "Sam", "Ola"} {
		b.WriteString(r + "\n\n3 hours ago\n\nCouldn't agree more.\n\nReply\n\n")
	}
	st := mustParse(t, "a.txt", b.String())
	if len(st.Takeaways) != 2 || strings.Contains(strings.Join(st.Body, " "), "agree") {
		t.Errorf("takeaways %q, body %q", headings(st), st.Body)
	}
}

// TestMastheadIsNotTheTitle: a newsletter's name with its issue number
// gives way to the issue's own headline.
func TestMastheadIsNotTheTitle(t *testing.T) {
	src := "The Harbour Letter — Issue 12\n\nMay 2, 2026\n\nWhy the ferry is late again\n\nThe ferry has been late on four days out of five this month, and the operator says the reason is the new timetable.\n"
	if st := mustParse(t, "a.txt", src); st.Title != "Why the ferry is late again" {
		t.Errorf("title = %q", st.Title)
	}
}

// TestAnchorTableOfContents: a Markdown list of links to the page's own
// sections, and its label, are not text.
func TestAnchorTableOfContents(t *testing.T) {
	src := "# Title of the post\n\n**Contents of this post**\n\n- [One](#one)\n- [Two](#two)\n- [Summary](#summary)\n\nThe lede paragraph is long enough to be prose text.\n\n## One\n\nText one is here.\n\n## Two\n\nText two is here.\n"
	st := mustParse(t, "a.md", src)
	if st.Intro != "The lede paragraph is long enough to be prose text." {
		t.Errorf("intro = %q", st.Intro)
	}
}

// TestToolbarLine: a saved page's row of utility links is not the lede.
func TestToolbarLine(t *testing.T) {
	for _, line := range []string{"Print this page | Email to a friend | Text size: A A A", "Print Email", "Download the full report · Press enquiries"} {
		if got := matchRule(line); got == "" && !isLinkLine(line) {
			t.Errorf("%q kept", line)
		}
	}
}

// TestBulletsTypedIntoParagraphs: a page's key-points box whose bullets
// are typed into <p> elements is a box of points.
func TestBulletsTypedIntoParagraphs(t *testing.T) {
	src := `<html><head><title>Bills</title></head><body><h1>Water bills to rise again in April</h1>` +
		`<div class="summary"><h3>Key points</h3><p>• Bills rise by an average of 8%.</p><p>• The regulator approved it on Monday.</p></div>` +
		`<p>Water bills across the region will rise again in April, the third increase in three years.</p></body></html>`
	st := mustParse(t, "a.html", src)
	if got, want := headings(st), []string{"Bills rise by an average of 8%", "The regulator approved it on Monday"}; !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
}

// TestHeadlineAboveTheByline: in text copied from a page, the headline is
// the line above the byline (with its standfirst), not a section label
// or a menu entry above it.
func TestHeadlineAboveTheByline(t *testing.T) {
	menu := strings.Repeat("Menu entry\n", 14)
	src := "Exclusive news and analysis for market professionals\n" + menu + "Science and Environment\nBeavers cut flood peaks by a quarter\n" +
		"A five-year trial shows dams hold water back when it matters\nBy Ana Writer\n3 March 2026\n" +
		"Beavers released on the river five years ago have cut the peak of floods downstream by about a quarter, a study has found.\n"
	if st := mustParse(t, "a.txt", src); st.Title != "Beavers cut flood peaks by a quarter" || st.Author != "Ana Writer" {
		t.Errorf("title %q author %q", st.Title, st.Author)
	}
}

// TestCaptionsEndingInTheirCredit: a caption that ends in its credit is
// dropped, whichever way the credit is written; prose that merely names a
// photographer stays.
func TestCaptionsEndingInTheirCredit(t *testing.T) {
	for _, line := range []string{
		"The quay at dusk. Photo: Ana Writer",
		"The quay at dusk. Photo by the author",
		"The quay at dusk. Photo © Ana Writer",
		"The quay at dusk. Screenshot: Harbour team",
	} {
		if got := matchRule(line); got != "caption" {
			t.Errorf("%q: %q, want caption", line, got)
		}
	}
	for _, line := range []string{"The new room shows photos by Ansel Adams.", "We printed pictures by every child in the class."} {
		if got := matchRule(line); got != "" {
			t.Errorf("%q dropped as %s", line, got)
		}
	}
}

// TestArticleLinesNotFurniture: lines of article text that share words
// with the new furniture rules stay.
func TestArticleLinesNotFurniture(t *testing.T) {
	for _, line := range []string{
		"Her newsletter now lands in 40,000 inboxes every week.",
		"The newsletter has 12,000 subscribers, a third of them paying.",
		"Discussion",
		"Responses",
	} {
		if got := matchRule(line); got != "" {
			t.Errorf("%q dropped as %s", line, got)
		}
		if commentsMarker.MatchString(line) {
			t.Errorf("%q read as a comment section", line)
		}
	}
}

// TestLinkedMarkdownHeadings: a roundup whose Markdown headings link to
// each product keeps them as sections, while a paragraph that is only a
// link (a tag, a related story) is dropped.
func TestLinkedMarkdownHeadings(t *testing.T) {
	src := "# Three note apps worth trying\n\nWe tried twenty note apps this spring and kept using these three.\n\n" +
		"## [Inkpot](https://inkpot.example)\n\nFast, plain and free for one device.\n\n" +
		"[Why we stopped using paper notebooks](https://example.com/paper)\n\n" +
		"## [Ledgerly](https://ledgerly.example)\n\nGood for tables and lists, less good for long notes.\n\n" +
		"## [Quillpad](https://quillpad.example)\n\nThe best handwriting support we found.\n"
	st := mustParse(t, "a.md", src)
	if got, want := headings(st), []string{"Inkpot", "Ledgerly", "Quillpad"}; !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
	if strings.Contains(strings.Join(st.Body, " "), "paper notebooks") {
		t.Errorf("related link kept: %q", st.Body)
	}
}

// TestReaderHeaderStandsAlone: a reader service's "Markdown Content:"
// line does not swallow the first line of the page under it.
func TestReaderHeaderStandsAlone(t *testing.T) {
	src := "Title: Port levy doubles\n\nURL Source: https://x.example/a\n\nMarkdown Content:\n**Key takeaways**\n\n" +
		"*   **Fee doubles:** the levy rises from £18 to £36.\n*   **Jobs:** the union wants a guarantee.\n\n" +
		"The harbour board voted on Monday to double the levy it charges on every container landed at the port.\n"
	st := mustParse(t, "a.md", src)
	if got, want := headings(st), []string{"Fee doubles", "Jobs"}; !reflect.DeepEqual(got, want) || !strings.HasPrefix(st.Intro, "The harbour board") {
		t.Errorf("headings = %q (want %q), intro %q", got, want, st.Intro)
	}
}
