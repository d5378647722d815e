package content

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// dateLayouts are the forms parseDate reads, after normaliseDate has
// removed weekdays, "at", ordinal suffixes and time-zone names.
var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999Z07:00", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02", "2006/01/02", "20060102",
	time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700",
	"2 January 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006",
	"2 January 2006 15:04", "2 Jan 2006 15:04", "January 2, 2006 15:04", "Jan 2, 2006 15:04",
	"January 2, 2006 3:04 PM", "Jan 2, 2006 3:04 PM", "January 2, 2006, 3:04 PM", "Jan 2, 2006, 3:04 PM",
	"2 January 2006 3:04 PM", "2 Jan 2006 3:04 PM", "3:04 PM, January 2, 2006", "3:04 PM, Jan 2, 2006",
	"3:04 PM January 2, 2006", "3:04 PM Jan 2, 2006", "15:04, 2 January 2006", "15:04 2 January 2006", "15:04, 2 Jan 2006",
	"2 January 2006, 15:04", "2 Jan 2006, 15:04", "2 January 2006, 3:04 PM", "2 Jan 2006, 3:04 PM", "January 2, 2006 at 3:04 PM",
	"3:04 PM, 2 January 2006", "3:04 PM, 2 Jan 2006", "3:04 PM 2 January 2006", "2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"January 2006", "02.01.2006", "2.1.2006", "02/01/2006", "2/1/2006", "02/01/2006 15:04", "2/1/2006 15:04",
	// month first, as US pages write it, read when the day first cannot be
	// ("11/14/2025"); an ambiguous date reads day first
	"01/02/2006", "1/2/2006", "01/02/2006 3:04 PM", "1/2/2006 3:04 PM", "01/02/2006 15:04", "1/2/2006 15:04",
}

