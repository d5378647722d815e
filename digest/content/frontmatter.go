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
		return nil, "", err
	}
	body := ""
	if end+5 <= len(rest) {
		body = rest[end+5:]
	}
	return fm, body, nil
}

// applyFrontMatter copies the known keys; others are left alone so that
// articles written for a static site generator can be read as they are.
func applyFrontMatter(st *digest.Story, fm map[string]any) error {
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
		default:
			str[k] = fmt.Sprint(v)
		}
	}
	return applyMeta(st, str)
}

func applyMeta(st *digest.Story, m map[string]string) error {
	st.Title = cleanSpace(m["title"])
	st.Source = cleanSpace(m["source"])
	st.URL = strings.TrimSpace(m["url"])
	if d := strings.TrimSpace(m["date"]); d != "" {
		t, err := parseDate(d)
		if err != nil {
			return err
		}
		st.Published = t
	}
	return nil
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

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123, "2 January 2006", "January 2, 2006"}

func parseDate(s string) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date: %q is not a date (use 2006-01-02 or RFC 3339)", s)
}
