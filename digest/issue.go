package digest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/template"
	"time"
)

// ErrNothingNew is returned by Assemble when every story it was given has
// already been sent: an explicit outcome, never a blank email.
var ErrNothingNew = errors.New("nothing new to send")

// Newsletter describes the publication an issue belongs to.
type Newsletter struct {
	Name      string
	From      string // the sender address, "Name <addr>" or "addr"
	ReplyTo   string
	PublicURL string // base of unsubscribe, view-online and archive links
	Language  string // BCP 47 tag, e.g. "en"
	Location  *time.Location
	// Address is the publisher's postal address, shown in every footer when
	// set (CAN-SPAM asks commercial mail for one).
	Address string
}

// Issue is one day's digest, ready to render.
type Issue struct {
	Number     int
	Date       time.Time // in the newsletter's time zone
	Subject    string
	Preheader  string
	Intro      []string
	Stories    []Story
	Outro      []string
	Newsletter Newsletter
	// ContentIDs are the takeaway IDs this issue uses up once sent.
	ContentIDs []string
}

// Options are the editorial knobs of Assemble.
type Options struct {
	MaxStories   int    // 0: no limit
	MaxTakeaways int    // per story; 0: no limit
	SummaryWords int    // cap on a takeaway's summary; 0: 30
	Subject      string // Go template; see DefaultSubject
	Intro, Outro []string
	OldestFirst  bool
	Now          func() time.Time
}

// DefaultSubject names the newsletter, the date and the lead story.
const DefaultSubject = `{{.Name}}, {{.Date.Format "2 Jan 2006"}}: {{.Lead}}`

// SubjectData is what the subject template sees.
type SubjectData struct {
	Name    string
	Number  int
	Date    time.Time
	Lead    string // the first story's title
	Stories int
}

// SentStore tells which content IDs went out in an earlier issue.
type SentStore interface {
	// SentIDs returns the subset of ids already sent.
	SentIDs(ctx context.Context, ids []string) (map[string]bool, error)
	// LastIssueNumber returns the number of the newest issue, 0 if none.
	LastIssueNumber(ctx context.Context) (int, error)
}

// Assemble builds the next issue from stories, leaving out every takeaway
// already sent. It returns ErrNothingNew when nothing is left.
func Assemble(ctx context.Context, nl Newsletter, stories []Story, sent SentStore, opt Options) (*Issue, error) {
	last, err := sent.LastIssueNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("last issue number: %w", err)
	}
	fresh, err := dropSent(ctx, stories, sent)
	if err != nil {
		return nil, err
	}
	if len(fresh) == 0 {
		return nil, &NothingNewError{Last: last}
	}
	order(fresh, opt.OldestFirst)
	fresh = limit(fresh, opt)
	is := &Issue{
		Number:     last + 1,
		Date:       opt.now().In(location(nl)),
		Stories:    fresh,
		Intro:      opt.Intro,
		Outro:      opt.Outro,
		Newsletter: nl,
	}
	for i := range fresh {
		is.ContentIDs = append(is.ContentIDs, fresh[i].ContentIDs()...)
		is.ContentIDs = append(is.ContentIDs, fresh[i].versionIDs()...)
	}
	if is.Subject, err = subject(opt.Subject, is); err != nil {
		return nil, err
	}
	is.Preheader = preheader(is)
	return is, nil
}

// NothingNewError reports an empty issue and the last issue that was sent.
type NothingNewError struct{ Last int }

func (e *NothingNewError) Error() string {
	if e.Last == 0 {
		return "nothing new to send: no stories found"
	}
	return fmt.Sprintf("nothing new since issue %d", e.Last)
}

// Unwrap lets errors.Is(err, ErrNothingNew) match.
func (e *NothingNewError) Unwrap() error { return ErrNothingNew }

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func location(nl Newsletter) *time.Location {
	if nl.Location != nil {
		return nl.Location
	}
	return time.UTC
}

