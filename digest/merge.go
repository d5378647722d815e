package digest

import (
	"runtime"
	"strings"
	"sync"
)

// DuplicateThreshold is the estimated Jaccard similarity of two stories'
// word pairs (2-shingles) at or above which Merge takes them for one story.
//
// Measured by TestDuplicateThreshold (go test -v -run DuplicateThreshold
// ./digest) on the pairs in testdata/dedupe, written for it: one wire
// story as rewritten by two sites scored 0.32 to 0.56 (exact Jaccard 0.31
// to 0.61; a light edit highest, rewrites that recast every sentence but
// keep the quotes and figures lowest), while two different stories on one
// topic, sharing places, names and even a quoted person, scored 0.02 to
// 0.08 (exact 0.02 to 0.06). 0.15 sits between the two with room on
// either side for the estimate's error (about 0.03).
const DuplicateThreshold = 0.15

// Merge joins the versions of one story reported by several sources: two
// stories are one when their URLs are equal after NormaliseURL, or when
// their texts are near duplicates (see DuplicateThreshold). The merged
// story is the richest version (most takeaways, then most text), with
// Sources listing every version, its own first. Stories are returned in
// the order of their first version; a story with no duplicate is returned
// as it was.
func Merge(stories []Story) []Story {
	groups := group(stories)
	out := make([]Story, 0, len(groups))
	for _, g := range groups {
		if len(g) == 1 {
			out = append(out, stories[g[0]])
			continue
		}
		out = append(out, mergeGroup(stories, g))
	}
	return out
}

// group returns the indices of the stories, grouped by sameness.
func group(stories []Story) [][]int {
	parent := make([]int, len(stories))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	byURL := map[string]int{}
	sigs := make([]*signature, len(stories))
	for i := range stories {
		if key := NormaliseURL(stories[i].URL); key != "" {
			if j, ok := byURL[key]; ok {
				union(i, j)
			} else {
				byURL[key] = i
			}
		}
	}
	signAll(stories, sigs)
	for i := range sigs {
		for j := 0; j < i && sigs[i] != nil; j++ {
			if sigs[j] != nil && find(i) != find(j) && similarity(sigs[i], sigs[j]) >= DuplicateThreshold {
				union(i, j)
			}
		}
	}
	var groups [][]int
	at := map[int]int{}
	for i := range stories {
		r := find(i)
		if k, ok := at[r]; ok {
			groups[k] = append(groups[k], i)
			continue
		}
		at[r] = len(groups)
		groups = append(groups, []int{i})
	}
	return groups
}

// signAll computes the stories' signatures on every CPU: it is most of
// the cost of Merge for a few hundred stories.
func signAll(stories []Story, sigs []*signature) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				if sig, ok := textSignature(storyText(&stories[i])); ok {
					sigs[i] = &sig
				}
			}
		})
	}
	for i := range stories {
		next <- i
	}
	close(next)
	wg.Wait()
}

// mergeGroup builds the merged story of a group of versions.
func mergeGroup(stories []Story, g []int) Story {
	best := g[0]
	for _, i := range g[1:] {
		if richer(&stories[i], &stories[best]) {
			best = i
		}
	}
	m := stories[best]
	m.Sources = []SourceRef{{Name: m.Source, URL: m.URL, ContentIDs: m.versionIDs()}}
	seen := map[string]bool{NormaliseURL(m.URL) + "\x00" + m.Source: true}
	for _, i := range g {
		s := &stories[i]
		if m.Published.IsZero() {
			m.Published = s.Published
		}
		if m.Author == "" {
			m.Author = s.Author
		}
		if i == best {
			continue
		}
		ids := append(s.ContentIDs(), s.versionIDs()...)
		key := NormaliseURL(s.URL) + "\x00" + s.Source
		if seen[key] { // the same item twice: one source, both versions' IDs
			m.Sources[0].ContentIDs = append(m.Sources[0].ContentIDs, ids...)
			continue
		}
		seen[key] = true
		m.Sources = append(m.Sources, SourceRef{Name: s.Source, URL: s.URL, ContentIDs: ids})
	}
	return m
}

// richer prefers more takeaways, then more text.
func richer(a, b *Story) bool {
	if len(a.Takeaways) != len(b.Takeaways) {
		return len(a.Takeaways) > len(b.Takeaways)
	}
	return len(strings.Fields(storyText(a))) > len(strings.Fields(storyText(b)))
}

// AlsoIn names the other sites that reported a merged story, in order and
// without repeats; nil for a story from a single source.
func (s *Story) AlsoIn() []string {
	var names []string
	seen := map[string]bool{strings.ToLower(s.Source): true}
	for _, r := range s.Sources {
		if k := strings.ToLower(r.Name); r.Name != "" && !seen[k] {
			seen[k] = true
			names = append(names, r.Name)
		}
	}
	return names
}

// versionIDs are the content IDs of the story's other versions.
func (s *Story) versionIDs() []string {
	var ids []string
	for _, r := range s.Sources {
		ids = append(ids, r.ContentIDs...)
	}
	return ids
}
