package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/mmcdole/gofeed"
	xhtml "golang.org/x/net/html"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content/fetch"
)

// minPageWords is the least text an extracted page must have to be used;
// below it the extraction most likely found a teaser, a consent wall or an
// error page, and the item's own content is better.
const minPageWords = 40

// ErrNoText is a page or item in which no article text was found.
var ErrNoText = errors.New("no article text")

// meta is what a page or a feed item says about its article.
type meta struct {
	title, url, site, author string
	published                time.Time
	tags                     []string
}

// makeArticle makes the item's story from its page, or from the item's
// own content when the page cannot be fetched or yields no text; the log
// says why. Failures are recorded in the article, not returned.
func (f *Feed) makeArticle(ctx context.Context, it *gofeed.Item, feed *gofeed.Feed, key, base string) *digest.Article {
	a := &digest.Article{URL: key, Published: itemDate(it)}
	fallback := itemMeta(it, feed, base)
	fallback.site = f.displayName(feed.Title)
	link := resolve(base, it.Link)
	if f.FetchPages && link != "" {
		st, hash, err := f.fromPage(ctx, link, fallback)
		if err == nil {
			a.Story, a.ContentHash, a.Status, a.CanonicalURL = st, hash, digest.ArticleFromPage, st.URL
			return a
		}
		a.Error = "page: " + err.Error()
		f.log().Info("using the feed item's own content", "source", fallback.site, "item", link, "reason", err)
	}
	body := itemBody(it)
	st, err := parseHTML(key, fallback.title, body, f.Options)
	if err != nil {
		a.Status = digest.ArticleFailed
		a.Error = strings.TrimPrefix(a.Error+"; item: "+err.Error(), "; ")
		return a
	}
	fallback.apply(st, f.Name)
	if len(st.Tags) == 0 {
		st.Tags = it.Categories
	}
	a.Story, a.ContentHash, a.Status, a.CanonicalURL = st, hashText(body), digest.ArticleFromItem, st.URL
	return a
}

// fromPage fetches the article page, extracts its main content with
// readability and parses that; the page's metadata wins over the item's.
func (f *Feed) fromPage(ctx context.Context, link string, item meta) (*digest.Story, string, error) {
	resp, err := f.Fetcher.Get(ctx, fetch.Request{URL: link, Page: true})
	if err != nil {
		return nil, "", err
	}
	st, hash, err := pageStory(resp, item, f.Options)
	if err != nil {
		return nil, "", err
	}
	if len(st.Tags) == 0 {
		st.Tags = item.tags
	}
	if f.Name != "" {
		st.Source = f.Name
	}
	return st, hash, nil
}

// pageStory makes a story of a fetched article page. item fills in what
// the page's metadata does not say.
func pageStory(resp *fetch.Response, item meta, opt Options) (*digest.Story, string, error) {
	if !isHTML(resp.ContentType, resp.Body) {
		return nil, "", fmt.Errorf("not an HTML page but %s", orUnknown(resp.ContentType))
	}
	text, err := resp.Text()
	if err != nil {
		return nil, "", err
	}
	doc, err := xhtml.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, "", err
	}
	pageURL, _ := url.Parse(resp.URL)
	m := pageMeta(doc, resp.URL)
	art, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		return nil, "", fmt.Errorf("extract article: %w", err)
	}
	var body bytes.Buffer
	if art.Node == nil || art.RenderHTML(&body) != nil || words(art) < minPageWords {
		return nil, "", ErrNoText
	}
	m.site = first(m.site, art.SiteName(), item.site)
	m.title = first(m.title, siteless(art.Title(), m.site), item.title)
	m.author = first(trimBy(art.Byline()), item.author)
	if t, err := art.PublishedTime(); err == nil {
		m.published = t
	} else {
		m.published = item.published
	}
	m.url = first(m.url, digest.CleanURL(resp.URL))
	st, err := parseHTML(resp.URL, m.title, body.String(), opt)
	if full, ferr := parseAs(resp.URL, HTML, text, opt); ferr == nil && (err != nil || fuller(full, st)) {
		// readability's extract can lose a section of the article (one
		// with an inline card in it), or a close's heading; the parser's
		// own reading of the whole page, which drops the page's chrome
		// itself, keeps it (the page read as it is, its header and footer
		// outside its article)
		st, err = full, nil
	}
	if err != nil {
		return nil, "", err
	}
	m.apply(st, "")
	dropByline(st)
	return st, hashText(body.String()), nil
}

