package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlMeta is what the page's head and header say about the article.
type htmlMeta struct {
	title, h1, source, url, date, author string
	pageTitle                            string // the <title> as written
	body                                 string // the JSON-LD articleBody
	h1s                                  []string
	h2                                   string   // the first <h2> after an <h1>
	heads                                []string // the page's first <h2> and <h3> headings
}

// headline picks the page's headline: the <h1> that the og:title or
// <title> begins with, else the first <h1> that is not the site's name
// (a logo set in an <h1>, or a blog's name that the <title> puts before
// the og:title), else og:title or <title>.
func (m htmlMeta) headline() string {
	for _, h := range m.h1s {
		if h != "" && m.title != "" && strings.HasPrefix(normaliseTitle(m.title), normaliseTitle(h)) {
			rest := strings.TrimSpace(m.title[min(len(h), len(m.title)):])
			if tail := strings.TrimLeft(rest, ":-–—|· "); siteNameFirst(rest) && len(m.h1s) == 1 && wordCount(tail) >= 3 && isDateLine(m.h2) {
				// "Notes From the Potting Shed: What I Learned ..." over the
				// blog's <h1> name, its first <h2> the post's date: the
				// headline is the title's rest
				return tail
			}
			if siteNameFirst(rest) && len(m.h1s) == 1 && wordCount(m.h2) >= 4 && wordCount(h) <= 4 {
				// "Lydford Astronomers - Star party lessons" over an <h1>
				// "Lydford Astronomers": the <h1> is the club's name, and
				// the post's headline is its <h2>
				return m.h2
			}
			return h
		}
	}
	for _, h := range m.h1s {
		if h != "" && !strings.EqualFold(h, m.source) && !m.blogName(h) && !m.mastheadH1(h) && (wordCount(h) >= 3 || m.title == "") {
			return h
		}
	}
	return m.titlePart()
}

// mastheadH1 reports an <h1> that opens with the site's name, which the
// <title> sets after a headline of its own: "VeloCorsa.net Road racing
// news ... since 2004" under "<title>Six takeaways ... - VeloCorsa.net",
// an old site's logo and tagline.
func (m htmlMeta) mastheadH1(h string) bool {
	site := m.source
	return site != "" && wordCount(m.title) >= 4 && len(h) > len(site)+1 && strings.EqualFold(h[:len(site)], site) && h[len(site)] == ' '
}

// titlePart is the headline's part of a page title that strings the
// site's name, its section and the headline together ("Site :: Harvest
// 2025 :: Five things the harvest showed"): the part that a heading in
// the page repeats, else the one part that is not a short name. A title
// of one part is the headline as it is.
func (m htmlMeta) titlePart() string {
	for _, sep := range titleSeps {
		parts := strings.Split(m.title, sep)
		if len(parts) < 2 {
			continue
		}
		for _, h := range m.heads {
			for i, p := range parts {
				if wordCount(p) >= 4 && strings.EqualFold(strings.TrimSpace(p), h) && (!dashSep(sep) || opensUpper(p) && namesAround(parts, i)) {
					return h
				}
			}
		}
		if len(parts) >= 3 && sep != " - " {
			if p, ok := onlyHeadline(parts); ok {
				return p
			}
		}
	}
	return m.title
}

// titleSeps are what a page title sets between its parts.
var titleSeps = []string{" :: ", " | ", " › ", " » ", " – ", " — ", " - "}

func opensUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

func dashSep(sep string) bool { return sep == " – " || sep == " — " || sep == " - " }

// namesAround reports that every part of a title but the i-th is a
// short capitalised name. A dash can join the halves of a headline
// ("Brexit - what it means for you"), whose second half may well be one
// of the page's headings: only a part that opens in capitals, between
// names, is taken for the headline.
func namesAround(parts []string, i int) bool {
	for j, p := range parts {
		if j != i && !siteLike(strings.TrimSpace(p)) {
			return false
		}
	}
	return true
}

// onlyHeadline is the one part of a page title's three or more that
// reads as a headline (four words or more, not a capitalised name); the
// others are the site's name and its sections.
func onlyHeadline(parts []string) (string, bool) {
	found := ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if wordCount(p) < 4 || siteLike(p) {
			continue
		}
		if found != "" {
			return "", false
		}
		found = p
	}
	return found, found != ""
}

// siteNameFirst reports the rest of a page title after the site's name:
// a separator, then the page's own short title ("- Star party lessons").
func siteNameFirst(rest string) bool {
	for _, sep := range []string{"- ", "| ", "– ", "— ", ": ", "· "} {
		if r, ok := strings.CutPrefix(rest, sep); ok && wordCount(r) >= 1 {
			return true
		}
	}
	return false
}

// blogName reports an <h1> that is the site's name, as a blog template
// sets it over every post: the <title> joins it to the og:title, which
// is the post's own ("Bramble Hill: Lessons from a hard winter").
func (m htmlMeta) blogName(h string) bool {
	t, h := normaliseTitle(m.pageTitle), normaliseTitle(h)
	post := normaliseTitle(m.title)
	if post == "" || post == h || !strings.HasSuffix(t, post) {
		return false
	}
	// "kettle-and-crumb — the 3am bakery ..." over an <h1> "kettle & crumb"
	st, sh := slugKey(t), slugKey(h)
	return len(t) > len(h) && strings.HasPrefix(t, h) || sh != "" && len(st) > len(sh) && strings.HasPrefix(st, sh)
}

