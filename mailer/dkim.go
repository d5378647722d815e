package mailer

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/emersion/go-msgauth/dkim"
)

// DKIM signs finished messages. It uses go-msgauth rather than go-mail's
// signer, which in v0.8.1 breaks the signature once the h= tag wraps and
// races when one signer is shared by connections; a DKIM value is safe for
// concurrent use, as each signature gets a signer of its own.
type DKIM struct {
	Domain   string
	Selector string
	key      crypto.Signer
}

// signedHeaders are the fields covered by the signature, RFC 8058's
// List-Unsubscribe and List-Unsubscribe-Post included.
var signedHeaders = []string{"From", "To", "Subject", "Date", "Message-ID", "Reply-To", "List-Id",
	"List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version", "Content-Type"}

// LoadDKIM reads a PEM private key (Ed25519 in PKCS#8, or RSA in PKCS#1 or
// PKCS#8) for domain and selector.
func LoadDKIM(domain, selector, keyFile string) (*DKIM, error) {
	data, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("dkim key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("dkim key %s: no PEM block", keyFile)
	}
	var key any
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("dkim key %s: %w", keyFile, err)
	}
	return NewDKIM(domain, selector, key)
}

// NewDKIM returns a signer for an *rsa.PrivateKey or ed25519.PrivateKey.
func NewDKIM(domain, selector string, key any) (*DKIM, error) {
	if domain == "" || selector == "" {
		return nil, errors.New("dkim: domain and selector are required")
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return &DKIM{Domain: domain, Selector: selector, key: k}, nil
	case ed25519.PrivateKey:
		return &DKIM{Domain: domain, Selector: selector, key: k}, nil
	}
	return nil, fmt.Errorf("dkim: unsupported key type %T (want RSA or Ed25519)", key)
}

// Sign returns msg with a DKIM-Signature header field in front.
func (d *DKIM) Sign(msg []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(msg) + 512)
	err := dkim.Sign(&out, bytes.NewReader(msg), &dkim.SignOptions{
		Domain: d.Domain, Selector: d.Selector, Signer: d.key,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed, BodyCanonicalization: dkim.CanonicalizationRelaxed,
		HeaderKeys: signedHeaders,
	})
	if err != nil {
		return nil, fmt.Errorf("dkim sign: %w", err)
	}
	return out.Bytes(), nil
}

// DNSRecord is the TXT record to publish at <selector>._domainkey.<domain>.
func (d *DKIM) DNSRecord() (string, error) {
	pub, err := x509.MarshalPKIXPublicKey(d.key.Public())
	if err != nil {
		return "", err
	}
	switch k := d.key.Public().(type) {
	case ed25519.PublicKey:
		return "v=DKIM1; k=ed25519; p=" + b64(k), nil
	default:
		return "v=DKIM1; k=rsa; p=" + b64(pub), nil
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
