package bounce

import (
	"bufio"
	"bytes"
	"net/textproto"
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// recipientStatus is one per-recipient block of an RFC 3464 DSN.
type recipientStatus struct {
	recipient  string // Final-Recipient, else Original-Recipient
	action     string // failed, delayed, delivered, relayed, expanded
	status     string // e.g. 5.1.1
	diagnostic string // e.g. "smtp; 550 5.1.1 user unknown"
}

// parseFields reads header-style fields (RFC 822 syntax, folded lines
// allowed) until the first blank line; keys are lower-cased.
func parseFields(body []byte) map[string]string {
	blocks := parseBlocks(body)
	if len(blocks) == 0 {
		return map[string]string{}
	}
	return blocks[0]
}

// parseBlocks reads the blank-line separated field blocks of a
// delivery-status or feedback-report body.
func parseBlocks(body []byte) []map[string]string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(body)))
	var out []map[string]string
	for {
		h, err := r.ReadMIMEHeader()
		if len(h) > 0 {
			m := map[string]string{}
			for k, v := range h {
				m[strings.ToLower(k)] = strings.TrimSpace(strings.Join(v, ", "))
			}
			out = append(out, m)
		}
		if err != nil {
			return out
		}
	}
}

// parseDeliveryStatus reads the per-recipient blocks of a DSN (the first
// block is per-message).
func parseDeliveryStatus(body []byte) []recipientStatus {
	var out []recipientStatus
	for _, b := range parseBlocks(body) {
		rcpt := typedValue(b["final-recipient"])
		if rcpt == "" {
			rcpt = typedValue(b["original-recipient"])
		}
		if rcpt == "" && b["action"] == "" {
			continue // the per-message block
		}
		out = append(out, recipientStatus{recipient: rcpt, action: strings.ToLower(b["action"]),
			status: statusCode(b["status"]), diagnostic: b["diagnostic-code"]})
	}
	return out
}

// typedValue strips the address type of "rfc822; user@example.com".
func typedValue(v string) string {
	if _, after, ok := strings.Cut(v, ";"); ok {
		v = after
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

var enhancedRE = regexp.MustCompile(`\b([245])\.(\d{1,3})\.(\d{1,3})\b`)

// statusCode returns the status code in a Status field ("5.1.1 (user
// unknown)" gives "5.1.1").
func statusCode(v string) string {
	return enhancedRE.FindString(v)
}

// dsnReport picks the failed recipient of a DSN. A copy has one
// recipient; should a report list several, the hardest failure wins.
func dsnReport(p *parsed) Report {
	var worst *recipientStatus
	var worstKind string
	for i := range p.dsn {
		rs := &p.dsn[i]
		if rs.action != "failed" {
			continue
		}
		if k := severity(rs.status, rs.diagnostic); worst == nil || (k == digest.FeedbackHard && worstKind != digest.FeedbackHard) {
			worst, worstKind = rs, k
		}
	}
	if worst == nil {
		return Report{Kind: KindIgnored, Format: "dsn", Why: "delivery status with no failed recipient (delayed or delivered)"}
	}
	f := &digest.Feedback{Kind: worstKind, Email: worst.recipient, Status: worst.status, Detail: worst.diagnostic}
	return Report{Kind: KindBounce, Format: "dsn", Feedback: f, Why: "delivery status: " + worst.action + " " + worst.status}
}

// Phrases that mark a permanent failure as the address's own (it does not
// exist) or as a mailbox that is only full.
var (
	unknownAddress = regexp.MustCompile(`(?i)user unknown|unknown user|no such (user|mailbox|recipient|domain)|does ?n[o']t exist|address (not found|rejected)|recipient (not found|unknown|rejected)|invalid (recipient|mailbox|address)|mailbox (not found|unavailable|disabled)|unrouteable|domain not found|host not found|name or service not known`)
	mailboxFull    = regexp.MustCompile(`(?i)mailbox (is )?full|over ?quota|quota exceeded|insufficient (storage|space)|storage (space )?(limit|full)`)
	smtpCodeRE     = regexp.MustCompile(`\b([45])\d\d\b`)
)

// severity decides hard or soft from an enhanced status code and the
// diagnostic text. Hard is an address that cannot receive mail at all:
// 5.1.x (bad mailbox, bad domain), 5.2.1 (mailbox disabled), 5.4.4
// (unroutable), or another 5.x.x whose text says the user or domain does
// not exist. Everything else is soft: 4.x.x, a full mailbox (5.2.2, as most
// senders treat it: it empties), a message refused for its size or
// content (5.2.3, 5.3.x, 5.6.x, 5.7.x: a problem with the message, not the
// address). Without a status code the SMTP reply in the text decides.
func severity(status, text string) string {
	if status == "" {
		if m := smtpCodeRE.FindStringSubmatch(text); m != nil && m[1] == "5" {
			status = "5.0.0"
		}
	}
	switch {
	case !strings.HasPrefix(status, "5."), status == "5.2.2", mailboxFull.MatchString(text):
		return digest.FeedbackSoft
	case strings.HasPrefix(status, "5.1."), status == "5.2.1", status == "5.4.4":
		return digest.FeedbackHard
	case unknownAddress.MatchString(text):
		return digest.FeedbackHard
	}
	return digest.FeedbackSoft
}
