package meeting

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day in Beijing time. The zero Date is "not set".
type Date struct{ t time.Time }

// DateOf returns the calendar day of t in Beijing time.
func DateOf(t time.Time) Date {
	t = t.In(Beijing)
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Beijing)}
}

// NewDate returns the given day.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, Beijing)} }

// ParseDate reads a day written 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Beijing)
	if err != nil {
		return Date{}, fmt.Errorf("日期「%s」不对，请写成 2026-11-23 这样", s)
	}
	return Date{t}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight of d in Beijing time.
func (d Date) Time() time.Time { return d.t }

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int {
	// Beijing has no daylight saving, so every day is 24 hours.
	return int(d.t.Sub(e.t).Hours() / 24)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String writes d as 2006-01-02, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Chinese writes d as 2026年11月23日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.t.Year(), int(d.t.Month()), d.t.Day())
}

// MarshalJSON writes d as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "2006-01-02" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
