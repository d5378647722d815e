// Package links makes and checks the signed links in every message: the
// unsubscribe link (and mailto), the view-in-browser link and the double
// opt-in confirmation link. A token is an HMAC-SHA256 over a subscriber ID
// and the link's purpose, checked in constant time.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Signer makes and checks the HMAC-SHA256 tokens in subscribers' links.
// A token binds a purpose and a subscriber ID, so one subscriber's token
// can never be turned into another's or used for another purpose.
type Signer struct {
	key  []byte
	macs sync.Pool // keyed HMACs to Reset: a send signs a link per copy
}

// NewSigner returns a Signer keyed by secret.
func NewSigner(secret []byte) (*Signer, error) {
	if len(secret) < 16 {
		return nil, errors.New("signing secret must be at least 16 bytes")
	}
	return &Signer{key: secret}, nil
}

// Token purposes.
const (
	PurposeUnsubscribe = digest.LinkUnsubscribe
	PurposeConfirm     = digest.LinkConfirm // a double opt-in confirmation link
)

// Token signs id for purpose: "<id>.<mac>".
func (s *Signer) Token(purpose string, id int64) string {
	return strconv.FormatInt(id, 36) + "." + s.mac(purpose, id)
}

// Verify checks a token in constant time and returns the subscriber ID.
func (s *Signer) Verify(purpose, token string) (int64, bool) {
	idPart, mac, ok := strings.Cut(token, ".")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(idPart, 36, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 36) != idPart {
		return 0, false
	}
	return id, hmac.Equal([]byte(mac), []byte(s.mac(purpose, id)))
}

func (s *Signer) mac(purpose string, id int64) string {
	h, ok := s.macs.Get().(hash.Hash)
	if ok {
		h.Reset()
	} else {
		h = hmac.New(sha256.New, s.key)
	}
	var buf [64]byte
	h.Write(strconv.AppendInt(append(append(buf[:0], purpose...), ':'), id, 10))
	var sum [sha256.Size]byte
	mac := base64.RawURLEncoding.EncodeToString(h.Sum(sum[:0])[:18])
	s.macs.Put(h)
	return mac
}

var _ digest.Linker = (*Maker)(nil)

// Maker builds subscribers' personal links under a public base URL.
type Maker struct {
	Signer  *Signer
	BaseURL string // e.g. https://news.example.com
	MailTo  string // address that takes unsubscribe mails
}

// Links implements digest.Linker. The view-in-browser link is the issue's
// public archive page: it carries no token, as the page shows nothing of
// the reader's.
func (l *Maker) Links(issue int, r digest.Recipient) digest.Links {
	base := strings.TrimRight(l.BaseURL, "/")
	unsub := l.Signer.Token(PurposeUnsubscribe, r.ID)
	links := digest.Links{
		Unsubscribe: base + "/unsubscribe/" + unsub,
		ViewOnline:  fmt.Sprintf("%s/archive/%d", base, issue),
	}
	if l.MailTo != "" {
		links.UnsubscribeMail = "mailto:" + l.MailTo + "?subject=" + url.QueryEscape("unsubscribe "+unsub)
	}
	return links
}

// ExpiringToken signs id for purpose until expires: "<id>.<expiry>.<mac>".
func (s *Signer) ExpiringToken(purpose string, id int64, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 36)
	return strconv.FormatInt(id, 36) + "." + exp + "." + s.mac(purpose+"@"+exp, id)
}

// VerifyExpiring checks an expiring token at now and returns the ID and
// the time it expires; expired is reported apart so that a page can say
// the link is too old rather than wrong.
func (s *Signer) VerifyExpiring(purpose, token string, now time.Time) (id int64, until time.Time, ok, expired bool) {
	idPart, rest, found := strings.Cut(token, ".")
	exp, mac, found2 := strings.Cut(rest, ".")
	if !found || !found2 {
		return 0, time.Time{}, false, false
	}
	id, err := strconv.ParseInt(idPart, 36, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 36) != idPart {
		return 0, time.Time{}, false, false
	}
	sec, err := strconv.ParseInt(exp, 36, 64)
	if err != nil || strconv.FormatInt(sec, 36) != exp {
		return 0, time.Time{}, false, false
	}
	if !hmac.Equal([]byte(mac), []byte(s.mac(purpose+"@"+exp, id))) {
		return 0, time.Time{}, false, false
	}
	until = time.Unix(sec, 0)
	if now.Unix() > sec {
		return id, until, false, true
	}
	return id, until, true, false
}
