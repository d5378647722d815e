package content

import (
	"testing"
	"time"
)

// TestDateForms: date stamps as pages print them are read, with the
// time of day when given (in UTC, from the zone the page names); a
// slash date is read day first unless only
// month first makes sense.
func TestDateForms(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"11/14/2025 06:05 PM EST", time.Date(2025, 11, 14, 23, 5, 0, 0, time.UTC)},
		{"3:41 PM EST, Tue March 4, 2025", time.Date(2025, 3, 4, 20, 41, 0, 0, time.UTC)},
		{"March 4, 2025 at 11:02 p.m. ET", time.Date(2025, 3, 5, 4, 2, 0, 0, time.UTC)},
		{"July 4, 2025 at 11:02 p.m. ET", time.Date(2025, 7, 5, 3, 2, 0, 0, time.UTC)},
		{"June 9, 2026 7:42 AM GMT+2", time.Date(2026, 6, 9, 5, 42, 0, 0, time.UTC)},
		{"4 March 2025, 23:15 CET", time.Date(2025, 3, 4, 22, 15, 0, 0, time.UTC)},
		{"11/14/2025", time.Date(2025, 11, 14, 0, 0, 0, 0, time.UTC)},
		{"05/11/2025", time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)},
		{"Wednesday, 05/11/2025", time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)},
		{"14/11/2025 18:05", time.Date(2025, 11, 14, 18, 5, 0, 0, time.UTC)},
		{"21/11/2026 - 09:14", time.Date(2026, 11, 21, 9, 14, 0, 0, time.UTC)},
		{"3:42 PM GMT, Sun 9 March 2025", time.Date(2025, 3, 9, 15, 42, 0, 0, time.UTC)},
		{"2016-12-22T05:00:00-0800", time.Date(2016, 12, 22, 13, 0, 0, 0, time.UTC)},
		{"2025-06-12 04:31:00+00:00", time.Date(2025, 6, 12, 4, 31, 0, 0, time.UTC)},           // a scraping library's "Publish date:"
		{"2025-06-12 04:31:00.5+02:00", time.Date(2025, 6, 12, 2, 31, 0, 500000000, time.UTC)}, // Python's str() of a datetime
		{"3:42 PM, Sunday 9 March 2025", time.Date(2025, 3, 9, 15, 42, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDate(tt.in)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}
