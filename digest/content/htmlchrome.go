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
var chromeClass = regexp.MustCompile(`(?i)(^|[\s_-])(share|sharing|social|promo|related|advert|advertisement|ads?|sponsor(ed)?|newsletter(module|block|box|widget|form|cta|signup)?|signup|sign-up|cookie|comments?|commentlist|breadcrumbs?|byline-tools|paywall|donate|outbrain|taboola|caption|credits?|author|author-?box|author-?bio|about-author|post-?nav|pagination|nav-links|toc|table-of-contents|skip-link|sr-only|screen-reader-text|visually-hidden|most-?read|most-?popular|trending|recirc|more-stories|read-?more|read-?also|see-?also|widget|sidebar|modal|popup|subscribe|tags|tag-?list|jump-?links|button|btn|cta|buy|badges?|ribbon|pill|inline-?nl|inline-newsletter|deals?|consent|gdpr|cmp|ticker|disqus|respond|notices|footnotes?|article-sources|citations)([\s_-]|$)`)

// talkClass names a reader discussion: never a page's layout, however
// much of the page's text it holds.
var talkClass = regexp.MustCompile(`(?i)comment|disqus|respond|repl(y|ies)|discussion|conversation|forum`)

// page is what is learnt about a saved page before it is walked.
type page struct {
	// layout holds class names that match a furniture word but hold most
	// of the page's text, as page builders name their blocks
	// ("elementor-widget-text-editor"): they are layout, not furniture.
	layout map[string]bool
	words  map[*html.Node]int // text outside links and furniture under each element
	long   map[*html.Node]int // paragraphs of prose (30 words or more) under each element
	names  map[string]bool    // class names already judged: furniture or not
}

func newPage(doc *html.Node) *page {
	pg := &page{layout: layoutTokens(doc), names: map[string]bool{}}
	pg.count(doc)
	return pg
}

// layoutTokens finds the class names that match a furniture word and
// whose elements hold half the page's text or more.
func layoutTokens(doc *html.Node) map[string]bool {
	share, active, furniture := map[string]int{}, map[string]int{}, map[string]bool{}
	total := 0
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				w := countWords(c.Data, len(c.Data)+1)
				total += w
				for t := range active {
					share[t] += w
				}
			case c.Type != html.ElementNode || chrome[c.DataAtom] || c.DataAtom == atom.A:
			default:
				var toks []string
				for _, t := range strings.Fields(attr(c, "class")) {
					f, seen := furniture[t]
					if !seen {
						f = chromeClass.MatchString(t) && !talkClass.MatchString(t)
						furniture[t] = f
					}
					if active[t] == 0 && f {
						toks = append(toks, t)
						active[t] = 1
					}
				}
				rec(c)
				for _, t := range toks {
					delete(active, t)
				}
			}
		}
	}
	rec(doc)
	out := map[string]bool{}
	for t, w := range share {
		if total > 0 && w*2 >= total {
			out[t] = true
		}
	}
	return out
}

// isChrome reports an element of page furniture. inArticle keeps an
// article's own <header>.
func (pg *page) isChrome(n *html.Node, inArticle bool) bool {
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
	return pg.chromeName(attr(n, "class")) || pg.chromeName(headingFreeID(n)) ||
		pg.chromeName(attr(n, "data-testid")) || pg.chromeName(attr(n, "data-component")) ||
		strings.Contains(attr(n, "rel"), "sponsored") || hidden(n) || attr(n, "role") == "navigation" || chromeLabel.MatchString(attr(n, "aria-label"))
}

// chromeLabel is the aria-label of a page's player, sign-up box or
// promotion set in the story ('<div aria-label="Video">', "Newsletter").
var chromeLabel = regexp.MustCompile(`(?i)^(video|video player|videos|newsletter|newsletter sign-?up|sign-?up|advertisement|ad|sponsored( content)?|related( stories| content| coverage| articles| links)?|share|share (this )?(article|story)|social (share|sharing|media)|most (read|popular|viewed)|trending|comments|recommended( stories)?)$`)

// headingFreeID is n's id, or "" for a heading: a heading's id is its
// anchor, a slug of its own words ("data-sharing-was-the-hidden-factor"),
// which says nothing of what the heading is.
func headingFreeID(n *html.Node) string {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return ""
	}
	return attr(n, "id")
}

// hidden reports an element a reader never sees.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "hidden" || a.Key == "aria-hidden" && a.Val == "true" {
			return true // "hidden" is set by its presence: <div hidden="">
		}
	}
	return false
}

// chromeName reports class or id names of page furniture. Modifier
// names ("has-sidebar", "with-comments", "no-share") describe the
// element's neighbours, not the element, and are passed over, as are
// the page's layout names.
func (pg *page) chromeName(v string) bool {
	if v == "" {
		return false
	}
	for _, tok := range strings.Fields(v) {
		switch {
		case strings.HasPrefix(tok, "has-"), strings.HasPrefix(tok, "with-"), strings.HasPrefix(tok, "no-"), strings.HasPrefix(tok, "is-"):
		case pg.furniture(tok):
			return true
		}
	}
	return false
}

// furniture judges one class name, once per page.
func (pg *page) furniture(tok string) bool {
	if pg == nil {
		return chromeClass.MatchString(tok)
	}
	f, ok := pg.names[tok]
	if !ok {
		f = chromeClass.MatchString(pg.unprefixed(tok))
		pg.names[tok] = f
	}
	return f
}

// unprefixed strips a layout name that opens a class name, so that only
// the rest of it is read: "elementor-widget-heading" is a heading, and
// "elementor-widget-share-buttons" a share bar.
func (pg *page) unprefixed(tok string) string {
	if pg == nil {
		return tok
	}
	if pg.layout[tok] {
		return ""
	}
	for l := range pg.layout {
		if len(tok) > len(l) && strings.HasPrefix(tok, l) && (tok[len(l)] == '-' || tok[len(l)] == '_') {
			return tok[len(l):]
		}
	}
	return tok
}
