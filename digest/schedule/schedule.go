// Package schedule decides when daily sends happen: a cron spec read as
// wall-clock time in the newsletter's time zone, safe across DST changes,
// and a catch-up rule for sends missed while digest was not running.
package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is a cron spec evaluated on the wall clock of a time zone. Unlike
// cron's own handling, a time that does not exist on the spring-forward day
// (02:30 in Europe/Berlin) runs at the first instant after the gap, and a time
// that occurs twice on the fall-back day runs once, at its first occurrence.
type Schedule struct {
	wall cron.Schedule // the spec, evaluated in UTC as a stand-in for wall-clock time
	loc  *time.Location
}

var _ cron.Schedule = (*Schedule)(nil)

// Parse reads a standard five-field spec (or a descriptor such as @daily).
func Parse(spec string, loc *time.Location) (*Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", spec, err)
	}
	if loc == nil {
		loc = time.UTC
	}
	return &Schedule{wall: s, loc: loc}, nil
}

// wallOf is t's wall-clock reading in the zone, as a UTC time.
func (s *Schedule) wallOf(t time.Time) time.Time {
	l := t.In(s.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// instant is the first real instant at or after wall-clock time w.
func (s *Schedule) instant(w time.Time) time.Time {
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, s.loc)
	if s.wallOf(t).Equal(w) {
		// w exists; when it exists twice, take the earlier instant.
		if earlier := t.Add(-time.Hour); s.wallOf(earlier).Equal(w) {
			return earlier
		}
		return t
	}
	// w falls in a gap (at most a few hours): the first instant after it.
	for i := 0; i < 6*60 && !s.wallOf(t).After(w); i++ {
		t = t.Add(time.Minute)
	}
	return s.firstAfterGap(t)
}

// firstAfterGap walks back from t to the first instant whose wall clock
// follows the gap.
func (s *Schedule) firstAfterGap(t time.Time) time.Time {
	for {
		prev := t.Add(-time.Minute)
		if !s.wallOf(prev).Before(s.wallOf(t)) || s.wallOf(t).Sub(s.wallOf(prev)) != time.Minute {
			return t
		}
		t = prev
	}
}

// Next returns the first run strictly after t.
func (s *Schedule) Next(t time.Time) time.Time {
	w := s.wallOf(t)
	for i := 0; i < 1000; i++ {
		w = s.wall.Next(w)
		if w.IsZero() {
			return time.Time{}
		}
		if at := s.instant(w); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// Prev returns the last run at or before t (searching back two weeks).
func (s *Schedule) Prev(t time.Time) (time.Time, bool) {
	var last time.Time
	for at := s.Next(t.Add(-14 * 24 * time.Hour)); !at.IsZero() && !at.After(t); at = s.Next(at) {
		last = at
	}
	return last, !last.IsZero()
}

// OnTime is how late a send may start and still count as on time rather
// than as a catch-up: cron wakes a little after the minute, and a busy
// machine later still.
const OnTime = time.Minute

// Due decides what to do at now, given the last run that was sent (zero
// if none): the slot to send now, if it is on time or was missed within
// catchUp (0: never catch up), and the slot skipped as too old.
func (s *Schedule) Due(now, lastSent time.Time, catchUp time.Duration) (slot time.Time, send bool, stale time.Time) {
	prev, ok := s.Prev(now)
	if !ok || !prev.After(lastSent) {
		return time.Time{}, false, time.Time{}
	}
	if now.Sub(prev) > max(catchUp, OnTime) {
		return time.Time{}, false, prev
	}
	return prev, true, time.Time{}
}

// LocalTime sends each subscriber's copy at a wall-clock time ("07:00") in
// the subscriber's own time zone.
type LocalTime struct {
	Hour, Minute int
	Default      *time.Location // for subscribers without a valid timezone attribute
}

// ParseLocalTime reads "HH:MM".
func ParseLocalTime(v string, def *time.Location) (*LocalTime, error) {
	t, err := time.Parse("15:04", v)
	if err != nil {
		return nil, fmt.Errorf("local time %q: want HH:MM", v)
	}
	return &LocalTime{Hour: t.Hour(), Minute: t.Minute(), Default: def}, nil
}

// DueAt returns the first time at or after from when the clock in zone
// (an IANA name; "" or an unknown one: the default) shows the local time.
func (l *LocalTime) DueAt(from time.Time, zone string) time.Time {
	loc := l.Default
	if zone != "" {
		if z, err := time.LoadLocation(zone); err == nil {
			loc = z
		}
	}
	local := from.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day(), l.Hour, l.Minute, 0, 0, loc)
	if at.Before(from) {
		at = time.Date(local.Year(), local.Month(), local.Day()+1, l.Hour, l.Minute, 0, 0, loc)
	}
	return at
}
