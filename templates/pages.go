package templates

import (
	"embed"
	"html/template"
)

//go:embed pages/*.html
var pagesFS embed.FS

// Pages are the web pages `digest run` serves: responsive, with no
// external assets.
var Pages = template.Must(template.ParseFS(pagesFS, "pages/*.html"))
