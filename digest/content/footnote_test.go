package content

import (
	"reflect"
	"strings"
	"testing"
)

// TestUpArrowFootnotes: a footnote list whose entries carry the "↑"
// back-reference marker (as wikis and CMS footnote plugins print it),
// numbered or not, is dropped as footnotes: never read as takeaways,
// never left in the body.
func TestUpArrowFootnotes(t *testing.T) {
	lede := "The harbour board met on Tuesday and agreed a plan for the old quay, after two years of argument about its cost.[1]\n\n"
	points := "1. The quay will be rebuilt in stone\n\nThe board chose stone over steel piles because it lasts longer in salt water.[2]\n\n" +
		"2. Work starts in the spring\n\nContractors will begin in March, once the storm season is over.\n\n" +
		"3. Ferries will use the north berth\n\nThe crossing keeps running from a temporary pontoon while the quay is closed.\n\n"
	notes := []struct{ name, list string }{
		{"numbered, arrow after the number", "1. ↑ Harbour board minutes, meeting of 14 March.\n\n2. ↑ Coastal engineering survey, second edition, page 40.\n"},
		{"arrow first", "↑ Harbour board minutes, meeting of 14 March.\n\n↑ Coastal engineering survey, second edition, page 40.\n"},
		{"arrow with letters", "1. ↑ a b Harbour board minutes, meeting of 14 March.\n\n2. ↑ Coastal engineering survey, second edition, page 40.\n"},
		{"caret back-reference", "1. ^ Harbour board minutes, meeting of 14 March.\n\n2. ^ Coastal engineering survey, second edition, page 40.\n"},
	}
	for _, tt := range notes {
		t.Run(tt.name, func(t *testing.T) {
			st := mustParse(t, "quay.txt", lede+points+tt.list)
			want := []string{"The quay will be rebuilt in stone", "Work starts in the spring", "Ferries will use the north berth"}
			if got := headings(st); !reflect.DeepEqual(got, want) {
				t.Errorf("takeaways = %q, want %q", got, want)
			}
			text := append([]string{st.Intro}, st.Body...)
			for _, tk := range st.Takeaways {
				text = append(append(text, tk.Summary), tk.Body...)
			}
			if st.Conclusion != nil {
				text = append(text, st.Conclusion.Body...)
			}
			for _, s := range text {
				if strings.Contains(s, "minutes") || strings.Contains(s, "survey") {
					t.Errorf("footnote kept: %q", s)
				}
			}
		})
	}
}
