package content

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestSharedExample checks the parser against the real article the team
// keeps beside the repository (../shared/examples), which the project must
// not copy. It is skipped where that folder is absent.
func TestSharedExample(t *testing.T) {
	const path = "../../../shared/examples/summit-takeaways.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared example not here: %v", err)
	}
	st, err := Parse(path, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Military cooperation", "A North Korean in space?", "“A great victory”", "The next destination", "The return invitation"}
	if got := headings(st); !reflect.DeepEqual(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
	if st.Conclusion == nil || !strings.Contains(st.Conclusion.Heading, "verdict") || len(st.Conclusion.Body) != 5 {
		t.Errorf("conclusion = %+v", st.Conclusion)
	}
	all, _ := json.Marshal(st)
	text := string(all)
	for _, figure := range []string{"2.5 million", "1.7 million", "60,000", "19th month", "Soyuz-2", "(IISS)"} {
		if !strings.Contains(text, figure) {
			t.Errorf("figure %q lost", figure)
		}
	}
	for _, junk := range []string{"Oil Depot", "12.5 thousand", "Other Topics", "suggest a correction", "Ctrl"} {
		if strings.Contains(text, junk) {
			t.Errorf("boilerplate %q kept", junk)
		}
	}
	// Every quotation mark of the source survives, in order.
	quotes := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '“' || r == '”' {
				return r
			}
			return -1
		}, s)
	}
	src := string(data)
	src = src[:strings.Index(src, "SBU Drones")] + src[strings.LastIndex(src, "were stored there.")+len("were stored there."):]
	var parsed strings.Builder
	parsed.WriteString(st.Intro)
	for _, tk := range st.Takeaways {
		parsed.WriteString(tk.Heading + strings.Join(tk.Body, ""))
	}
	parsed.WriteString(strings.Join(st.Conclusion.Body, ""))
	if got, want := quotes(parsed.String()), quotes(src); got != want {
		t.Errorf("quotation marks: got %q, want %q", got, want)
	}
}
