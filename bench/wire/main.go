// Command wire prints the report of bench/wire.sh from its results file:
// every measurement with its ratio to the same round's ceiling, the means
// over the rounds, issue 12's bar, and a Markdown table for the README's
// "Scaling" section with the date and the machine.
//
// Each line of the results file is one measurement:
//
//	ROUND ceiling smtp-source CONNECTIONS WALL_NS 0 CPU_MS SINK_CPU_MS 0
//	ROUND digest  sqlite|postgres CONNECTIONS WALL_NS PEAK_RSS_KB CPU_MS SINK_CPU_MS DB_CPU_MS
//
// CPU_MS is the sender's CPU time (user + system), SINK_CPU_MS smtp-sink's
// and DB_CPU_MS the PostgreSQL server's during the same run (0: not
// measured): per message they vary far less than wall time on a shared
// machine, and they show which side was busy.
//
// A round's ceiling line comes before its digest lines.
//
//	go run ./bench/wire -n 30000 -size 16450 RESULTS
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"strings"
	"time"
)

// sample is one timed run.
type sample struct {
	round int
	store string // smtp-source, sqlite or postgres
	conns int
	wall  time.Duration
	rssKB int // 0 for the ceiling, which is not digest
	cpu   time.Duration
	sink  time.Duration
	db    time.Duration
}

// series gathers one (store, connections) pair over the rounds.
type series struct {
	store  string
	conns  int
	rates  []float64
	ratios []float64
	rssKB  int // the highest peak over the rounds
	cpu    time.Duration
	sink   time.Duration
	db     time.Duration
}

func main() {
	n := flag.Int("n", 0, "messages per measurement")
	size := flag.Int("size", 0, "bytes per message")
	cmd := flag.String("cmd", "bash bench/wire.sh", "the command line, for the Markdown caption")
	flag.Parse()
	if *n < 1 || flag.NArg() != 1 {
		log.Fatal("usage: wire -n MESSAGES -size BYTES [-cmd LINE] RESULTS")
	}
	samples, err := read(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	all := gather(*n, samples)
	w := bufio.NewWriter(os.Stdout)
	printRuns(w, *n, samples)
	printMeans(w, *n, all)
	printBar(w, *n, samples[len(samples)-1].round, all)
	printMarkdown(w, *cmd, *size, samples[len(samples)-1].round, all)
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}

func read(path string) ([]sample, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s sample
		var kind string
		var ns, cpu, sink, db int64
		if _, err := fmt.Sscan(sc.Text(), &s.round, &kind, &s.store, &s.conns, &ns, &s.rssKB, &cpu, &sink, &db); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", path, sc.Text(), err)
		}
		s.wall = time.Duration(ns)
		s.cpu, s.sink, s.db = ms(cpu), ms(sink), ms(db)
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || out[0].store != "smtp-source" {
		return nil, fmt.Errorf("%s: no ceiling measured first", path)
	}
	return out, nil
}

func rate(n int, s sample) float64 { return float64(n) / s.wall.Seconds() }

// gather groups the samples by (store, connections) in the order they ran,
// each rate divided by its own round's ceiling.
func gather(n int, samples []sample) []*series {
	ceiling := map[int]float64{}
	byKey := map[string]*series{}
	var order []*series
	for _, s := range samples {
		if s.store == "smtp-source" {
			ceiling[s.round] = rate(n, s)
		}
		key := fmt.Sprint(s.store, s.conns)
		g := byKey[key]
		if g == nil {
			g = &series{store: s.store, conns: s.conns}
			byKey[key] = g
			order = append(order, g)
		}
		g.rates = append(g.rates, rate(n, s))
		g.ratios = append(g.ratios, rate(n, s)/ceiling[s.round])
		g.rssKB = max(g.rssKB, s.rssKB)
		g.cpu += s.cpu
		g.sink += s.sink
		g.db += s.db
	}
	return order
}

func printRuns(w io.Writer, n int, samples []sample) {
	ceiling := 0.0
	fmt.Fprintf(w, "\n%-12s %11s %5s %10s %9s %11s %6s %10s %8s\n",
		"store", "connections", "round", "messages/s", "x ceiling", "peak RSS MB", "CPU s", "sink CPU s", "db CPU s")
	for _, s := range samples {
		if s.store == "smtp-source" {
			ceiling = rate(n, s)
		}
		fmt.Fprintf(w, "%-12s %11d %5d %10.0f %9.2f %11s %6.2f %10.2f %8s\n", s.store, s.conns, s.round,
			rate(n, s), rate(n, s)/ceiling, mb(s.rssKB, "%.1f"), s.cpu.Seconds(), s.sink.Seconds(), seconds(s.db))
	}
}

