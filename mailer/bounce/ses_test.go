package bounce

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

const testTopic = "arn:aws:sns:eu-west-1:123456789012:digest-bounces"

// snsSigner signs SNS messages with a key made for the test and serves
// its certificate (and a subscription URL) from a loopback server, so the
// handler's real verification path runs.
type snsSigner struct {
	key        *rsa.PrivateKey
	srv        *httptest.Server
	subscribed atomic.Int32
}

func newSNSSigner(t *testing.T) *snsSigner {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "sns.amazonaws.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	s := &snsSigner{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cert.pem", func(w http.ResponseWriter, _ *http.Request) {
		pem.Encode(w, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	})
	mux.HandleFunc("GET /confirm", func(http.ResponseWriter, *http.Request) { s.subscribed.Add(1) })
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// sign fills the signature fields of m with SignatureVersion version.
func (s *snsSigner) sign(t *testing.T, m snsMessage, version string) snsMessage {
	t.Helper()
	m.SignatureVersion, m.SigningCertURL = version, s.srv.URL+"/cert.pem"
	h := crypto.SHA256
	if version == "1" {
		h = crypto.SHA1
	}
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, h, digestOf(h, stringToSign(&m)))
	if err != nil {
		t.Fatal(err)
	}
	m.Signature = base64.StdEncoding.EncodeToString(sig)
	return m
}

func notification(t *testing.T, ses any) snsMessage {
	t.Helper()
	b, err := json.Marshal(ses)
	if err != nil {
		t.Fatal(err)
	}
	return snsMessage{Type: "Notification", MessageID: "b1a2", TopicArn: testTopic, Message: string(b), Timestamp: "2026-11-27T07:05:00.000Z"}
}

func post(t *testing.T, h http.Handler, body any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/ses", strings.NewReader(string(b))))
	return rec.Code
}

func newSES(v *VERP, st digest.FeedbackStore, s *snsSigner) *SES {
	return &SES{Store: st, VERP: v, Domain: "news.example.com", TopicARNs: []string{testTopic}, Client: s.srv.Client(),
		AllowURL: func(u *url.URL) bool { return u.Scheme == "http" && u.Hostname() == "127.0.0.1" }}
}

