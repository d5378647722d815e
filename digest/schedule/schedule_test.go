package schedule

import (
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// runs lists the runs in [from, to).
func runs(s *Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for at := s.Next(from.Add(-time.Nanosecond)); at.Before(to); at = s.Next(at) {
		out = append(out, at)
	}
	return out
}

func TestNextAcrossDST(t *testing.T) {
	berlin, newYork := mustLoad(t, "Europe/Berlin"), mustLoad(t, "America/New_York")
	tests := []struct {
		name string
		spec string
		loc  *time.Location
		day  string // local date
		want []string
	}{
		{"berlin ordinary day", "0 7 * * *", berlin, "2026-06-10", []string{"2026-06-10T07:00:00+02:00"}},
		{"berlin spring forward, time exists", "0 7 * * *", berlin, "2026-03-29", []string{"2026-03-29T07:00:00+02:00"}},
		{"berlin spring forward, time in the gap", "30 2 * * *", berlin, "2026-03-29", []string{"2026-03-29T03:00:00+02:00"}},
		{"berlin fall back, repeated time", "30 2 * * *", berlin, "2026-10-25", []string{"2026-10-25T02:30:00+02:00"}},
		{"berlin fall back, ordinary time", "0 7 * * *", berlin, "2026-10-25", []string{"2026-10-25T07:00:00+01:00"}},
		{"new york spring forward gap", "15 2 * * *", newYork, "2026-03-08", []string{"2026-03-08T03:00:00-04:00"}},
		{"new york fall back repeated", "30 1 * * *", newYork, "2026-11-01", []string{"2026-11-01T01:30:00-04:00"}},
		{"hourly on fall back day runs 25 times", "0 * * * *", berlin, "2026-10-25", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.spec, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := time.ParseInLocation("2006-01-02", tt.day, tt.loc)
			end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, tt.loc)
			got := runs(s, d, end)
			if tt.want == nil {
				if len(got) != 24 { // each wall-clock hour once: 02:00 is not repeated
					t.Errorf("%d runs, want 24: %v", len(got), got)
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("runs = %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].Format(time.RFC3339) != w {
					t.Errorf("run %d = %s, want %s", i, got[i].Format(time.RFC3339), w)
				}
			}
		})
	}
}

func TestDailyRunsOncePerDayForAYear(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe"} {
		loc := mustLoad(t, zone)
		for _, spec := range []string{"0 7 * * *", "30 2 * * *", "0 0 * * *"} {
			s, _ := Parse(spec, loc)
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			perDay := map[string]int{}
			for _, at := range runs(s, start, start.AddDate(1, 0, 0)) {
				perDay[at.In(loc).Format("2006-01-02")]++
			}
			if len(perDay) != 365 {
				t.Errorf("%s %q: runs on %d days, want 365", zone, spec, len(perDay))
			}
			for day, n := range perDay {
				if n != 1 {
					t.Errorf("%s %q: %d runs on %s", zone, spec, n, day)
				}
			}
		}
	}
}

func TestCatchUp(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	s, _ := Parse("0 7 * * *", berlin)
	at := func(v string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", v, berlin)
		return tm
	}
	tests := []struct {
		name, now, lastSent string
		catchUp             time.Duration
		send                bool
		slot, stale         string
	}{
		{"missed this morning, started at 09:00", "2026-11-27 09:00", "2026-11-26 07:00", 6 * time.Hour, true, "2026-11-27 07:00", ""},
		{"already sent today", "2026-11-27 09:00", "2026-11-27 07:00", 6 * time.Hour, false, "", ""},
		{"too late today: stale, skipped", "2026-11-27 14:00", "2026-11-26 07:00", 6 * time.Hour, false, "", "2026-11-27 07:00"},
		{"before today's slot", "2026-11-27 06:00", "2026-11-26 07:00", 6 * time.Hour, false, "", ""},
		{"never sent, missed this morning", "2026-11-27 08:00", "", 6 * time.Hour, true, "2026-11-27 07:00", ""},
		{"never catch up, but on time", "2026-11-27 07:00", "2026-11-26 07:00", 0, true, "2026-11-27 07:00", ""},
		{"never catch up: cron woke late", "2026-11-27 07:00", "2026-11-26 07:00", 0, true, "2026-11-27 07:00", ""},
		{"never catch up: missed by an hour", "2026-11-27 08:00", "2026-11-26 07:00", 0, false, "", "2026-11-27 07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var last time.Time
			if tt.lastSent != "" {
				last = at(tt.lastSent)
			}
			now := at(tt.now)
			if tt.name == "never catch up: cron woke late" {
				now = now.Add(1500 * time.Millisecond)
			}
			slot, send, stale := s.Due(now, last, tt.catchUp)
			if send != tt.send || (tt.send && !slot.Equal(at(tt.slot))) || (tt.stale != "" && !stale.Equal(at(tt.stale))) || (tt.stale == "" && !stale.IsZero()) {
				t.Errorf("Due = %v %v %v", slot, send, stale)
			}
		})
	}
}

func TestLocalTimeDueAt(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	lt, err := ParseLocalTime("07:00", berlin)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 11, 27, 4, 0, 0, 0, time.UTC) // 05:00 in Berlin
	tests := []struct{ zone, want string }{
		{"", "2026-11-27T07:00:00+01:00"},                 // the newsletter's zone
		{"Not/AZone", "2026-11-27T07:00:00+01:00"},        // an unknown zone: the default
		{"America/New_York", "2026-11-27T07:00:00-05:00"}, // later today
		{"Asia/Tokyo", "2026-11-28T07:00:00+09:00"},       // already past today: tomorrow
	}
	for _, tt := range tests {
		if got := lt.DueAt(from, tt.zone).Format(time.RFC3339); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.zone, got, tt.want)
		}
	}
	if _, err := ParseLocalTime("7am", berlin); err == nil {
		t.Error("a bad local time parsed")
	}
}
