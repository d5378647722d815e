package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textOf is the text inside n, with <br> as a space and chrome and
// hidden elements left out.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if numberBefore(&b, c) {
					b.WriteByte(' ') // "<span>01</span>Door seals...": a number set apart by style
				}
				b.WriteString(c.Data)
			case c.Type != html.ElementNode, chrome[c.DataAtom], hidden(c), isPermalink(c):
			case c.DataAtom == atom.Br:
				b.WriteByte(' ')
			case c.DataAtom == atom.Q:
				b.WriteString("“")
				rec(c)
				b.WriteString("”")
			default:
				spaceBetween(&b, c)
				rec(c)
			}
		}
	}
	rec(n)
	return b.String()
}

// isPermalink reports a heading's permalink anchor: a link into the page
// whose text is only a mark ("🔗", "#", "¶", "§"), as blog platforms set
// beside each heading. Its mark is not part of the heading.
func isPermalink(n *html.Node) bool {
	if n.DataAtom != atom.A || !strings.HasPrefix(attr(n, "href"), "#") {
		return false
	}
	t := strings.TrimSpace(plainText(n))
	return permalinkMarks[strings.TrimSuffix(t, "\uFE0F")]
}

// permalinkMarks are the marks a permalink anchor shows.
var permalinkMarks = map[string]bool{"🔗": true, "#": true, "¶": true, "§": true, "⚓": true, "⚓︎": true}

// plainText is all the text inside n, nothing left out.
func plainText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 64; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// spaceBetween writes a space between two elements set side by side
// with nothing between them ("<span>Name</span><span>Role</span>"), which
// a page's style sheet shows apart; text styles inside a word
// ("<b>W</b><i>ord</i>") are left alone.
func spaceBetween(b *strings.Builder, c *html.Node) {
	p := c.PrevSibling
	if p == nil || p.Type != html.ElementNode || b.Len() == 0 || inlineStyle[c.DataAtom] && inlineStyle[p.DataAtom] {
		return
	}
	if s := b.String(); s[len(s)-1] != ' ' {
		b.WriteByte(' ')
	}
}

// numberBefore reports text set straight after an element (not a text
// style) that ended in a digit, the text opening with a letter.
func numberBefore(b *strings.Builder, c *html.Node) bool {
	p := c.PrevSibling
	if p == nil || p.Type != html.ElementNode || inlineStyle[p.DataAtom] || b.Len() == 0 || c.Data == "" {
		return false
	}
	s := b.String()
	r, _ := utf8.DecodeRuneInString(c.Data)
	return isDigit(s[len(s)-1]) && unicode.IsLetter(r)
}

// inlineStyle are elements that style text inside a sentence.
var inlineStyle = map[atom.Atom]bool{
	atom.B: true, atom.Strong: true, atom.I: true, atom.Em: true, atom.U: true, atom.Sup: true,
	atom.Sub: true, atom.Mark: true, atom.Code: true, atom.Abbr: true, atom.S: true, atom.Small: true,
	atom.Q: true, atom.Cite: true, atom.Dfn: true, atom.Kbd: true, atom.Var: true, atom.Wbr: true, atom.Br: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && blockTags[c.DataAtom] {
			return true
		}
	}
	return false
}

// allInside reports whether every word of n sits inside one of the
// given elements (a paragraph that is all bold, all one link).
func allInside(n *html.Node, tags ...atom.Atom) bool {
	inside, outside := 0, 0
	var rec func(*html.Node, bool)
	rec = func(n *html.Node, in bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					if in {
						inside++
					} else {
						outside++
					}
				}
			case c.Type == html.ElementNode && !chrome[c.DataAtom] && !hidden(c):
				rec(c, in || hasAtom(c.DataAtom, tags))
			}
		}
	}
	rec(n, false)
	return inside > 0 && outside == 0
}

func hasAtom(a atom.Atom, tags []atom.Atom) bool {
	for _, t := range tags {
		if a == t {
			return true
		}
	}
	return false
}

// htmlLead is the text of a <strong>/<b> that opens n and is followed
// by more text: a run-in head.
func htmlLead(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if c.Type == html.ElementNode && (c.DataAtom == atom.Strong || c.DataAtom == atom.B) && c.NextSibling != nil {
			return strings.TrimRight(cleanSpace(textOf(c)), ":.—–- ")
		}
		return ""
	}
	return ""
}

// selfLink reports a heading linked to its own anchor ("#section"), as
// blogs make their headings: a permalink, not a link to another story.
func selfLink(n *html.Node) bool {
	var a *html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil && a == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.A {
				a = c
			}
			rec(c)
		}
	}
	rec(n)
	return a != nil && strings.HasPrefix(attr(a, "href"), "#")
}
