package mailtest

import (
	"errors"
	"net"
	"net/smtp"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The POP3 login of a mailpit started by StartMailpitPOP3.
const (
	MailpitPOP3User     = "bounces"
	MailpitPOP3Password = "pop3-test-password"
)

// StartMailpitPOP3 starts mailpit with its POP3 server on (login
// MailpitPOP3User), as a bounce mailbox; extra flags pass through (for
// example --pop3-tls-cert and --pop3-tls-key for POP3S). It returns once
// the POP3 port accepts connections too.
func StartMailpitPOP3(dir string, extra ...string) (*Mailpit, error) {
	auth := filepath.Join(dir, "pop3-auth")
	if err := os.WriteFile(auth, []byte(MailpitPOP3User+":"+MailpitPOP3Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	m, err := StartMailpit(dir, append([]string{"--pop3-auth-file", auth}, extra...)...)
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(m.POP3Port))
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return m, nil
		}
	}
	m.Close()
	return nil, errors.New("mailpit's POP3 server did not start listening within 20s")
}

// Deliver sends a raw message (CRLF line ends) into mailpit over SMTP
// with the given envelope; from "" is the null sender bounces use.
func (m *Mailpit) Deliver(from string, to []string, raw []byte) error {
	return smtp.SendMail(net.JoinHostPort(m.SMTPHost, strconv.Itoa(m.SMTPPort)), nil, from, to, raw)
}
