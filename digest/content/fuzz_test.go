package content

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// titleMax is the longest title a parse may give, in runes: a long
// headline runs to about 150.
const titleMax = 300

// FuzzParse feeds arbitrary bytes to Parse in every format: it may
// return an error, never panic. Run it with
// go test -fuzz FuzzParse -fuzzminimizetime 2s ./digest/content: the
// seeds are whole articles, and at the default minimize time of a minute
// each new interesting input stalls the run ("0/sec") while it shrinks.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"testdata/articles/*", "../../examples/content/*"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(uint8(0), data)
			}
		}
	}
	f.Add(uint8(2), []byte("<h2>1) a</h2><ol><li><p>x</p></li></ol>"))
	names := []string{"a.txt", "a.md", "a.html"}
	f.Fuzz(func(t *testing.T, format uint8, data []byte) {
		st, err := Parse(names[int(format)%3], data, Options{})
		if err == nil {
			checkTitle(t, "fuzz", st.Title)
		}
	})
}

// adversarial returns about n bytes of input built to trip a parser that
// backtracks or rescans: runs of markers, unclosed markup, dots, tags.
func adversarial(n int) map[string]string {
	rep := func(s string) string { return strings.Repeat(s, n/len(s)+1)[:n] }
	return map[string]string{
		"numbered lines":   rep("1.\n"),
		"one long line":    rep("1) a. b? c! “d” "),
		"unclosed bold":    "**" + rep("word "),
		"stars":            rep("*"),
		"underscores":      rep("_a"),
		"brackets":         rep("[!["),
		"open tags":        rep("<a "),
		"tags":             rep("<b>x</b>"),
		"mojibake":         rep("Ã©â€™"),
		"lead bytes":       rep("Ãx"),
		"dots":             rep("A. "),
		"short lines":      rep("Word\n\n"),
		"headings":         rep("## 1. H\n\nText.\n\n"),
		"html nesting":     "<html><body>" + rep("<div><p>1) x</p>") + "</body></html>",
		"ordinals":         rep("First, a. Second, b. "),
		"dates":            rep("Updated 2016-12-22T05:00:00-0800\n"),
		"repeated caption": rep("A caption line here\n"),
		"long html list":   "<ol>" + rep("<li>x</li>") + "</ol>",
		"restarts":         rep("1. a\n\n5. b\n\n"),
		"dropped runs":     rep("Advertisement\n\nAdvertisement\n\nPhoto: Jo Bloggs\n\n"),
		"sibling headings": "# T\n\n## 1. A\n\nText.\n\n" + rep("## B\n\nText.\n\n"),
		"nested key lists": "<div>" + rep("<h3>Key points</h3><ul><li>a b c</li><li>") + "</div>",
		"boxes in asides":  rep("<aside><h3>Key points</h3><ul><li>a</li><li>b</li></ul></aside>"),
		"layout classes":   rep(`<div class="x-widget x-widget-share">word `),
		"raw anchor items": rep("<li><a href=\"#a\">Entry</a></li>\n"),
		"comment markers":  rep("12 comments\n\n2 hours ago\n\nReply\n\n"),
		"credit lines":     rep("A long line of prose that goes on\nPhotos: Anna Berg\n"),
		"mastheads":        rep("The Letter — Issue 7\n\n"),
	}
}

// TestAdversarialInputs parses 256 KB inputs of each adversarial kind
// (about 100,000 blocks for some); a quadratic step would make this test
// run for minutes, and each must still return a story or an error naming
// the file. The time limit itself is measured by BenchmarkParse1MB and
// bench/parse.sh.
func TestAdversarialInputs(t *testing.T) {
	size := 256 << 10
	if raceEnabled {
		size = 32 << 10
	}
	for name, src := range adversarial(size) {
		for _, file := range []string{"a.txt", "a.md", "a.html"} {
			st, err := Parse(file, []byte(src), Options{})
			if err != nil {
				if !strings.Contains(err.Error(), file) {
					t.Errorf("%s %s: error %v does not name the file", name, file, err)
				}
				continue
			}
			checkTitle(t, name+" "+file, st.Title)
		}
	}
}

// checkTitle asserts what any parsed story's title must be, whatever the
// input: one line of valid UTF-8, not empty, no longer than a headline
// can be (titleMax runes).
func checkTitle(t *testing.T, what, title string) {
	t.Helper()
	if strings.TrimSpace(title) == "" || !utf8.ValidString(title) || strings.ContainsAny(title, "\n\r\x00") ||
		utf8.RuneCountInString(title) > titleMax {
		t.Errorf("%s: title %q is not a headline", what, clip(title, 80))
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// article1MB is a realistic article of about 1 MB: a lede and numbered
// takeaways with quotes, captions and figures.
func article1MB() []byte {
	var b strings.Builder
	b.WriteString("Ferry strike: what it means\n\nBy A Writer\n\nThe strike began on Monday after talks broke down, and the port says it will last a week.\n\n")
	for i := 1; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "%d) Point number %d is about the timetable\n\n", i, i)
		for p := 0; p < 4; p++ {
			fmt.Fprintf(&b, "The operator ran %d crossings on day %d, down from 40, and said \"we expect to recover by Friday\". Passengers queued for two hours at the quay.\n\n", i*3+p, p)
		}
		b.WriteString("Passengers wait at the terminal on Tuesday. (Photo by Jo Bloggs/Getty Images)\n\n")
	}
	return []byte(b.String())
}

// BenchmarkParse1MB parses a 1 MB article; the limit is 50 ms.
func BenchmarkParse1MB(b *testing.B) {
	data := article1MB()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("big.txt", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(data)/1024), "µs/KB")
}

// BenchmarkParse parses every test article once per iteration and
// reports articles per second.
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob("testdata/articles/*")
	var names []string
	var datas [][]byte
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		names, datas = append(names, f), append(datas, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for i := range datas {
			Parse(names[i], datas[i], Options{})
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(datas)*b.N)/secs, "articles/s")
	b.ReportMetric(secs*1e6/float64(b.N)/(float64(size)/1024), "µs/KB")
}

// TestSharedMatchingAgrees: a long article's line rules, run on several
// processors, drop exactly what one processor running them drops.
func TestSharedMatchingAgrees(t *testing.T) {
	data := article1MB()
	shared, err := Parse("big.txt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	shareMatching = false
	defer func() { shareMatching = true }()
	alone, err := Parse("big.txt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(shared)
	b, _ := json.Marshal(alone)
	if string(a) != string(b) || len(shared.Takeaways) < 50 {
		t.Errorf("shared matching gave %d takeaways and %d bytes of story, one processor %d and %d", len(shared.Takeaways), len(a), len(alone.Takeaways), len(b))
	}
}