// dropByline removes a leading "By Name · date" line that the page kept
// in the article body: the author is in the story's metadata.
func dropByline(st *digest.Story) {
	p, rest, _ := strings.Cut(st.Intro, "\n\n")
	if strings.HasPrefix(p, "By ") && len(strings.Fields(p)) <= 12 && st.Author != "" && strings.Contains(p, st.Author) {
		st.Intro = rest
	}
}

func words(art readability.Article) int {
	var b strings.Builder
	art.RenderText(&b)
	return len(strings.Fields(b.String()))
}

// parseHTML runs the takeaway parser on an article's HTML, titled.
func parseHTML(name, title, body string, opt Options) (*digest.Story, error) {
	if strings.TrimSpace(body) == "" {
		return nil, ErrNoText
	}
	if !strings.Contains(body, "<") { // JSON Feed's content_text
		body = "<p>" + strings.ReplaceAll(html.EscapeString(body), "\n\n", "</p><p>") + "</p>"
	}
	page := "<!DOCTYPE html><html><head><title>" + html.EscapeString(title) + "</title></head><body><article>" + body + "</article></body></html>"
	st, err := parseAs(name, HTML, []byte(page), opt)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoText, strings.TrimPrefix(err.Error(), name+": "))
	}
	return st, nil
}

// apply sets the story's metadata; a non-empty name overrides the site.
func (m meta) apply(st *digest.Story, name string) {
	st.Title = first(m.title, st.Title)
	st.URL = first(m.url, st.URL)
	st.Source = first(name, m.site, st.Source)
	st.Author = first(m.author, st.Author)
	if !m.published.IsZero() {
		st.Published = m.published
	}
}

// itemMeta is what the feed says about an item.
func itemMeta(it *gofeed.Item, feed *gofeed.Feed, base string) meta {
	m := meta{title: strings.TrimSpace(it.Title), url: digest.CleanURL(resolve(base, it.Link)), published: itemDate(it), tags: it.Categories}
	for _, p := range append(it.Authors, feed.Authors...) {
		if p != nil && p.Name != "" {
			m.author = p.Name
			break
		}
	}
	return m
}

// itemBody is the item's full content, else its summary.
func itemBody(it *gofeed.Item) string {
	if strings.TrimSpace(it.Content) != "" {
		return it.Content
	}
	return it.Description
}

// pageMeta is what the page's head says about it (readMeta), with its
// canonical URL resolved against the page's address.
func pageMeta(doc *xhtml.Node, base string) meta {
	hm := readMeta(doc)
	// the headline as a saved page is read (an <h1> the page's title
	// names, else og:title): a fetched page and its saved copy agree
	return meta{title: hm.headline(), site: hm.source, url: digest.CleanURL(resolve(base, hm.url))}
}

// trimBy makes a byline an author's name: "By Ada Lovelace" is "Ada
// Lovelace".
func trimBy(byline string) string {
	return byPrefix.ReplaceAllString(strings.TrimSpace(byline), "")
}

// byPrefix is the words a byline sets before the writer's name: "By",
// "Posted by" (a Blogger page), "Written by".
var byPrefix = regexp.MustCompile(`^(?i:(posted|written|words|story|published|reported) by|by):? +`)

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// isHTML reports an HTML page by its Content-Type or, without one, by
// what the body starts with.
func isHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "text/plain") && !strings.HasPrefix(ct, "application/octet-stream") {
		return false
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

func hashText(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:16])
}

func first(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// fuller reports a reading of the whole page that found more than
// readability's extract: more points, or as many and a close with its
// heading where the extract's close has none, or a close where the
// extract found none (a closing paragraph set off by an <hr> the extract
// lost).
func fuller(full, extract *digest.Story) bool {
	if a, b := ownPoints(full), ownPoints(extract); a != b {
		return a > b
	}
	if full.Conclusion != nil && extract.Conclusion == nil && ownPoints(full) > 0 {
		return true
	}
	return full.Conclusion != nil && full.Conclusion.Heading != "" && (extract.Conclusion == nil || extract.Conclusion.Heading == "")
}

// ownPoints is the number of takeaways a story's text gave (0 when it
// gave none and only key points were extracted).
func ownPoints(st *digest.Story) int {
	if !st.HasOwnTakeaways() {
		return 0
	}
	return len(st.Takeaways)
}
