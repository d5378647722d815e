package mailer

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Template is an issue encoded once as a complete MIME message, with slots
// where each recipient's values go. Filling it for a recipient copies the
// encoded bytes and encodes only those values: no MIME building, no
// quoted-printable pass over the whole body.
type Template struct {
	headers []byte // the headers shared by every copy
	chunks  [][]byte
	slots   []slot
	from    string // envelope sender
	domain  string
	// wireHeaders and wireChunks are headers and chunks dot-stuffed for
	// SMTP's DATA (RFC 5321 4.5.2), once per issue, so that a copy goes on
	// the wire without another pass over its text (see Mail.Wire).
	wireHeaders []byte
	wireChunks  [][]byte
}

// slot is a placeholder in an encoded body part.
type slot struct {
	which int    // index into digest.Placeholders; -1 for an attribute
	attr  string // the attribute's key
	html  bool   // in the HTML part: values are HTML-escaped
}

// Per-recipient headers are written by Fill, not taken from the template.
var perRecipientHeaders = []string{"to", "message-id", "list-unsubscribe", "list-unsubscribe-post", "date"}

// Compile builds the issue's message once with go-mail, with placeholders
// for the recipient's values, and prepares it for Fill. Every message
// digest sends is a Template filled for its recipient: bulk copies,
// previews, the outbox, `digest render` and confirmation mails.
func (b *Builder) Compile(is *digest.StoredIssue) (*Template, error) {
	issue := is.Number
	msg, err := b.build(is.Subject, is.Rendered)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode issue %d: %w", issue, err)
	}
	raw := buf.Bytes()
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, errors.New("compile: message has no header/body separator")
	}
	t := &Template{headers: keepHeaders(raw[:end+2]), from: b.from.Address, domain: b.domain}
	t.split(raw[end+2:])
	// Every chunk starts a line: the first follows the headers, the others
	// a value, which ends with a soft line break.
	t.wireHeaders = dotStuff(nil, t.headers)
	for _, c := range t.chunks {
		t.wireChunks = append(t.wireChunks, dotStuff(nil, c))
	}
	return t, nil
}

// dotStuff appends text, which starts a line, with a dot doubled at the
// start of each of its lines.
func dotStuff(dst, text []byte) []byte {
	if bytes.HasPrefix(text, []byte(".")) {
		dst = append(dst, '.')
	}
	for {
		i := bytes.Index(text, []byte("\r\n."))
		if i < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:i+3]...)
		dst = append(dst, '.')
		text = text[i+3:]
	}
}

// keepHeaders drops the per-recipient header fields (with their folded
// continuation lines) from a header block.
func keepHeaders(block []byte) []byte {
	var out bytes.Buffer
	skip := false
	for _, line := range bytes.SplitAfter(block, []byte("\r\n")) {
		if len(line) == 0 {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := bytes.Cut(line, []byte(":"))
			skip = false
			for _, h := range perRecipientHeaders {
				if strings.EqualFold(string(name), h) {
					skip = true
				}
			}
		}
		if !skip {
			out.Write(line)
		}
	}
	return out.Bytes()
}

// placeholderRE finds a placeholder even where quoted-printable soft line
// breaks ("=\r\n") split it.
var placeholderRE = func() *regexp.Regexp {
	var alts []string
	for _, p := range digest.Placeholders {
		alts = append(alts, softlyBroken(p))
	}
	// An attribute's placeholder, its key between a prefix and a suffix.
	attr := digest.AttrPlaceholder("KEY")
	pre, suf, _ := strings.Cut(attr, "KEY")
	alts = append(alts, softlyBroken(pre)+`(?:[A-Za-z0-9_]|=\r\n){1,80}?`+softlyBroken(suf))
	return regexp.MustCompile(strings.Join(alts, "|"))
}()

// softlyBroken is a pattern for s with a soft line break allowed anywhere.
func softlyBroken(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 {
			b.WriteString(`(?:=\r\n)?`)
		}
		b.WriteRune(c)
	}
	return b.String()
}

var softBreaks = strings.NewReplacer("=\r\n", "")

