package mailtest

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"
)

// rawClient speaks SMTP byte for byte, so tests can send what a sloppy
// client would.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(t *testing.T, s *Server) *rawClient {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	c := &rawClient{t: t, conn: conn, r: bufio.NewReader(conn)}
	c.expect("220")
	return c
}

func (c *rawClient) send(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

// reply reads one whole reply and returns its last line ("" when the
// server hung up).
func (c *rawClient) reply() string {
	c.t.Helper()
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return ""
		}
		if len(line) < 4 || line[3] != '-' {
			return strings.TrimRight(line, "\r\n")
		}
	}
}

func (c *rawClient) expect(code string) string {
	c.t.Helper()
	got := c.reply()
	if !strings.HasPrefix(got, code) {
		c.t.Fatalf("reply %q, want %s", got, code)
	}
	return got
}

func startStrict(t *testing.T, setup func(*Server)) *Server {
	t.Helper()
	s, err := Start(setup)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStrictServerRefusesWhatRFC5321Refuses(t *testing.T) {
	s := startStrict(t, nil)
	tests := []struct {
		name, send, want string
	}{
		{"bare MAIL FROM path", "MAIL FROM:brief@news.example.com\r\n", "501"},
		{"space before the path", "MAIL FROM: <brief@news.example.com>\r\n", "501"},
		{"bare LF command", "NOOP\n", "5"},
		{"over-long command", "NOOP " + strings.Repeat("x", 600) + "\r\n", "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialRaw(t, s)
			c.send("EHLO client.example\r\n")
			c.expect("250")
			c.send(tt.send)
			c.expect(tt.want)
		})
	}
	t.Run("bare RCPT TO path", func(t *testing.T) {
		c := dialRaw(t, s)
		c.send("EHLO client.example\r\n")
		c.expect("250")
		c.send("MAIL FROM:<brief@news.example.com>\r\n")
		c.expect("250")
		c.send("RCPT TO:ada@example.com\r\n")
		c.expect("501")
	})
}

func TestStrictServerRefusesBadMessageText(t *testing.T) {
	s := startStrict(t, nil)
	tests := []struct{ name, text string }{
		{"bare LF", "Subject: x\r\n\r\nline one\nline two\r\n"},
		{"line over 1000 octets", "Subject: x\r\n\r\n" + strings.Repeat("y", 1200) + "\r\n"},
		{"8-bit text without BODY=8BITMIME", "Subject: x\r\n\r\nna\xc3\xafve\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialRaw(t, s)
			c.send("EHLO client.example\r\n")
			c.expect("250")
			c.send("MAIL FROM:<brief@news.example.com>\r\n")
			c.expect("250")
			c.send("RCPT TO:<ada@example.com>\r\n")
			c.expect("250")
			c.send("DATA\r\n")
			c.expect("354")
			c.send(tt.text + ".\r\n")
			c.expect("550")
		})
	}
	if s.Total() != 0 {
		t.Errorf("%d bad messages were accepted", s.Total())
	}
}

func TestStrictServerPipelining(t *testing.T) {
	group := "MAIL FROM:<brief@news.example.com>\r\nRCPT TO:<ada@example.com>\r\nDATA\r\n"
	t.Run("offered: a group is answered in order", func(t *testing.T) {
		s := startStrict(t, nil)
		c := dialRaw(t, s)
		c.send("EHLO client.example\r\n")
		if ehlo := c.expect("250"); ehlo == "" {
			t.Fatal("no EHLO reply")
		}
		c.send(group)
		c.expect("250")
		c.expect("250")
		c.expect("354")
		c.send("Subject: x\r\n\r\nhello\r\n.\r\n")
		c.expect("250")
		if s.Total() != 1 {
			t.Errorf("accepted %d, want 1", s.Total())
		}
	})
	t.Run("not offered: a client that pipelines is dropped", func(t *testing.T) {
		s := startStrict(t, func(s *Server) { s.NoPipelining = true })
		c := dialRaw(t, s)
		c.send("EHLO client.example\r\n")
		var caps []string
		for {
			line, err := c.r.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			caps = append(caps, line)
			if line[3] == ' ' {
				break
			}
		}
		if strings.Contains(strings.Join(caps, ""), "PIPELINING") {
			t.Errorf("PIPELINING offered: %q", caps)
		}
		c.send(group)
		if got := c.reply(); got != "" && !strings.HasPrefix(got, "5") {
			t.Errorf("pipelined group answered %q, want the connection dropped", got)
		}
		if s.Total() != 0 {
			t.Error("a message was accepted")
		}
	})
	t.Run("data before 354 is dropped", func(t *testing.T) {
		s := startStrict(t, nil)
		c := dialRaw(t, s)
		c.send("EHLO client.example\r\n")
		c.expect("250")
		c.send(group + "Subject: x\r\n\r\nhello\r\n.\r\n")
		for i := 0; i < 4; i++ {
			if c.reply() == "" {
				return
			}
		}
		t.Error("message text sent before the 354 reply was not refused")
	})
}

func TestGreetingCanRefuse(t *testing.T) {
	s := startStrict(t, func(s *Server) {
		s.Greeting = func() string { return "421 4.7.0 too many connections, slow down" }
	})
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	line, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.HasPrefix(line, "421 4.7.0") {
		t.Errorf("greeting %q, want 421", line)
	}
}
