package bounce

import (
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// attribute names the issue and subscriber a report is about from text,
// what the report quotes of the message we sent: the whole bounce, or a
// webhook's envelope sender and Message-ID. A VERP address signed with
// our key names both, verified. Failing that, one of our Message-IDs on
// domain names the issue, and the subscriber too unless the report's
// address is already verified: anyone can quote a Message-ID, so the
// store counts such a subscriber only when the address matches, and it
// never outranks an address a provider vouches for.
func attribute(v *VERP, domain string, f *digest.Feedback, text []byte) {
	if v != nil {
		if issue, sub, ok := v.Find(text); ok {
			f.Issue, f.Subscriber, f.Verified = issue, sub, true
			return
		}
	}
	if issue, sub, ok := findMessageID(text, domain); ok {
		f.Issue = issue
		if !f.Verified {
			f.Subscriber = sub
		}
	}
}

// webhookText is what a provider's event tells of our message, as
// attribute reads it.
func webhookText(envelopeSender, messageID string) []byte {
	return []byte(envelopeSender + "\n<" + strings.Trim(strings.TrimSpace(messageID), "<>") + ">")
}

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
