package content

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// count records, for every element, the words of its text outside links
// and page furniture, and its paragraphs of prose: the measures the
// story is found by. It returns n's own counts.
func (pg *page) count(n *html.Node) (words, long int) {
	if pg.words == nil {
		pg.words, pg.long = map[*html.Node]int{}, map[*html.Node]int{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			words += countWords(c.Data, len(c.Data)+1)
		case c.Type != html.ElementNode || c.DataAtom == atom.A || pg.isChrome(c, true):
		default:
			w, l := pg.count(c)
			if l == 0 && w >= 30 && (c.DataAtom == atom.P || c.DataAtom == atom.Li || c.DataAtom == atom.Blockquote) {
				l = 1 // a paragraph of prose
			}
			words, long = words+w, long+l
		}
	}
	pg.words[n], pg.long[n] = words, long
	return words, long
}

// mainContent picks the element holding the story: the <article>,
// <main> or article-body element with the most text when it holds a
// good part of the page's, else the element found by descending from
// the page into the child that holds most of the text. Either is
// widened to take in the headline's own container (with a standfirst or
// a key-points box) when that adds little text.
func (pg *page) mainContent(doc *html.Node, headline string) *html.Node {
	total := pg.words[doc]
	var best *html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || chrome[c.DataAtom] {
				continue
			}
			if (best == nil || pg.words[c] > pg.words[best]) && isContentRoot(c) {
				best = c
			}
			rec(c)
		}
	}
	rec(doc)
	if best == nil || pg.words[best]*10 < total*4 {
		best = pg.descend(doc)
	}
	return pg.widen(best, doc, headline)
}

// descend goes down from n into the child that holds most of its text:
// when that child holds nearly all of it, or the bulk of it while no
// other child holds a paragraph of prose (a story split around an
// inline advert is kept whole).
func (pg *page) descend(n *html.Node) *html.Node {
	for {
		var top *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (top == nil || pg.words[c] > pg.words[top]) {
				top = c
			}
		}
		if top == nil || pg.words[top] == 0 {
			return n
		}
		whole, rest := pg.words[n], pg.long[n]-pg.long[top]
		if pg.words[top]*100 < whole*85 && (pg.words[top]*2 < whole || rest > 0) {
			return n
		}
		n = top
	}
}

// widen takes in the story's header: the nearest ancestor of root that
// holds the headline, when it adds little text (see littleMore).
func (pg *page) widen(root, doc *html.Node, headline string) *html.Node {
	h1 := findHeadline(doc, headline)
	if h1 == nil {
		return root
	}
	for a := root; a != nil; a = a.Parent {
		if a == doc || a.DataAtom == atom.Body || !pg.littleMore(a, root) {
			return root
		}
		if contains(a, h1) {
			return a
		}
	}
	return root
}

// littleMore reports an ancestor that adds little to root's text: no
// paragraph of prose and not much more than root's words (a header with
// a key-points box), or one paragraph (a standfirst) and half as much.
func (pg *page) littleMore(a, root *html.Node) bool {
	w, rw := pg.words[a], pg.words[root]
	switch pg.long[a] - pg.long[root] {
	case 0:
		return w*2 <= rw*5
	case 1:
		return w*2 <= rw*3
	}
	return false
}

// findHeadline is the <h1> whose text is the headline, or nil.
func findHeadline(doc *html.Node, headline string) *html.Node {
	var found *html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.H1 && cleanSpace(textOf(c)) == headline {
				found = c
			}
			rec(c)
		}
	}
	if headline != "" {
		rec(doc)
	}
	return found
}

func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

func isContentRoot(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Article, atom.Main:
		return true
	}
	return attr(n, "itemprop") == "articleBody" || attr(n, "role") == "main" || bodyClass.MatchString(attr(n, "class"))
}
