package faq

import (
	"fmt"
	"strings"
	"time"
)

// OpenAt reports whether the clinic is open at t, from the profile's
// opening_hours (weekday → "HH:MM-HH:MM"), timezone and holidays. known
// is false when the profile has no opening hours; callers then must not
// claim the clinic is open or closed.
func (p Profile) OpenAt(t time.Time) (open, known bool) {
	c := p.Clinic
	if len(c.OpeningHours) == 0 {
		return false, false
	}
	loc := time.UTC
	if c.Timezone != "" {
		if l, err := time.LoadLocation(c.Timezone); err == nil {
			loc = l
		}
	}
	t = t.In(loc)
	day := t.Format("2006-01-02")
	for _, h := range c.Holidays {
		if strings.TrimSpace(h) == day {
			return false, true
		}
	}
	span, ok := c.OpeningHours[strings.ToLower(t.Format("Mon"))]
	if !ok {
		return false, true
	}
	from, to, err := parseSpan(span)
	if err != nil {
		return false, false
	}
	minute := t.Hour()*60 + t.Minute()
	return minute >= from && minute < to, true
}

// parseSpan reads "08:00-17:00" as minutes since midnight.
func parseSpan(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return 0, 0, fmt.Errorf("opening hours %q: want HH:MM-HH:MM", s)
	}
	if from, err = parseClock(a); err != nil {
		return 0, 0, err
	}
	if to, err = parseClock(b); err != nil {
		return 0, 0, err
	}
	return from, to, nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}