func TestSESBounceAndComplaint(t *testing.T) {
	v := newTestVERP(t)
	signer := newSNSSigner(t)
	store := newFakeStore(map[int64]string{1: "hard@example.com", 2: "angry@example.com", 3: "full@example.com"})
	h := newSES(v, store, signer)
	bounce := notification(t, map[string]any{"notificationType": "Bounce",
		"bounce": map[string]any{"bounceType": "Permanent", "bounceSubType": "NoEmail", "feedbackId": "fb-1",
			"bouncedRecipients": []map[string]string{{"emailAddress": "hard@example.com", "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}}},
		"mail": map[string]any{"source": v.Address(4, 1)}})
	full := notification(t, map[string]any{"eventType": "Bounce",
		"bounce": map[string]any{"bounceType": "Transient", "bounceSubType": "MailboxFull", "feedbackId": "fb-2",
			"bouncedRecipients": []map[string]string{{"emailAddress": "full@example.com", "status": "4.2.2"}}},
		"mail": map[string]any{"source": "bounces@news.example.com", "headers": []map[string]string{{"name": "Message-ID", "value": "<issue4.3@news.example.com>"}}}})
	complaint := notification(t, map[string]any{"notificationType": "Complaint",
		"complaint": map[string]any{"feedbackId": "fb-3", "complaintFeedbackType": "abuse", "complainedRecipients": []map[string]string{{"emailAddress": "angry@example.com"}}},
		"mail":      map[string]any{"source": v.Address(4, 2)}})
	for _, c := range []struct {
		m       snsMessage
		version string
	}{{bounce, "2"}, {full, "1"}, {complaint, "2"}} {
		if code := post(t, h, signer.sign(t, c.m, c.version)); code != http.StatusOK {
			t.Errorf("signed notification (v%s): %d, want 200", c.version, code)
		}
	}
	want := map[string]string{"hard@example.com": digest.FeedbackHard, "full@example.com": digest.FeedbackSoft, "angry@example.com": digest.FeedbackComplaint}
	if got := store.kinds(); len(got) != 3 || got["hard@example.com"] != want["hard@example.com"] || got["full@example.com"] != want["full@example.com"] || got["angry@example.com"] != want["angry@example.com"] {
		t.Errorf("applied %v, want %v", got, want)
	}
	for _, f := range store.applied {
		if f.Issue != 4 || !f.Verified || f.Source != "ses" || !strings.HasPrefix(f.Key, "ses:fb-") {
			t.Errorf("feedback %+v: want issue 4, verified, from ses, keyed by feedback ID", f)
		}
	}
}

func TestSESRefusesWhatItCannotTrust(t *testing.T) {
	v := newTestVERP(t)
	signer := newSNSSigner(t)
	store := newFakeStore(map[int64]string{1: "hard@example.com"})
	h := newSES(v, store, signer)
	good := notification(t, map[string]any{"notificationType": "Complaint",
		"complaint": map[string]any{"feedbackId": "fb-9", "complainedRecipients": []map[string]string{{"emailAddress": "hard@example.com"}}}})
	tampered := signer.sign(t, good, "2")
	tampered.Message = strings.Replace(tampered.Message, "fb-9", "fb-10", 1)
	otherTopic := good
	otherTopic.TopicArn = "arn:aws:sns:eu-west-1:999999999999:someone-elses"
	foreignCert := signer.sign(t, good, "2")
	foreignCert.SigningCertURL = "https://attacker.example/cert.pem"
	badVersion := signer.sign(t, good, "2")
	badVersion.SignatureVersion = "3"
	unsigned := good
	unsigned.SigningCertURL = signer.srv.URL + "/cert.pem"
	tests := []struct {
		name string
		body any
		want int
	}{
		{"tampered message", tampered, http.StatusUnauthorized},
		{"topic not configured", signer.sign(t, otherTopic, "2"), http.StatusUnauthorized},
		{"certificate from elsewhere", foreignCert, http.StatusUnauthorized},
		{"unknown signature version", badVersion, http.StatusUnauthorized},
		{"unsigned", unsigned, http.StatusUnauthorized},
		{"not SNS at all", map[string]string{"hello": "world"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := post(t, h, tt.body); code != tt.want {
				t.Errorf("status %d, want %d", code, tt.want)
			}
		})
	}
	if len(store.applied) != 0 {
		t.Errorf("refused messages changed the store: %+v", store.applied)
	}
}

func TestSESConfirmsSubscriptionOnlyWhenSigned(t *testing.T) {
	signer := newSNSSigner(t)
	h := newSES(newTestVERP(t), newFakeStore(nil), signer)
	m := snsMessage{Type: "SubscriptionConfirmation", MessageID: "c1", Token: "tok", TopicArn: testTopic,
		Message: "You have chosen to subscribe", SubscribeURL: signer.srv.URL + "/confirm", Timestamp: "2026-11-27T07:00:00.000Z"}
	forged := signer.sign(t, m, "1")
	forged.SubscribeURL = signer.srv.URL + "/confirm?other"
	if code := post(t, h, forged); code != http.StatusUnauthorized || signer.subscribed.Load() != 0 {
		t.Errorf("forged confirmation: %d and %d fetches; want 401 and none", code, signer.subscribed.Load())
	}
	if code := post(t, h, signer.sign(t, m, "1")); code != http.StatusOK || signer.subscribed.Load() != 1 {
		t.Errorf("signed confirmation: %d and %d fetches; want 200 and one", code, signer.subscribed.Load())
	}
}

func TestSNSCertificateHost(t *testing.T) {
	v := &snsVerifier{}
	for raw, ok := range map[string]bool{
		"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem":      true,
		"https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem":  true,
		"http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem":       false,
		"https://sns.eu-west-1.amazonaws.com.attacker.example/x.pem":                 false,
		"https://attacker.example/sns.eu-west-1.amazonaws.com/x.pem":                 false,
		"https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem": false,
		"https://s3.amazonaws.com/x.pem":                                             false,
	} {
		if _, err := v.trustedURL(raw); (err == nil) != ok {
			t.Errorf("trustedURL(%q) error %v; want trusted=%v", raw, err, ok)
		}
	}
}
