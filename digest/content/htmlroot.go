package content

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mainContent picks the element holding the story: the <article>,
// <main> or article-body element with the most paragraph text, or the
// whole page when none holds most of it.
func mainContent(doc *html.Node) *html.Node {
	total := paraWords(doc)
	var best *html.Node
	bestWords := 0
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || chrome[c.DataAtom] {
				continue
			}
			if isContentRoot(c) {
				if w := paraWords(c); w > bestWords {
					best, bestWords = c, w
				}
			}
			rec(c)
		}
	}
	rec(doc)
	if best == nil || bestWords*10 < total*4 {
		return densest(doc, total)
	}
	return best
}

// densest finds the story on a page that marks it with no <article> or
// <main>: the element whose paragraphs (its children's, and half its
// grandchildren's, so that a story split into <section>s is kept whole)
// hold the most words, when that is most of the page's text; else the
// whole page.
func densest(doc *html.Node, total int) *html.Node {
	score := map[*html.Node]int{}
	var order []*html.Node // document order, so that ties are broken the same way every time
	add := func(n *html.Node, w int) {
		if _, ok := score[n]; !ok {
			order = append(order, n)
		}
		score[n] += w
	}
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode || isChrome(c, true):
			case c.DataAtom == atom.P:
				w := wordCount(cleanSpace(textOf(c)))
				add(n, 2*w)
				if n.Parent != nil {
					add(n.Parent, w)
				}
			default:
				rec(c)
			}
		}
	}
	rec(doc)
	var best *html.Node
	for _, n := range order {
		if best == nil || score[n] > score[best] || score[n] == score[best] && depth(n) > depth(best) {
			best = n
		}
	}
	if best == nil || score[best] < total {
		return doc
	}
	return best
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil; n = n.Parent {
		d++
	}
	return d
}

func isContentRoot(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Article, atom.Main:
		return true
	}
	return attr(n, "itemprop") == "articleBody" || attr(n, "role") == "main" || bodyClass.MatchString(attr(n, "class"))
}

// paraWords counts the words in n's <p> elements outside page chrome.
func paraWords(n *html.Node) int {
	words := 0
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode || isChrome(c, true):
			case c.DataAtom == atom.P:
				words += wordCount(textOf(c))
			default:
				rec(c)
			}
		}
	}
	rec(n)
	return words
}