var (
	weekday     = regexp.MustCompile(`(?i)^(` + dayNames + `)[a-z]*\.?,?\s+`)
	midWeekday  = regexp.MustCompile(`(?i)(,\s?)(` + dayNames + `)[a-z]*\.?,?\s+(\d|` + monthNames + `)`) // "3:42 PM, Sun 9 March 2025", "3:41 PM EST, Tue March 4, 2025"
	ordinalDay  = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	zoneName    = regexp.MustCompile(`\s+\(?(` + zoneNames() + `)([+-]\d{1,2}(:?\d\d)?)?\)?(,|$|\s)`)
	meridiem    = regexp.MustCompile(`(?i)(\d)\s*([ap])\.?m\.?(\s|,|$)`)
	monthAbbrev = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.`)
	dottedTime  = regexp.MustCompile(`\s(\d{1,2})\.(\d{2})(\s*[AP]M)?$`)
)

// parseDate reads the date forms articles and pages carry
// ("2016-12-22T05:00:00-0800", "Dec. 22, 2016 5:00 a.m. ET",
// "Thursday 22 December 2016"). The time of day is kept when given.
func parseDate(s string) (time.Time, error) {
	// Every layout holds a number, and normaliseDate adds no digit: text
	// without one (most words a line of metadata is tried on) is no date.
	if strings.ContainsAny(s, "0123456789") {
		n := normaliseDate(s)
		lead := dateLead(n)
		for i, l := range dateLayouts {
			if layoutLeads[i] != lead {
				continue // the two open differently: time.Parse would fail
			}
			if t, err := time.Parse(l, n); err == nil {
				if !strings.Contains(l, "07") && !strings.Contains(l, "MST") {
					t = inZone(t, s) // "6:05 PM EST": the zone was taken out to parse it
				}
				return t, nil
			}
		}
	}
	if i := strings.LastIndex(s, ", "); i >= 4 && i+3 < len(s) && isDigit(s[i-1]) && isDigit(s[i+2]) && strings.IndexByte(s[i+2:], ':') > 0 {
		if t, err := parseDate(s[:i] + " " + s[i+2:]); err == nil {
			return t, nil // Mastodon's "Mar 6, 2024, 08:26"
		}
	}
	return time.Time{}, fmt.Errorf("date: %q is not a date this parser reads", s)
}

// zoneHours are the offsets of the zone names pages print; the US names
// without a season ("ET") follow US daylight saving time.
var zoneHours = map[string]float64{"UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2, "EST": -5, "EDT": -4,
	"CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AEST": 10, "AEDT": 11, "IST": 5.5, "JST": 9,
	"ET": -5, "CT": -6, "MT": -7, "PT": -8}

// zoneNames are zoneHours' names as alternatives of a pattern.
func zoneNames() string {
	names := make([]string, 0, len(zoneHours))
	for n := range zoneHours {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, "|")
}

// inZone reads the wall-clock time t (parsed as UTC) in the zone named in
// s, if any: "EST", "ET", "GMT+2". A time of day without a zone stays UTC.
func inZone(t time.Time, s string) time.Time {
	m := zoneName.FindStringSubmatch(s)
	if m == nil || t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t
	}
	h := zoneHours[m[1]]
	if len(m[1]) == 2 && usSummer(t) {
		h++
	}
	if off := strings.ReplaceAll(m[2], ":", ""); off != "" {
		sign := 1.0
		if off[0] == '-' {
			sign = -1
		}
		digits := off[1:]
		hh, mm := 0, 0
		if len(digits) <= 2 {
			fmt.Sscanf(digits, "%d", &hh)
		} else {
			fmt.Sscanf(digits[:len(digits)-2], "%d", &hh)
			fmt.Sscanf(digits[len(digits)-2:], "%d", &mm)
		}
		h += sign * (float64(hh) + float64(mm)/60)
	}
	return t.Add(-time.Duration(h * float64(time.Hour)))
}

// usSummer reports whether US daylight saving time is in force on t's
// day: from the second Sunday in March to the first Sunday in November.
func usSummer(t time.Time) bool {
	sunday := func(month time.Month, nth int) time.Time {
		d := time.Date(t.Year(), month, 1, 0, 0, 0, 0, time.UTC)
		d = d.AddDate(0, 0, (7-int(d.Weekday()))%7)
		return d.AddDate(0, 0, 7*(nth-1))
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return !day.Before(sunday(time.March, 2)) && day.Before(sunday(time.November, 1))
}

// dateLead is how a date, or a date layout, opens: -1 when not with a
// number (a layout's month or weekday name, which time.Parse reads only
// from letters), else the byte after its opening digits, 256 at the end.
// time.Parse reads a layout's opening number only from as many digits as
// it has, and then wants the layout's next byte ("-" in "2006-01-02", a
// space in "2 January 2006"), so a text parses only with the layouts that
// open as it does: "12) Point" with none, "3 hours ago" with a few.
func dateLead(s string) int {
	if s == "" || !isDigit(s[0]) {
		return -1
	}
	i := 1
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == len(s) {
		return 256
	}
	return int(s[i])
}

// layoutLeads holds dateLead of each date layout.
var layoutLeads = func() []int {
	out := make([]int, len(dateLayouts))
	for i, l := range dateLayouts {
		out[i] = dateLead(l)
	}
	return out
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func normaliseDate(s string) string {
	s = cleanSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), " |")
	s = strings.TrimRight(s, " ·🌐\uFE0F") // Facebook's "March 17 at 8:42 PM · 🌐"
	s = weekday.ReplaceAllString(s, "")
	// Each pattern below is tried only on text holding a character it
	// needs: most lines a date is looked for in have no comma, no "T" of
	// a zone, no "m" of "am" and no dot.
	if strings.Contains(s, ",") {
		s = midWeekday.ReplaceAllString(s, "$1$3")
	}
	s = strings.Replace(s, " at ", " ", 1)
	s = strings.Replace(s, " @ ", " ", 1) // a blog's "Feb 29, 2016 @ 5:30 am"
	s = strings.Replace(s, " – ", " ", 1)
	s = strings.Replace(s, " — ", " ", 1) // "25 January 2026 — 21:40 AEDT"
	s = strings.Replace(s, " / ", " ", 1) // a local station's "Mar 4, 2025 / 10:12 PM CST"
	if len(s) > 10 && s[2] == '/' && strings.HasPrefix(s[10:], " - ") {
		s = s[:10] + " " + s[13:] // "21/11/2026 - 09:14"
	}
	if hasOrdinal(s) {
		s = ordinalDay.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "T") { // every zone name holds one
		s = zoneName.ReplaceAllString(s, "$4")
	}
	if strings.ContainsAny(s, "mM") {
		s = meridiem.ReplaceAllStringFunc(s, func(m string) string {
			tail := ""
			if strings.HasSuffix(m, ",") {
				tail = ","
			} else if strings.HasSuffix(m, " ") {
				tail = " "
			}
			return m[:1] + " " + strings.ToUpper(strings.TrimSpace(m[1:])[:1]) + "M" + tail
		})
	}
	if strings.Contains(s, ".") {
		s = monthAbbrev.ReplaceAllString(s, "$1")
	}
	s = strings.Replace(s, "Sept ", "Sep ", 1)
	if strings.Contains(s, ".") {
		s = dottedTime.ReplaceAllString(s, " $1:$2$3")
	}
	return strings.TrimSpace(s)
}

// hasOrdinal reports a digit followed by the first letter of an ordinal
// suffix ("st", "nd", "rd", "th", in any case; "ſ" folds to "s"), without
// which ordinalDay cannot match.
func hasOrdinal(s string) bool {
	for i := 1; i < len(s); i++ {
		if isDigit(s[i-1]) && strings.IndexByte("sSnNrRtT\xc5", s[i]) >= 0 {
			return true
		}
	}
	return false
}

var (
	yearThenTime = regexp.MustCompile(`\b((?:19|20)\d\d)(\d{1,2}:\d\d)`)
	gluedStamp   = regexp.MustCompile(`([\p{Ll}\d+])(Updated|Published)\b`)
)

// unglue puts back the spaces a copied page lost between a date, its
// time and an update stamp: "June 9, 20267:42 AM GMT+2Updated 2 hours ago".
func unglue(s string) string {
	if !strings.ContainsAny(s, ":U") {
		return s
	}
	return gluedStamp.ReplaceAllString(yearThenTime.ReplaceAllString(s, "$1 $2"), "$1 $2")
}

// noYear is a date without its year, as posts show this year's dates:
// "May 14", "14 May", "Tue, May 14".
var noYear = regexp.MustCompile(`(?i)^((` + dayNames + `)[a-z]*,? )?((` + monthNames + `)[a-z]*\.? \d{1,2}|\d{1,2} (` + monthNames + `)[a-z]*)$`)

// leadingDate reads a date that opens a line of metadata and returns
// the rest of the line: "April 3, 2026 8:14 AM GMT+1 Updated 2 hours ago",
// "February 3, 2026 by Petra Lindgren".
func leadingDate(s string) (time.Time, string, bool) {
	words := strings.Fields(s)
	for k := min(len(words), 8); k >= 2; k-- {
		// "September 14 2025, 12:01am": a comma may close the date
		if t, err := parseDate(strings.TrimSuffix(strings.Join(words[:k], " "), ",")); err == nil {
			return t, strings.Join(words[k:], " "), true
		}
	}
	return time.Time{}, "", false
}

// stampWords may follow a date in a line of metadata.
var stampWords = map[string]bool{"updated": true, "published": true, "ago": true, "hours": true, "hour": true,
	"minutes": true, "mins": true, "min": true, "days": true, "day": true, "am": true, "pm": true, "a.m.": true,
	"p.m.": true, "at": true, "on": true, "read": true, "·": true, "|": true, "-": true, "–": true, "last": true}

// stampRest reports the rest of a date line that is still metadata: a
// time, a zone, "Updated 2 hours ago"; it returns the writer's name when
// the rest is "by A Writer".
func stampRest(rest string) (author string, ok bool) {
	if name, found := strings.CutPrefix(rest, "by "); found && personName.MatchString(name) {
		return name, true
	}
	for _, w := range strings.Fields(strings.ToLower(rest)) {
		if !stampWords[w] && !strings.ContainsAny(w, "0123456789") && !zoneWord(w) {
			return "", false
		}
	}
	return "", true
}

func zoneWord(w string) bool {
	return strings.HasPrefix(w, "gmt") || strings.HasPrefix(w, "utc") || len(w) <= 4 && zoneName.MatchString(" "+strings.ToUpper(w))
}
