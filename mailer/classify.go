package mailer

import (
	"errors"
	"net/textproto"
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// stage is where in an SMTP exchange a failure happened: the same reply
// means different things before and after the recipient was named.
type stage int

const (
	stageConnect stage = iota // dial, greeting, EHLO, STARTTLS, AUTH
	stageMail                 // MAIL FROM
	stageRcpt                 // RCPT TO
	stageData                 // the DATA command
	stageText                 // writing the message text, before its final dot
	stageReply                // the final dot and its reply
)

// slowDownText spots a server asking for a lower rate in a 4xx reply.
var slowDownText = regexp.MustCompile(`(?i)too many|\brate\b|rate.?limit|slow down|throttl|unusual rate|try again in a few`)

// classify is the one place that decides what a failure means for a send
// (see digest.Class):
//
//   - before the recipient is named (connect, MAIL): the server or our
//     setup is at fault, not the recipient: a network error or a 4xx is
//     Connection (SlowDown when it asks for less), a 5xx to the greeting,
//     AUTH or MAIL FROM is Fatal (our sender or credentials are refused);
//   - from RCPT to the end of the text: 5xx is Permanent, 4xx is
//     TempRecipient (SlowDown for 421 or a rate complaint), and a broken
//     connection is TempRecipient (it costs that recipient an attempt, so
//     one pathological recipient cannot stall a send for ever);
//   - after the final dot: a lost or late reply is Unknown, since the
//     server may have accepted the message.
func classify(err error, at stage) *digest.SendError {
	var se *digest.SendError
	if errors.As(err, &se) {
		return se
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return classifyReply(tp, at, err)
	}
	e := &digest.SendError{Message: err.Error(), Err: err}
	switch at {
	case stageConnect, stageMail:
		e.Class = digest.Connection
	case stageReply:
		e.Class = digest.Unknown
	default:
		e.Class = digest.TempRecipient
	}
	return e
}

func classifyReply(tp *textproto.Error, at stage, err error) *digest.SendError {
	e := &digest.SendError{Code: tp.Code, Message: tp.Msg, Err: err}
	if f := strings.Fields(tp.Msg); len(f) > 0 && enhanced(f[0]) {
		e.Enhanced, e.Message = f[0], strings.TrimSpace(strings.TrimPrefix(tp.Msg, f[0]))
	}
	temporary := tp.Code/100 == 4
	// A 421 closes the connection; at the greeting it is an outage unless it
	// says why, later it asks for less.
	slow := (tp.Code == 421 && at > stageConnect) || (temporary && (e.Enhanced == "4.7.0" || slowDownText.MatchString(e.Message)))
	switch {
	case slow:
		e.Class = digest.SlowDown
	case at <= stageMail && temporary:
		e.Class = digest.Connection
	case at <= stageMail:
		e.Class = digest.Fatal
	case temporary:
		e.Class = digest.TempRecipient
	default:
		e.Class = digest.Permanent
	}
	return e
}

// enhanced reports an RFC 3463 status code such as 5.1.1.
func enhanced(s string) bool {
	p := strings.Split(s, ".")
	if len(p) != 3 || (p[0] != "2" && p[0] != "4" && p[0] != "5") {
		return false
	}
	for _, x := range p[1:] {
		if x == "" || len(x) > 3 || strings.Trim(x, "0123456789") != "" {
			return false
		}
	}
	return true
}
