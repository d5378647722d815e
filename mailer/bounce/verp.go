package bounce

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
)

// ErrBadReturnPath is returned by NewVERP for a return path that is not a
// plain address.
var ErrBadReturnPath = errors.New("return path must be a plain address such as bounces@news.example.com")

// verpPurpose binds the token's MAC to its use, so a token made for
// another purpose with the same key never passes.
const verpPurpose = "verp"

// macLen is the MAC's length in the token: 80 bits.
const macLen = 10

// token32 is lower-case base32 without padding: mail servers that fold
// the local part to lower case leave the token intact.
var token32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// VERP makes and reads variable envelope return paths:
// bounces+<token>@domain, where the token names an issue and a subscriber
// and is signed with HMAC-SHA256.
type VERP struct {
	local, domain string
	key           []byte
	find          *regexp.Regexp
}

// NewVERP returns a VERP for the return path (bounces@news.example.com),
// signing with key (at least 16 bytes).
func NewVERP(returnPath string, key []byte) (*VERP, error) {
	a, err := mail.ParseAddress(returnPath)
	if err != nil || a.Name != "" || a.Address != strings.TrimSpace(returnPath) {
		return nil, fmt.Errorf("%w: %q", ErrBadReturnPath, returnPath)
	}
	local, domain, _ := strings.Cut(a.Address, "@")
	if len(key) < 16 {
		return nil, errors.New("verp: signing key must be at least 16 bytes")
	}
	v := &VERP{local: strings.ToLower(local), domain: strings.ToLower(domain), key: key}
	v.find = regexp.MustCompile(`(?i)` + regexp.QuoteMeta(v.local) + `\+([a-z2-7]{16,60})@` + regexp.QuoteMeta(v.domain))
	return v, nil
}

// ReturnPath is the plain return path, without a token.
func (v *VERP) ReturnPath() string { return v.local + "@" + v.domain }

// Address is the envelope sender for one subscriber's copy of an issue.
func (v *VERP) Address(issue int, subscriber int64) string {
	b := binary.AppendUvarint(nil, uint64(issue))
	b = binary.AppendUvarint(b, uint64(subscriber))
	b = append(b, v.mac(issue, subscriber)...)
	return v.local + "+" + token32.EncodeToString(b) + "@" + v.domain
}

// Parse reads a VERP address in any letter case; ok is false for anything
// but an address this VERP made with its key.
func (v *VERP) Parse(addr string) (issue int, subscriber int64, ok bool) {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	local, domain, found := strings.Cut(addr, "@")
	tok, hasTok := strings.CutPrefix(local, v.local+"+")
	if !found || domain != v.domain || !hasTok {
		return 0, 0, false
	}
	return v.verify(tok)
}

// Find returns the first valid VERP address in text, in any letter case.
func (v *VERP) Find(text []byte) (issue int, subscriber int64, ok bool) {
	for _, m := range v.find.FindAllSubmatch(text, 20) {
		if issue, subscriber, ok = v.verify(strings.ToLower(string(m[1]))); ok {
			return issue, subscriber, true
		}
	}
	return 0, 0, false
}

func (v *VERP) verify(tok string) (int, int64, bool) {
	b, err := token32.DecodeString(tok)
	if err != nil {
		return 0, 0, false
	}
	issue, n := binary.Uvarint(b)
	if n <= 0 || issue > 1<<31 {
		return 0, 0, false
	}
	sub, m := binary.Uvarint(b[n:])
	if m <= 0 || sub > 1<<62 || len(b[n+m:]) != macLen {
		return 0, 0, false
	}
	ok := hmac.Equal(b[n+m:], v.mac(int(issue), int64(sub)))
	return int(issue), int64(sub), ok && sub > 0
}

func (v *VERP) mac(issue int, subscriber int64) []byte {
	h := hmac.New(sha256.New, v.key)
	h.Write([]byte(verpPurpose + ":" + strconv.Itoa(issue) + ":" + strconv.FormatInt(subscriber, 10)))
	return h.Sum(nil)[:macLen]
}
