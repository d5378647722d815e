package bounce

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// snsMessage is an Amazon SNS HTTP(S) delivery.
type snsMessage struct {
	Type             string
	MessageID        string `json:"MessageId"`
	Token            string
	TopicArn         string
	Subject          string
	Message          string
	Timestamp        string
	SignatureVersion string
	Signature        string
	SigningCertURL   string
	SubscribeURL     string
}

// Errors of SNS verification; the handler answers 401 to all of them.
var (
	ErrUntrustedTopic = errors.New("sns: topic not configured")
	ErrBadSignature   = errors.New("sns: signature does not verify")
	ErrBadCertURL     = errors.New("sns: certificate URL is not Amazon SNS's")
)

// snsHost is the only host a signing certificate or subscription URL may
// come from: sns.<region>.amazonaws.com (or .com.cn).
var snsHost = regexp.MustCompile(`^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`)

// snsVerifier checks SNS message signatures (SignatureVersion 1, SHA1withRSA,
// and 2, SHA256withRSA) with certificates fetched from Amazon, cached.
type snsVerifier struct {
	client   *http.Client
	allowURL func(*url.URL) bool // test hook: a loopback URL that stands for Amazon's
	mu       sync.Mutex
	certs    map[string]*rsa.PublicKey
}

// trustedURL accepts https URLs on Amazon SNS hosts, and what the hook allows.
func (v *snsVerifier) trustedURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrBadCertURL, raw)
	}
	if (u.Scheme == "https" && snsHost.MatchString(u.Hostname()) && u.Port() == "") || (v.allowURL != nil && v.allowURL(u)) {
		return u, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrBadCertURL, raw)
}

// verify checks m's signature.
func (v *snsVerifier) verify(ctx context.Context, m *snsMessage) error {
	var h crypto.Hash
	switch m.SignatureVersion {
	case "1":
		h = crypto.SHA1
	case "2":
		h = crypto.SHA256
	default:
		return fmt.Errorf("%w: signature version %q", ErrBadSignature, m.SignatureVersion)
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || len(sig) == 0 {
		return fmt.Errorf("%w: signature is not base64", ErrBadSignature)
	}
	key, err := v.key(ctx, m.SigningCertURL)
	if err != nil {
		return err
	}
	if err := rsa.VerifyPKCS1v15(key, h, digestOf(h, stringToSign(m)), sig); err != nil {
		return ErrBadSignature
	}
	return nil
}

func digestOf(h crypto.Hash, s string) []byte {
	if h == crypto.SHA1 {
		sum := sha1.Sum([]byte(s))
		return sum[:]
	}
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// stringToSign is the canonical form SNS signs: name and value lines of
// the fields of the message's type, in this order, Subject only when set.
func stringToSign(m *snsMessage) string {
	var b strings.Builder
	add := func(k, v string) { b.WriteString(k + "\n" + v + "\n") }
	add("Message", m.Message)
	add("MessageId", m.MessageID)
	if m.Type == "Notification" {
		if m.Subject != "" {
			add("Subject", m.Subject)
		}
		add("Timestamp", m.Timestamp)
		add("TopicArn", m.TopicArn)
		add("Type", m.Type)
		return b.String()
	}
	add("SubscribeURL", m.SubscribeURL)
	add("Timestamp", m.Timestamp)
	add("Token", m.Token)
	add("TopicArn", m.TopicArn)
	add("Type", m.Type)
	return b.String()
}

// key fetches (once) the RSA key of the certificate at rawURL.
func (v *snsVerifier) key(ctx context.Context, rawURL string) (*rsa.PublicKey, error) {
	u, err := v.trustedURL(rawURL)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	k, ok := v.certs[u.String()]
	v.mu.Unlock()
	if ok {
		return k, nil
	}
	body, err := v.get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("sns: fetch certificate: %w", err)
	}
	block, _ := pem.Decode(body)
	if block == nil {
		return nil, errors.New("sns: certificate is not PEM")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("sns: certificate: %w", err)
	}
	if now := time.Now(); now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		return nil, errors.New("sns: certificate expired or not yet valid")
	}
	k, ok = cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("sns: certificate key is not RSA")
	}
	v.mu.Lock()
	if v.certs == nil {
		v.certs = map[string]*rsa.PublicKey{}
	}
	v.certs[u.String()] = k
	v.mu.Unlock()
	return k, nil
}

// get fetches a URL, refusing redirects and bodies over 64 KB.
func (v *snsVerifier) get(ctx context.Context, u *url.URL) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	c := v.client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	noRedirect := *c
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", u.Redacted(), resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<10))
}
