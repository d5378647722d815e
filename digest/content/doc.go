// Package content reads articles (Markdown, plain text, HTML) and parses
// them into digest stories: title, lede, numbered takeaways and an optional
// conclusion, with page boilerplate removed.
package content
