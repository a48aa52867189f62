package value

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCalendarManExamples checks the examples of systemd.time(7) against
// the normalized forms the page gives.
func TestCalendarManExamples(t *testing.T) {
	for _, ex := range calendarManExamples {
		c, err := ParseCalendar(ex[0])
		if err != nil {
			t.Errorf("ParseCalendar(%q): %v", ex[0], err)
			continue
		}
		if got := c.String(); got != ex[1] {
			t.Errorf("ParseCalendar(%q) = %q, want %q", ex[0], got, ex[1])
		}
	}
}

func TestParseCalendarNormalized(t *testing.T) {
	tests := []struct{ in, want string }{
		// shorthands, in any case; "anually" is kept for compatibility
		{"MINUTELY", "*-*-* *:*:00"},
		{"anually", "*-01-01 00:00:00"},
		{"bi-annually", "*-01,07-01 00:00:00"},
		{"Semi-Annually", "*-01,07-01 00:00:00"},
		// weekdays: "-" ranges, trailing comma, all seven days vanish
		{"mon-fri", "Mon..Fri *-*-* 00:00:00"},
		{"Mon,", "Mon *-*-* 00:00:00"},
		{"Mon, 10:00", "Mon *-*-* 10:00:00"},
		{"Mon..Sun", "*-*-* 00:00:00"},
		{"Tue,Wed", "Tue,Wed *-*-* 00:00:00"},
		{"Mon,Wed,Thu,Fri,Sun", "Mon,Wed..Fri,Sun *-*-* 00:00:00"},
		// dates: two-digit years, trailing spaces, "~"
		{"69-1-1", "2069-01-01 00:00:00"},
		{"70-1-1", "1970-01-01 00:00:00"},
		{"20..30-1-1", "2020..2030-01-01 00:00:00"},
		{"2023-01-01 ", "2023-01-01 00:00:00"},
		{"2023-02-31", "2023-02-31 00:00:00"},
		{"*-*~1", "*-*~01 00:00:00"},
		{"*-*~*", "*-*-* 00:00:00"},
		{"*-*~1,25", "*-*~01,25 00:00:00"},
		// ranges and repetitions are normalized
		{"1..5/3:00", "*-*-* 01..04/3:00:00"},
		{"1..2/3:00", "*-*-* 01:00:00"},
		{"5..5:00", "*-*-* 05:00:00"},
		{"0..23/1:00", "*-*-* 00..23:00:00"},
		{"3,2,1,2:00", "*-*-* 01,02,03:00:00"},
		{"*:0/30", "*-*-* *:00/30:00"},
		// seconds: fractions round to 6 places; 0/1 is "*"
		{"*:*:0/1", "*-*-* *:*:*"},
		{"*:*:1.9999995", "*-*-* *:*:02"},
		{"*:*:10..10.5/0.5", "*-*-* *:*:10..10.500000/0.500000"},
		{"*:*:0.0000005/0.0000005", "*-*-* *:*:00.000001/0.000001"},
		// @TIMESTAMP is in UTC
		{"@0", "1970-01-01 00:00:00 UTC"},
		{"@1700000000", "2023-11-14 22:13:20 UTC"},
		{"@ 5", "1970-01-01 00:00:05 UTC"},
		{"Mon @1700000000", "Mon 2023-11-14 22:13:20 UTC"},
		// " UTC" in any case is UTC
		{"daily utc", "*-*-* 00:00:00 UTC"},
		{"2023-01-01  UTC", "2023-01-01 00:00:00 UTC"},
	}
	for _, tt := range tests {
		c, err := ParseCalendar(tt.in)
		if err != nil {
			t.Errorf("ParseCalendar(%q): %v", tt.in, err)
			continue
		}
		if got := c.String(); got != tt.want {
			t.Errorf("ParseCalendar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseCalendarFields(t *testing.T) {
	tests := []struct {
		in   string
		want *Calendar
	}{
		{"Mon..Fri *-*-* 9..17:0/15", &Calendar{
			Weekdays: 0b0011111, DST: -1,
			Hour:   []CalendarComponent{{Start: 9, Stop: 17, Repeat: 1}},
			Minute: []CalendarComponent{{Start: 0, Stop: -1, Repeat: 15}},
			Second: []CalendarComponent{{Start: 0, Stop: -1}},
		}},
		{"*-02~03 UTC", &Calendar{
			EndOfMonth: true, UTC: true, DST: -1,
			Month:  []CalendarComponent{{Start: 2, Stop: -1}},
			Day:    []CalendarComponent{{Start: 3, Stop: -1}},
			Hour:   []CalendarComponent{{Start: 0, Stop: -1}},
			Minute: []CalendarComponent{{Start: 0, Stop: -1}},
			Second: []CalendarComponent{{Start: 0, Stop: -1}},
		}},
		{"12-1-1 *:*:*.5", nil},
		{"2012-1-1 *:*:5.25", &Calendar{
			DST:    -1,
			Year:   []CalendarComponent{{Start: 2012, Stop: -1}},
			Month:  []CalendarComponent{{Start: 1, Stop: -1}},
			Day:    []CalendarComponent{{Start: 1, Stop: -1}},
			Second: []CalendarComponent{{Start: 5250000, Stop: -1}},
		}},
		{"hourly", &Calendar{
			DST:    -1,
			Minute: []CalendarComponent{{Start: 0, Stop: -1}},
			Second: []CalendarComponent{{Start: 0, Stop: -1}},
		}},
	}
	for _, tt := range tests {
		got, err := ParseCalendar(tt.in)
		if tt.want == nil {
			if err == nil {
				t.Errorf("ParseCalendar(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseCalendar(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseCalendar(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseCalendarErrors(t *testing.T) {
	tests := []struct {
		in   string
		want span
		msg  string // a part of the message, or ""
	}{
		{"", span{0, 0}, "missing"},
		{" UTC", span{0, 4}, "missing"},
		{"daily ", span{5, 1}, "whitespace after"},
		{" daily", span{0, 1}, "whitespace before"},
		{"daily  Europe/Berlin", span{5, 1}, "whitespace after"},
		{"10:00 ", span{5, 1}, ""},
		{"Mond 10:00", span{0, 4}, "unknown weekday"},
		{"Fri..Mon", span{0, 8}, "backwards"},
		{"Mon..", span{0, 5}, "without an end"},
		{"Mon.Fri", span{3, 1}, ".."},
		{"Mon..Wed..Fri", span{0, 9}, "another range"},
		{"Mon,10:00", span{4, 2}, "expected a weekday"},
		{"2023-13-01", span{5, 2}, "month 13 is out of range 1..12"},
		{"2023-12-32", span{8, 2}, "day 32"},
		{"1969-12-31", span{0, 4}, "year 1969"},
		{"2200-01-01", span{0, 4}, "year 2200"},
		{"10:60", span{3, 2}, "minute 60"},
		{"24:00", span{0, 2}, "hour 24"},
		{"*:*:60", span{4, 2}, "second 60 is out of range 0..59.999999"},
		{"*:30/30", span{2, 5}, "never repeats"},
		{"*:0/60", span{2, 4}, "too large"},
		{"5..1:00", span{0, 4}, "ends before it starts"},
		{"*:*:10..10.5", span{4, 8}, "shorter than one second"},
		{"*:*:11..10", span{4, 6}, "ends before"},
		{"1/0:00", span{2, 1}, "must not be 0"},
		{"*-*~1,28", span{6, 2}, "1..25"},
		{"*-*~29", span{4, 2}, "1..28"},
		{"*-*~1/2", span{4, 3}, "leaves the month"},
		{"2023~01-01", span{7, 1}, "~"},
		{"2023-01-01 10:00:00:00", span{19, 3}, "after the time"},
		{"10::00", span{3, 1}, "expected a number"},
		{"10:", span{3, 0}, "missing number"},
		{"1,,2:00", span{2, 1}, "expected a number"},
		{"1a:00", span{1, 1}, "unexpected"},
		{"*-*-* 10:00:00.", span{14, 1}, "decimal point"},
		{"*:*:59.", span{6, 1}, "decimal point"},
		{"2147483648:00", span{0, 10}, "too large"},
		{"@", span{0, 1}, "epoch"},
		{"@-1", span{0, 3}, "out of range"},
		{"@7258118400", span{0, 11}, "out of range"},
		{"@1.5", span{2, 2}, "at the end"},
		{"daily\x00", span{5, 1}, "NUL byte"},
		{strings.Repeat("1,", 241) + "1:00", span{482, 1}, "at most 241"},
	}
	for _, tt := range tests {
		_, err := ParseCalendar(tt.in)
		got := checkErr(t, tt.in, err)
		if got == nil {
			t.Errorf("ParseCalendar(%q): no error", tt.in)
			continue
		}
		if diff := cmp.Diff(tt.want, *got); diff != "" {
			t.Errorf("ParseCalendar(%q) error %q span mismatch (-want +got):\n%s", tt.in, err, diff)
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseCalendar(%q) error %q does not mention %q", tt.in, err, tt.msg)
		}
	}
	// 241 values are fine
	if _, err := ParseCalendar(strings.Repeat("1,", 240) + "1:00"); err != nil {
		t.Errorf("241 values: %v", err)
	}
}

func TestCalendarOptions(t *testing.T) {
	zones := map[string]bool{"Europe/Berlin": true, "CET": true}
	o := CalendarOptions{
		LocalZones: [2]string{"CET", "CEST"},
		IsTimezone: func(name string) bool { return zones[name] },
	}
	tests := []struct{ in, want string }{
		// the local abbreviations come first, and print as configured
		{"daily CET", "*-*-* 00:00:00 CET"},
		{"daily cest", "*-*-* 00:00:00 CEST"},
		{"daily Europe/Berlin", "*-*-* 00:00:00 Europe/Berlin"},
		{"daily UTC", "*-*-* 00:00:00 UTC"},
		{"daily Asia/Tokyo", ""},
		{"daily  CEST", ""},
		{"dailyCEST", ""},
		{"CEST", ""},
	}
	for _, tt := range tests {
		c, err := o.Parse(tt.in)
		got := ""
		if err == nil {
			got = c.String()
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
	c, err := o.Parse("daily CEST")
	if err != nil || c.DST != 1 || c.LocalZone != "CEST" || c.Timezone != "" {
		t.Errorf("Parse(daily CEST) = %+v, %v; want DST 1 in CEST", c, err)
	}
	c, err = o.Parse("daily Europe/Berlin")
	if err != nil || c.DST != -1 || c.Timezone != "Europe/Berlin" {
		t.Errorf("Parse(daily Europe/Berlin) = %+v, %v; want the zone Europe/Berlin", c, err)
	}
}

func TestValidTimezoneSyntax(t *testing.T) {
	// these are decided before the tz database is asked
	for name, want := range map[string]bool{
		"UTC": true, "": false, "/Europe/Berlin": false, "Europe/": false, "Europe//Berlin": false,
		"../etc/passwd": false, "Europe/Berlin ": false, "Europe.Berlin": false, "Local": false,
		"Europe/Berlin\x00": false, strings.Repeat("a", 5000): false,
	} {
		if got := ValidTimezone(name); got != want {
			t.Errorf("ValidTimezone(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValidTimezoneDatabase(t *testing.T) {
	if !ValidTimezone("Europe/Berlin") {
		t.Skip("no tz database here: Europe/Berlin is unknown")
	}
	for name, want := range map[string]bool{
		"America/New_York": true, "Etc/GMT+5": true, "Europe/Berlinx": false, "Europe": false,
		"europe/berlin": ValidTimezone("europe/berlin"), // case-insensitive file systems accept it
		"Nowhere/Town":  false,
	} {
		if got := ValidTimezone(name); got != want {
			t.Errorf("ValidTimezone(%q) = %v, want %v", name, got, want)
		}
	}
}
