package subscribers

import (
	"context"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
)

func TestLatestSentIssues(t *testing.T) {
	eachDriver(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		for n := 1; n <= 4; n++ {
			is := &digest.StoredIssue{Number: n, Date: time.Now(), Subject: "S",
				Content: &digest.Content{Stories: []digest.Story{{Title: "Story of issue"}}}}
			if err := s.CreateIssue(ctx, is); err != nil {
				t.Fatal(err)
			}
			if n != 3 { // issue 3 is still sending
				if err := s.FinishIssue(ctx, n); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := s.LatestSentIssues(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Number != 4 || got[1].Number != 2 {
			t.Fatalf("got %d issues %v, want 4 and 2", len(got), got)
		}
		if got[0].Content == nil || got[0].Content.Stories[0].Title != "Story of issue" {
			t.Errorf("issue 4's content: %+v", got[0].Content)
		}
	})
}
