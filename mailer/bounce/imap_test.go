package bounce

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// startIMAP runs go-imap's in-memory IMAP server on loopback, with
// STARTTLS when cert is given, and one user.
func startIMAP(t *testing.T, cert *tls.Certificate) (addr string) {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("bounces", "imap-test-password")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: cert == nil,
		Logger:       quietLogger{},
	}
	if cert != nil {
		opts.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	srv := imapserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// imapCount returns the number of messages in a folder, and of them those
// not flagged seen.
func imapCount(t *testing.T, cfg MailboxConfig, folder string) (n, unseen int) {
	t.Helper()
	c, err := imapclient.DialInsecure(fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true, NumUnseen: true}).Wait()
	if err != nil {
		t.Fatalf("status %s: %v", folder, err)
	}
	return int(*st.NumMessages), int(*st.NumUnseen)
}

func appendAll(t *testing.T, v *VERP, cfg MailboxConfig) {
	t.Helper()
	c, err := imapclient.DialInsecure(fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	for _, m := range mailboxCase {
		raw := append([]byte("Received: from mx by imap.test for <"+envelopeTo(v, m.sample)+">;\r\n"), mustSample(t, v, m.sample)...)
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		cmd.Write(raw)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
}

func imapConfig(t *testing.T, addr string, del bool) MailboxConfig {
	host, port, _ := net.SplitHostPort(addr)
	var p int
	fmt.Sscan(port, &p)
	return MailboxConfig{Protocol: IMAP, Host: host, Port: p, TLS: TLSNone, Username: "bounces", Password: "imap-test-password", Delete: del}
}

func TestIMAPMailbox(t *testing.T) {
	for _, del := range []bool{true, false} {
		t.Run(fmt.Sprintf("delete=%v", del), func(t *testing.T) {
			v := newTestVERP(t)
			cfg := imapConfig(t, startIMAP(t, nil), del)
			appendAll(t, v, cfg)
			store := caseStore()
			got, err := newFetcher(v, cfg, store).Fetch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			checkFetch(t, got, store, del)
			inbox, unseen := imapCount(t, cfg, "INBOX")
			kept, _ := imapCount(t, cfg, DefaultKeepFolder)
			wantInbox := 0
			if !del {
				wantInbox = 6 // handled, marked seen
			}
			if inbox != wantInbox || unseen != 0 || kept != 2 {
				t.Errorf("INBOX has %d (%d unseen), %s has %d; want %d (0 unseen) and 2", inbox, unseen, DefaultKeepFolder, kept, wantInbox)
			}
			again, err := newFetcher(v, cfg, store).Fetch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if again.Messages != 0 {
				t.Errorf("second fetch read %d messages; want none (handled ones are gone or seen)", again.Messages)
			}
		})
	}
}

func TestIMAPStartTLS(t *testing.T) {
	certFile, keyFile, roots := mustCert(t)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg := imapConfig(t, startIMAP(t, &cert), true)
	cfg.TLS, cfg.TLSConfig = TLSStartTLS, &tls.Config{RootCAs: roots}
	mb, err := OpenMailbox(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if refs, err := mb.List(context.Background()); err != nil || len(refs) != 0 {
		t.Errorf("List = %v, %v; want an empty INBOX", refs, err)
	}
	mb.Close()
	cfg.TLSConfig = &tls.Config{RootCAs: x509.NewCertPool()}
	if _, err := OpenMailbox(context.Background(), cfg); err == nil {
		t.Error("an untrusted certificate was accepted")
	}
}
