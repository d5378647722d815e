package content

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// chrome are elements that never hold article text.
var chrome = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Form: true, atom.Iframe: true,
	atom.Svg: true, atom.Button: true, atom.Figure: true, atom.Template: true,
	atom.Select: true, atom.Dialog: true, atom.Head: true, atom.Object: true,
	atom.Figcaption: true, atom.Video: true, atom.Audio: true, atom.Picture: true,
}

// chromeClass matches class and id names of page furniture: share bars,
// promos, related links, ads, sign-up boxes, captions, author boxes,
// comments, tables of contents and screen-reader-only text.
var chromeClass = regexp.MustCompile(`(?i)(^|[\s_-])(share|sharing|social|promo|related|advert|advertisement|ads?|sponsor(ed)?|newsletter|signup|sign-up|cookie|comments?|commentlist|breadcrumbs?|byline-tools|paywall|donate|outbrain|taboola|caption|credits?|author|author-?box|author-?bio|about-author|post-?nav|pagination|nav-links|toc|table-of-contents|skip-link|sr-only|screen-reader-text|visually-hidden|most-?read|most-?popular|trending|recirc|more-stories|read-?more|read-?also|see-?also|widget|sidebar|modal|popup|subscribe|tags|tag-?list|jump-?links|button|btn|cta|inline-?nl|inline-newsletter|deals?|consent|gdpr|cmp|ticker|disqus|respond|notices)([\s_-]|$)`)

// bodyClass matches the class of the element that holds a story's text.
var bodyClass = regexp.MustCompile(`(?i)(article|entry|post|story|content)[-_]?(body|content|text)|articlebody|post-body|article__body`)

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Pre: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Header: true, atom.Hr: true, atom.Dl: true,
	atom.Html: true, atom.Body: true, atom.Center: true, atom.Details: true, atom.Summary: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Th: true, atom.Address: true, atom.Fieldset: true,
}

// htmlBlocks extracts the article's blocks and head metadata from a page.
func htmlBlocks(src string) ([]block, htmlMeta, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, htmlMeta{}, err
	}
	meta := readMeta(doc)
	w := walker{}
	w.walk(mainContent(doc), false)
	w.flush()
	return w.out, meta, nil
}

type walker struct {
	out     []block
	inline  strings.Builder
	liCount int // the place of the <li> being read in its list
}

func (w *walker) flush() {
	if t := cleanSpace(w.inline.String()); t != "" {
		w.out = append(w.out, block{kind: para, text: t, words: wordCount(t)})
	}
	w.inline.Reset()
}

// walk visits n's children; inArticle keeps an article's own header.
func (w *walker) walk(n *html.Node, inArticle bool) {
	items := 0 // the place of each <li> in its list, counted as we go
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			items++
			w.liCount = items
		}
		switch {
		case c.Type == html.TextNode:
			w.inline.WriteString(c.Data)
		case c.Type != html.ElementNode:
		case isChrome(c, inArticle):
			w.noteImage(c)
		case c.DataAtom == atom.Br:
			w.flush() // text set in a <div> with <br> for lines, as old pages write it

		case c.DataAtom == atom.Img:
			w.flush()
			w.noteImage(c)
		case !blockTags[c.DataAtom]:
			w.inline.WriteString(textOf(c))
		default:
			w.flush()
			w.block(c, inArticle || c.DataAtom == atom.Article)
		}
	}
}

// noteImage marks that an image (or a figure) came last, so that a
// caption paragraph after it can be recognised.
func (w *walker) noteImage(c *html.Node) {
	if (c.DataAtom == atom.Figure || c.DataAtom == atom.Img || c.DataAtom == atom.Picture) && len(w.out) > 0 {
		w.out[len(w.out)-1].role = "before-image"
	}
}

