package content

import "testing"

// TestSiteName: a page title loses the site's name, wherever the site
// sets it, and keeps a dash that belongs to the headline.
func TestSiteName(t *testing.T) {
	tests := []struct {
		name, title, site, wantTitle, wantSite string
	}{
		{"dash inside the headline", "Mars - what we know", "", "Mars - what we know", ""},
		{"dash inside, site after a bar", "Mars - what we know | Site", "", "Mars - what we know", "Site"},
		{"known site after a dash", "Mars - what we know - The Gazette", "The Gazette", "Mars - what we know", "The Gazette"},
		{"known site before a dash", "Site - Mars", "Site", "Mars", "Site"},
		{"unknown site name after a dash", "Bridge works finish early - The Gazette", "", "Bridge works finish early", "The Gazette"},
		{"capitalised words after a short head", "Mars - What We Know", "", "Mars - What We Know", ""},
		{"no separator", "Bridge works finish early", "", "Bridge works finish early", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, site := splitSiteName(tt.title, tt.site)
			if title != tt.wantTitle || site != tt.wantSite {
				t.Errorf("splitSiteName(%q, %q) = %q, %q, want %q, %q", tt.title, tt.site, title, site, tt.wantTitle, tt.wantSite)
			}
		})
	}
}

// TestPageTitleKeepsItsDash: a saved page titled "Mars - what we know"
// keeps the whole headline as the story's title.
func TestPageTitleKeepsItsDash(t *testing.T) {
	src := `<html><head><title>Mars - what we know</title></head><body><article>
<p>The rover has been driving for four years and has sent back more than a thousand images of the crater floor.</p>
<p>Engineers say its wheels are worn but the instruments still work well enough for another season of study.</p>
</article></body></html>`
	if got, want := mustParse(t, "a.html", src).Title, "Mars - what we know"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

// TestTitleFromName: an article without a headline is titled from its
// file's name, and a name with no words in it gives "Untitled", never
// "-", an empty title or a broken character.
func TestTitleFromName(t *testing.T) {
	body := "the rover has been driving for four years and has sent back more than a thousand images of the crater floor, engineers say, and its wheels are worn but its instruments still work well enough for another season of careful study of the rocks\n"
	tests := []struct{ file, want string }{
		{"ferry-fares_2026.txt", "Ferry fares 2026"},
		{"-.md", "Untitled"},
		{".md", "Untitled"},
		{"--_.txt", "Untitled"},
		{"dir/élan-vital.txt", "Élan vital"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := mustParse(t, tt.file, body).Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTitlePart: a page title that strings the site, its section and the
// headline together gives the headline: the part a heading in the page
// repeats, else the one part that is not a short name. A dash that joins
// a headline's halves is left alone.
func TestTitlePart(t *testing.T) {
	tests := []struct {
		name, title string
		heads       []string
		want        string
	}{
		{"double colons, heading repeats the last part", "Fenby Rowing Club :: Regatta 2026 :: What the spring regatta taught us", []string{"What the spring regatta taught us"}, "What the spring regatta taught us"},
		{"bars, no heading", "Fenby Rowing Club | Regatta 2026 | What the spring regatta taught us", nil, "What the spring regatta taught us"},
		{"angle quotes, headline first", "What the spring regatta taught us » News » Fenby Rowing Club", nil, "What the spring regatta taught us"},
		{"two long parts, no heading", "Fenby Rowing Club :: Notes from the boathouse :: What the spring regatta taught us", nil, "Fenby Rowing Club :: Notes from the boathouse :: What the spring regatta taught us"},
		{"dash between names and headline", "Fenby Rowing Club - What the spring regatta taught us", []string{"What the spring regatta taught us"}, "What the spring regatta taught us"},
		{"dash inside the headline", "Regatta - what the spring taught us", []string{"What the spring taught us"}, "Regatta - what the spring taught us"},
		{"one part", "What the spring regatta taught us", []string{"What the spring regatta taught us"}, "What the spring regatta taught us"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := htmlMeta{title: tt.title, heads: tt.heads}
			if got := m.titlePart(); got != tt.want {
				t.Errorf("titlePart(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}
