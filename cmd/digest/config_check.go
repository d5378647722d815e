package main

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// The checks several settings share, each naming the key at fault; the
// Validate functions run them in the order of the keys, so the first
// problem reported is always the same one.

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkEnvName refuses a *_env setting that cannot name a variable.
func (c *Config) checkEnvName(key, v string) error {
	if !envName.MatchString(v) {
		return c.errorf(key, "%q is not an environment variable name", v)
	}
	return nil
}

// checkHTTPURL wants an absolute http or https URL.
func (c *Config) checkHTTPURL(key, v string) error {
	if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c.errorf(key, "%q is not an absolute http(s) URL", v)
	}
	return nil
}

// checkAddress wants an e-mail address, with or without a name.
func (c *Config) checkAddress(key, v string) error {
	if _, err := mail.ParseAddress(v); err != nil {
		return c.errorf(key, "%q is not an e-mail address", v)
	}
	return nil
}

// checkOneOf wants one of the listed values.
func (c *Config) checkOneOf(key, v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return c.errorf(key, "%q: want one of %s", v, strings.Join(allowed, ", "))
	}
	return nil
}

// intFloor is a whole-number setting's lowest value; zero, when the floor
// is 0, says what 0 means ("unlimited").
type intFloor struct {
	key      string
	v, floor int
	zero     string
}

// checkFloors checks each setting against its floor, in order.
func (c *Config) checkFloors(floors ...intFloor) error {
	for _, f := range floors {
		switch {
		case f.v >= f.floor:
		case f.zero != "":
			return c.errorf(f.key, "must be 0 (%s) or more, got %d", f.zero, f.v)
		default:
			return c.errorf(f.key, "must be %d or more, got %d", f.floor, f.v)
		}
	}
	return nil
}
