package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// robotsToken is the product token robots.txt groups name to address digest.
const robotsToken = "digest"

// robotsMaxBytes caps robots.txt; RFC 9309 asks crawlers to read at least
// 500 KiB.
const robotsMaxBytes = 512 << 10

// robotsCache fetches each origin's robots.txt once per Fetcher.
type robotsCache struct {
	f  *Fetcher
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	done  chan struct{}
	rules *robotsRules // nil: disallow everything
	err   error        // why everything is disallowed
}

// allowed reports whether u may be fetched, fetching the origin's
// robots.txt the first time. Following RFC 9309, a 4xx robots.txt allows
// everything and an unreachable one (5xx, network error) nothing.
func (c *robotsCache) allowed(ctx context.Context, u *url.URL) error {
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e, ok := c.m[origin]
	if !ok {
		e = &robotsEntry{done: make(chan struct{})}
		c.m[origin] = e
		c.mu.Unlock()
		e.rules, e.err = c.load(ctx, origin)
		close(e.done)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	switch {
	case e.err != nil:
		return e.err
	case !e.rules.allows(u.EscapedPath(), u.RawQuery):
		return ErrDisallowed
	}
	return nil
}

func (c *robotsCache) load(ctx context.Context, origin string) (*robotsRules, error) {
	u, _ := url.Parse(origin + "/robots.txt")
	f := *c.f
	f.cfg.MaxBytes = min(f.cfg.MaxBytes, robotsMaxBytes)
	resp, err := f.get(ctx, u, Request{URL: u.String()})
	var status *StatusError
	switch {
	case errors.As(err, &status) && status.Code >= 400 && status.Code < 500:
		return &robotsRules{}, nil
	case errors.Is(err, ErrBlocked):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("robots.txt unreachable, so no page is fetched: %w", err)
	}
	return parseRobots(string(resp.Body), robotsToken), nil
}

// robotsRules are the allow and disallow rules of the group that applies.
type robotsRules struct {
	rules []robotsRule
}

type robotsRule struct {
	allow   bool
	pattern string
}

// parseRobots reads the groups naming agent, or else the "*" groups.
func parseRobots(body, agent string) *robotsRules {
	var mine, star []robotsRule
	var agents []string
	inRules := false
	for _, line := range strings.Split(body, "\n") {
		line, _, _ = strings.Cut(line, "#")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agents = append(agents, strings.ToLower(val))
		case "allow", "disallow":
			inRules = true
			if val == "" {
				continue // "Disallow:" with no path disallows nothing
			}
			r := robotsRule{allow: key == "allow", pattern: val}
			for _, a := range agents {
				switch a {
				case agent:
					mine = append(mine, r)
				case "*":
					star = append(star, r)
				}
			}
		}
	}
	if mine != nil || namesAgent(body, agent) {
		return &robotsRules{rules: mine}
	}
	return &robotsRules{rules: star}
}

// namesAgent reports a group for agent, which applies even when empty.
func namesAgent(body, agent string) bool {
	for _, line := range strings.Split(body, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(key), "user-agent") {
			val, _, _ = strings.Cut(val, "#")
			if strings.EqualFold(strings.TrimSpace(val), agent) {
				return true
			}
		}
	}
	return false
}

// allows applies the longest matching rule; on a tie, allow wins.
func (r *robotsRules) allows(path, query string) bool {
	if path == "" {
		path = "/"
	}
	if query != "" {
		path += "?" + query
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern: "*" is any run of
// characters, a trailing "$" anchors the end, anything else is a prefix.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == ""
}
