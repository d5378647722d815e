package bounce

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/digest-dev/digest/digest"
)

// Counts sums up one fetch of the mailbox.
type Counts struct {
	Messages     int `json:"messages"`
	Hard         int `json:"hard_bounces"`
	Soft         int `json:"soft_bounces"`
	Complaints   int `json:"complaints"`
	AutoReplies  int `json:"auto_replies"`
	Ignored      int `json:"ignored"`      // delays, not-spam reports, subscribers no longer on the list
	Duplicates   int `json:"duplicates"`   // reports applied by an earlier fetch
	Unattributed int `json:"unattributed"` // kept for a person to read
	Bounced      int `json:"marked_bounced"`
	Unsubscribed int `json:"unsubscribed"`
	Deleted      int `json:"deleted"`
	Kept         int `json:"kept"`
}

// Fetcher processes the bounce mailbox: each message is classified, its
// bounce or complaint applied, and the message deleted (when Mailbox.Delete is set)
// once it is handled. A message that cannot be attributed is kept and
// counted, never deleted.
type Fetcher struct {
	Mailbox    MailboxConfig
	Classifier *Classifier
	Store      digest.FeedbackStore
	Policy     digest.FeedbackPolicy
	Log        *slog.Logger
	// Open replaces OpenMailbox (tests); nil: OpenMailbox.
	Open func(ctx context.Context, cfg MailboxConfig) (Mailbox, error)
}

// Fetch reads the mailbox once. A store error stops it; messages handled
// until then are deleted as usual, the rest stay for the next fetch.
func (f *Fetcher) Fetch(ctx context.Context) (Counts, error) {
	var c Counts
	open := f.Open
	if open == nil {
		open = OpenMailbox
	}
	if f.Log == nil {
		f.Log = slog.New(slog.DiscardHandler)
	}
	mb, err := open(ctx, f.Mailbox)
	if err != nil {
		return c, err
	}
	refs, err := mb.List(ctx)
	if err == nil {
		err = f.each(ctx, mb, refs, &c)
	}
	if cerr := mb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("bounce mailbox: close: %w", cerr)
	}
	return c, err
}

func (f *Fetcher) each(ctx context.Context, mb Mailbox, refs []Ref, c *Counts) error {
	for _, r := range refs {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := mb.Fetch(ctx, r)
		if err != nil {
			return err
		}
		c.Messages++
		handled, err := f.process(ctx, raw, c)
		if err != nil {
			return err
		}
		if err := f.dispose(ctx, mb, r, handled, c); err != nil {
			return err
		}
	}
	return nil
}

func (f *Fetcher) dispose(ctx context.Context, mb Mailbox, r Ref, handled bool, c *Counts) error {
	if !handled {
		c.Unattributed++
		c.Kept++
		return mb.Keep(ctx, r)
	}
	if f.Mailbox.Delete {
		c.Deleted++
	} else {
		c.Kept++
	}
	return mb.Done(ctx, r)
}

// process classifies and applies one message; handled is false for one
// that cannot be attributed.
func (f *Fetcher) process(ctx context.Context, raw []byte, c *Counts) (handled bool, err error) {
	rep := f.Classifier.Classify(raw)
	switch rep.Kind {
	case KindAutoReply:
		c.AutoReplies++
		return true, nil
	case KindIgnored:
		c.Ignored++
		return true, nil
	case KindUnknown:
		f.Log.Info("bounce mailbox: message not recognised; kept", "why", rep.Why)
		return false, nil
	}
	res, err := f.Store.ApplyFeedback(ctx, *rep.Feedback, f.Policy)
	if err != nil {
		return false, err
	}
	return count(c, rep, res, f.Log), nil
}

// count adds an applied report to the counts; it reports whether the
// message is handled.
func count(c *Counts, rep Report, res digest.FeedbackResult, log *slog.Logger) bool {
	switch res.Outcome {
	case digest.OutcomeDuplicate:
		c.Duplicates++
		return true
	case digest.OutcomeNoSubscriber:
		c.Ignored++
		return true
	case digest.OutcomeUnattributed:
		log.Info("bounce mailbox: cannot tell whose message this is; kept", "format", rep.Format, "why", rep.Why)
		return false
	}
	switch rep.Feedback.Kind {
	case digest.FeedbackHard:
		c.Hard++
	case digest.FeedbackSoft:
		c.Soft++
	default:
		c.Complaints++
	}
	switch res.NewStatus {
	case "bounced":
		c.Bounced++
	case "unsubscribed":
		c.Unsubscribed++
	}
	log.Info("bounce mailbox: "+string(rep.Kind), "subscriber", res.Subscriber, "kind", rep.Feedback.Kind,
		"status", rep.Feedback.Status, "new_status", res.NewStatus)
	return true
}
