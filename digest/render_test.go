package digest

import "testing"

func TestPersonaliser(t *testing.T) {
	v := Values{Name: `Zoë <O'Hara> & Co`, Email: "zoe@example.com", Unsubscribe: "https://x.example/u/1.a?b=1&c=2", ViewOnline: "https://x.example/v"}
	tests := []struct {
		name   string
		part   string
		isHTML bool
		want   string
	}{
		{"text, raw values", "Hi " + PlaceholderName + ", " + PlaceholderUnsubscribe, false, "Hi Zoë <O'Hara> & Co, https://x.example/u/1.a?b=1&c=2"},
		{"html, escaped values", `<p>Hi ` + PlaceholderName + `</p><a href="` + PlaceholderUnsubscribe + `">`, true,
			`<p>Hi Zoë &lt;O&#39;Hara&gt; &amp; Co</p><a href="https://x.example/u/1.a?b=1&amp;c=2">`},
		{"repeated and adjacent", PlaceholderViewOnline + PlaceholderViewOnline + PlaceholderEmail, false, "https://x.example/vhttps://x.example/vzoe@example.com"},
		{"no placeholders", "plain", false, "plain"},
		{"at the edges", PlaceholderEmail + " middle " + PlaceholderEmail, false, "zoe@example.com middle zoe@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewPersonaliser(tt.part, tt.isHTML).Fill(v, nil); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValuesForUnnamed(t *testing.T) {
	if got := ValuesFor(Recipient{Email: "a@example.com"}, Links{}).Name; got != "there" {
		t.Errorf("name = %q, want there", got)
	}
}
