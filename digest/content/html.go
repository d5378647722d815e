package content

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlMeta is what the page's head says about the article.
type htmlMeta struct {
	title, source, url, date string
}

// chrome are elements that never hold article text.
var chrome = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Form: true, atom.Iframe: true,
	atom.Svg: true, atom.Button: true, atom.Figure: true, atom.Template: true,
	atom.Select: true, atom.Dialog: true, atom.Head: true, atom.Object: true,
}

// chromeClass matches class and id names of page furniture: share bars,
// promos, related links, ads, sign-up boxes.
var chromeClass = regexp.MustCompile(`(?i)(^|[\s_-])(share|sharing|social|promo|related|advert|ads?|sponsor|newsletter|signup|sign-up|cookie|comments?|breadcrumbs?|byline-tools|paywall|donate|outbrain|taboola)([\s_-]|$)`)

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Pre: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Header: true, atom.Hr: true, atom.Dl: true,
	atom.Html: true, atom.Body: true, atom.Center: true, atom.Details: true, atom.Summary: true,
}

// htmlBlocks extracts the article's blocks and head metadata from a page.
func htmlBlocks(src string) ([]block, htmlMeta, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, htmlMeta{}, err
	}
	meta := readMeta(doc)
	root := find(doc, atom.Article)
	if root == nil {
		root = find(doc, atom.Main)
	}
	if root == nil {
		root = doc
	}
	var w walker
	w.walk(root, false)
	w.flush()
	return w.out, meta, nil
}

type walker struct {
	out    []block
	inline strings.Builder
}

func (w *walker) flush() {
	if t := cleanSpace(w.inline.String()); t != "" {
		w.out = append(w.out, block{kind: para, text: t})
	}
	w.inline.Reset()
}

// walk visits n's children; inArticle keeps an article's own header.
func (w *walker) walk(n *html.Node, inArticle bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			w.inline.WriteString(c.Data)
		case c.Type != html.ElementNode:
		case isChrome(c, inArticle):
		case c.DataAtom == atom.Br:
			w.inline.WriteByte(' ')
		case c.DataAtom == atom.Q:
			w.inline.WriteString("“" + textOf(c) + "”")
		case !blockTags[c.DataAtom]:
			w.inline.WriteString(textOf(c))
		default:
			w.flush()
			w.block(c, inArticle || c.DataAtom == atom.Article)
		}
	}
}

func (w *walker) block(c *html.Node, inArticle bool) {
	switch c.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if t := cleanSpace(textOf(c)); t != "" {
			w.out = append(w.out, block{kind: heading, level: int(c.Data[1] - '0'), text: t})
		}
	case atom.Blockquote:
		if t := cleanSpace(textOf(c)); t != "" {
			w.out = append(w.out, block{kind: quote, text: t})
		}
	case atom.P, atom.Pre, atom.Dt, atom.Dd:
		w.walk(c, inArticle)
		w.flush()
	default:
		w.walk(c, inArticle)
		w.flush()
	}
}

func isChrome(n *html.Node, inArticle bool) bool {
	if chrome[n.DataAtom] || (n.DataAtom == atom.Header && !inArticle) {
		return true
	}
	if n.DataAtom == atom.Body || n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return false
	}
	return chromeClass.MatchString(attr(n, "class")) || chromeClass.MatchString(attr(n, "id")) ||
		attr(n, "hidden") != "" || attr(n, "aria-hidden") == "true"
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

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// readMeta reads title, site name, canonical URL and publication date.
func readMeta(doc *html.Node) htmlMeta {
	var m htmlMeta
	var title string
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				title = cleanSpace(textOf(n))
			case atom.Meta:
				m.fromMeta(attr(n, "property")+attr(n, "name"), attr(n, "content"))
			case atom.Link:
				if attr(n, "rel") == "canonical" && m.url == "" {
					m.url = attr(n, "href")
				}
			case atom.Time:
				if m.date == "" {
					m.date = attr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(doc)
	if m.title == "" {
		m.title, m.source = splitSiteName(title, m.source)
	}
	return m
}

func (m *htmlMeta) fromMeta(name, content string) {
	content = cleanSpace(content)
	switch strings.ToLower(name) {
	case "og:title":
		m.title = content
	case "og:site_name", "application-name":
		if m.source == "" {
			m.source = content
		}
	case "og:url":
		if m.url == "" {
			m.url = content
		}
	case "article:published_time", "date", "dc.date", "pubdate":
		m.date = content
	}
}

// splitSiteName splits "Headline | Site" into the headline and the site,
// which becomes the source unless the page named one.
func splitSiteName(title, source string) (string, string) {
	i := strings.LastIndex(title, " | ")
	if i <= 0 {
		return title, source
	}
	if source == "" {
		source = strings.TrimSpace(title[i+3:])
	}
	return strings.TrimSpace(title[:i]), source
}
