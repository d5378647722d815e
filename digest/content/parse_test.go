package content

import (
	"reflect"
	"strings"
	"testing"

	"github.com/digest-dev/digest/digest"
)

func mustParse(t *testing.T, name, src string) *digest.Story {
	t.Helper()
	st, err := Parse(name, []byte(src), Options{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return st
}

func headings(st *digest.Story) []string {
	var out []string
	for _, t := range st.Takeaways {
		out = append(out, t.Heading)
	}
	return out
}

func TestNumberingStyles(t *testing.T) {
	body := func(format string) string {
		var b strings.Builder
		b.WriteString("A lede paragraph that sets the scene for the reader.\n\n")
		for i, h := range []string{"Alpha point", "Beta point", "Gamma point"} {
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(format, "N", string(rune('1'+i))), "H", h))
			b.WriteString("\n\nSome text about it. More text.\n\n")
		}
		return b.String()
	}
	tests := []struct {
		name, file, format string
	}{
		{"paren", "a.txt", "N) H"},
		{"paren wide spacing", "a.txt", "N)     H"},
		{"paren no space", "a.txt", "N)H"},
		{"dot", "a.txt", "N. H"},
		{"dot tab", "a.txt", "N.\tH"},
		{"dash", "a.txt", "N - H"},
		{"en dash", "a.txt", "N – H"},
		{"dash wide", "a.txt", "N  -   H"},
		{"colon", "a.txt", "N: H"},
		{"markdown h2 dot", "a.md", "## N. H"},
		{"markdown h3 paren", "a.md", "### N) H"},
		{"markdown bold", "a.md", "**N. H**"},
		{"markdown list item", "a.md", "N. H"},
	}
	want := []string{"Alpha point", "Beta point", "Gamma point"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustParse(t, tt.file, body(tt.format))
			if got := headings(st); !reflect.DeepEqual(got, want) {
				t.Errorf("headings = %q, want %q", got, want)
			}
			if st.Intro != "A lede paragraph that sets the scene for the reader." {
				t.Errorf("intro = %q", st.Intro)
			}
			if got := st.Takeaways[1].Body; !reflect.DeepEqual(got, []string{"Some text about it. More text."}) {
				t.Errorf("body = %q", got)
			}
		})
	}
}

func TestHTMLNumbering(t *testing.T) {
	src := `<html><body><article><p>The lede.</p>
<h2>1) First</h2><p>One.</p>
<h2>2)&nbsp;&nbsp;Second</h2><p>Two.</p>
<p><strong>3. Third</strong></p><p>Three.</p>
</article></body></html>`
	st := mustParse(t, "a.html", src)
	if got, want := headings(st), []string{"First", "Second", "Third"}; !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
}

func TestFiguresAreNotHeadings(t *testing.T) {
	src := "Lede.\n\n1) Output\n\nProduction rose to a forecast\n2.5 million shells, from 1.7 million.\n\n2) Next\n\nMore.\n"
	st := mustParse(t, "a.txt", src)
	if got := headings(st); len(got) != 2 {
		t.Fatalf("headings = %q, want 2", got)
	}
	if !strings.Contains(strings.Join(st.Takeaways[0].Body, " "), "2.5 million shells, from 1.7 million.") {
		t.Errorf("figures lost: %q", st.Takeaways[0].Body)
	}
}

func TestBoilerplateRemoved(t *testing.T) {
	tests := []struct{ name, line string }{
		{"read more", "Read more: Why the bridge closed"},
		{"related", "RELATED: The council's last budget"},
		{"advertisement", "Advertisement"},
		{"share", "Share this article"},
		{"share on", "Share on WhatsApp"},
		{"follow", "Follow us on Instagram for daily updates"},
		{"sign up", "Sign up for our morning newsletter"},
		{"donate", "Donate to keep local news free"},
		{"support", "Support independent journalism today"},
		{"copyright", "© 2026 Example Media Ltd. All rights reserved."},
		{"copyright word", "Copyright 2026 Example Media"},
		{"correction", "To suggest a correction or clarification, write to us here"},
		{"ctrl enter", "You can also highlight the text and press Ctrl + Enter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "The lede stays.\n\n1) Point\n\nFirst paragraph stays.\n\n" + tt.line + "\n\nLast paragraph stays.\n"
			st := mustParse(t, "a.txt", src)
			body := st.Takeaways[0].Body
			if want := []string{"First paragraph stays.", "Last paragraph stays."}; !reflect.DeepEqual(body, want) {
				t.Errorf("body = %q, want %q", body, want)
			}
		})
	}
}

