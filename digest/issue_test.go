package digest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeSent is a function-field fake of SentStore.
type fakeSent struct {
	sent map[string]bool
	last int
}

func (f *fakeSent) SentIDs(_ context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, id := range ids {
		if f.sent[id] {
			out[id] = true
		}
	}
	return out, nil
}

func (f *fakeSent) LastIssueNumber(context.Context) (int, error) { return f.last, nil }

func story(title string, day int, heads ...string) Story {
	s := Story{Title: title, URL: "https://example.com/" + strings.ReplaceAll(title, " ", "-"), Intro: title + " intro."}
	if day > 0 {
		s.Published = time.Date(2026, 11, day, 8, 0, 0, 0, time.UTC)
	}
	for _, h := range heads {
		s.Takeaways = append(s.Takeaways, Takeaway{Heading: h})
	}
	return s
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC) }

func TestAssemble(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	nl := Newsletter{Name: "Brief", Location: berlin}
	stories := []Story{story("Old", 20, "a", "b"), story("New", 26, "c", "d", "e"), story("Undated", 0, "f"), story("Gist", 25)}
	is, err := Assemble(context.Background(), nl, stories, &fakeSent{last: 4}, Options{MaxTakeaways: 2, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range is.Stories {
		titles = append(titles, s.Title)
	}
	if want := []string{"New", "Gist", "Old", "Undated"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("order = %q, want %q", titles, want)
	}
	if is.Number != 5 {
		t.Errorf("number = %d, want 5", is.Number)
	}
	if got := is.Date.Format("2006-01-02 15:04 MST"); got != "2026-11-28 00:30 CET" {
		t.Errorf("date = %s, want the newsletter's time zone", got)
	}
	if n := len(is.Stories[0].Takeaways); n != 2 {
		t.Errorf("takeaways of lead = %d, want max_takeaways 2", n)
	}
	if is.Subject != "Brief, 28 Nov 2026: New" {
		t.Errorf("subject = %q", is.Subject)
	}
	if is.Preheader == "" || !strings.HasPrefix(is.Preheader, "c · d") {
		t.Errorf("preheader = %q", is.Preheader)
	}
	if len(is.ContentIDs) != 2+1+2+1 {
		t.Errorf("content IDs = %d", len(is.ContentIDs))
	}
}

func TestAssembleDropsSent(t *testing.T) {
	s := story("Story", 26, "one", "two")
	sent := &fakeSent{sent: map[string]bool{s.TakeawayID(0): true}, last: 3}
	is, err := Assemble(context.Background(), Newsletter{Name: "B"}, []Story{s}, sent, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if got := headingsOf(is.Stories[0]); !reflect.DeepEqual(got, []string{"two"}) {
		t.Errorf("takeaways = %q, want only the unsent one", got)
	}
	sent.sent[s.TakeawayID(1)] = true
	_, err = Assemble(context.Background(), Newsletter{Name: "B"}, []Story{s}, sent, Options{Now: fixedNow})
	var nn *NothingNewError
	if !errors.As(err, &nn) || !errors.Is(err, ErrNothingNew) || nn.Last != 3 || err.Error() != "nothing new since issue 3" {
		t.Errorf("err = %v, want nothing new since issue 3", err)
	}
}

// TestKeyPointsStorySentOnce checks that a story whose only takeaways
// are key points extracted by the parser is sent once, as a gist: its
// key points are not takeaways of their own to be used up one by one.
func TestKeyPointsStorySentOnce(t *testing.T) {
	s := story("Gist", 26)
	s.Takeaways = []Takeaway{{Heading: "A sentence picked from the text", Extracted: true}}
	if got := s.ContentIDs(); !reflect.DeepEqual(got, []string{s.GistID()}) {
		t.Errorf("ContentIDs = %q, want only the gist's", got)
	}
	sent := &fakeSent{sent: map[string]bool{s.GistID(): true}, last: 1}
	_, err := Assemble(context.Background(), Newsletter{Name: "B"}, []Story{s}, sent, Options{Now: fixedNow})
	if !errors.Is(err, ErrNothingNew) {
		t.Errorf("err = %v, want nothing new: the gist was sent", err)
	}
}

func TestTakeawayIDsIgnoreCosmetics(t *testing.T) {
	a := story("S", 1, "The  Bottom-Line!")
	b := story("S", 1, "the bottom line")
	if a.TakeawayID(0) != b.TakeawayID(0) {
		t.Error("IDs differ for the same heading in other case and punctuation")
	}
	c := story("S", 1, "another point")
	if a.TakeawayID(0) == c.TakeawayID(0) {
		t.Error("IDs equal for different headings")
	}
}

func TestSubjectTemplate(t *testing.T) {
	is, err := Assemble(context.Background(), Newsletter{Name: "B"}, []Story{story("Lead", 1, "x")}, &fakeSent{},
		Options{Now: fixedNow, Subject: "#{{.Number}} {{.Lead}} ({{.Stories}})"})
	if err != nil || is.Subject != "#1 Lead (1)" {
		t.Errorf("subject = %q, %v", is.Subject, err)
	}
	if _, err := ParseSubject("{{.Nope"); err == nil {
		t.Error("a broken template must not parse")
	}
}

func headingsOf(s Story) []string {
	var out []string
	for _, t := range s.Takeaways {
		out = append(out, t.Heading)
	}
	return out
}