// slugKey is s's letters and digits in lower case, "&" read as "and":
// "Kettle & Crumb" and "kettle-and-crumb" give the same key.
func slugKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.ReplaceAll(s, "&", "and")) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bylineClass marks the element that names the writer.
var bylineClass = regexp.MustCompile(`(?i)(^|[\s_-])(byline|author|author-?name|writer)([\s_-]|$)`)

// readMeta reads title, first <h1>, site name, canonical URL, writer and
// publication date.
func readMeta(doc *html.Node) htmlMeta {
	var m htmlMeta
	var title, canonical string
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script:
				m.readJSONLD(n)
			case atom.Title:
				if title == "" {
					title = cleanSpace(textOf(n))
				}
			case atom.Meta:
				m.fromMeta(attr(n, "property")+attr(n, "name")+attr(n, "itemprop"), attr(n, "content"))
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Time:
				if m.date == "" {
					m.date = attr(n, "datetime")
				}
			case atom.H1:
				m.h1s = append(m.h1s, cleanSpace(textOf(n)))
				if m.h1 == "" {
					m.h1 = cleanSpace(textOf(n))
				}
			case atom.H2, atom.H3:
				if len(m.heads) < 20 {
					m.heads = append(m.heads, cleanSpace(textOf(n)))
				}
				if m.h2 == "" && len(m.h1s) > 0 && n.DataAtom == atom.H2 {
					m.h2 = cleanSpace(textOf(n)) // the first <h2> after an <h1>
				}
			}
			m.fromByline(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(doc)
	m.pageTitle = title
	m.url = first(canonical, m.url)
	if m.title == "" {
		m.title, m.source = splitSiteName(title, m.source)
	} else {
		if m.source == "" {
			_, m.source = splitSiteName(title, "")
		}
		m.title, _ = splitSiteName(m.title, m.source)
	}
	return m
}

// fromByline takes the writer's name from a byline element or an
// rel="author" link, when the head did not name one.
func (m *htmlMeta) fromByline(n *html.Node) {
	if m.author != "" {
		return
	}
	if attr(n, "rel") != "author" && attr(n, "itemprop") != "author" && !bylineClass.MatchString(attr(n, "class")) {
		return
	}
	if attr(n, "rel") == "author" && attr(n, "href") == "/" {
		return // a theme's site title marked rel="author" and linked home: the blog, not its writer
	}
	if t := cleanSpace(textOf(n)); t != "" && wordCount(t) <= 12 {
		if name, ok := bylineName(t); ok {
			m.author = name
		} else if n.DataAtom == atom.A || wordCount(t) <= 4 {
			m.author = t
		}
	}
}

func (m *htmlMeta) fromMeta(name, content string) {
	content = cleanSpace(content)
	switch strings.ToLower(name) {
	case "og:title", "twitter:title":
		if m.title == "" {
			m.title = content
		}
	case "og:site_name", "application-name":
		if m.source == "" {
			m.source = content
		}
	case "og:url":
		if m.url == "" {
			m.url = content
		}
	case "article:published_time", "date", "dc.date", "pubdate", "datepublished", "publish-date", "sailthru.date", "parsely-pub-date":
		if m.date == "" {
			m.date = content
		}
	case "author", "article:author", "parsely-author", "byl", "sailthru.author":
		if m.author == "" && !strings.HasPrefix(content, "http") {
			m.author = strings.TrimPrefix(strings.TrimPrefix(content, "By "), "by ")
		}
	}
}

// siteSeps are what a page title sets between the headline and the
// site's name.
var siteSeps = []string{" | ", " – ", " — ", " - ", " :: ", " · "}

// splitSiteName splits a page title into the headline and the site's
// name, which becomes the source unless the page named one:
// "Bridge works finish early | The Gazette", "The Gazette - Bridge works
// finish early". A dash inside the headline stays: "Mars - what we know"
// is a whole headline. Without a known site name only a bar or "::" is
// taken as the separator, or a dash before a short capitalised name
// ("... - The Gazette") after a longer headline.
func splitSiteName(title, source string) (string, string) {
	for _, sep := range siteSeps {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if source != "" {
			if strings.EqualFold(tail, source) {
				return head, source
			}
			if lead, rest, ok := strings.Cut(title, sep); ok && strings.EqualFold(strings.TrimSpace(lead), source) && rest != "" {
				return strings.TrimSpace(rest), source
			}
			continue
		}
		if wordCount(tail) > 5 || head == "" {
			continue
		}
		if sep == " | " || sep == " :: " || siteLike(tail) && wordCount(head) > wordCount(tail) {
			return head, tail
		}
	}
	return title, source
}

// siteLike is a short name, every word capitalised: "The Gazette",
// "Harbour Post", "BBC News".
func siteLike(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)[0]
		if !isUpper(r) && !unicode.IsDigit(r) && w != "&" {
			return false
		}
	}
	return true
}

// siteless is a page title without its site's name.
func siteless(title, site string) string {
	head, _ := splitSiteName(title, site)
	return head
}
