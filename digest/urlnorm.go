package digest

import (
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not
// what they are reading.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_hsenc": true, "_hsmi": true,
}

func isTracking(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// CleanURL drops the fragment and the tracking parameters (utm_*, fbclid,
// gclid...) from u, keeping everything else as written. It is the form a
// story's link is kept and shown in; u is returned unchanged when it does
// not parse as an absolute URL.
func CleanURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return strings.TrimSpace(u)
	}
	p.Fragment, p.RawFragment = "", ""
	p.RawQuery = cleanQuery(p.RawQuery)
	return p.String()
}

func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var keep []string
	for _, kv := range strings.Split(raw, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if kv == "" {
			continue
		}
		if uk, err := url.QueryUnescape(k); err == nil && isTracking(uk) {
			continue
		}
		keep = append(keep, kv)
	}
	return strings.Join(keep, "&")
}

// NormaliseURL is the key under which two links to one article compare
// equal: the scheme, a leading "www.", a default port, a trailing slash,
// the fragment and tracking parameters are dropped, the host is lower-cased
// and the remaining parameters are sorted. "" for an empty or relative URL.
func NormaliseURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
	if port := p.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	path := strings.TrimRight(p.EscapedPath(), "/")
	q := strings.Split(cleanQuery(p.RawQuery), "&")
	sort.Strings(q)
	key := host + path
	if query := strings.Trim(strings.Join(q, "&"), "&"); query != "" {
		key += "?" + query
	}
	return key
}
