package digest

import (
	"context"
	"errors"
	"time"
)

// Delivery states of one (issue, subscriber) row in the ledger.
const (
	StateQueued = "queued" // waiting for its first attempt, or for a retry within the send
	StateSent   = "sent"
	StateFailed = "failed" // for good: a permanent reply, or too long in the queue
	// StateDeferred ran out of attempts on temporary failures: later sends
	// (and digest run, on its own) retry it until the queue lifetime ends.
	StateDeferred = "deferred"
	// StateUnconfirmed may have been delivered: the message was written
	// but the server's reply to it was lost.
	StateUnconfirmed = "unconfirmed"
	// StateSkipped was never sent: the subscriber unsubscribed, bounced or
	// was removed before their copy was due.
	StateSkipped = "skipped"
)

// States lists every delivery state.
var States = []string{StateQueued, StateSent, StateFailed, StateDeferred, StateUnconfirmed, StateSkipped}

// ErrSendInProgress is returned when another process is sending.
var ErrSendInProgress = errors.New("another digest send is running on this database")

// ErrDailyLimit is returned when smtp.max_per_day stopped a send early.
var ErrDailyLimit = errors.New("daily sending limit reached")

// StoredIssue is an issue as the store keeps it: rendered once, so that a
// resumed send mails exactly what the first run started with. Previews and
// confirmation mails are sent as stored issues too (Number 0 for the
// latter), so that every message takes the same road.
type StoredIssue struct {
	Number     int
	Date       time.Time
	Subject    string
	Preheader  string
	Rendered   Rendered
	ContentIDs []string
	// Salt makes the issue's Message-IDs unique across installations and
	// restored databases; a resend of one delivery keeps its Message-ID.
	Salt string
	// Created is when the issue was queued: the queue lifetime counts from it.
	Created time.Time
	// Content is what the issue holds, as assembled, for its public archive
	// page and the feed; nil for issues stored before it was kept.
	Content *Content
	// DueAt, when set, gives the time a subscriber's copy is due from the
	// subscriber's timezone attribute ("" when they have none): delivery at
	// each subscriber's local time. Nil: every copy is due at once.
	DueAt func(timezone string) time.Time
}

// IssueSummary is an issue as lists show it: the archive, issues list.
type IssueSummary struct {
	Number  int            `json:"number"`
	Date    time.Time      `json:"date"`
	Subject string         `json:"subject"`
	State   string         `json:"state"`
	Counts  map[string]int `json:"deliveries"`        // deliveries per state, when asked for
	Leads   []string       `json:"stories,omitempty"` // its story titles
}

// Content is an issue's content, as its archive page shows it.
type Content struct {
	Intro   []string `json:"intro"`
	Stories []Story  `json:"stories"`
	Outro   []string `json:"outro"`
}

// Stored is the issue as the store keeps it, rendered: the one mapping
// from an assembled issue to what a send (or a resumed one) works from.
func (is *Issue) Stored(r *Rendered) *StoredIssue {
	return &StoredIssue{Number: is.Number, Date: is.Date, Subject: is.Subject, Preheader: is.Preheader,
		Rendered: *r, ContentIDs: is.ContentIDs, Content: &Content{Intro: is.Intro, Stories: is.Stories, Outro: is.Outro}}
}

// Message is one recipient's copy of a stored issue.
type Message struct {
	Issue     int
	To        Recipient
	Links     Links
	MessageID string // local part; the sender adds its domain
}

// Transport opens connections that send copies of a stored issue. Every
// message, bulk or single, goes through one: the issue is built once as a
// template and each copy is filled in.
type Transport interface {
	// Open returns a connection ready to send copies of the issue.
	Open(ctx context.Context, is *StoredIssue) (Conn, error)
}

// Conn is one connection of a Transport; it is used by one goroutine. Send
// returns a *SendError when the copy was not delivered.
type Conn interface {
	Send(ctx context.Context, m *Message) error
	Close() error
}

// Update is the new ledger state of one delivery.
type Update struct {
	Recipient Recipient
	State     string    // one of the State constants
	NextAt    time.Time // when a queued or deferred delivery is due again
	MessageID string
	Err       *SendError // the last failure, if any
	Bounce    bool       // a hard bounce to count against the subscriber
	Attempt   bool       // the attempt counts against the recipient's attempts
	Unknown   bool       // the outcome of this attempt is unknown
}

