package mailtest

import (
	"bytes"
	"net"
	"regexp"
	"sync"
)

// RFC 5321 limits (section 4.5.3.1): a command line, and a line of message
// text, each counted with its CRLF.
const (
	maxCommandLine = 512
	maxTextLine    = 1000
	maxBuffered    = 64 << 10
)

// go-smtp accepts what strict servers (Postfix, mailpit, Gmail) refuse: a
// bare "MAIL FROM:addr", bare LF line ends, over-long lines, pipelining the
// server did not offer. strictConn stands between the client and go-smtp
// and enforces RFC 5321 on the wire, so a client that passes these tests
// passes a strict server too. A bad command is rewritten into one go-smtp
// rejects (so replies stay in order); bad message text is reported by the
// session after DATA; a protocol-synchronisation error drops the connection,
// as Postfix does.
type strictConn struct {
	net.Conn
	srv *Server

	buf       []byte // for reads from the client
	mu        sync.Mutex
	in, out   []byte // read from the client; checked and ready for go-smtp
	replyTail []byte // an unfinished reply line written by go-smtp
	pending   int    // replies the client is owed (the greeting first)
	lastCmd   string // the verb of the last command still owed a reply
	data      bool   // inside message text, between 354 and "."
	awaitData bool   // DATA forwarded, 354 not yet seen
	eightBit  bool   // the transaction declared 8-bit content
	violation string // what was wrong with the message text, if anything
}

var (
	mailFromRE = regexp.MustCompile(`(?i)^MAIL FROM:<[^<>\s]*>( [ -~]+)?$`)
	rcptToRE   = regexp.MustCompile(`(?i)^RCPT TO:<[^<>\s]+>( [ -~]+)?$`)
	eightBitRE = regexp.MustCompile(`(?i) (BODY=8BITMIME|SMTPUTF8)\b`)
)

// notPipelinable are the commands after which a client must wait for the
// reply even when PIPELINING is offered (RFC 2920 section 3.1).
var notPipelinable = map[string]bool{"EHLO": true, "HELO": true, "DATA": true, "AUTH": true,
	"STARTTLS": true, "QUIT": true, "NOOP": true, "VRFY": true, "EXPN": true, "TURN": true}

func newStrictConn(c net.Conn, srv *Server) *strictConn {
	return &strictConn{Conn: c, srv: srv, pending: 1}
}

// Read hands go-smtp only checked, whole lines.
func (c *strictConn) Read(b []byte) (int, error) {
	if c.buf == nil {
		c.buf = make([]byte, 32<<10)
	}
	for {
		c.mu.Lock()
		if len(c.out) > 0 {
			n := copy(b, c.out)
			c.out = c.out[n:]
			c.mu.Unlock()
			return n, nil
		}
		c.mu.Unlock()
		n, err := c.Conn.Read(c.buf)
		if n > 0 {
			c.mu.Lock()
			drop := c.take(c.buf[:n])
			c.mu.Unlock()
			if drop {
				c.Conn.Close()
				return 0, net.ErrClosed
			}
			continue
		}
		if err != nil {
			return 0, err
		}
	}
}

// take checks the new bytes line by line; it reports a protocol error
// that must end the connection.
func (c *strictConn) take(p []byte) (drop bool) {
	if c.awaitData || (c.pending > 0 && !c.data && c.mustWait()) {
		return true // sent before the reply it had to wait for
	}
	c.in = append(c.in, p...)
	for {
		i := bytes.IndexByte(c.in, '\n')
		if i < 0 {
			return len(c.in) > maxBuffered // a line with no end in sight
		}
		line := c.in[:i+1]
		c.in = c.in[i+1:]
		if c.data {
			c.text(line)
			continue
		}
		if c.pending > 0 && c.mustWait() {
			return true
		}
		if c.pending > 0 {
			c.srv.notePipelined()
		}
		c.command(line)
	}
}

// mustWait reports whether the client had to wait for the pending reply:
// always without PIPELINING, and after a command that ends a group with it.
func (c *strictConn) mustWait() bool {
	return c.srv.NoPipelining || c.lastCmd == "" || notPipelinable[c.lastCmd]
}

func (c *strictConn) command(line []byte) {
	c.pending++
	body, ok := bytes.CutSuffix(line, []byte("\r\n"))
	verb := string(bytes.ToUpper(bytes.SplitN(body, []byte(" "), 2)[0]))
	c.lastCmd = verb
	switch {
	case !ok || bytes.IndexByte(body, '\r') >= 0 || bytes.IndexByte(body, '\n') >= 0:
		line = []byte("XBARELF\r\n")
	case len(line) > maxCommandLine:
		line = []byte("XLINETOOLONG\r\n")
	case verb == "MAIL" && !mailFromRE.Match(body):
		line = []byte("MAIL FROM:<<bare-path-refused>\r\n")
	case verb == "RCPT" && !rcptToRE.Match(body):
		line = []byte("RCPT TO:<<bare-path-refused>\r\n")
	case verb == "MAIL":
		c.eightBit = eightBitRE.Match(body)
	case verb == "DATA":
		c.awaitData = true
	}
	c.out = append(c.out, line...)
}

func (c *strictConn) text(line []byte) {
	c.out = append(c.out, line...)
	if string(line) == ".\r\n" {
		c.data = false
		c.pending++
		c.lastCmd = "."
		return
	}
	body, ok := bytes.CutSuffix(line, []byte("\r\n"))
	switch {
	case c.violation != "":
	case !ok || bytes.IndexByte(body, '\r') >= 0:
		c.violation = "bare LF or CR in message text"
	case len(line) > maxTextLine:
		c.violation = "message text line longer than 1000 octets"
	case !c.eightBit && hasEightBit(body):
		c.violation = "8-bit message text without BODY=8BITMIME"
	}
}

func hasEightBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// Write passes go-smtp's replies to the client, counting them off, and
// hides PIPELINING when the server is not to offer it.
func (c *strictConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	out := p
	if c.srv.NoPipelining {
		out = bytes.ReplaceAll(p, []byte("250-PIPELINING\r\n"), nil)
	}
	c.replyTail = append(c.replyTail, p...)
	for {
		i := bytes.IndexByte(c.replyTail, '\n')
		if i < 0 {
			break
		}
		c.reply(c.replyTail[:i+1])
		c.replyTail = c.replyTail[i+1:]
	}
	c.mu.Unlock()
	if _, err := c.Conn.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// reply notes one reply line; the last line of a reply has a space (or
// nothing) after its code.
func (c *strictConn) reply(line []byte) {
	if len(line) < 5 || line[3] == '-' {
		return
	}
	c.pending--
	if c.pending > 0 {
		return
	}
	c.pending, c.lastCmd = 0, ""
	if c.awaitData { // DATA ends a group: its reply is the last one owed
		c.awaitData = false
		if bytes.HasPrefix(line, []byte("354")) {
			c.data = true
			c.violation = ""
		}
	}
}

// takeViolation returns and clears what was wrong with the last message text.
func (c *strictConn) takeViolation() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.violation
	c.violation = ""
	return v
}

// strictListener wraps each accepted connection, and answers a refused one
// itself (a 421 at the greeting).
type strictListener struct {
	net.Listener
	srv *Server
}

func (l strictListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if f := l.srv.Greeting; f != nil {
			if reply := f(); reply != "" {
				c.Write([]byte(reply + "\r\n"))
				c.Close()
				continue
			}
		}
		return newStrictConn(c, l.srv), nil
	}
}
