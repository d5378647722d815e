package templates

import (
	"embed"
	"html/template"
)

//go:embed pages/*.html
var pagesFS embed.FS

// Pages are the web pages `digest run` serves: responsive, with no
// external assets.
var Pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).ParseFS(pagesFS, "pages/*.html"))
