package digest

import (
	"strconv"
	"strings"
)

// MessageID is the local part of the Message-ID of a subscriber's copy of
// an issue: issue<N>.<subscriber ID>, then .<salt> when the issue has one
// (see StoredIssue.Salt). The sender adds "@" and the From address's
// domain. It is stable for a delivery, so a resend is the same message,
// and ParseMessageID reads it back from a bounce that quotes it.
func MessageID(issue int, subscriber int64, salt string) string {
	id := "issue" + strconv.Itoa(issue) + "." + strconv.FormatInt(subscriber, 10)
	if salt != "" {
		id += "." + salt
	}
	return id
}

// ParseMessageID reads the issue and subscriber from a local part that
// MessageID made, in any letter case (some servers fold it); ok is false
// for anything else. It proves nothing: anyone can write such an ID.
func ParseMessageID(local string) (issue int, subscriber int64, ok bool) {
	rest, found := cutPrefixFold(local, "issue")
	if !found {
		return 0, 0, false
	}
	parts := strings.Split(rest, ".")
	if len(parts) < 2 || len(parts) > 3 || !digits(parts[0], 9) || !digits(parts[1], 18) {
		return 0, 0, false
	}
	if len(parts) == 3 && !saltChars(parts[2]) {
		return 0, 0, false
	}
	issue, _ = strconv.Atoi(parts[0])
	subscriber, _ = strconv.ParseInt(parts[1], 10, 64)
	if issue <= 0 || subscriber <= 0 {
		return 0, 0, false
	}
	return issue, subscriber, true
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// digits reports whether s is 1 to max ASCII digits.
func digits(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// saltChars reports whether s could be an issue's salt: 1 to 32 ASCII
// letters and digits.
func saltChars(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
