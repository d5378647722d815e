package bounce

import (
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// quotedID matches a Message-ID in angle brackets; digest.ParseMessageID
// then says whether its local part is one of ours.
var quotedID = regexp.MustCompile(`(?i)<([a-z0-9.]{1,80})@([a-z0-9.-]{1,253})>`)

// ourMessageID reads the issue and subscriber from id, with or without its
// angle brackets, when it is one of our Message-IDs on domain (the From
// address's domain; "" matches nothing).
func ourMessageID(id, domain string) (issue int, subscriber int64, ok bool) {
	local, d, found := strings.Cut(strings.Trim(strings.TrimSpace(id), "<>"), "@")
	if !found || domain == "" || !strings.EqualFold(d, domain) {
		return 0, 0, false
	}
	return digest.ParseMessageID(local)
}

// findMessageID returns the issue and subscriber of the first of our
// Message-IDs quoted in text.
func findMessageID(text []byte, domain string) (issue int, subscriber int64, ok bool) {
	for _, m := range quotedID.FindAllSubmatch(text, -1) {
		if issue, subscriber, ok = ourMessageID(string(m[1])+"@"+string(m[2]), domain); ok {
			return issue, subscriber, true
		}
	}
	return 0, 0, false
}
