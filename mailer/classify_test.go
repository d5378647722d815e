package mailer

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/mailtest"
)

// TestClassifyAgainstARealServer provokes each kind of failure on a real
// SMTP server, with and without pipelining, and checks the class the
// deliverer will act on, and that a refused message leaves the connection
// usable for the next one.
func TestClassifyAgainstARealServer(t *testing.T) {
	// Faults hit ada only, so that grace's message shows whether the
	// connection is still usable.
	reply := func(code int, enh, msg string) func(string) error {
		return func(to string) error {
			if to != "ada@example.com" {
				return nil
			}
			return mailtest.Reply(code, enh, msg)
		}
	}
	rcpt := func(f func(string) error) func(*mailtest.Server) {
		return func(s *mailtest.Server) { s.RcptErr = func(to string, _ int) error { return f(to) } }
	}
	data := func(f func(string) error) func(*mailtest.Server) {
		return func(s *mailtest.Server) { s.DataErr = func(to []string) error { return f(to[0]) } }
	}
	tests := []struct {
		name      string
		setup     func(*mailtest.Server)
		want      digest.Class
		unknown   bool // a hard bounce
		reusable  bool // the next message may use the same connection
		delivered int  // copies the server accepted
	}{
		{"greeting 421", func(s *mailtest.Server) { s.Greeting = func() string { return "421 4.3.2 service shutting down" } }, digest.Connection, false, false, 0},
		{"greeting 421 too many connections", func(s *mailtest.Server) {
			s.Greeting = func() string { return "421 4.7.0 too many connections from your host" }
		}, digest.SlowDown, false, false, 0},
		{"MAIL FROM refused for good", func(s *mailtest.Server) {
			s.MailErr = func(string) error { return mailtest.Reply(553, "5.7.1", "sender address rejected") }
		}, digest.Fatal, false, false, 0},
		{"MAIL FROM refused for now", func(s *mailtest.Server) {
			s.MailErr = func(string) error { return mailtest.Reply(451, "4.3.0", "local error in processing") }
		}, digest.Connection, false, false, 0},
		{"greylisted", rcpt(reply(451, "4.7.1", "greylisted, please try again later")), digest.TempRecipient, false, true, 0},
		{"mailbox busy", rcpt(reply(450, "4.2.1", "mailbox busy")), digest.TempRecipient, false, true, 0},
		{"RCPT slow down", rcpt(reply(421, "4.7.0", "too many messages, slow down")), digest.SlowDown, false, false, 0},
		{"rate limited", rcpt(reply(450, "4.7.28", "unusual rate of mail from your IP")), digest.SlowDown, false, false, 0},
		{"unknown user", rcpt(reply(550, "5.1.1", "no such user")), digest.Permanent, true, true, 0},
		{"message refused", data(reply(554, "5.7.1", "message refused")), digest.Permanent, false, true, 0},
		{"message deferred", data(reply(451, "4.3.0", "queue full")), digest.TempRecipient, false, true, 0},
		{"recipient slower than the timeout", func(s *mailtest.Server) {
			s.RcptDelay = func(string) time.Duration { return 600 * time.Millisecond }
		}, digest.TempRecipient, false, false, 0},
		{"reply after the text lost", func(s *mailtest.Server) { s.DataReplyDelay = 600 * time.Millisecond }, digest.Unknown, false, false, 1},
	}
	for _, pipelining := range []bool{true, false} {
		for _, tt := range tests {
			name := tt.name + map[bool]string{true: " (pipelining)", false: ""}[pipelining]
			t.Run(name, func(t *testing.T) {
				srv := startServer(t, func(s *mailtest.Server) {
					tt.setup(s)
					s.NoPipelining = !pipelining
				})
				tr := newTransport(t, SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: TLSNone, Timeout: 300 * time.Millisecond})
				conn, err := tr.Open(context.Background(), sampleIssue())
				if err == nil {
					defer conn.Close()
					err = conn.Send(context.Background(), sampleMessage(digest.Recipient{ID: 1, Email: "ada@example.com"}))
				}
				se := digest.AsSendError(err)
				if se == nil || se.Class != tt.want || se.UnknownUser() != tt.unknown {
					t.Fatalf("err = %v (class %v), want class %v", err, classOf(se), tt.want)
				}
				if srv.Total() != tt.delivered {
					t.Errorf("server accepted %d, want %d", srv.Total(), tt.delivered)
				}
				if !tt.reusable {
					return
				}
				if err := conn.Send(context.Background(), sampleMessage(digest.Recipient{ID: 2, Email: "grace@example.org"})); err != nil {
					t.Errorf("the next message on the same connection: %v", err)
				}
			})
		}
	}
}

func classOf(se *digest.SendError) digest.Class {
	if se == nil {
		return 0
	}
	return se.Class
}

func TestRefusedConnectionIsConnectionClass(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	tr := newTransport(t, SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, Timeout: time.Second})
	_, err = tr.Open(context.Background(), sampleIssue())
	if se := digest.AsSendError(err); se == nil || se.Class != digest.Connection {
		t.Errorf("err = %v, want a connection-level failure", err)
	}
}
