package digest

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
)

// ErrStaleLink is a confirmation link made before the subscriber last
// unsubscribed: following it must not undo the unsubscribe.
var ErrStaleLink = errors.New("this confirmation link is older than the last unsubscribe")

// ErrSuppressed is an address on the suppression list (it hard-bounced
// or its owner complained): it is not added, signed up or made active
// again until someone lifts the entry on purpose.
var ErrSuppressed = errors.New("suppressed")

// CheckName trims a subscriber's name and refuses one with a control
// character (a line break would forge mail headers; import, add and the
// web form all apply this rule, so an export always imports back).
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	for _, r := range name {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("name %q: control character in name", name)
		}
	}
	return name, nil
}

// NormaliseEmail validates an address and returns it with surrounding space
// trimmed and the domain lower-cased. Control characters (CR, LF...) are
// rejected, so an address can never inject a header.
func NormaliseEmail(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", errors.New("empty address")
	}
	for _, r := range addr {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("%q: control character in address", addr)
		}
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" {
		return "", fmt.Errorf("%q: not a plain e-mail address", addr)
	}
	local, domain, _ := strings.Cut(addr, "@")
	domain = strings.ToLower(domain)
	if err := checkDomain(domain); err != nil {
		return "", fmt.Errorf("%q: %w", addr, err)
	}
	return local + "@" + domain, nil
}

// checkDomain wants a host name with a dot, made of DNS labels.
func checkDomain(d string) error {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return errors.New("domain needs a dot")
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("bad domain label %q", l)
		}
		for _, r := range l {
			if !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return fmt.Errorf("bad character %q in domain", r)
			}
		}
	}
	return nil
}
