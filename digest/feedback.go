package digest

import (
	"context"
	"time"
)

// Kinds of feedback from the receiving side.
const (
	// FeedbackHard is a permanent failure of the address itself (user
	// unknown, domain not found): it counts toward the bounce threshold.
	FeedbackHard = "hard"
	// FeedbackSoft is a failure that may pass (4.x.x, mailbox full, a
	// message refused for its content): only a run of them within a window
	// marks a subscriber bounced.
	FeedbackSoft = "soft"
	// FeedbackComplaint is a "this is spam" report: the subscriber is
	// unsubscribed at once.
	FeedbackComplaint = "complaint"
)

// Feedback is one report about a message we sent that came back from the
// receiving side, hours later: a bounce or a complaint.
type Feedback struct {
	Kind       string // FeedbackHard, FeedbackSoft or FeedbackComplaint
	Issue      int    // the issue the message belonged to; 0 when unknown
	Subscriber int64  // 0 when unknown: then Email names the recipient
	Email      string // the recipient as the report names it; may be empty
	// Verified says Subscriber (or, without one, Email) comes from a source
	// we can trust: a signed VERP token or a provider's signed webhook. An
	// unverified Subscriber (read from a Message-ID anyone can quote) counts
	// only when Email is that subscriber's address.
	Verified bool
	Status   string // enhanced status code, e.g. "5.1.1"; may be empty
	Detail   string // the diagnostic, or the complaint's feedback type
	Source   string // where it came from: "mailbox", "ses", "mailgun"
	Key      string // unique per report: the same key again changes nothing
}

// FeedbackPolicy turns reports into status changes.
type FeedbackPolicy struct {
	HardThreshold int           // hard bounces before bounced (smtp.bounce_threshold); 0: 1
	SoftThreshold int           // soft bounces within SoftWindow before bounced; 0: 5
	SoftWindow    time.Duration // 0: 30 days
}

// Normalised returns the policy with its zero values replaced by defaults.
func (p FeedbackPolicy) Normalised() FeedbackPolicy {
	if p.HardThreshold <= 0 {
		p.HardThreshold = 1
	}
	if p.SoftThreshold <= 0 {
		p.SoftThreshold = 5
	}
	if p.SoftWindow <= 0 {
		p.SoftWindow = 30 * 24 * time.Hour
	}
	return p
}

// What applying a report did.
const (
	OutcomeRecorded     = "recorded"      // counted against a subscriber
	OutcomeDuplicate    = "duplicate"     // the same report was applied before
	OutcomeNoSubscriber = "no_subscriber" // attributed, but the subscriber is gone
	OutcomeUnattributed = "unattributed"  // no subscriber could be trusted to match
)

// FeedbackResult is what applying one report did.
type FeedbackResult struct {
	Outcome    string // one of the Outcome constants
	Subscriber int64
	Email      string
	NewStatus  string // the subscriber's new status, "" when unchanged
	Suppressed bool   // the address went on the suppression list
}

// FeedbackStore applies reports: each one is recorded, counted and acted
// on in one transaction.
type FeedbackStore interface {
	ApplyFeedback(ctx context.Context, f Feedback, p FeedbackPolicy) (FeedbackResult, error)
}
