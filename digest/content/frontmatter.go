package content

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/digest-dev/digest/digest"
)

// splitFrontMatter separates an optional YAML front matter block
// ("---" lines) from the body.
func splitFrontMatter(src string) (map[string]any, string, error) {
	src = normaliseNewlines(src)
	if !strings.HasPrefix(src, "---\n") {
		return nil, src, nil
	}
	rest := src[4:]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - 4
		} else {
			return nil, "", errors.New(`no closing "---" line`)
		}
	}
	var fm map[string]any
	if err := yaml.Unmarshal([]byte(rest[:end]), &fm); err != nil {
		// "title: Budget: what it means" is not YAML, but it is what
		// people write: read such a block one "key: value" line at a time
		if fm = plainFrontMatter(rest[:end]); fm == nil {
			return nil, "", err
		}
	}
	body := ""
	if end+5 <= len(rest) {
		body = rest[end+5:]
	}
	return fm, body, nil
}

// applyFrontMatter copies the known keys; others are left alone so that
// articles written for a static site generator can be read as they are.
func applyFrontMatter(st *digest.Story, fm map[string]any, warn func(string)) error {
	str := map[string]string{}
	for k, v := range fm {
		switch k {
		case "tags":
			tags, err := stringList(v)
			if err != nil {
				return fmt.Errorf("tags: %w", err)
			}
			st.Tags = tags
		case "date":
			if t, ok := v.(time.Time); ok {
				st.Published = t
				continue
			}
			str[k] = fmt.Sprint(v)
		case "author", "authors":
			// a web clipper's list of wiki links: ["[[A Writer]]", "[[B Writer]]"]
			unlink := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "[["), "]]") }
			list, isList := v.([]any)
			if !isList || len(list) == 0 {
				str["author"] = unlink(fmt.Sprint(v))
				continue
			}
			names, _ := stringList(list)
			for i, n := range names {
				names[i] = unlink(n)
			}
			str["author"] = strings.Join(names, " and ")
			if len(names) > 2 {
				str["author"] = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
			}
		default:
			str[k] = fmt.Sprint(v)
		}
	}
	applyMeta(st, str, warn)
	return nil
}

// applyMeta copies title, source, URL, author and date. A date in a form
// the parser cannot read is a warning, never a reason to drop the article.
func applyMeta(st *digest.Story, m map[string]string, warn func(string)) {
	st.Title = cleanSpace(m["title"])
	st.Source = cleanSpace(m["source"])
	st.URL = strings.TrimSpace(m["url"])
	if a := cleanSpace(m["author"]); a != "" {
		st.Author = trimBy(a) // a Blogger byline's "Posted by Gus Harnett"
	}
	if d := strings.TrimSpace(m["date"]); d != "" {
		t, err := parseDate(d)
		if err != nil {
			warn(err.Error() + "; the article is kept without it")
			return
		}
		st.Published = t
	}
}

func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of words, got %T", v)
}

// plainFrontMatter reads front matter that is not valid YAML as lines of
// "key: value" (the value is everything after the first ": "), or
// returns nil when a line has no key.
func plainFrontMatter(block string) map[string]any {
	fm := map[string]any{}
	for _, l := range strings.Split(block, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.ContainsAny(k, " \t") {
			return nil
		}
		fm[k] = strings.Trim(strings.TrimSpace(v), `"'`)
	}
	return fm
}
