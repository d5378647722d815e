package bounce

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/digest-dev/digest/digest"
)

// complaint reads an RFC 5965 abuse report. Feedback-Type abuse, fraud,
// virus and other are complaints; not-spam and auth-failure (RFC 6591)
// are not about the recipient's wishes and change nothing.
func complaint(p *parsed) Report {
	ft := strings.ToLower(p.arf["feedback-type"])
	switch ft {
	case "not-spam", "auth-failure":
		return Report{Kind: KindIgnored, Format: "arf", Why: "feedback report of type " + ft}
	case "":
		ft = "abuse"
	}
	f := &digest.Feedback{Kind: digest.FeedbackComplaint, Email: typedValue(p.arf["original-rcpt-to"]), Detail: ft}
	if f.Email == "" {
		f.Email = headerAddress(p.original, "To")
	}
	return Report{Kind: KindComplaint, Format: "arf", Feedback: f, Why: "feedback report: " + ft}
}

var (
	// Subjects of automatic replies, in the languages most often met.
	autoReplySubject = regexp.MustCompile(`(?i)^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|auto:|away from|on vacation|vacation|abwesenheit|réponse automatique|respuesta automática|risposta automatica)`)
	// Subjects and senders of the plain-text bounces providers send.
	bounceSubject = regexp.MustCompile(`(?i)undeliver|undelivered|delivery (status notification|failure|has failed|incomplete)|mail delivery (failed|failure|subsystem)|returned mail|failure notice|could not be delivered|delivery problem|nondeliverable|non-delivery`)
	bounceSender  = regexp.MustCompile(`(?i)^(mailer-daemon|postmaster|mail-daemon|mail\.delivery\.system|bounces?)@`)
)

// autoReply recognises an automatic reply (RFC 3834 Auto-Submitted, the
// X-Autoreply family, Precedence: auto_reply, and the usual subjects).
// strict looks only at the marks that no bounce carries; the loose pass,
// run after bounces were ruled out, also takes Auto-Submitted.
func autoReply(p *parsed, strict bool) bool {
	h := p.header
	if h.Get("X-Autoreply") != "" || h.Get("X-Autorespond") != "" || h.Get("X-Autoresponder") != "" ||
		strings.EqualFold(strings.TrimSpace(h.Get("Precedence")), "auto_reply") || autoReplySubject.MatchString(p.subject) {
		return true
	}
	as := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	return !strict && as != "" && as != "no"
}

// plainBounce recognises a non-standard bounce: from a mailer daemon, or
// with a bounce's subject, or sent with a null return path.
func plainBounce(p *parsed) bool {
	rp := strings.TrimSpace(p.header.Get("Return-Path"))
	return bounceSender.MatchString(p.from) || bounceSubject.MatchString(p.subject) || rp == "<>"
}

// plainReport reads a plain-text bounce: the status code and wording in
// its text decide hard or soft; the failed address is the returned
// message's To, else the first address in the text that is not the
// bouncing system's own.
func plainReport(p *parsed) Report {
	text := p.text.String()
	status := enhancedRE.FindString(text)
	f := &digest.Feedback{Kind: severity(status, text), Status: status, Detail: firstLine(text, status)}
	f.Email = headerAddress(p.original, "To")
	if f.Email == "" {
		f.Email = headerAddress([]byte(text), "To")
	}
	if f.Email == "" {
		f.Email = firstForeignAddress(text, p.from)
	}
	return Report{Kind: KindBounce, Format: "plain", Feedback: f, Why: "plain-text bounce"}
}

// headerAddress reads an address header from a block that starts with
// header fields (a returned message, or a text quoting one).
func headerAddress(block []byte, key string) string {
	re := regexp.MustCompile(`(?im)^` + key + `:[ \t]*(.+)$`)
	m := re.FindSubmatch(block)
	if m == nil {
		return ""
	}
	if a, err := mail.ParseAddress(strings.TrimSpace(string(m[1]))); err == nil {
		return a.Address
	}
	return ""
}

var (
	addressRE = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)
	verpLike  = regexp.MustCompile(`(?i)\+[a-z2-7]{16,60}@`)
)

// firstForeignAddress is the first address in text that is not the
// sender's, a mailer daemon's or a VERP return path.
func firstForeignAddress(text, sender string) string {
	for _, a := range addressRE.FindAllString(text, 50) {
		l := strings.ToLower(a)
		if l != sender && !bounceSender.MatchString(l) && !verpLike.MatchString(l) {
			return a
		}
	}
	return ""
}

// firstLine is the line of text holding needle (or the first non-empty
// line), trimmed and capped: the diagnostic to record.
func firstLine(text, needle string) string {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && (needle == "" || strings.Contains(l, needle)) {
			return truncate(l, 300)
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}
