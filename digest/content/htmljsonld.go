package content

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
)

// readJSONLD reads a JSON-LD script of the page: the longest
// articleBody (the story's text as the site publishes it for search
// engines, which a page saved before its scripts ran, or behind a
// paywall, may carry alone), and the date and writer when the page's
// head did not give them.
func (m *htmlMeta) readJSONLD(n *html.Node) {
	if !strings.Contains(attr(n, "type"), "ld+json") || n.FirstChild == nil {
		return
	}
	var v any
	if json.Unmarshal([]byte(n.FirstChild.Data), &v) != nil {
		return
	}
	if b := longestBody(v, 0); len(b) > len(m.body) {
		m.body = b
	}
	obj, _ := v.(map[string]any)
	if d, ok := obj["datePublished"].(string); ok && m.date == "" {
		m.date = d
	}
	if a := personOf(obj["author"]); a != "" && m.author == "" {
		m.author = a
	}
}

// personOf is the name of a JSON-LD author: a name, a Person, or the
// first of a list of them.
func personOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		name, _ := t["name"].(string)
		return name
	case []any:
		if len(t) > 0 {
			return personOf(t[0])
		}
	}
	return ""
}

func longestBody(v any, depth int) string {
	best := ""
	if depth > 8 {
		return best
	}
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "articleBody" && len(s) > len(best) {
				best = s
			} else if b := longestBody(x, depth+1); len(b) > len(best) {
				best = b
			}
		}
	case []any:
		for _, x := range t {
			if b := longestBody(x, depth+1); len(b) > len(best) {
				best = b
			}
		}
	}
	return best
}

// bodyFallback reads the JSON-LD body in place of the blocks read from
// the page when that body holds more than twice their text: the page
// itself shows a teaser, a paywall or an empty shell. The page's blocks
// stay, dropped, for --explain.
func bodyFallback(bs []block, body string) []block {
	words := wordCount(cleanSpace(body))
	if words < 80 {
		return bs
	}
	have := 0
	for _, b := range bs {
		have += b.words
	}
	if words <= 2*have {
		return bs
	}
	out := bs
	for i := range out {
		out[i].drop = "page text; its JSON-LD body read instead" // shown by --explain
	}
	for _, p := range strings.Split(html.UnescapeString(body), "\n") {
		if t := cleanSpace(p); t != "" {
			out = append(out, block{kind: para, text: t, words: wordCount(t)})
		}
	}
	return out
}
