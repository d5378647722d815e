package content

import "testing"

// TestScorersLine: a match's scorers are furniture; a name with a
// number, or a sentence that opens with a year, is not a scorers line.
func TestScorersLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Carr 34, 81; Mbeki 67", true},
		{"Okafor 23'; Lind 41', 71', Haye 88'", true},
		{"Abara 55 pen", true},
		{"Marsh 9, Quill 90+4 og; Danes 30, Pike 62", true},
		{"Windows 11", false},
		{"In 2019 the council sold the depot", false},
		{"Route 66, 1950", false},
		{"Ashby Vale 2–1 Tollan Cross", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := isScorers(tt.line); got != tt.want {
				t.Errorf("isScorers(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

// TestLabelsKeepRealHeadings: a job title on its own line goes; a
// heading that ends in one stays, and so does a short heading line
// between paragraphs of plain text.
func TestLabelsKeepRealHeadings(t *testing.T) {
	for _, s := range []string{"Letters to the editor", "A note from the editor"} {
		b := newBlock(para, s, 1)
		b.words = wordCount(s)
		if isRoleLine(&b) {
			t.Errorf("%q read as a job title", s)
		}
	}
	src := "Best prams of the year\n\nWe pushed each pram for a month around town and through the park.\n\n" +
		"Best for families\n\nThe Zed 3 folds with one hand and fits in a small boot without taking the wheels off.\n\n" +
		"Best for travel\n\nThe Lark weighs six kilos and goes in an overhead locker on most airlines we tried.\n"
	st, err := Parse("prams.txt", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range st.Takeaways {
		got = append(got, tk.Heading)
	}
	if len(got) != 2 || got[0] != "Best for families" || got[1] != "Best for travel" {
		t.Errorf("takeaways = %q, want the two 'Best for' sections", got)
	}
}
