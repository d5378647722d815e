package digest

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Delivery states of one (issue, subscriber) row in the ledger.
const (
	StateQueued = "queued"
	StateSent   = "sent"
	StateFailed = "failed"
)

// ErrSendInProgress is returned when another process is sending.
var ErrSendInProgress = errors.New("another digest send is running on this database")

// ErrDailyLimit is returned when smtp.max_per_day stopped a send early.
var ErrDailyLimit = errors.New("daily sending limit reached")

// StoredIssue is an issue as the store keeps it: rendered once, so that a
// resumed send mails exactly what the first run started with.
type StoredIssue struct {
	Number     int
	Date       time.Time
	Subject    string
	Preheader  string
	Rendered   Rendered
	ContentIDs []string
	// DueAt, when set, gives the time a subscriber's copy is due from the
	// subscriber's timezone attribute ("" when they have none): delivery at
	// each subscriber's local time. Nil: every copy is due at once.
	DueAt func(timezone string) time.Time
}

// Message is one recipient's copy of an issue.
type Message struct {
	Issue     int
	To        Recipient
	Subject   string
	HTML      string
	Text      string
	Links     Links
	MessageID string // local part; the sender adds its domain
}

// Sender delivers single messages (previews, the outbox).
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Transport opens connections that send an issue's messages.
type Transport interface {
	// Open returns a connection ready to send copies of the issue.
	Open(ctx context.Context, is *StoredIssue) (Conn, error)
}

// Conn is one connection of a Transport; it is used by one goroutine.
type Conn interface {
	Send(ctx context.Context, m *Message) error
	Close() error
}

// SendError is a failed delivery attempt, as the server or network reported it.
type SendError struct {
	Code      int    // SMTP reply code; 0 for network errors and timeouts
	Enhanced  string // enhanced status code, e.g. "5.1.1"
	Message   string
	Temporary bool // worth retrying later
	Broken    bool // the connection is unusable
	SlowDown  bool // the server asks us to send more slowly
	Err       error
}

func (e *SendError) Error() string {
	if e.Code == 0 {
		return e.Message
	}
	if e.Enhanced != "" {
		return fmt.Sprintf("%d %s %s", e.Code, e.Enhanced, e.Message)
	}
	return fmt.Sprintf("%d %s", e.Code, e.Message)
}

func (e *SendError) Unwrap() error { return e.Err }

// UnknownUser reports a permanent "no such mailbox" reply, which counts as
// a hard bounce.
func (e *SendError) UnknownUser() bool {
	return !e.Temporary && (e.Enhanced == "5.1.1" || e.Enhanced == "5.1.10" || (e.Enhanced == "" && e.Code == 550))
}

// Update is the new ledger state of one delivery.
type Update struct {
	Recipient Recipient
	State     string    // StateSent, StateFailed or StateQueued (to retry)
	NextAt    time.Time // when a queued delivery is due again
	MessageID string
	Err       *SendError // the last failure, if any
	Bounce    bool       // a hard bounce to count against the subscriber
}

// IssueStore keeps issues, the takeaways they used up, and the delivery
// ledger.
type IssueStore interface {
	SentStore
	// CreateIssue records the issue, its content IDs and a queued delivery
	// for every active subscriber, in one transaction.
	CreateIssue(ctx context.Context, is *StoredIssue) error
	// UnfinishedIssue returns the issue whose send has not finished, or nil.
	UnfinishedIssue(ctx context.Context) (*StoredIssue, error)
	// Due returns up to n queued recipients of the issue with an ID above
	// afterID whose next attempt is due at now, in ID order, with the
	// attempts each has had.
	Due(ctx context.Context, issue int, now time.Time, afterID int64, n int) ([]Due, error)
	// NextDue returns when the next queued delivery is due; ok is false
	// when none is queued.
	NextDue(ctx context.Context, issue int) (at time.Time, ok bool, err error)
	// Record writes updates to the ledger in one transaction, counting hard
	// bounces and marking a subscriber bounced at bounceThreshold.
	Record(ctx context.Context, issue int, updates []Update, bounceThreshold int) error
	// SentSince counts deliveries sent since t, across issues.
	SentSince(ctx context.Context, t time.Time) (int, error)
	// FinishIssue marks the issue's send as finished.
	FinishIssue(ctx context.Context, issue int) error
}

// Due is a queued delivery whose attempt is due.
type Due struct {
	Recipient Recipient
	Attempts  int
}
