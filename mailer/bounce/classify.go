package bounce

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode the charsets bounces come in
	"github.com/emersion/go-message/mail"

	"github.com/digest-dev/digest/digest"
)

// Kind is what a message in the bounce mailbox turned out to be.
type Kind string

// Kinds of message.
const (
	KindBounce    Kind = "bounce"     // a delivery failure, standard (RFC 3464) or not
	KindComplaint Kind = "complaint"  // an abuse report (RFC 5965)
	KindAutoReply Kind = "auto_reply" // out of office and other automatic replies (RFC 3834): ignored
	KindIgnored   Kind = "ignored"    // a report with nothing to act on: a delay, a delivery, a not-spam report
	KindUnknown   Kind = "unknown"    // not recognised: kept for a person to read
)

// Report is a classified message.
type Report struct {
	Kind   Kind
	Format string // "dsn", "arf", "plain" or "" for the rest
	// Feedback is the bounce or complaint to apply, attributed as far as
	// the message allows; nil for the other kinds.
	Feedback *digest.Feedback
	Why      string // a short reason, for logs
}

// Classifier reads messages from the bounce mailbox.
type Classifier struct {
	VERP *VERP // reads the signed return paths; nil when none is set
	// Domain is our Message-IDs' domain (the From address's): a bounce
	// that quotes <issueN.ID@domain> names the subscriber, unsigned.
	Domain string
}

// maxPart bounds how much of any one part is read.
const maxPart = 256 << 10

// parsed is what the classifier gathered from a message's parts.
type parsed struct {
	header     mail.Header
	subject    string
	from       string
	messageID  string
	dsn        []recipientStatus
	isDSN      bool
	arf        map[string]string
	text       bytes.Buffer // the text/plain parts
	original   []byte       // the returned message or its headers
	reportType string
}

// Classify classifies one raw message (RFC 5322, CRLF or LF line ends).
func (c *Classifier) Classify(raw []byte) Report {
	p, err := parse(raw)
	if err != nil {
		return Report{Kind: KindUnknown, Why: "not a readable message: " + err.Error()}
	}
	var r Report
	switch {
	case p.arf != nil:
		r = complaint(p)
	case p.isDSN:
		r = dsnReport(p)
	case autoReply(p, true):
		return Report{Kind: KindAutoReply, Why: "automatic reply"}
	case plainBounce(p):
		r = plainReport(p)
	case autoReply(p, false):
		return Report{Kind: KindAutoReply, Why: "automatic reply"}
	default:
		return Report{Kind: KindUnknown, Why: "neither a bounce, a complaint nor an automatic reply"}
	}
	if r.Feedback != nil {
		c.attribute(raw, p, r.Feedback)
	}
	return r
}

// parse reads the message's header and walks its parts.
func parse(raw []byte) (*parsed, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, err
	}
	p := &parsed{header: mail.Header{Header: e.Header}}
	p.subject, _ = p.header.Subject()
	if from, err := p.header.AddressList("From"); err == nil && len(from) > 0 {
		p.from = strings.ToLower(from[0].Address)
	}
	p.messageID = strings.Trim(strings.TrimSpace(p.header.Get("Message-Id")), "<>")
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return err
		}
		return p.part(part)
	})
	return p, err
}

func (p *parsed) part(e *message.Entity) error {
	mt, params, _ := e.Header.ContentType()
	if mt == "multipart/report" {
		p.reportType = strings.ToLower(params["report-type"])
	}
	if strings.HasPrefix(mt, "multipart/") {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(e.Body, maxPart))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil // a broken part says nothing; the others may
	}
	switch mt {
	case "message/delivery-status", "message/global-delivery-status":
		p.isDSN = true
		p.dsn = append(p.dsn, parseDeliveryStatus(body)...)
	case "message/feedback-report":
		p.arf = parseFields(body)
	case "message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers":
		p.original = append(p.original, body...)
	case "text/plain", "":
		if p.text.Len() < maxPart {
			p.text.Write(body)
			p.text.WriteByte('\n')
		}
	}
	return nil
}

// attribute keys the report and names its issue and subscriber from
// what the message quotes (see attribute).
func (c *Classifier) attribute(raw []byte, p *parsed, f *digest.Feedback) {
	f.Source = "mailbox"
	id := p.messageID
	if id == "" {
		sum := sha256.Sum256(raw)
		id = "sha256:" + hex.EncodeToString(sum[:12])
	}
	f.Key = "mailbox:" + id + ":" + strings.ToLower(f.Email)
	attribute(c.VERP, c.Domain, f, append(p.original, raw...))
}
