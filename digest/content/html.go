package content

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodyClass matches the class of the element that holds a story's text.
var bodyClass = regexp.MustCompile(`(?i)(article|entry|post|story|content)[-_]?(body|content|text)|articlebody|post-body|article__body`)

// htmlBullet is a bullet character opening a paragraph of a page.
var htmlBullet = regexp.MustCompile(`^[•·▪●◦‣►▶➤➔➜◆✓✔✅☑👉🔹🔸]\s*`)

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
	w := walker{pg: newPage(doc)}
	root := w.pg.mainContent(doc, meta.headline())
	if _, inside := keyBoxIn(root); inside == nil {
		if label, list := keyBoxBefore(doc, root); list != nil {
			w.leaf(label, para, 0)
			w.block(list, true)
		}
	}
	w.walk(root, root.DataAtom != atom.Body && root.DataAtom != atom.Html && root != doc)
	w.flush()
	return bodyFallback(w.out, meta.body), meta, nil
}

type walker struct {
	pg      *page
	out     []block
	inline  strings.Builder
	liCount int  // the place of the <li> being read in its list
	image   bool // an image came last: the next block may be its caption
	// the image stood alone in a box of its own, which is closed: a
	// paragraph after the box is text unless it reads as a caption
	boxed bool
	// the loose text being gathered is all links (a "Previous: ..." link
	// set in a <div>), or not
	links, other bool
}

func (w *walker) flush() {
	if t := cleanSpace(w.inline.String()); t != "" {
		w.add(block{kind: para, text: t, words: wordCount(t), link: w.links && !w.other})
	}
	w.inline.Reset()
	w.links, w.other = false, false
}

// add appends a block, noting whether it follows an image.
func (w *walker) add(b block) {
	if b.kind == para && htmlBullet.MatchString(b.text) {
		// a bullet typed into a paragraph: "<p>• Bills rise by 8%.</p>"
		b.text, b.bullet = htmlBullet.ReplaceAllString(b.text, ""), true
		b.words = wordCount(b.text)
	}
	b.image = w.image && (!w.boxed || b.italic || b.words <= 12)
	w.image, w.boxed = false, false
	w.out = append(w.out, b)
}

// walk visits n's children; inArticle keeps an article's own header.
func (w *walker) walk(n *html.Node, inArticle bool) {
	items := 0 // the place of each <li> in its list, counted as we go
	if n.DataAtom == atom.Ol {
		// <ol start="4">: a list the page split in two (a "Read also" box
		// between) goes on counting
		if v, err := strconv.Atoi(strings.TrimSpace(attr(n, "start"))); err == nil && v > 1 && v < 1000 {
			items = v - 1
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			items++
			w.liCount = items
		}
		switch {
		case c.Type == html.TextNode:
			w.inline.WriteString(c.Data)
			w.other = w.other || strings.TrimSpace(c.Data) != ""
		case c.Type != html.ElementNode:
		case w.pg.isChrome(c, inArticle):
			w.chromeChild(c)
		case c.DataAtom == atom.Br:
			w.flush() // text set in a <div> with <br> for lines, as old pages write it

		case c.DataAtom == atom.Img:
			w.flush()
			w.noteImage(c)
		case !blockTags[c.DataAtom]:
			w.inlineElement(c)
		default:
			w.flush()
			w.block(c, inArticle || c.DataAtom == atom.Article)
		}
	}
}

// inlineElement adds the text of an element inside a line of text.
func (w *walker) inlineElement(c *html.Node) {
	spaceBetween(&w.inline, c)
	t := textOf(c)
	w.inline.WriteString(t)
	if strings.TrimSpace(t) == "" {
		return
	}
	if c.DataAtom == atom.A || allInside(c, atom.A) {
		w.links = true
	} else {
		w.other = true
	}
}

// noteImage marks that an image came last, so that a caption paragraph
// after it can be recognised. A <figure> holds its own caption: what
// follows it is text.
func (w *walker) noteImage(c *html.Node) {
	if c.DataAtom == atom.Img || c.DataAtom == atom.Picture {
		w.image = true
	}
}

// chromeChild passes over an element of page furniture, noting an
// image, and reads a key-points box set inside it (an <aside>, a page
// header, a box with a promo's class name).
func (w *walker) chromeChild(c *html.Node) {
	w.noteImage(c)
	if label, list := keyBoxIn(c); list != nil {
		w.flush()
		w.leaf(label, para, 0)
		w.block(list, true)
	}
}

func (w *walker) block(c *html.Node, inArticle bool) {
	switch c.DataAtom {
	case atom.Hr:
		w.add(block{kind: para, text: "* * *", drop: "separator"}) // a section break, kept as a mark (see article)
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
		n := len(w.out)
		w.walk(c, inArticle)
		w.flush()
		w.boxed = w.image && len(w.out) == n
	}
}

// brLines splits a paragraph at its <br> breaks when every line it
// gives opens with a bullet ("<p>• Head: body<br>• Head: body</p>"), or
// gives nothing.
func brLines(c *html.Node) []string {
	var lines []string
	var cur strings.Builder
	end := func() {
		if t := cleanSpace(cur.String()); t != "" {
			lines = append(lines, t)
		}
		cur.Reset()
	}
	for n := c.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			end()
		case n.Type == html.TextNode:
			cur.WriteString(n.Data)
		default:
			cur.WriteString(textOf(n))
		}
	}
	end()
	for _, l := range lines {
		if !htmlBullet.MatchString(l) {
			return nil
		}
	}
	return lines
}

// row adds a table row as one block, its cells joined by " | ", when the
// cells hold text alone; a row of a layout table is walked as a container.
func (w *walker) row(tr *html.Node) {
	var cells []string
	shop := false
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
		shop = shop || w.pg.hasShopLink(c)
	}
	if t := strings.Trim(strings.Join(cells, " | "), " |"); t != "" {
		b := block{kind: para, text: "| " + t + " |", words: wordCount(t)}
		if shop {
			b.drop = "shop link" // a comparison table's buy button
		}
		w.add(b)
	}
}

// leaf adds one block for an element whose content is inline.
func (w *walker) leaf(c *html.Node, k kind, level int) {
	t := cleanSpace(textOf(c))
	if t == "" {
		return
	}
	if k == para && strings.Contains(t, "• ") {
		if lines := brLines(c); len(lines) >= 2 {
			for _, l := range lines {
				w.add(block{kind: para, text: l, words: wordCount(l)}) // "• Head: body<br>• Head: body" in one <p>: a bullet a line
			}
			return
		}
	}
	b := block{kind: k, level: level, text: t, words: wordCount(t)}
	b.bold = k != heading && allInside(c, atom.Strong, atom.B)
	b.link = allInside(c, atom.A) && !selfLink(c)
	b.anchor = k == item && allInside(c, atom.A) && selfLink(c)
	b.italic = !b.bold && allInside(c, atom.Em, atom.I)
	if !b.bold {
		b.lead = htmlLead(c)
	}
	w.add(b)
}