func printMeans(w io.Writer, n int, all []*series) {
	fmt.Fprintf(w, "\nmean over %d round(s)\n%-12s %11s %10s %9s %7s %11s %8s %8s %8s\n", len(all[0].rates),
		"store", "connections", "messages/s", "x ceiling", "spread", "peak RSS MB", "CPU/msg", "sink/msg", "db/msg")
	for _, g := range all {
		spread := g.ratios // the ceiling's spread is of its rates: how steady the box was
		if g.store == "smtp-source" {
			spread = g.rates
		}
		lo, hi := minMax(spread)
		msgs := time.Duration(n * len(g.rates))
		fmt.Fprintf(w, "%-12s %11d %10.0f %9.2f %6.0f%% %11s %8s %8s %8s\n", g.store, g.conns, mean(g.rates), mean(g.ratios),
			(hi-lo)*100/lo, mb(g.rssKB, "%.1f"), perMsg(g.cpu, msgs), perMsg(g.sink, msgs), perMsg(g.db, msgs))
	}
	fmt.Fprintln(w, "(spread: fastest over slowest round, minus one; CPU time per message: the sender's, smtp-sink's, PostgreSQL's)")
	if lo, hi := minMax(all[0].rates); hi/lo > 1+noisy {
		fmt.Fprintf(w, "warning: the ceiling moved by %.0f%% between rounds: the machine was busy, so the ratios are rough; "+
			"rerun when it is quieter or with more rounds (-r); the CPU times per message are steadier\n", (hi/lo-1)*100)
	}
}

// The bar of issue 12: 30,000 subscribers, two interleaved rounds, 16
// connections, each store's mean ratio to the ceiling and every peak RSS.
var bar = map[string]float64{"sqlite": 0.72, "postgres": 0.65}

const barRSSMB = 64

// noisy is the spread of the ceiling's rates past which the report warns.
const noisy = 0.10

func printBar(w io.Writer, n, rounds int, all []*series) {
	fmt.Fprintf(w, "\nissue 12's bar (16 connections; 30,000 subscribers and 2 rounds, this run %s and %d):\n", commas(float64(n)), rounds)
	worst := 0
	for _, g := range all {
		worst = max(worst, g.rssKB)
		if need, ok := bar[g.store]; ok && g.conns == 16 {
			fmt.Fprintf(w, "  %-10s %.2fx of the ceiling, needs %.2fx: %s\n", g.store, mean(g.ratios), need, met(mean(g.ratios) >= need))
		}
	}
	fmt.Fprintf(w, "  %-10s %s MB at most, needs %d MB: %s\n", "peak RSS", mb(worst, "%.1f"), barRSSMB, met(worst <= barRSSMB*1024))
}

func printMarkdown(w io.Writer, cmd string, size, rounds int, all []*series) {
	fmt.Fprintf(w, "\nMeasured with `%s` on %s on this project's %d-core machine (%s), with Postfix's `smtp-sink` on the same machine "+
		"and the sample issue (%s bytes); each figure is the mean of %d interleaved rounds, and each ratio is to "+
		"`smtp-source -d -s 16` sending the same number of messages of the same size in the same round:\n\n",
		cmd, time.Now().Format("2006-01-02"), runtime.NumCPU(), cpuModel(), commas(float64(size)), rounds)
	fmt.Fprintln(w, "| sender | store | connections | messages/s | of smtp-source -d | peak RSS |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	names := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL", "smtp-source": "-"}
	for _, g := range all {
		sender := "`digest send`"
		if g.store == "smtp-source" {
			sender = "`smtp-source -d` (ceiling)"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %.2fx | %s |\n",
			sender, names[g.store], g.conns, commas(mean(g.rates)), mean(g.ratios), mb(g.rssKB, "%.0f MB"))
	}
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func minMax(xs []float64) (lo, hi float64) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

func mb(kb int, format string) string {
	if kb == 0 {
		return "-"
	}
	return fmt.Sprintf(format, float64(kb)/1024)
}

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

func seconds(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", d.Seconds())
}

func perMsg(d, msgs time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprint((d / msgs).Round(time.Microsecond))
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// commas writes 12345.6 as "12,346".
func commas(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
