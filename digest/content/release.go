package content

import "regexp"

// releaseTail opens the boilerplate that closes a press release: the
// "About Company" notes on each party and the forward-looking statements
// disclaimer.
var releaseTail = regexp.MustCompile(`(?i)^(about \p{Lu}.{1,70}|forward-looking statements?|safe harbou?r statement|cautionary (note|statement) (regarding|about|on) forward-looking statements)[:.]?$`)

// dropReleaseTail drops a press release's closing boilerplate, from its
// first "About ..." or "Forward-looking statements" line in the second
// half on: those are notes on the parties and legal text, never points
// of the release. Only a text with a release label ("FOR IMMEDIATE
// RELEASE") is read as a release.
func dropReleaseTail(bs []block) {
	release := false
	for i := range bs {
		if bs[i].drop == "release label" {
			release = true
			break
		}
	}
	if !release {
		return
	}
	for i := len(bs) / 2; i < len(bs); i++ {
		b := &bs[i]
		if b.drop == "" && b.words <= 10 && !endsSentence(b.text) && releaseTail.MatchString(b.text) {
			if p := i - 1; p >= 0 && endMark(bs[p].text) {
				i = p // the release's end mark over its notes: "###", "-30-"
			}
			dropFrom(bs, i, "release boilerplate")
			return
		}
		if b.drop == "" && endMark(b.text) && i+1 < len(bs) {
			dropFrom(bs, i, "release boilerplate") // "###": the release ends here
			return
		}
	}
}

// endMark is the mark that ends a press release: "###", "# # #", "-30-",
// "ENDS".
func endMark(s string) bool {
	switch s {
	case "###", "# # #", "-30-", "- 30 -", "ENDS", "-ends-", "- ends -":
		return true
	}
	return false
}
