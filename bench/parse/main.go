// Command parse measures the article parser: it parses every test
// article (digest/content/testdata/articles and examples/content) many
// times and prints articles per second and microseconds per KB, then
// parses a generated 1 MB article and prints its time against the 50 ms
// limit of issue 9.
//
//	go run ./bench/parse
//
// bench/parse.sh runs it.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest/content"
)

func main() {
	rounds := flag.Int("rounds", 50, "passes over the test articles")
	flag.Parse()
	names, datas, size := load()
	start := time.Now()
	for r := 0; r < *rounds; r++ {
		for i := range datas {
			content.Parse(names[i], datas[i], content.Options{})
		}
	}
	el := time.Since(start)
	n := len(datas) * *rounds
	fmt.Printf("corpus: %d articles, %.0f KB, %d rounds\n", len(datas), float64(size)/1024, *rounds)
	fmt.Printf("  %.0f articles/s, %.1f µs/KB\n", float64(n)/el.Seconds(), float64(el.Microseconds())/(float64(size)/1024*float64(*rounds)))
	big := article(1 << 20)
	var times []time.Duration
	for r := 0; r < 9; r++ {
		t := time.Now()
		if _, err := content.Parse("big.txt", big, content.Options{}); err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(t))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	verdict := "under"
	if times[4] >= 50*time.Millisecond {
		verdict = "OVER"
	}
	fmt.Printf("1 MB article: median %v, best %v (%s the 50 ms limit)\n", times[4].Round(time.Millisecond/10), times[0].Round(time.Millisecond/10), verdict)
}

func load() (names []string, datas [][]byte, size int) {
	files, _ := filepath.Glob("digest/content/testdata/articles/*")
	more, _ := filepath.Glob("examples/content/*")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		names, datas = append(names, f), append(datas, data)
		size += len(data)
	}
	if len(datas) == 0 {
		log.Fatal("no articles: run from the repository root")
	}
	return names, datas, size
}

// article is a realistic article of about n bytes: a lede and numbered
// takeaways with quotes, figures and captions.
func article(n int) []byte {
	var b strings.Builder
	b.WriteString("Ferry strike: what it means\n\nBy A Writer\n\nThe strike began on Monday after talks broke down, and the port says it will last a week.\n\n")
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%d) Point number %d is about the timetable\n\n", i, i)
		for p := 0; p < 4; p++ {
			fmt.Fprintf(&b, "The operator ran %d crossings on day %d, down from 40, and said \"we expect to recover by Friday\". Passengers queued for two hours at the quay.\n\n", i*3+p, p)
		}
		b.WriteString("Passengers wait at the terminal on Tuesday. (Photo by Jo Bloggs/Getty Images)\n\n")
	}
	return []byte(b.String())
}
