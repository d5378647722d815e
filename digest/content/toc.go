package content

import "strings"

// dropTOC drops an unlabelled table of contents: a list of short lines
// near the top whose entries come back later as the headings of the
// sections (each followed by prose), marker and case apart ("Lesson 1:
// Deposits" for "### Lesson 1 – Deposits"). Two entries at least must
// match.
func dropTOC(bs []block) {
	first := map[string]int{}
	var entries []int
	for i := range bs {
		b := bs[i]
		if b.drop != "" || b.words > 12 || !isHeadlineLike(strings.TrimRight(b.text, "?!")) {
			continue
		}
		key := tocKey(b.text)
		j, ok := first[key]
		if !ok {
			if b.kind != heading {
				first[key] = i
			}
			continue
		}
		if i-j > 2 && listNeighbour(bs, j) && proseAfter(bs, i) {
			entries = append(entries, j)
			delete(first, key)
		}
	}
	if len(entries) < 2 {
		return
	}
	for _, j := range entries {
		bs[j].drop = "table of contents"
	}
	// the list's own label above it ("In this guide", "Transport budget explained")
	if p := prevKept(bs, entries[0]); p >= 0 && p == entries[0]-1 && bs[p].words <= 6 && isHeadlineLike(bs[p].text) {
		bs[p].drop = "table of contents"
	}
}

// tocKey is a heading as a table of contents and the section may each
// write it: without its marker, case, final stop or curly apostrophe.
func tocKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(cleanHeading(stripMarker(s))), "’", "'")
}

// listNeighbour reports a short line just before or after i: i is in a list.
func listNeighbour(bs []block, i int) bool {
	for _, n := range []int{prevKept(bs, i), nextKept(bs, i)} {
		if n >= 0 && bs[n].words <= 12 && isHeadlineLike(bs[n].text) {
			return true
		}
	}
	return false
}

// dropAnchorTOC drops a table of contents made of links to places on the
// same page, with its label ("What's inside", "On this page") when two
// entries or more follow it.
func dropAnchorTOC(bs []block) {
	for i := 0; i < len(bs); {
		if !bs[i].anchor {
			i++
			continue
		}
		start, run := i, 0
		for ; i < len(bs) && (bs[i].anchor || bs[i].drop != ""); i++ {
			if bs[i].anchor {
				bs[i].drop = "table of contents"
				run++
			}
		}
		if p := prevKept(bs, start); run >= 2 && p >= 0 && bs[p].words <= 6 && isHeadlineLike(bs[p].text) {
			bs[p].drop = "table of contents"
		}
	}
}

// dropParaphrasedTOC drops a table of contents whose entries are
// written unlike the headings they stand for ("Why the kiln decides" for
// "The kiln has the final word"): three or more short list entries
// straight above the first section heading, as many as the headings of that
// level that follow, most sharing a word with their heading in order.
func dropParaphrasedTOC(bs []block) {
	for i := 0; i < len(bs); i++ {
		if bs[i].kind != heading || bs[i].drop != "" || bs[i].level == 1 {
			continue // the headline is not a section
		}
		entries := tocEntriesAbove(bs, i)
		if len(entries) < 3 {
			return // only the list straight above the first heading is read
		}
		var heads []int
		for j := i; j < len(bs); j++ {
			if bs[j].kind == heading && bs[j].level == bs[i].level && bs[j].drop == "" {
				heads = append(heads, j)
			}
		}
		if len(heads) != len(entries) {
			return
		}
		shared := 0
		for k, e := range entries {
			if shareWord(bs[e].text, bs[heads[k]].text) {
				shared++
			}
		}
		if shared*3 >= len(entries)*2 {
			for _, e := range entries {
				bs[e].drop = "table of contents"
			}
		}
		return
	}
}

// tocEntriesAbove is the run of short list entries just above the
// heading at i.
func tocEntriesAbove(bs []block, i int) []int {
	var out []int
	for j := i - 1; j >= 0 && j >= i-nearby; j-- {
		b := &bs[j]
		if b.drop != "" {
			continue
		}
		if b.kind != item && !b.bullet || b.words > 8 || endsSentence(b.text) || b.link {
			break
		}
		out = append([]int{j}, out...)
	}
	return out
}

// shareWord reports a word of four letters or more that two lines
// share, compared on its first five letters ("notebooks", "notebook").
func shareWord(a, b string) bool {
	stems := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(a)) {
		if s := wordStem(w); s != "" {
			stems[s] = true
		}
	}
	for _, w := range strings.Fields(strings.ToLower(b)) {
		if s := wordStem(w); s != "" && stems[s] {
			return true
		}
	}
	return false
}

func wordStem(w string) string {
	w = strings.Trim(w, ".,:;!?\"'’“”()")
	if len(w) < 4 || w == "that" || w == "this" || w == "with" || w == "what" || w == "your" || w == "from" {
		return ""
	}
	if len(w) > 5 {
		w = w[:5]
	}
	return w
}
