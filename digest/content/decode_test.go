package content

import (
	"strings"
	"testing"
	"time"
)

func TestRepairMojibake(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"apostrophe", "donâ€™t", "don’t"},
		{"accent", "cafÃ© crÃ¨me", "café crème"},
		{"quotes", "â€œyesâ€\u009d", "“yes”"},
		{"emoji", "ðŸ˜€ done", "😀 done"},
		{"nbsp", "10Â\u00a0km", "10\u00a0km"},
		{"euro", "â‚¬5", "€5"},
		{"correct text kept", "café “quoted” — naïve £5 ½", "café “quoted” — naïve £5 ½"},
		{"lone lead kept", "SÃO PAULO", "SÃO PAULO"},
		{"mixed", "It’s donâ€™t", "It’s don’t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repairMojibake(tt.in); got != tt.want {
				t.Errorf("repairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTMLCharsetDecoded(t *testing.T) {
	page := "<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 news</title></head><body><p>It\x92s \x93here\x94 for \x805.</p></body></html>"
	st, err := Parse("a.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Title != "Café news" || !strings.Contains(st.Intro, "It’s “here” for €5.") {
		t.Errorf("title %q intro %q", st.Title, st.Intro)
	}
}

func TestParseDate(t *testing.T) {
	utc := func(s string) string {
		t, err := parseDate(s)
		if err != nil {
			return "error"
		}
		return t.UTC().Format(time.RFC3339)
	}
	tests := map[string]string{
		"2016-12-22T05:00:00-0800":        "2016-12-22T13:00:00Z",
		"2016-12-22T05:00:00-08:00":       "2016-12-22T13:00:00Z",
		"2016-12-22":                      "2016-12-22T00:00:00Z",
		"Thu 5 Jun 2025 14.02 BST":        "2025-06-05T13:02:00Z",
		"4:32 PM GMT, 12 February 2026":   "2026-02-12T16:32:00Z",
		"Dec. 22, 2016 5:00 a.m. ET":      "2016-12-22T10:00:00Z",
		"Saturday 16 May 2026, 7:02pm":    "2026-05-16T19:02:00Z",
		"March 2, 2026":                   "2026-03-02T00:00:00Z",
		"22nd December 2016":              "2016-12-22T00:00:00Z",
		"21/03/2026":                      "2026-03-21T00:00:00Z",
		"Mon, 02 Jan 2006 15:04:05 -0700": "2006-01-02T22:04:05Z",
		"the twelfth of never":            "error",
		"12 comments":                     "error",
	}
	for in, want := range tests {
		if got := utc(in); got != want {
			t.Errorf("parseDate(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseMarker(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		rest string
		ok   bool
	}{
		{"1) Heading", 1, "Heading", true},
		{"2)Heading", 2, "Heading", true},
		{"3. Heading", 3, "Heading", true},
		{"4, Heading", 4, "Heading", true},
		{"5 - Heading", 5, "Heading", true},
		{"No. 6: Heading", 6, "Heading", true},
		{"#7 Heading", 7, "Heading", true},
		{"Takeaway 8: Heading", 8, "Heading", true},
		{"Lesson 9 - Heading", 9, "Heading", true},
		{"b) Heading", 2, "Heading", true},
		{"C. Heading", 3, "Heading", true},
		{"(4) Heading", 4, "Heading", true},
		{"III. Heading", 3, "Heading", true},
		{"Takeaway #5: Heading", 5, "Heading", true},
		{"6\ufe0f\u20e3 Heading", 6, "Heading", true},
		{"7/ Post text", 7, "Post text", true},
		{"Iowa. It voted early", 0, "", false},
		{"3/8 Post text", 3, "Post text", true},
		{"12", 12, "", true},
		{"2.5 million shells", 0, "", false},
		{"10:30 meeting", 0, "", false},
		{"1,000 people", 0, "", false},
		{"3 things happened", 0, "", false},
		{"2020 was a year", 0, "", false},
		{"Pointless words", 0, "", false},
	}
	for _, tt := range tests {
		m, ok := parseMarker(tt.in)
		if ok != tt.ok || m.n != tt.n || m.rest != tt.rest {
			t.Errorf("parseMarker(%q) = %d %q %v, want %d %q %v", tt.in, m.n, m.rest, ok, tt.n, tt.rest, tt.ok)
		}
	}
}
