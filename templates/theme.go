// Package templates renders an issue into its HTML and plain-text parts
// with hermes and a newsletter theme of our own, and holds the pages the
// HTTP server shows. The theme is embedded and can be overridden from a
// folder holding email.html and email.txt.
package templates

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/digest-dev/digest/digest"
)

//go:embed theme/email.html theme/email.txt
var themeFS embed.FS

// Theme is a hermes theme read from the embedded files or a folder.
type Theme struct {
	name, html, text string
}

// Name implements hermes.Theme.
func (t *Theme) Name() string { return t.name }

// HTMLTemplate implements hermes.Theme.
func (t *Theme) HTMLTemplate() string { return t.html }

// PlainTextTemplate implements hermes.Theme.
func (t *Theme) PlainTextTemplate() string { return t.text }

// LoadTheme reads email.html and email.txt from dir, or the embedded theme
// when dir is empty.
func LoadTheme(dir string) (*Theme, error) {
	read := func(name string) ([]byte, error) { return themeFS.ReadFile("theme/" + name) }
	label := "digest"
	if dir != "" {
		read = func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
		label = dir
	}
	h, err := read("email.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t, err := read("email.txt")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return &Theme{name: label, html: withAttrs(string(h)), text: withAttrs(string(t))}, nil
}

// attrCall is {{attr "key"}} in a theme, an intro or an outro: a
// subscriber attribute, filled in per recipient like the name.
var attrCall = regexp.MustCompile(`\{\{-?\s*attr\s+"([A-Za-z0-9_]{1,64})"\s*-?\}\}`)

// withAttrs turns each {{attr "key"}} into the attribute's placeholder.
func withAttrs(s string) string {
	return attrCall.ReplaceAllStringFunc(s, func(m string) string {
		return digest.AttrPlaceholder(attrCall.FindStringSubmatch(m)[1])
	})
}
