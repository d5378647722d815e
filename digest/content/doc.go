// Package content reads articles (Markdown, plain text, saved HTML pages)
// and parses them into digest stories: title, lede, takeaways, an optional
// conclusion, and the whole text, with page furniture removed.
//
// Parsing runs in stages, each linear in the size of the article:
//
//   - decode: refuse binary or oversized input, decode HTML in its declared
//     charset, repair UTF-8 that was read as Windows-1252 (decode.go);
//   - blocks: split the text into paragraphs, headings, list items and
//     quotes, each with its source line (blocks.go, inline.go, html.go);
//   - boilerplate: mark every block of page furniture with the rule that
//     drops it, for --explain (rules.go, boilerplate.go, furniture.go);
//   - metadata: read bylines, date stamps and the headline (meta.go);
//   - structure: read the blocks in every shape takeaways take (numbered,
//     two-level, headings, heading lines, run-in heads, ordinals, a
//     key-points box) and choose one (numbered.go, layouts.go, choose.go);
//   - story: split each takeaway into heading and body, find the
//     conclusion, and for an article without takeaways extract key points
//     (sections.go, conclusion.go, keypoints.go).
//
// Dir reads a folder of articles; ReadFile one file; Parse bytes already
// read; Explain says what each block became.
package content