func TestArticleSentencesSurvive(t *testing.T) {
	// Lines that open like boilerplate but are article text.
	for _, line := range []string{
		"Support for the measure fell among older members, the survey found.",
		"Share prices rose 4% on the news, to €18.20.",
		"Follow-up inspections are planned for May and June.",
	} {
		st := mustParse(t, "a.txt", "Lede.\n\n1) Point\n\n"+line+"\n")
		if got := st.Takeaways[0].Body; len(got) != 1 || got[0] != line {
			t.Errorf("body = %q, want %q", got, line)
		}
	}
}

func TestPromoBlock(t *testing.T) {
	src := `Lede.

1) Point

Before the promo.
Teaser headline about something else
Other Topics of Interest
Teaser headline about something else
The teaser's own paragraph, which is not part of this article.
After the promo.
`
	st := mustParse(t, "a.txt", src)
	if got, want := st.Takeaways[0].Body, []string{"Before the promo.", "After the promo."}; !reflect.DeepEqual(got, want) {
		t.Errorf("body = %q, want %q", got, want)
	}
}

func TestHTMLChromeRemoved(t *testing.T) {
	src := `<html><head><title>T</title><script>var x = "1) Not a heading";</script></head><body>
<header>Site name <nav>Home News</nav></header>
<div class="share-buttons">Share on X</div>
<p>The lede.</p><h2>1) Point</h2><p>Text.</p>
<aside>Most read: Something</aside><footer>© 2026 Site</footer></body></html>`
	st := mustParse(t, "a.html", src)
	if st.Intro != "The lede." || !reflect.DeepEqual(st.Takeaways[0].Body, []string{"Text."}) {
		t.Errorf("intro %q body %q", st.Intro, st.Takeaways[0].Body)
	}
}

func TestConclusion(t *testing.T) {
	for _, head := range []string{"So, what's the verdict?", "The bottom line", "What happens next", "What happens next?"} {
		st := mustParse(t, "a.txt", "Lede.\n\n1) Point\n\nText.\n\n"+head+"\n\nClosing words.\n")
		if st.Conclusion == nil || st.Conclusion.Heading != head || !reflect.DeepEqual(st.Conclusion.Body, []string{"Closing words."}) {
			t.Errorf("%q: conclusion = %+v", head, st.Conclusion)
		}
	}
}

func TestNoTakeawaysKeepsGist(t *testing.T) {
	st := mustParse(t, "plain.txt", "A short article with no numbered points.\n\nIt has a second paragraph.\n")
	if st.HasOwnTakeaways() || !strings.HasPrefix(st.Intro, "A short article with no numbered points.") {
		t.Errorf("takeaways %d intro %q", len(st.Takeaways), st.Intro)
	}
}

func TestRejects(t *testing.T) {
	tests := []struct{ name, file, src, want string }{
		{"empty", "empty.txt", "", "no article text"},
		{"blank", "blank.md", "\n\n  \n", "no article text"},
		{"all boilerplate", "junk.txt", "Advertisement\n\nShare this article\n\n© 2026 Example\n", "no article text"},
		{"not utf-8", "latin.txt", "caf\xe9 au lait, \xe0 la carte", "not UTF-8"},
		{"binary", "bin.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"},
		{"open front matter", "fm.md", "---\ntitle: x\n", "front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.src), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("err = %v, want it to name %s and say %q", err, tt.file, tt.want)
			}
		})
	}
}

func TestQuotesInOrder(t *testing.T) {
	st := mustParse(t, "a.txt", "Lede.\n\n1) Point\n\n“First quote with four words,” she said. He replied: \"second quote here too\".\n")
	if got, want := st.Takeaways[0].Quotes, []string{"First quote with four words", "second quote here too"}; !reflect.DeepEqual(got, want) {
		t.Errorf("quotes = %q, want %q", got, want)
	}
}