// DueQuery claims deliveries whose attempt is due.
type DueQuery struct {
	Issue    int
	Now      time.Time // due at this time
	After    int64     // subscriber IDs above this
	Limit    int
	Deferred bool     // deferred deliveries rather than queued ones
	Attrs    []string // the subscriber attributes the issue uses
	// Worker claims them until LeaseUntil (renewed while it works), on a
	// store where several senders share a send: no other sender gets them
	// meanwhile, and a dead sender's rows come back when the lease ends.
	Worker     string
	LeaseUntil time.Time
}

// Batch is a group of outcomes a worker records together.
type Batch struct {
	Issue           int
	Worker          string
	Updates         []Update
	BounceThreshold int // hard bounces before a subscriber is bounced
}

// Waiting says when an issue's queued deliveries are next due, for the
// sender that asks: its first attempts (copies due at the reader's local
// time, or held back by an outage), its retries, and the leases other
// senders hold (their rows come back if those senders die); zero when none.
type Waiting struct {
	First, Retry, Leased time.Time
}

// Worker is one process taking part in a send.
type Worker struct {
	ID      string // host, pid and start time
	Host    string
	PID     int
	Started time.Time
}

// Beat is what a worker tells the others, every few seconds of a send.
type Beat struct {
	Issue     int
	Worker    Worker
	Sent      int  // messages it sent in this send
	SlowDowns int  // slow-down replies it has seen
	Done      bool // it has stopped taking part (it holds nothing more)
	// Counts asks for the issue's delivery counts: a pass over its ledger,
	// so a worker asks every few beats, not every one.
	Counts bool
	// Reserve, when smtp.max_per_day is set, is called by the store with
	// the beat locked against the other workers': the day's messages
	// sent so far, what the other live workers hold of the day's budget,
	// and how many workers are live. It returns what this worker holds
	// from now on (its unspent budget and its messages not yet recorded),
	// which the store keeps for the others to count: so the workers never
	// hold more between them than the day has left.
	Reserve func(sent, othersHold, live int) (hold int)
}

// Pulse is what a worker learns from the others' beats.
type Pulse struct {
	Live      int            // workers taking part, this one included
	SlowDowns int            // slow-down replies all of them have seen
	Counts    map[string]int // the issue's deliveries per state, when asked for
}

// Due is a delivery whose attempt is due.
type Due struct {
	Recipient Recipient
	Attempts  int  // attempts that counted so far
	Unknowns  int  // earlier attempts whose outcome was unknown
	Deferred  bool // it had run out of attempts in an earlier send
}

// IssueStore keeps issues, the takeaways they used up, and the delivery
// ledger.
type IssueStore interface {
	SentStore
	// CreateIssue records the issue, its content IDs and a queued delivery
	// for every active subscriber, in one transaction.
	CreateIssue(ctx context.Context, is *StoredIssue) error
	// UnfinishedIssue returns the oldest issue whose send has not finished, or nil.
	UnfinishedIssue(ctx context.Context) (*StoredIssue, error)
	// Due claims the deliveries q asks for, in subscriber ID order. Only
	// active subscribers' deliveries are returned; the others are marked
	// skipped.
	Due(ctx context.Context, q DueQuery) ([]Due, error)
	// Renew extends the worker's claims on the issue's deliveries.
	Renew(ctx context.Context, issue int, worker string, until time.Time) error
	// Heartbeat records a worker's beat and returns the send's pulse.
	Heartbeat(ctx context.Context, b Beat) (Pulse, error)
	// StillActive returns which of the subscriber IDs are still active, so
	// that a change made during a send is honoured.
	StillActive(ctx context.Context, ids []int64) (map[int64]bool, error)
	// Pending says when the issue's queued deliveries are next due, for
	// worker at now.
	Pending(ctx context.Context, issue int, worker string, now time.Time) (Waiting, error)
	// DeferRetries turns the issue's queued retries that no live worker
	// holds into deferred deliveries, left to later sends; it returns how
	// many.
	DeferRetries(ctx context.Context, issue int, now time.Time) (int, error)
	// Record writes a batch of outcomes to the ledger in one transaction,
	// ending the worker's claims on them, counting hard bounces and marking
	// a subscriber bounced at the threshold.
	Record(ctx context.Context, b Batch) error
	// FinishIssue marks the issue's send as finished.
	FinishIssue(ctx context.Context, issue int) error
	// DeferredIssues lists issues created after since with deferred
	// deliveries due at now.
	DeferredIssues(ctx context.Context, since, now time.Time) ([]*StoredIssue, error)
	// ExpireDeferred fails the deferred deliveries of issues created before
	// t, keeping their last reply; it returns how many.
	ExpireDeferred(ctx context.Context, before time.Time) (int, error)
}
