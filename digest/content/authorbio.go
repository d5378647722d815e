package content

// dropAuthorBios drops the author boxes an agency prints after its
// story in its second half, wherever the page's footer leaves them (its
// last few blocks are dropAuthorNotes's): a writer's name alone on a
// line ("ANNA BERG"), with a job title under it or not, over a note
// that names the writer ("Berg covers farming for ...", "Anna has been
// writing about ..."). The name would otherwise read as a
// short heading over a section.
func dropAuthorBios(bs []block) {
	for i := len(bs) / 2; i < len(bs); i++ {
		if bs[i].drop != "" || bs[i].words < 2 || bs[i].words > 4 || nameAlone(bs[i].text) == "" {
			continue
		}
		n := nextKept(bs, i)
		if n >= 0 && isRoleLine(&bs[n]) {
			n = nextKept(bs, n) // "Staff Writer" under the name
		}
		if n >= 0 && bs[n].words <= 40 && surnameNote(bs[i].text, bs[n].text) {
			bs[i].drop, bs[n].drop = "author box", "author box"
		}
	}
}
