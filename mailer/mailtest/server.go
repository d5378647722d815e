// Package mailtest runs a real SMTP server (emersion/go-smtp) on loopback
// for tests and benchmarks: it records what it receives and can inject the
// faults real servers produce (temporary and permanent rejections, dropped
// connections, slowness). It is at least as strict as the servers digest
// meets in the world: it refuses what RFC 5321 refuses (bare paths in MAIL
// and RCPT, bare LF, over-long lines, pipelining it did not offer), which
// go-smtp alone would accept.
package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server on 127.0.0.1 with a random port.
type Server struct {
	Addr string // host:port
	Host string
	Port int
	// Listen, when set before the server starts, is the address to listen
	// on instead of a random port (a server that comes back after an outage).
	Listen string

	// Faults, set before the first connection.
	// MailErr, when set, may reject the envelope sender.
	MailErr func(from string) error
	// RcptErr, when set, may reject a recipient; attempt counts from 1.
	RcptErr func(to string, attempt int) error
	// DataErr, when set, may reject a message after DATA.
	DataErr func(to []string) error
	// DropAfter closes each connection after it has accepted this many messages (0: never).
	DropAfter int
	// Delay is slept before answering each command that carries mail.
	Delay time.Duration
	// RcptDelay, when set, is slept before answering RCPT for a recipient.
	RcptDelay func(to string) time.Duration
	// Username and Password, when set, require AUTH PLAIN.
	Username, Password string
	// Discard keeps counts only, not the messages (benchmarks).
	Discard bool
	// NoPipelining stops the server offering PIPELINING (RFC 2920); a
	// client that pipelines anyway is disconnected, as Postfix does.
	NoPipelining bool
	// Greeting, when set, may refuse a new connection with a reply such as
	// "421 4.7.0 too many connections" instead of the 220 greeting.
	Greeting func() string
	// DataReplyDelay is slept after a message was accepted, before the
	// reply to its final dot: the message is delivered, but a client with
	// a shorter timeout does not hear so.
	DataReplyDelay time.Duration

	srv      *smtp.Server
	mu       sync.Mutex
	messages []Message
	copies   map[string]int
	attempts map[string]int
	conns    int
	pipeline int
}

// Start serves on 127.0.0.1:0 until Close. Configure faults with the
// optional setup function, which runs before the server accepts.
func Start(setup func(*Server)) (*Server, error) {
	s := &Server{copies: map[string]int{}, attempts: map[string]int{}}
	if setup != nil {
		setup(s)
	}
	if s.Listen == "" {
		s.Listen = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", s.Listen)
	if err != nil {
		return nil, err
	}
	s.Addr = l.Addr().String()
	s.Host = "127.0.0.1"
	s.Port = l.Addr().(*net.TCPAddr).Port
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "mailtest.localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.ErrorLog = quietLog{}
	go s.srv.Serve(strictListener{Listener: l, srv: s})
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Messages returns a copy of what was accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Copies returns how many messages each recipient received.
func (s *Server) Copies() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.copies))
	for k, v := range s.copies {
		out[k] = v
	}
	return out
}

// Total is the number of messages accepted.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.copies {
		n += v
	}
	return n
}

// Connections is the number of connections accepted so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Pipelined counts commands the client sent before the reply to the one
// before (RFC 2920 pipelining).
func (s *Server) Pipelined() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pipeline
}

func (s *Server) notePipelined() {
	s.mu.Lock()
	s.pipeline++
	s.mu.Unlock()
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return &session{srv: s, conn: c}, nil
}

type session struct {
	srv      *Server
	conn     *smtp.Conn
	authed   bool
	from     string
	to       []string
	accepted int
}

func (ss *session) AuthMechanisms() []string {
	if ss.srv.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.srv.Username || pass != ss.srv.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.Username != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	if d := ss.srv.DropAfter; d > 0 && ss.accepted >= d {
		// Drop between messages: every accepted message was acknowledged,
		// so a correct client resends nothing that arrived.
		ss.conn.Close()
		return errors.New("connection dropped")
	}
	ss.srv.sleep()
	if f := ss.srv.MailErr; f != nil {
		if err := f(from); err != nil {
			return err
		}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.sleep()
	if f := ss.srv.RcptDelay; f != nil {
		time.Sleep(f(to))
	}
	if f := ss.srv.RcptErr; f != nil {
		ss.srv.mu.Lock()
		ss.srv.attempts[to]++
		n := ss.srv.attempts[to]
		ss.srv.mu.Unlock()
		if err := f(to, n); err != nil {
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	ss.srv.sleep()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	if sc, ok := ss.conn.Conn().(*strictConn); ok {
		if v := sc.takeViolation(); v != "" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: v}
		}
	}
	if f := ss.srv.DataErr; f != nil {
		if err := f(ss.to); err != nil {
			return err
		}
	}
	ss.srv.record(Message{From: ss.from, To: ss.to, Data: buf.Bytes()})
	ss.accepted++
	if d := ss.srv.DataReplyDelay; d > 0 {
		time.Sleep(d)
	}
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, to := range m.To {
		s.copies[strings.ToLower(to)]++
	}
	if !s.Discard {
		s.messages = append(s.messages, m)
	}
}

func (s *Server) sleep() {
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
}

// Reply builds an SMTP error reply such as 451 4.3.0 for fault injection.
func Reply(code int, enhanced string, msg string) error {
	var ec smtp.EnhancedCode
	fmt.Sscanf(enhanced, "%d.%d.%d", &ec[0], &ec[1], &ec[2])
	return &smtp.SMTPError{Code: code, EnhancedCode: ec, Message: msg}
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}