func (w *walker) block(c *html.Node, inArticle bool) {
	switch c.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.leaf(c, heading, int(c.Data[1]-'0'))
	case atom.Blockquote:
		w.leaf(c, quote, 0)
	case atom.Tr:
		w.row(c)
	case atom.P, atom.Dt, atom.Dd:
		w.leaf(c, para, 0)
	case atom.Li:
		n, idx := len(w.out), w.liCount // read before a nested list changes it
		if hasBlockChild(c) {
			w.walk(c, inArticle)
			w.flush()
		} else {
			w.leaf(c, item, 0)
		}
		if len(w.out) == n {
			return
		}
		b := &w.out[n]
		if c.Parent != nil && c.Parent.DataAtom == atom.Ol {
			b.ordinal = idx
		} else {
			b.bullet = true
		}
	default:
		w.walk(c, inArticle)
		w.flush()
	}
}

// row adds a table row as one block, its cells joined by " | ", when the
// cells hold text alone; a row of a layout table is walked as a container.
func (w *walker) row(tr *html.Node) {
	var cells []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if hasBlockChild(c) {
			w.walk(tr, false)
			w.flush()
			return
		}
		cells = append(cells, cleanSpace(textOf(c)))
	}
	if t := strings.Trim(strings.Join(cells, " | "), " |"); t != "" {
		w.out = append(w.out, block{kind: para, text: "| " + t + " |", words: wordCount(t)})
	}
}

// leaf adds one block for an element whose content is inline.
func (w *walker) leaf(c *html.Node, k kind, level int) {
	t := cleanSpace(textOf(c))
	if t == "" {
		return
	}
	b := block{kind: k, level: level, text: t, words: wordCount(t)}
	b.bold = k != heading && allInside(c, atom.Strong, atom.B)
	b.link = allInside(c, atom.A) && !selfLink(c)
	b.italic = !b.bold && allInside(c, atom.Em, atom.I)
	if !b.bold {
		b.lead = htmlLead(c)
	}
	w.out = append(w.out, b)
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
			case c.Type == html.ElementNode && !chrome[c.DataAtom]:
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

func isChrome(n *html.Node, inArticle bool) bool {
	if chrome[n.DataAtom] || (n.DataAtom == atom.Header && !inArticle) {
		return true
	}
	switch n.DataAtom {
	case atom.Body, atom.Article, atom.Main, atom.Html:
		return false
	}
	switch attr(n, "itemprop") {
	case "author", "datePublished", "dateModified", "publisher":
		return true // read by readMeta; not article text
	}
	return chromeName(attr(n, "class")) || chromeName(attr(n, "id")) ||
		chromeName(attr(n, "data-testid")) || chromeName(attr(n, "data-component")) ||
		strings.Contains(attr(n, "rel"), "sponsored") ||
		attr(n, "hidden") != "" || attr(n, "aria-hidden") == "true" || attr(n, "role") == "navigation"
}

// chromeName reports class or id names of page furniture. Modifier
// names ("has-sidebar", "with-comments", "no-share") describe the
// element's neighbours, not the element, and are passed over.
func chromeName(v string) bool {
	if v == "" {
		return false
	}
	if !strings.Contains(v, "has-") && !strings.Contains(v, "with-") && !strings.Contains(v, "no-") && !strings.Contains(v, "is-") {
		return chromeClass.MatchString(v)
	}
	for _, tok := range strings.Fields(v) {
		switch {
		case strings.HasPrefix(tok, "has-"), strings.HasPrefix(tok, "with-"), strings.HasPrefix(tok, "no-"), strings.HasPrefix(tok, "is-"):
		case chromeClass.MatchString(tok):
			return true
		}
	}
	return false
}

// textOf is the text inside n, with <br> as a space and chrome left out.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type != html.ElementNode, chrome[c.DataAtom]:
			case c.DataAtom == atom.Br:
				b.WriteByte(' ')
			case c.DataAtom == atom.Q:
				b.WriteString("“")
				rec(c)
				b.WriteString("”")
			default:
				rec(c)
			}
		}
	}
	rec(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
