package digest

import (
	"errors"
	"fmt"
)

// Class says what a failed attempt means for the send. The transport
// decides it (mailer has the one classifier); the deliverer acts on it.
type Class int

// The classes of failure.
const (
	// Permanent: the server refused this recipient or this message for
	// good (5xx). Not retried.
	Permanent Class = iota + 1
	// TempRecipient: a temporary refusal of this recipient (4xx at RCPT or
	// after DATA, greylisting, a busy mailbox). Retried after a back-off;
	// it delays only this recipient and uses one of its attempts.
	TempRecipient
	// Connection: the server could not be reached or the connection broke
	// before the message was complete (refused, timeout, TLS, 421 at the
	// greeting). The message was not delivered; the recipient's attempts
	// are not used up, and the send backs off before dialling again.
	Connection
	// SlowDown: the server asks for a lower rate (421, 4.7.0 "too many
	// connections/messages"). The whole send slows; the message goes back
	// in the queue without using an attempt.
	SlowDown
	// Unknown: the message was written but its reply was lost or late, so
	// it may have been delivered. Never resent at once.
	Unknown
	// Fatal: a problem of ours that no retry fixes (the server refused our
	// sender address or our credentials, the DKIM key cannot sign). The
	// send stops without using anyone's attempts.
	Fatal
)

var classNames = map[Class]string{Permanent: "permanent", TempRecipient: "temporary", Connection: "connection",
	SlowDown: "slow down", Unknown: "outcome unknown", Fatal: "fatal"}

func (c Class) String() string {
	if s, ok := classNames[c]; ok {
		return s
	}
	return fmt.Sprintf("class(%d)", int(c))
}

// SendError is a failed delivery attempt, as the server or network reported it.
type SendError struct {
	Class    Class
	Code     int    // SMTP reply code; 0 for network errors and timeouts
	Enhanced string // enhanced status code, e.g. "5.1.1"
	Message  string
	Err      error
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
	return e.Class == Permanent && (e.Enhanced == "5.1.1" || e.Enhanced == "5.1.10" || (e.Enhanced == "" && e.Code == 550))
}

// AsSendError returns err's SendError; anything else is a connection-level
// failure, since the transport did not say the message was refused.
func AsSendError(err error) *SendError {
	if err == nil {
		return nil
	}
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Class: Connection, Message: err.Error(), Err: err}
}