func (t *Template) split(body []byte) {
	htmlStart := bytes.Index(body, []byte("Content-Type: text/html"))
	last := 0
	for _, m := range placeholderRE.FindAllIndex(body, -1) {
		name := softBreaks.Replace(string(body[m[0]:m[1]]))
		sl := slot{which: -1, html: htmlStart >= 0 && m[0] > htmlStart}
		for i, p := range digest.Placeholders {
			if p == name {
				sl.which = i
			}
		}
		if a := digest.AttrPattern.FindStringSubmatch(name); sl.which < 0 && a != nil {
			sl.attr = a[1]
		}
		t.chunks = append(t.chunks, body[last:m[0]])
		t.slots = append(t.slots, sl)
		last = m[1]
	}
	t.chunks = append(t.chunks, body[last:])
}

// Fill appends to dst the complete message for one recipient.
func (t *Template) Fill(dst []byte, m *digest.Message, date time.Time) []byte {
	return t.fill(dst, m, date, t.headers, t.chunks)
}

// fillWire appends to dst the message for one recipient dot-stuffed, as
// DATA sends it, without its final dot: the per-recipient header fields
// and values never start a line with a dot.
func (t *Template) fillWire(dst []byte, m *digest.Message, date time.Time) []byte {
	return t.fill(dst, m, date, t.wireHeaders, t.wireChunks)
}

func (t *Template) fill(dst []byte, m *digest.Message, date time.Time, headers []byte, chunks [][]byte) []byte {
	to := (&mail.Address{Name: m.To.Name, Address: m.To.Email}).String()
	dst = append(dst, "Date: "...)
	dst = date.AppendFormat(dst, time.RFC1123Z)
	dst = append(dst, "\r\nTo: "...)
	dst = append(dst, to...)
	dst = append(dst, "\r\nMessage-ID: <"...)
	dst = append(dst, m.MessageID...)
	dst = append(dst, '@')
	dst = append(dst, t.domain...)
	dst = append(dst, ">\r\nList-Unsubscribe: <"...)
	dst = append(dst, m.Links.Unsubscribe...)
	dst = append(dst, '>')
	if m.Links.UnsubscribeMail != "" {
		dst = append(dst, ",\r\n <"...)
		dst = append(dst, m.Links.UnsubscribeMail...)
		dst = append(dst, '>')
	}
	dst = append(dst, "\r\n"...)
	if strings.HasPrefix(m.Links.Unsubscribe, "https://") {
		// RFC 8058 one-click needs https: over http a POST would not be safe.
		dst = append(dst, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"...)
	}
	dst = append(dst, headers...)
	plain := digest.ValuesFor(m.To, m.Links).List()
	var escaped [len(plain)]string // HTML-escaped once per message, not once per slot
	for i, p := range plain {
		escaped[i] = html.EscapeString(p)
	}
	for i, c := range chunks {
		dst = append(dst, c...)
		if i >= len(t.slots) {
			continue
		}
		switch s := t.slots[i]; {
		case s.which < 0 && s.html:
			dst = appendQPValue(dst, html.EscapeString(m.To.Attrs[s.attr]))
		case s.which < 0:
			dst = appendQPValue(dst, m.To.Attrs[s.attr])
		case s.html:
			dst = appendQPValue(dst, escaped[s.which])
		default:
			dst = appendQPValue(dst, plain[s.which])
		}
	}
	return dst
}

// appendQPValue appends s quoted-printable encoded, between soft line
// breaks, in lines short enough that the lines around it stay within the
// 76 characters RFC 2045 allows. A dot that would start a line is encoded
// too, so that no value needs dot-stuffing.
func appendQPValue(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	dst = append(dst, "=\r\n"...)
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if n >= 70 {
			dst = append(dst, "=\r\n"...)
			n = 0
		}
		if c == '=' || c < ' ' || c > '~' || c == '.' && n == 0 {
			dst = append(dst, '=', hex[c>>4], hex[c&15])
			n += 3
			continue
		}
		dst = append(dst, c)
		n++
	}
	return append(dst, "=\r\n"...)
}

// From is the envelope sender.
func (t *Template) From() string { return t.from }
