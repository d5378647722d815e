package digest

import (
	"context"
	"html"
	"strings"
)

// Placeholders stand for per-recipient values in a rendered issue. They are
// plain alphanumeric words so that they pass hermes, markdown, CSS inlining
// and quoted-printable encoding untouched, and unlikely enough never to
// appear in an article.
const (
	PlaceholderName        = "DGSTxNAMExQ7"
	PlaceholderEmail       = "DGSTxEMAILxQ7"
	PlaceholderUnsubscribe = "DGSTxUNSUBxQ7"
	PlaceholderViewOnline  = "DGSTxVIEWxQ7"
	PlaceholderConfirm     = "DGSTxCONFIRMxQ7"
)

// Placeholders lists every placeholder, in the order of Values.List: the
// one list that the renderer, the mailer and the web pages share.
var Placeholders = []string{PlaceholderName, PlaceholderEmail, PlaceholderUnsubscribe, PlaceholderViewOnline, PlaceholderConfirm}

// Rendered is an issue rendered once, with placeholders where each
// recipient's values go.
type Rendered struct {
	HTML string
	Text string
}

// Renderer turns an issue into its HTML and plain-text parts.
type Renderer interface {
	Render(ctx context.Context, is *Issue) (*Rendered, error)
}

// Values are the per-recipient values a Personaliser fills in.
type Values struct {
	Name, Email, Unsubscribe, ViewOnline, Confirm string
}

// List returns the values in the order of Placeholders.
func (v Values) List() [5]string {
	return [...]string{v.Name, v.Email, v.Unsubscribe, v.ViewOnline, v.Confirm}
}

// ValuesFor gathers a recipient's values; an unnamed reader is greeted as "there".
func ValuesFor(r Recipient, l Links) Values {
	name := r.Name
	if name == "" {
		name = "there"
	}
	return Values{Name: name, Email: r.Email, Unsubscribe: l.Unsubscribe, ViewOnline: l.ViewOnline, Confirm: l.Confirm}
}

// Personaliser fills a rendered part's placeholders for one recipient. It
// splits the part once, so that each recipient costs one pass of copying.
type Personaliser struct {
	chunks []string // literal text, between placeholders
	slots  []int    // slots[i] is the placeholder after chunks[i]
	escape func(string) string
	size   int
}

// NewPersonaliser prepares part for substitution; html says whether
// values must be HTML-escaped.
func NewPersonaliser(part string, isHTML bool) *Personaliser {
	p := &Personaliser{escape: func(s string) string { return s }, size: len(part)}
	if isHTML {
		p.escape = html.EscapeString
	}
	for {
		at, which := -1, -1
		for k, ph := range Placeholders {
			if i := strings.Index(part, ph); i >= 0 && (at < 0 || i < at) {
				at, which = i, k
			}
		}
		if at < 0 {
			p.chunks = append(p.chunks, part)
			return p
		}
		p.chunks = append(p.chunks, part[:at])
		p.slots = append(p.slots, which)
		part = part[at+len(Placeholders[which]):]
	}
}

// Fill returns the part with v's values in place of the placeholders.
func (p *Personaliser) Fill(v Values) string {
	vals := v.List()
	for i := range vals {
		vals[i] = p.escape(vals[i])
	}
	var b strings.Builder
	b.Grow(p.size + 256)
	for i, c := range p.chunks {
		b.WriteString(c)
		if i < len(p.slots) {
			b.WriteString(vals[p.slots[i]])
		}
	}
	return b.String()
}