// dropSent removes sent takeaways, and stories left with nothing new. A
// merged story one of whose other versions went out before is dropped
// whole: it was sent, under another site's version.
func dropSent(ctx context.Context, stories []Story, sent SentStore) ([]Story, error) {
	var ids []string
	for i := range stories {
		ids = append(ids, stories[i].ContentIDs()...)
		ids = append(ids, stories[i].versionIDs()...)
	}
	done, err := sent.SentIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("look up sent takeaways: %w", err)
	}
	var out []Story
	for _, s := range stories {
		if anySent(s.versionIDs(), done) {
			continue
		}
		if !s.HasOwnTakeaways() { // a gist, with or without extracted key points
			if !done[s.GistID()] {
				out = append(out, s)
			}
			continue
		}
		var keep []Takeaway
		for i, t := range s.Takeaways {
			if !done[s.TakeawayID(i)] {
				keep = append(keep, t)
			}
		}
		if len(keep) > 0 {
			s.Takeaways = keep
			out = append(out, s)
		}
	}
	return out, nil
}

func anySent(ids []string, done map[string]bool) bool {
	for _, id := range ids {
		if done[id] {
			return true
		}
	}
	return false
}

// order sorts newest first (or oldest first); undated stories go last,
// and ties keep the title order so that an issue is reproducible.
func order(stories []Story, oldestFirst bool) {
	sort.SliceStable(stories, func(i, j int) bool {
		a, b := stories[i].Published, stories[j].Published
		switch {
		case a.IsZero() != b.IsZero():
			return b.IsZero()
		case !a.Equal(b):
			return a.After(b) != oldestFirst
		}
		return stories[i].Title < stories[j].Title
	})
}

func limit(stories []Story, opt Options) []Story {
	if opt.MaxStories > 0 && len(stories) > opt.MaxStories {
		stories = stories[:opt.MaxStories]
	}
	if opt.MaxTakeaways > 0 {
		for i := range stories {
			if len(stories[i].Takeaways) > opt.MaxTakeaways {
				stories[i].Takeaways = stories[i].Takeaways[:opt.MaxTakeaways]
			}
		}
	}
	return stories
}

// ParseSubject checks a subject template; config loading calls it so that
// a broken template stops the program at start.
func ParseSubject(tmpl string) (*template.Template, error) {
	if tmpl == "" {
		tmpl = DefaultSubject
	}
	return template.New("subject").Option("missingkey=error").Parse(tmpl)
}

// CheckSubject parses the subject template and runs it on a sample issue,
// so that a misspelt field ({{.Nme}}) is found at start, not at send time.
func CheckSubject(tmpl string) error {
	t, err := ParseSubject(tmpl)
	if err != nil {
		return err
	}
	sample := SubjectData{Name: "Sample", Number: 1, Date: time.Date(2026, 1, 2, 7, 0, 0, 0, time.UTC), Lead: "Lead story", Stories: 3}
	return t.Execute(io.Discard, sample)
}

func subject(tmpl string, is *Issue) (string, error) {
	t, err := ParseSubject(tmpl)
	if err != nil {
		return "", fmt.Errorf("subject template: %w", err)
	}
	var b bytes.Buffer
	data := SubjectData{Name: is.Newsletter.Name, Number: is.Number, Date: is.Date,
		Lead: is.Stories[0].Title, Stories: len(is.Stories)}
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("subject template: %w", err)
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}

// preheader is the line inboxes show after the subject: the headings
// that follow the lead story, so that it adds to the subject.
func preheader(is *Issue) string {
	var parts []string
	for _, s := range is.Stories {
		if !s.HasOwnTakeaways() {
			parts = append(parts, s.Title)
			continue
		}
		for _, t := range s.Takeaways {
			parts = append(parts, t.Heading)
		}
	}
	return clip(strings.Join(parts, " · "), 140)
}

// clip shortens s to at most n runes, at a word boundary, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ·,;:") + "…"
}