func TestSummaryCapped(t *testing.T) {
	long := strings.Repeat("word ", 50) + "end."
	st, err := Parse("a.txt", []byte("Lede.\n\n1) Point\n\n"+long+"\n"), Options{SummaryWords: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Takeaways[0].Summary; len(strings.Fields(got)) != 10 || !strings.HasSuffix(got, "…") {
		t.Errorf("summary = %q", got)
	}
}

// TestHeadingPermalinks checks that a heading's permalink anchor (a
// link into the page whose text is only a mark) is not part of it.
func TestHeadingPermalinks(t *testing.T) {
	tests := []struct {
		name, file, format string
	}{
		{"markdown pilcrow after", "a.md", "## H [¶](#h)"},
		{"markdown hash before", "a.md", "## [#](#h) H"},
		{"markdown link emoji after", "a.md", "### H [🔗](#h)"},
		{"markdown section sign", "a.md", "## H [§](#h)"},
		{"html link emoji in widget", "a.html", `<h2 id="h">H<div class="widget"><a href="#h" aria-label="Link">🔗</a></div></h2>`},
		{"html pilcrow", "a.html", `<h2 id="h">H<a class="anchor" href="#h">¶</a></h2>`},
		{"html hash before", "a.html", `<h3 id="h"><a href="#h" aria-hidden="true">#</a>H</h3>`},
	}
	want := []string{"Alpha point", "Beta point", "Gamma point"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if tt.file == "a.html" {
				b.WriteString("<html><body><article><h1>The story</h1><p>A lede paragraph that sets the scene for the reader.</p>\n")
			} else {
				b.WriteString("# The story\n\nA lede paragraph that sets the scene for the reader.\n\n")
			}
			for _, h := range want {
				id := strings.ToLower(strings.Fields(h)[0])
				s := strings.ReplaceAll(strings.ReplaceAll(tt.format, "#h", "#"+id), "H", h)
				if tt.file == "a.html" {
					b.WriteString(strings.ReplaceAll(s, `id="h"`, `id="`+id+`"`) + "\n<p>Some text about it. More text.</p>\n")
				} else {
					b.WriteString(s + "\n\nSome text about it. More text.\n\n")
				}
			}
			st := mustParse(t, tt.file, b.String())
			if got := headings(st); !reflect.DeepEqual(got, want) {
				t.Errorf("headings = %q, want %q", got, want)
			}
		})
	}
}

// TestTextTitleUnderline checks that a plain-text title underlined with a
// line of "~", "=", "-" or "*" (hard-wrapped text, whose lines are
// otherwise joined) keeps its underline out of the title.
func TestTextTitleUnderline(t *testing.T) {
	const title = "Five things the pool's long closure taught us"
	const body = "Hello all,\n\nThe pool reopened on Monday after eight weeks of repairs to the roof\nand the first swimmers were in the water by half past six in the\nmorning, some of them still in their work clothes on the way in to\nthe office, and the queue at the door went round the corner twice.\n\nThe council says the new roof should last for thirty years and the\ncafe will reopen next month with longer hours on Saturdays and on\nSundays, when the lane swimming sessions start an hour earlier too.\n"
	for _, mark := range []string{"~", "=", "-", "*"} {
		t.Run(mark, func(t *testing.T) {
			src := title + "\n" + strings.Repeat(mark, len(title)) + "\n\n" + body
			if got := mustParse(t, "a.txt", src).Title; got != title {
				t.Errorf("title = %q, want %q", got, title)
			}
		})
	}
}

func TestRunOnItems(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"in order", "Intro here. 1) One point. Body. 2) Two point. Body. 3) Three point.", 3},
		{"stops at a gap", "Intro. 1) One. 2) Two. 4) Four.", 0},
		{"after a colon", "Options: 1) one, 2) two, 3) three.", 0},
		{"full stops", "Intro here. 1. One. Body. 2. Two. 3. Three.", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(runOnItems(tt.text)); got != tt.want {
				t.Errorf("len(runOnItems(%q)) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}
