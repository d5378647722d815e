package content

import (
	"testing"
	"time"
)

// TestDateForms: date stamps as pages print them are read, with the
// time of day when given; a slash date is read day first unless only
// month first makes sense.
func TestDateForms(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"11/14/2025 06:05 PM EST", time.Date(2025, 11, 14, 18, 5, 0, 0, time.UTC)},
		{"11/14/2025", time.Date(2025, 11, 14, 0, 0, 0, 0, time.UTC)},
		{"05/11/2025", time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)},
		{"Wednesday, 05/11/2025", time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)},
		{"14/11/2025 18:05", time.Date(2025, 11, 14, 18, 5, 0, 0, time.UTC)},
		{"21/11/2026 - 09:14", time.Date(2026, 11, 21, 9, 14, 0, 0, time.UTC)},
		{"3:42 PM GMT, Sun 9 March 2025", time.Date(2025, 3, 9, 15, 42, 0, 0, time.UTC)},
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
