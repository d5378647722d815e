package mailer

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	"github.com/wneessen/go-mail/smtp"

	"github.com/digest-dev/digest/digest"
)

// errBroken is returned for a message on a connection that an earlier
// failure left unusable: nothing was sent, so the message may go out on a
// new connection at once.
var errBroken = errors.New("connection no longer usable")

// session runs SMTP transactions over a connection go-mail dialled (TLS
// and AUTH done). It writes the commands itself so that it can pipeline
// them (RFC 2920) when the server offers it and tell where a failure
// happened, which go-mail's client does not.
type session struct {
	c          *smtp.Client
	text       *textproto.Conn
	timeout    time.Duration
	pipelining bool
	broken     bool
}

func newSession(c *smtp.Client, timeout time.Duration, pipelining bool) *session {
	ok, _ := c.Extension("PIPELINING")
	return &session{c: c, text: c.Text, timeout: timeout, pipelining: pipelining && ok}
}

// command is one step of a transaction and the reply it needs.
type command struct {
	line   string
	expect int // as textproto.ReadResponse takes it: 25 means 25x
	at     stage
}

// send runs one transaction: MAIL, RCPT, DATA, then data: the text
// dot-stuffed, with its final dot (see Mail.Wire), in one write.
func (s *session) send(from, to string, data []byte) error {
	if s.broken {
		return classify(errBroken, stageMail)
	}
	if !safePath(to) {
		return &digest.SendError{Class: digest.Permanent, Message: fmt.Sprintf("refusing unsafe recipient address %q", to)}
	}
	if err := s.c.UpdateDeadline(s.timeout); err != nil {
		return s.fail(classify(err, stageMail), true)
	}
	cmds := [...]command{{"MAIL FROM:<" + from + ">", 250, stageMail}, {"RCPT TO:<" + to + ">", 25, stageRcpt}, {"DATA", 354, stageData}}
	if err := s.commands(cmds[:]); err != nil {
		return err
	}
	if _, err := s.text.W.Write(data); err != nil {
		return s.fail(classify(err, stageText), true)
	}
	if err := s.text.W.Flush(); err != nil {
		return s.fail(classify(err, stageText), true)
	}
	if _, _, err := s.text.ReadResponse(250); err != nil {
		return s.fail(classify(err, stageReply), !isReply(err))
	}
	return nil
}

// commands sends MAIL, RCPT and DATA: in one write when pipelining, then
// reading their replies in order; one at a time otherwise.
func (s *session) commands(cmds []command) error {
	if !s.pipelining {
		for _, c := range cmds {
			s.text.W.WriteString(c.line + "\r\n")
			if err := s.text.W.Flush(); err != nil {
				return s.fail(classify(err, c.at), true)
			}
			if _, _, err := s.text.ReadResponse(c.expect); err != nil {
				return s.fail(classify(err, c.at), !isReply(err))
			}
		}
		return nil
	}
	for _, c := range cmds {
		s.text.W.WriteString(c.line + "\r\n")
	}
	if err := s.text.W.Flush(); err != nil {
		return s.fail(classify(err, stageMail), true)
	}
	var first error // a refused command: the group's other replies are still read
	for _, c := range cmds {
		_, _, err := s.text.ReadResponse(c.expect)
		switch {
		case err != nil && !isReply(err):
			return s.fail(classify(err, c.at), true)
		case err != nil && first == nil:
			first = classify(err, c.at)
		case err == nil && c.at == stageData && first != nil:
			// The server took DATA although the group failed: end the
			// empty message at once (RFC 2920 section 3.1).
			s.text.W.WriteString(".\r\n")
			if ferr := s.text.W.Flush(); ferr != nil {
				return s.fail(first, true)
			}
			s.text.ReadResponse(250)
		}
	}
	if first != nil {
		return s.fail(first, false)
	}
	return nil
}

// fail records that the transaction failed. A refused command leaves the
// connection usable after RSET; a network failure does not.
func (s *session) fail(err error, broken bool) error {
	if !broken {
		s.text.PrintfLine("RSET")
		if _, _, rerr := s.text.ReadResponse(250); rerr != nil {
			broken = true
		}
	}
	s.broken = s.broken || broken
	return err
}

// safePath reports whether an address can go between the angle brackets
// of RCPT TO without changing the command.
func safePath(addr string) bool {
	return addr != "" && !strings.ContainsAny(addr, "<>\r\n\x00 ")
}

func isReply(err error) bool {
	var tp *textproto.Error
	return errors.As(err, &tp)
}

// close ends the session politely when it can.
func (s *session) close() error {
	if !s.broken {
		s.c.UpdateDeadline(time.Second)
		s.c.Quit()
	}
	return s.c.Close()
}
