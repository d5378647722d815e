package content

import (
	"strings"
	"testing"
)

// TestKeyPointsComeFromTheArticleInOrder: an article without takeaways
// gets key points that are sentences of its own text, in the order the
// article has them, each marked extracted, and none taken from the
// furniture around it (share lines, captions, sign-up lines, comments).
func TestKeyPointsComeFromTheArticleInOrder(t *testing.T) {
	paras := []string{
		"The county council voted on Thursday to keep the mobile library running for another three years, reversing a plan to retire the van in the spring.",
		"Councillors said the van visits fourteen villages that have no branch library, and that more than nine hundred people borrowed books from it last year.",
		"The service costs about forty thousand pounds a year, most of it for the driver and for fuel, and the council will now look for a grant to replace the ageing van.",
		"Parents in the villages had collected signatures for weeks, arguing that the van is the only place their children can choose books for themselves.",
		"The library service will publish a new timetable in January, with longer stops at the village schools and a monthly evening visit to the larger villages.",
	}
	furniture := []string{
		"Share this article",
		"The mobile library van parked outside the village hall. (Photo by Jo Bloggs/Getty Images)",
		"Sign up for our newsletter to get the latest news in your inbox",
		"12 comments",
		"Great news for the villages, well done to everyone who signed.",
	}
	src := "Mobile library saved for three more years\n\n" + furniture[0] + "\n\n" + paras[0] + "\n\n" + furniture[1] + "\n\n" +
		strings.Join(paras[1:3], "\n\n") + "\n\n" + furniture[2] + "\n\n" + strings.Join(paras[3:], "\n\n") + "\n\n" +
		furniture[3] + "\n\n" + furniture[4] + "\n"
	st := mustParse(t, "library.txt", src)
	if st.HasOwnTakeaways() || len(st.Takeaways) == 0 {
		t.Fatalf("takeaways %q: want key points, not own takeaways", headings(st))
	}
	article := strings.Join(paras, " ")
	last := -1
	for _, tk := range st.Takeaways {
		if !tk.Extracted {
			t.Errorf("key point %q not marked extracted", tk.Summary)
		}
		at := strings.Index(article, tk.Summary)
		if at < 0 {
			t.Errorf("key point %q is not a sentence of the article", tk.Summary)
			continue
		}
		if at <= last {
			t.Errorf("key point %q is out of article order", tk.Summary)
		}
		last = at
		for _, f := range furniture {
			if strings.Contains(f, tk.Summary) || strings.Contains(tk.Summary, f) {
				t.Errorf("key point %q comes from furniture", tk.Summary)
			}
		}
	}
}

// TestKeyPointWithoutDateline: a key point taken from a wire story's
// first sentence reads without the dateline.
func TestKeyPointWithoutDateline(t *testing.T) {
	for _, dl := range []string{"PORT AVERLY, Nov 14 (Newswire) - ", "LONDON (AP) — ", "KESTREL BAY, Ore. — "} {
		src := "Dock deal agreed\n\n" + dl + "Dockworkers voted on Friday to accept a four-year pay deal that ends the threat of a strike at the port.\n\n" +
			"The union said most members backed the offer, which raises wages over the life of the contract.\n"
		st := mustParse(t, "wire.txt", src)
		if len(st.Takeaways) == 0 {
			t.Fatalf("%q: no key points", dl)
		}
		if got, want := st.Takeaways[0].Heading, "Dockworkers voted on Friday to accept a four-year pay deal that ends the threat of a strike at the port"; got != want {
			t.Errorf("%q: first key point %q, want %q", dl, got, want)
		}
	}
}
