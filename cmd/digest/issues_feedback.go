package main

import (
	"context"
	"fmt"
	"io"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/subscribers"
)

// complaintWarn is the complaint rate above which issues list warns:
// mailbox providers want bulk senders well under 0.3 %.
const complaintWarn = 0.001

// issueView is an issue with its bounces and complaints, as the issues
// commands print it.
type issueView struct {
	subscribers.IssueSummary
	Bounced       int     `json:"bounced"`
	Complained    int     `json:"complained"`
	BounceRate    float64 `json:"bounce_rate"`    // bounced / sent
	ComplaintRate float64 `json:"complaint_rate"` // complained / sent
}

// withFeedback adds each issue's bounce and complaint counts.
func withFeedback(ctx context.Context, st *subscribers.Store, issues []subscribers.IssueSummary) ([]issueView, error) {
	fb, err := st.IssueFeedback(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]issueView, len(issues))
	for i, is := range issues {
		c := fb[is.Number]
		v := issueView{IssueSummary: is, Bounced: c.Bounced, Complained: c.Complained}
		if sent := is.Counts[digest.StateSent]; sent > 0 {
			v.BounceRate, v.ComplaintRate = float64(c.Bounced)/float64(sent), float64(c.Complained)/float64(sent)
		}
		out[i] = v
	}
	return out, nil
}

func percent(r float64) string { return fmt.Sprintf("%.2f%%", 100*r) }

// warnComplaints writes a warning for each issue above complaintWarn.
func warnComplaints(w io.Writer, issues []issueView) {
	for _, is := range issues {
		if is.ComplaintRate > complaintWarn {
			fmt.Fprintf(w, "digest: warning: issue %d has a complaint rate of %s (%d of %d), above 0.1%%: Gmail and Yahoo throttle or reject bulk senders above 0.3%%\n",
				is.Number, percent(is.ComplaintRate), is.Complained, is.Counts[digest.StateSent])
		}
	}
}
