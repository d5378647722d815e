package main

import (
	"fmt"
	"time"
)

// SourceConfig is one source of stories: a folder (type content, path) or
// a feed (type feed, url, and optionally name and fetch_pages).
type SourceConfig struct {
	Type       string `yaml:"type"`
	Path       string `yaml:"path"`
	URL        string `yaml:"url"`
	Name       string `yaml:"name"`
	FetchPages *bool  `yaml:"fetch_pages"` // nil: true
}

// FetchConfig is how feeds and article pages are fetched.
type FetchConfig struct {
	Timeout      time.Duration `yaml:"timeout"`
	MaxBytes     int64         `yaml:"max_bytes"`
	AllowPrivate bool          `yaml:"allow_private"`
}

// validateSource checks one entry of content.sources; feeds maps each
// feed URL to its index, to catch a feed listed twice.
func (c *Config) validateSource(i int, s SourceConfig, feeds map[string]int) error {
	key := fmt.Sprintf("content.sources[%d]", i)
	switch s.Type {
	case "content":
		if s.Path == "" {
			return c.errorf(key+".path", "must not be empty")
		}
		for field, set := range map[string]bool{"url": s.URL != "", "name": s.Name != "", "fetch_pages": s.FetchPages != nil} {
			if set {
				return c.errorf(key+"."+field, "is for feed sources only (this one is type content)")
			}
		}
	case "feed":
		if err := c.checkHTTPURL(key+".url", s.URL); err != nil {
			return err
		}
		if s.Path != "" {
			return c.errorf(key+".path", "is for content sources only (a feed has a url)")
		}
		if j, dup := feeds[s.URL]; dup {
			return c.errorf(key+".url", "the same feed as content.sources[%d]", j)
		}
		feeds[s.URL] = i
	default:
		return c.errorf(key+".type", "unknown source type %q (want content or feed)", s.Type)
	}
	return nil
}
