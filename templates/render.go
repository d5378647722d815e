package templates

import (
	"context"
	"fmt"
	"strings"

	"github.com/matcornic/hermes/v2"

	"github.com/digest-dev/digest/digest"
)

var _ digest.Renderer = (*Renderer)(nil)

// Renderer renders issues with a theme. It is safe for concurrent use:
// each render builds its own hermes value, as hermes merges defaults into it.
type Renderer struct {
	theme *Theme
}

// New returns a Renderer for the theme.
func New(theme *Theme) (*Renderer, error) {
	if theme == nil {
		return nil, fmt.Errorf("templates: nil theme")
	}
	return &Renderer{theme: theme}, nil
}

// Render renders the issue once, with digest placeholders for each
// recipient's name, address and links.
func (r *Renderer) Render(_ context.Context, is *digest.Issue) (*digest.Rendered, error) {
	h := r.hermes(is)
	email := Email(is)
	html, err := h.GenerateHTML(email)
	if err != nil {
		return nil, fmt.Errorf("render issue %d html: %w", is.Number, err)
	}
	text, err := h.GeneratePlainText(email)
	if err != nil {
		return nil, fmt.Errorf("render issue %d text: %w", is.Number, err)
	}
	return &digest.Rendered{HTML: html, Text: tidyText(text)}, nil
}

func (r *Renderer) hermes(is *digest.Issue) *hermes.Hermes {
	return &hermes.Hermes{
		Theme:         r.theme,
		TextDirection: hermes.TDLeftToRight,
		Product: hermes.Product{
			Name:      is.Newsletter.Name,
			Link:      is.Newsletter.PublicURL,
			Copyright: fmt.Sprintf("© %d %s", is.Date.Year(), is.Newsletter.Name),
		},
	}
}

// Email maps an issue onto hermes's body: intro and outro paragraphs, meta
// values in the dictionary, and one table row per story whose entries are
// typed blocks (url, title, byline, intro, group, takeaway, summary,
// quote, keypoint, conclusion, more, also) that the theme lays out.
func Email(is *digest.Issue) hermes.Email {
	nl := is.Newsletter
	lang := nl.Language
	if lang == "" {
		lang = "en"
	}
	meta := []hermes.Entry{
		{Key: "lang", Value: lang},
		{Key: "subject", Value: is.Subject},
		{Key: "preheader", Value: is.Preheader},
		{Key: "dateline", Value: fmt.Sprintf("Issue %d · %s", is.Number, is.Date.Format("Monday, 2 January 2006"))},
		{Key: "view", Value: digest.PlaceholderViewOnline},
		{Key: "view_label", Value: "View in browser"},
		{Key: "unsubscribe", Value: digest.PlaceholderUnsubscribe},
		{Key: "unsubscribe_label", Value: "Unsubscribe"},
		{Key: "more_label", Value: "Read the full story"},
		{Key: "why", Value: fmt.Sprintf("You are receiving %s at %s because you subscribed.", nl.Name, digest.PlaceholderEmail)},
		{Key: "address", Value: nl.Address},
	}
	intros := []string{"Hello " + digest.PlaceholderName + ","}
	for _, p := range is.Intro {
		intros = append(intros, withAttrs(p))
	}
	var outros []string
	for _, p := range is.Outro {
		outros = append(outros, withAttrs(p))
	}
	rows := make([][]hermes.Entry, 0, len(is.Stories))
	for _, s := range is.Stories {
		rows = append(rows, storyRow(s))
	}
	return hermes.Email{Body: hermes.Body{
		Intros:     intros,
		Outros:     outros,
		Dictionary: meta,
		Table:      hermes.Table{Data: rows},
	}}
}

func storyRow(s digest.Story) []hermes.Entry {
	var row []hermes.Entry
	add := func(k, v string) {
		if v != "" {
			row = append(row, hermes.Entry{Key: k, Value: v})
		}
	}
	add("url", s.URL)
	add("title", s.Title)
	add("byline", byline(s))
	if len(s.Takeaways) == 0 || s.Intro != "" {
		add("intro", firstParagraph(s.Intro))
	}
	if !s.HasOwnTakeaways() {
		// a gist: key points picked from the text are not the author's
		// numbered takeaways, so they are listed, not numbered
		for _, t := range s.Takeaways {
			if !strings.Contains(firstParagraph(s.Intro), t.Summary) { // the gist already says it
				add("keypoint", t.Summary)
			}
		}
	} else {
		takeawayRows(s, add)
	}
	add("more", s.URL)
	if also := s.AlsoIn(); len(also) > 0 {
		add("also", "Also in: "+strings.Join(also, ", "))
	}
	return row
}

// takeawayRows adds the story's own takeaways, under their groups, and
// its conclusion.
func takeawayRows(s digest.Story, add func(k, v string)) {
	for i, t := range s.Takeaways {
		if t.Group != "" && (i == 0 || s.Takeaways[i-1].Group != t.Group) {
			add("group", t.Group)
		}
		add("takeaway", fmt.Sprintf("%d. %s", i+1, t.Heading))
		add("summary", t.Summary)
		if len(t.Quotes) > 0 {
			add("quote", strings.TrimRight(t.Quotes[0], ",;: "))
		}
	}
	if c := s.Conclusion; c != nil && len(c.Body) > 0 {
		add("conclusion", c.Heading)
		add("summary", firstParagraph(c.Body[0]))
	}
}

func byline(s digest.Story) string {
	var parts []string
	if s.Source != "" {
		parts = append(parts, s.Source)
	}
	if !s.Published.IsZero() {
		parts = append(parts, s.Published.Format("2 Jan 2006"))
	}
	return strings.Join(parts, " · ")
}

func firstParagraph(s string) string {
	p, _, _ := strings.Cut(s, "\n\n")
	return p
}

// tidyText trims the blank-line runs html2text leaves behind.
func tidyText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank++; blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n")) + "\n"
}
