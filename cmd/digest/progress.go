package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/digest-dev/digest/digest"
)

// progress draws a one-line progress bar on stderr while stdout is a
// terminal; otherwise it stays silent and callers log instead.
type progress struct {
	w     io.Writer
	on    bool
	total int64
	start time.Time
	last  time.Time
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (d *deps) newProgress(total int64) *progress {
	return &progress{w: d.stderr, on: isTerminal(d.stdout), total: total, start: time.Now()}
}

// update redraws the bar at most ten times a second.
func (p *progress) update(done int64, detail string) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	frac := 0.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	bar := strings.Repeat("█", int(frac*width)) + strings.Repeat("░", width-int(frac*width))
	eta := ""
	if elapsed := time.Since(p.start); frac > 0.01 && frac < 1 {
		eta = " ETA " + (time.Duration(float64(elapsed)/frac) - elapsed).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s %3.0f%% %s%s\x1b[K", bar, frac*100, detail, eta)
}

// done clears the bar.
func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// sendProgress reports a send: a bar on a terminal, else a log line every
// five seconds. Once the heartbeat brings the issue-wide counts, the bar
// counts the whole issue, every worker's deliveries included. The
// second func clears the bar.
func (d *deps) sendProgress(issue, queued int) (func(digest.Progress), func()) {
	bar := d.newProgress(int64(queued))
	var last time.Time
	start := time.Now()
	return func(p digest.Progress) {
		done, sent, workers := p.Sent+p.Failed, p.Sent, 1
		if p.Counts != nil {
			total := 0
			for _, n := range p.Counts {
				total += n
			}
			bar.total = int64(total)
			// the ledger's counts, and this run's outcomes since they were read
			sentSince, failedSince := p.Sent-p.CountedSent, p.Failed-p.CountedFailed
			done = total - p.Counts[digest.StateQueued] + sentSince + failedSince
			sent, workers = p.Counts[digest.StateSent]+sentSince, max(p.Live, 1)
		}
		rate := float64(p.Sent+p.Failed) / max(time.Since(start).Seconds(), 0.001)
		if bar.on {
			detail := fmt.Sprintf("issue %d: %d sent, %d failed, %d retrying, %.0f/s", issue, sent, p.Failed, p.Retrying, rate)
			if workers > 1 {
				detail += fmt.Sprintf(" here, %d workers", workers)
			}
			bar.update(int64(done), detail)
			return
		}
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			d.log.Info("sending", "issue", issue, "sent", p.Sent, "failed", p.Failed, "retrying", p.Retrying,
				"per_second", int(rate), "issue_sent", sent, "issue_done", done, "workers", workers)
		}
	}, bar.done
}
