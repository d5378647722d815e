package content

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// keyBoxIn finds a key-points box inside n: a list of two or more items
// of text (not links) under a label such as "Key takeaways", however the
// page styles it (an <aside>, a header, a box with a promo's class).
func keyBoxIn(n *html.Node) (label, list *html.Node) {
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil && list == nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom == atom.Script || c.DataAtom == atom.Style {
				continue
			}
			if l := boxLabel(c); l != nil {
				label, list = l, c
				return
			}
			rec(c)
		}
	}
	rec(n)
	return label, list
}

// keyBoxBefore finds a key-points box set above the story's root, outside
// it (between the headline and the text, in a block of its own).
func keyBoxBefore(doc, root *html.Node) (label, list *html.Node) {
	var rec func(*html.Node) bool
	rec = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c == root {
				return true
			}
			if c.Type != html.ElementNode || c.DataAtom == atom.Nav || c.DataAtom == atom.Footer {
				continue
			}
			if l := boxLabel(c); l != nil {
				label, list = l, c
				return true
			}
			if rec(c) {
				return true
			}
		}
		return false
	}
	rec(doc)
	return label, list
}

// boxLabel returns the label of a key-points list: the element just
// before the list (or before the list's container), when its text names
// a box of key points. The list must hold two items or more, most of
// them text rather than links.
func boxLabel(l *html.Node) *html.Node {
	if l.DataAtom != atom.Ul && l.DataAtom != atom.Ol {
		return nil
	}
	items, text := 0, 0
	for li := l.FirstChild; li != nil; li = li.NextSibling {
		if li.Type == html.ElementNode && li.DataAtom == atom.Li {
			items++
			if !allInside(li, atom.A) {
				text++
			}
		}
	}
	if items < 2 || text*2 <= items {
		return nil
	}
	for n, up := l, 0; n != nil && up < 4; n, up = n.Parent, up+1 {
		p := prevElement(n)
		if p == nil {
			continue // the list opens its container: look before the container
		}
		if t := cleanSpace(shortText(p, 120)); wordCount(t) <= 8 && isKeyBoxLabel(t) {
			return p
		}
		return nil
	}
	return nil
}

// shortText is the text of n when it is short (at most max bytes), else "".
func shortText(n *html.Node, max int) string {
	var b []byte
	var rec func(*html.Node) bool
	rec = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b = append(b, c.Data...)
			} else if c.Type == html.ElementNode && !chrome[c.DataAtom] && !rec(c) {
				return false
			}
			if len(b) > max {
				return false
			}
		}
		return true
	}
	if !rec(n) {
		return ""
	}
	return string(b)
}

func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
	}
	return nil
}
