package bounce

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/mailtest"
)

// mailboxCase is the mailbox every protocol test fills: one message of
// each sort, each for its own subscriber.
var mailboxCase = []struct {
	sample
	kind string // feedback applied, "" for none
}{
	{sample{File: "dsn-hard-user-unknown.eml", Email: "hard@lakeside.example", Issue: 3, Subscriber: 1}, digest.FeedbackHard},
	{sample{File: "dsn-soft-mailbox-full.eml", Email: "full@corp.example", Issue: 3, Subscriber: 2}, digest.FeedbackSoft},
	{sample{File: "arf-abuse.eml", Email: "angry@mailbox-provider.example", Issue: 3, Subscriber: 3}, digest.FeedbackComplaint},
	{sample{File: "plain-provider.eml", Email: "gone@bigmail.example", Issue: 3, Subscriber: 4}, digest.FeedbackHard},
	{sample{File: "autoreply-out-of-office.eml", Email: "away@example.org", Issue: 3, Subscriber: 5}, ""},
	{sample{File: "dsn-delayed.eml", Email: "slow@example.net", Issue: 3, Subscriber: 6}, ""},
	{sample{File: "junk.eml"}, ""},
	{sample{File: "dsn-forged.eml", Email: "victim@example.com", Issue: 3, Subscriber: 7}, ""},
}

func caseStore() *fakeStore {
	emails := map[int64]string{}
	for _, m := range mailboxCase {
		if m.Subscriber > 0 {
			emails[m.Subscriber] = m.Email
		}
	}
	return newFakeStore(emails)
}

// checkFetch asserts the counts and the feedback of one fetch of mailboxCase.
func checkFetch(t *testing.T, got Counts, store *fakeStore, del bool) {
	t.Helper()
	want := Counts{Messages: 8, Hard: 2, Soft: 1, Complaints: 1, AutoReplies: 1, Ignored: 1, Unattributed: 2, Kept: 2, Deleted: 6}
	if !del {
		want.Kept, want.Deleted = 8, 0
	}
	if got != want {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
	kinds := store.kinds()
	for _, m := range mailboxCase {
		if kinds[m.Email] != m.kind && m.Email != "" {
			t.Errorf("%s (%s): applied %q, want %q", m.Email, m.File, kinds[m.Email], m.kind)
		}
	}
}

func startMailpit(t *testing.T, extra ...string) *mailtest.Mailpit {
	t.Helper()
	mp, err := mailtest.StartMailpitPOP3(t.TempDir(), extra...)
	if errors.Is(err, mailtest.ErrNoMailpit) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mp.Close() })
	return mp
}

// pop3Config is the mailbox of a mailpit started by startMailpit.
func pop3Config(mp *mailtest.Mailpit, del bool) MailboxConfig {
	return MailboxConfig{Protocol: POP3, Host: "127.0.0.1", Port: mp.POP3Port, TLS: TLSNone,
		Username: mailtest.MailpitPOP3User, Password: mailtest.MailpitPOP3Password, Delete: del}
}

// envelopeTo is where a sample is delivered: its VERP address, the bare
// return path for junk, and the forged address for the forgery (the
// receiving server names the envelope recipient in a Received field).
func envelopeTo(v *VERP, m sample) string {
	switch {
	case m.File == "dsn-forged.eml":
		return "bounces+aebaaaaaaaaaaaaaaaaaaaaa@news.example.com"
	case m.Subscriber > 0:
		return v.Address(m.Issue, m.Subscriber)
	}
	return v.ReturnPath()
}

// fill delivers mailboxCase into mailpit over SMTP, from the null sender.
func fill(t *testing.T, v *VERP, mp *mailtest.Mailpit) {
	t.Helper()
	for _, m := range mailboxCase {
		to := envelopeTo(v, m.sample)
		if err := mp.Deliver("", []string{to}, mustSample(t, v, m.sample)); err != nil {
			t.Fatalf("deliver %s: %v", m.File, err)
		}
	}
}

func newFetcher(v *VERP, cfg MailboxConfig, st digest.FeedbackStore) *Fetcher {
	return &Fetcher{Mailbox: cfg, Classifier: &Classifier{VERP: v, Domain: "news.example.com"}, Store: st}
}

func TestPOP3MailboxInMailpit(t *testing.T) {
	for _, del := range []bool{true, false} {
		t.Run(fmt.Sprintf("delete=%v", del), func(t *testing.T) {
			v := newTestVERP(t)
			mp := startMailpit(t)
			fill(t, v, mp)
			cfg := pop3Config(mp, del)
			store := caseStore()
			got, err := newFetcher(v, cfg, store).Fetch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			checkFetch(t, got, store, del)
			// What stayed: the two unattributed messages, or everything.
			again, err := newFetcher(v, cfg, store).Fetch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			wantLeft := 2
			if !del {
				wantLeft = 8
			}
			if again.Messages != wantLeft || again.Unattributed != 2 || again.Hard+again.Soft+again.Complaints != 0 {
				t.Errorf("second fetch %+v: want %d messages left, 2 unattributed, nothing counted twice", again, wantLeft)
			}
		})
	}
}

func TestPOP3LoginRefused(t *testing.T) {
	mp := startMailpit(t)
	cfg := pop3Config(mp, false)
	cfg.Password = "wrong"
	_, err := OpenMailbox(context.Background(), cfg)
	if err == nil {
		t.Fatal("a wrong password was accepted")
	}
	if want := "login as bounces refused"; !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q: want %q and no password in it", err, want)
	}
}

func TestPOP3OverTLSInMailpit(t *testing.T) {
	certFile, keyFile, roots := mustCert(t)
	mp := startMailpit(t, "--pop3-tls-cert", certFile, "--pop3-tls-key", keyFile)
	v := newTestVERP(t)
	fill(t, v, mp)
	cfg := pop3Config(mp, true)
	cfg.TLS, cfg.TLSConfig = TLSImplicit, &tls.Config{RootCAs: roots}
	store := caseStore()
	got, err := newFetcher(v, cfg, store).Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkFetch(t, got, store, true)
	cfg.TLSConfig = nil // the system's roots do not know the test certificate
	if _, err := OpenMailbox(context.Background(), cfg); err == nil {
		t.Error("an untrusted certificate was accepted")
	}
}

// mustCert writes a self-signed certificate for 127.0.0.1 and returns its
// files and a pool that trusts it.
func mustCert(t *testing.T) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}
