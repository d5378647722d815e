package digest

import (
	"context"
	"html"
	"regexp"
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

// ValuesFor gathers a recipient's values. The greeting uses their
// first_name attribute when they have one, then their name, then "there".
func ValuesFor(r Recipient, l Links) Values {
	name := r.Attrs[FirstNameAttr]
	if name == "" {
		name = r.Name
	}
	if name == "" {
		name = "there"
	}
	return Values{Name: name, Email: r.Email, Unsubscribe: l.Unsubscribe, ViewOnline: l.ViewOnline, Confirm: l.Confirm}
}

// FirstNameAttr is the attribute the greeting prefers to the name.
const FirstNameAttr = "first_name"

// Attribute placeholders stand for a subscriber attribute in a theme
// ({{attr "city"}} in the theme's files becomes one); keys are letters,
// digits and underscores.
const (
	attrPrefix = "DGSTxATTRx"
	attrSuffix = "xQ7"
)

// AttrPlaceholder is the placeholder for attribute key.
func AttrPlaceholder(key string) string { return attrPrefix + key + attrSuffix }

// AttrPattern matches an attribute placeholder; its group is the key.
var AttrPattern = regexp.MustCompile(attrPrefix + `([A-Za-z0-9_]{1,64})` + attrSuffix)

// AttrKeys lists the attributes a rendered issue uses, first_name first.
func AttrKeys(r Rendered) []string {
	keys := []string{FirstNameAttr}
	seen := map[string]bool{FirstNameAttr: true}
	for _, part := range []string{r.HTML, r.Text} {
		for _, m := range AttrPattern.FindAllStringSubmatch(part, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				keys = append(keys, m[1])
			}
		}
	}
	return keys
}

// Personaliser fills a rendered part's placeholders for one recipient. It
// splits the part once, so that each recipient costs one pass of copying.
type Personaliser struct {
	chunks []string // literal text, between placeholders
	slots  []slot   // slots[i] is the placeholder after chunks[i]
	escape func(string) string
	size   int
}

// slot is a placeholder: one of Placeholders, or an attribute.
type slot struct {
	which int    // index into Placeholders; -1 for an attribute
	attr  string // the attribute's key
}

// NewPersonaliser prepares part for substitution; html says whether
// values must be HTML-escaped.
func NewPersonaliser(part string, isHTML bool) *Personaliser {
	p := &Personaliser{escape: func(s string) string { return s }, size: len(part)}
	if isHTML {
		p.escape = html.EscapeString
	}
	for {
		at, end, sl := nextPlaceholder(part)
		if at < 0 {
			p.chunks = append(p.chunks, part)
			return p
		}
		p.chunks = append(p.chunks, part[:at])
		p.slots = append(p.slots, sl)
		part = part[end:]
	}
}

// nextPlaceholder finds the first placeholder in part: where it starts and
// ends, and which it is; at is -1 when there is none.
func nextPlaceholder(part string) (at, end int, sl slot) {
	at = -1
	for k, ph := range Placeholders {
		if i := strings.Index(part, ph); i >= 0 && (at < 0 || i < at) {
			at, end, sl = i, i+len(ph), slot{which: k}
		}
	}
	if m := AttrPattern.FindStringSubmatchIndex(part); m != nil && (at < 0 || m[0] < at) {
		at, end, sl = m[0], m[1], slot{which: -1, attr: part[m[2]:m[3]]}
	}
	return at, end, sl
}

// Fill returns the part with v's values (and attrs) in place of the
// placeholders.
func (p *Personaliser) Fill(v Values, attrs map[string]string) string {
	vals := v.List()
	for i := range vals {
		vals[i] = p.escape(vals[i])
	}
	var b strings.Builder
	b.Grow(p.size + 256)
	for i, c := range p.chunks {
		b.WriteString(c)
		if i >= len(p.slots) {
			continue
		}
		if sl := p.slots[i]; sl.which >= 0 {
			b.WriteString(vals[sl.which])
		} else {
			b.WriteString(p.escape(attrs[sl.attr]))
		}
	}
	return b.String()
}
