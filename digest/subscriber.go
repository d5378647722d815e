package digest

import "time"

// Subscriber statuses.
const (
	StatusPending      = "pending"      // signed up on the web, not yet confirmed
	StatusActive       = "active"       // receives every issue
	StatusUnsubscribed = "unsubscribed" // asked to stop
	StatusBounced      = "bounced"      // the address does not take mail
)

// Subscriber is one address on the list.
type Subscriber struct {
	ID              int64             `json:"id"`
	Email           string            `json:"email"`
	Name            string            `json:"name"`
	Status          string            `json:"status"`
	Attributes      map[string]string `json:"attributes"`
	ConsentSource   string            `json:"consent_source"`
	ConsentAt       time.Time         `json:"consent_at"`
	ConsentIP       string            `json:"consent_ip,omitempty"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
	StatusChangedAt time.Time         `json:"status_changed_at"`
}

// Consent events, kept next to the original consent record so that a
// subscriber's history is never overwritten.
const (
	ConsentRequested    = "requested"    // asked on the web form while unsubscribed: nothing changes until confirmed
	ConsentConfirmed    = "confirmed"    // followed a confirmation link
	ConsentUnsubscribed = "unsubscribed" // one-click, the page's button, the CLI, a complaint
	ConsentResubscribed = "resubscribed" // by the list owner (CLI, import --resubscribe)
)

// Consent is one event of a subscriber's consent history.
type Consent struct {
	Event  string    `json:"event"`
	Source string    `json:"source"` // web, cli, import, complaint, ...
	At     time.Time `json:"at"`
	IP     string    `json:"ip,omitempty"`
}

// Signed link purposes (see the links package): a token for one purpose is
// worthless for another.
const (
	LinkUnsubscribe = "unsubscribe"
	LinkConfirm     = "confirm"
)
