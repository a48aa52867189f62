package value

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// timespanInputs is the hand-written part of the timespan differential
// set: every unit, the corner cases of parse_time() and its limits.
var timespanInputs = []string{
	"0", "1", "5", "1.5", ".5", "0.5", "+5", "-5", "-0", "- 5", "+-5", "5.", ".", "5..5", "1.5.5",
	"1e3", "0x10", "010", "5 5", "1 .5", "1s.5", ".5s.5", "5s5", "5s 5", "1h30m", "1h 30min",
	"1h 30 min", "1 h", "1h,30m", "1h-30m", "infinity", " infinity", "infinity ", "infinityx",
	"infinity 5", "5 infinity", "Infinity", "inf", "", " ", "\t", "\t5s\t", "5\ts",
	"1s", "1sec", "1second", "1seconds", "1secs", "1S", "1m", "1min", "1minute", "1minutes", "1mins",
	"1ms", "1msec", "1msecs", "1M", "1month", "1months", "1mo", "1h", "1hr", "1hour", "1hours",
	"1hrs", "1H", "1d", "1day", "1days", "1D", "1w", "1week", "1weeks", "1W", "1y", "1year",
	"1years", "1Y", "1us", "1usec", "1µs", "1μs", "1µ", "1ns", "1nsec", "1 us", "1.5us", "1.9us",
	"0.0000005s", "0.000001s", "59.999999s", "59.9999999s", "60s", "61.5s", "1min 0.5s",
	"1.123456789s", "1.000001", "0.1ms", "0.001ms", "1.5ms", "1.05ms", "100.5ms", "1.5min",
	"1.5h", "1.5d", "1.5w", "1.5M", "1.5y", "0.25y", "3.14159265358979323846y",
	"9223372036854775807us", "9223372036854775808us", "18446744073709551615us",
	"18446744073709551614us", "9223372036854775807", "584542y", "584543y", "584542y 1y",
	"9223372036854775807us 9223372036854775807us", "9223372036854775807us 9223372036854775808us",
	"584541y 12month", "99999999999999999999", "213503982334601us 1s",
	"1h 1h 1h", "1s 1s 1s 1s", "0s", "0 s", "00", "007", "1 2 3", "2m3s", "2m 3s 4ms 5us",
	"1d 2h 3min 4s 5ms 6us", "1week 2days", "3weeks", "1M 1w", "12month", "1y 1M 1w 1d 1h 1min 1s 1ms 1us",
	"5 seconds", "5 sec", "5secon", "10x", "5s x", "x", "s", "5 s s", "5ss", "5mss",
	"1.s", "1.x", "1..", "1.-5", "1.+5", "1. 5", ".s", "+.5", "-.5", "5 -5", "5 +5",
	"\v5", "\f5", "5\v", "1,5", "1_000", "١", "5 ٥",
}

// genTimespans builds n more inputs from random parts, valid and invalid.
func genTimespans(r *rand.Rand, n int) []string {
	nums := []string{"0", "1", "2", "5", "7", "10", "30", "59", "60", "61", "90", "100", "999", "1000", "1440",
		"3600", "86400", "123456", "4294967296", "9223372036854775807", "99999999999999999999", ""}
	fracs := []string{"", "", "", ".5", ".25", ".125", ".1", ".01", ".001", ".0001", ".000001", ".0000001",
		".9999999", ".123456789", ".", ".05", ".999"}
	units := []string{"", "", "s", "sec", "seconds", "m", "min", "minutes", "ms", "msec", "us", "usec", "µs",
		"h", "hr", "hours", "d", "days", "w", "weeks", "M", "month", "y", "years", "x", "mo", "Min", "S", "ns", "hs"}
	seps := []string{"", " ", " ", "  ", "\t"}
	var out []string
	for range n {
		var b strings.Builder
		if r.IntN(20) == 0 {
			b.WriteString([]string{" ", "+", "-", "\t"}[r.IntN(4)])
		}
		parts := 1 + r.IntN(3)
		for k := range parts {
			if k > 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(nums[r.IntN(len(nums))])
			b.WriteString(fracs[r.IntN(len(fracs))])
			if r.IntN(4) == 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(units[r.IntN(len(units))])
		}
		if r.IntN(20) == 0 {
			b.WriteString([]string{" ", "x", ".5", "infinity"}[r.IntN(4)])
		}
		out = append(out, b.String())
	}
	return out
}

func TestTimespanAgainstSystemd(t *testing.T) {
	bin := analyzeBin(t)
	inputs := append([]string(nil), timespanInputs...)
	inputs = append(inputs, genTimespans(rand.New(rand.NewPCG(252, 1)), 1200)...)
	var safe []string
	for _, in := range inputs {
		if oracleSafe(in) {
			safe = append(safe, in)
		}
	}
	want := analyzeTimespans(t, bin, safe)
	var valid, invalid, bad int
	for i, in := range safe {
		got, err := ParseTimespan(in, Second)
		w := want[i]
		switch {
		case w.ok && err != nil:
			t.Errorf("ParseTimespan(%q): error %v, systemd accepts it as %s µs", in, err, w.usec)
			bad++
		case !w.ok && err == nil:
			t.Errorf("ParseTimespan(%q) = %d, systemd refuses it", in, uint64(got))
			bad++
		case w.ok:
			valid++
			if s := strconv.FormatUint(uint64(got), 10); s != w.usec {
				t.Errorf("ParseTimespan(%q) = %s µs, systemd says %s", in, s, w.usec)
				bad++
			} else if h := got.String(); h != w.human {
				t.Errorf("FormatTimespan(%s) = %q, systemd prints %q", s, h, w.human)
				bad++
			}
		default:
			invalid++
		}
	}
	t.Logf("timespan: %d inputs (%d valid, %d invalid for systemd), %d disagreements", len(safe), valid, len(safe)-valid, bad)
	if valid < 300 || len(safe)-valid < 300 {
		t.Errorf("the generated set is lopsided: %d valid, %d invalid", valid, len(safe)-valid)
	}
}

// calendarManExamples are the examples of systemd.time(7) (systemd 252),
// with the normalized forms the page gives.
var calendarManExamples = [][2]string{
	{"Sat,Thu,Mon..Wed,Sat..Sun", "Mon..Thu,Sat,Sun *-*-* 00:00:00"},
	{"Mon,Sun 12-*-* 2,1:23", "Mon,Sun 2012-*-* 01,02:23:00"},
	{"Wed *-1", "Wed *-*-01 00:00:00"},
	{"Wed..Wed,Wed *-1", "Wed *-*-01 00:00:00"},
	{"Wed, 17:48", "Wed *-*-* 17:48:00"},
	{"Wed..Sat,Tue 12-10-15 1:2:3", "Tue..Sat 2012-10-15 01:02:03"},
	{"*-*-7 0:0:0", "*-*-07 00:00:00"},
	{"10-15", "*-10-15 00:00:00"},
	{"monday *-12-* 17:00", "Mon *-12-* 17:00:00"},
	{"Mon,Fri *-*-3,1,2 *:30:45", "Mon,Fri *-*-01,02,03 *:30:45"},
	{"12,14,13,12:20,10,30", "*-*-* 12,13,14:10,20,30:00"},
	{"12..14:10,20,30", "*-*-* 12..14:10,20,30:00"},
	{"mon,fri *-1/2-1,3 *:30:45", "Mon,Fri *-01/2-01,03 *:30:45"},
	{"03-05 08:05:40", "*-03-05 08:05:40"},
	{"08:05:40", "*-*-* 08:05:40"},
	{"05:40", "*-*-* 05:40:00"},
	{"Sat,Sun 12-05 08:05:40", "Sat,Sun *-12-05 08:05:40"},
	{"Sat,Sun 08:05:40", "Sat,Sun *-*-* 08:05:40"},
	{"2003-03-05 05:40", "2003-03-05 05:40:00"},
	{"05:40:23.4200004/3.1700005", "*-*-* 05:40:23.420000/3.170001"},
	{"2003-02..04-05", "2003-02..04-05 00:00:00"},
	{"2003-03-05 05:40 UTC", "2003-03-05 05:40:00 UTC"},
	{"2003-03-05", "2003-03-05 00:00:00"},
	{"03-05", "*-03-05 00:00:00"},
	{"hourly", "*-*-* *:00:00"},
	{"daily", "*-*-* 00:00:00"},
	{"daily UTC", "*-*-* 00:00:00 UTC"},
	{"monthly", "*-*-01 00:00:00"},
	{"weekly", "Mon *-*-* 00:00:00"},
	{"weekly Pacific/Auckland", "Mon *-*-* 00:00:00 Pacific/Auckland"},
	{"yearly", "*-01-01 00:00:00"},
	{"annually", "*-01-01 00:00:00"},
	{"*:2/3", "*-*-* *:02/3:00"},
	// the shorthand list and the other examples of the page
	{"minutely", "*-*-* *:*:00"},
	{"quarterly", "*-01,04,07,10-01 00:00:00"},
	{"semiannually", "*-01,07-01 00:00:00"},
	{"Thu,Fri 2012-*-1,5 11:12:13", "Thu,Fri 2012-*-01,05 11:12:13"},
	{"*-02~03", "*-02~03 00:00:00"},
	{"Mon *-05~07/1", "Mon *-05~07/1 00:00:00"},
}

// calendarInputs is the hand-written part of the calendar differential
// set: corners of every step of calendar_spec_from_string().
var calendarInputs = []string{
	"", " ", "*", "*-*-*", "*-*-* *:*:*", "*:*", "*:*:*", "*-*-* *:*", "minutely", "MINUTELY", "Hourly",
	"DAILY", "anually", "Yearly", "biannually", "bi-annually", "semi-annually", "Semiannually", "weekly ",
	" daily", "daily ", "dailyUTC", "daily  UTC", "daily utc", "daily Utc", "daily\tUTC", "UTC", " UTC", "daily UTC UTC",
	"daily Europe/Berlin", "daily  Europe/Berlin", "2023-01-01  Europe/Berlin", "daily europe/berlin",
	"daily Local", "daily posixrules", "daily right/UTC", "daily EST", "daily PST", "daily CET", "daily Etc/GMT+5",
	"daily Europe//Berlin", "daily Europe/", "daily /Europe/Berlin", "daily Europe/Berlin/", "daily ../zone",
	"daily Europe/Berlin UTC", "daily UTC Europe/Berlin", "10:00 Asia/Tokyo", "Mon 10:00 America/New_York",
	"daily zone.tab", "daily Factory", "daily GMT", "daily Zulu", "daily EDT", "daily est",
	"Mon", "mon", "MON", "Monday", "monday", "Mond", "Mo", "Mon,", "Mon, ", "Mon,,Tue", "Mon,Tue,",
	"Mon..", "Mon..Fri", "Mon...Fri", "Mon.Fri", "Mon-Fri", "mon-fri", "Fri..Mon", "Fri-Mon", "Mon..Mon",
	"Mon..Wed..Fri", "Mon..Wed-Fri", "Mon-Wed..Fri", "Mon..Wed,Fri", "Mon..Sun", "Sun,Sat,Fri,Thu,Wed,Tue,Mon",
	"Mon,Wed,Fri", "Tue,Wed", "Mon,Tue,Wed", "Sat,Sun", "Sun", "Mon 10:00", "Mon  10:00", "Mon\t10:00",
	"Mon-2023-01-01", "Mon,10:00", "Mon, 10:00", "Mon 2023-01-01", "Mon *-*-* 10:00", "Mon..Fri 8..18:00",
	"2023-01-01", "2023-01-01 ", "2023-01-01  ", "2023-1-1", "23-1-1", "69-1-1", "70-1-1", "99-1-1", "100-1-1",
	"1969-12-31", "1970-01-01", "2199-12-31", "2200-01-01", "0-1-1", "2023-13-01", "2023-00-01", "2023-12-32",
	"2023-02-30", "2023-02-31", "2023-04-31", "2023-12-00", "2023-*-31", "*-*-31", "*-2-29",
	"2023-01-01 10:00", "2023-01-01 10:00:00", "2023-01-01 24:00", "2023-01-01 23:60", "2023-01-01 23:59:60",
	"2023-01-01 23:59:59.999999", "2023-01-01 23:59:59.9999995", "2023-01-01 23:59:59.", "2023-01-01 23:59:.5",
	"10:00", "10:00 ", "10", "10:", ":00", "10::00", "10:00:", "10:00:00:00", "1:2:3", "01:02:03.5", "1:2:3.123456789",
	"*:*:0/1", "*:*:00/01", "*:*:0/0.5", "*:*:0.5/0.5", "*:*:*/2", "*:*:0/60", "*:*:0/59", "*:*:1/59", "*:*:30/30",
	"*:0/30", "*:30/30", "*:0/60", "*:0/59", "*:1/59", "0/12:00", "0/24:00", "0/23:00", "1/23:00",
	"*:*:10..10.5", "*:*:10..10.5/0.5", "*:*:10..11", "*:*:10..10", "*:*:11..10", "*:*:0..59", "*:*:0..60",
	"*:*:0..59/10", "*:*:0..59.999999/10", "*:*:5.5..6.5", "*:*:5..5.5/0.1", "*:*:1.0000005", "*:*:0.0000005/0.0000005",
	"*:*:0.000001/0.000001", "*:*:0/0.000001", "*:*:59.9999995", "*:*:59.999999",
	"1..2/3:00", "1..5/3:00", "1..4/3:00", "1..7/3:00", "5..1:00", "5..5:00", "5..5/2:00", "0..23:00", "0..24:00",
	"0..23/1:00", "0..23/2:00", "0..23/23:00", "0..23/24:00", "1,1,1:00", "3,2,1:00", "1..3,2..4:00", "1..3,1..3/1:00",
	"1/2,1..23/2:00", "*-*-1..31", "*-*-1..31/2", "*-*-31/1", "*-*-30/1", "*-*-15/16", "*-*-15/17",
	"*-1..12-1", "*-12..1-1", "*-1,13-1", "*-01/3-01", "*-1/12-1", "*-1/11-1", "*-12/1-1",
	"2020..2030-1-1", "2020..2030/5-1-1", "20..30-1-1", "69..71-1-1", "2199/1-1-1", "1970/229-1-1", "1970/230-1-1",
	"*-*~1", "*-*~01", "*-*~28", "*-*~29", "*-*~31", "*-*~0", "*-*~*", "*-02~03", "*-*~1,28", "*-*~1,25", "*-*~1,26",
	"*-*~1,2,22", "*-*~1,2,23", "*-*~1..3", "*-*~3..1", "*-*~7/1", "*-*~1/1", "*-*~2/1", "*-*~7/7", "*-*~8/7",
	"*-*~1..7/2", "*-*~28/27", "*-*~28/28", "2023~01-01", "2023-01~01", "2023~01~01", "01~01", "~01", "*~*",
	"*-~1", "*--1", "*-*-", "-*-*", "*-*-*-*", "*-*-* *", "* *", "*-* 10:00", "*-*", "1-2", "1-2 3:4",
	"@0", "@1", "@1700000000", "@1700000000 UTC", "@1700000000 Europe/Berlin", "Mon @1700000000", "@", "@x",
	"@-1", "@ 5", "@+5", "@1.5", "@7258118399", "@7258118400", "@99999999999999999999", "@18446744073709551615",
	"@0x10", "@5 10:00", "10:00 @5", "*-*-* @5",
	"*-*-*,1", "1,*", "1,,2:00", "1,:00", ",1:00", "1-:00", "1/:00", "1..:00", "..1:00", "1...2:00", "1..2..3:00",
	"1/2/3:00", "1..2/0:00", "1/0:00", "a:00", "1a:00", "+1:00", "-1:00", " 1:00", "1 :00", "1: 00",
	"99999999999:00", "2147483647:00", "2147483648:00", "*:*:2147", "*:*:2148", "*:*:18446744073710",
	"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23:00",
	"Mon..Fri *-*-* 9..17:0/15", "Sat,Sun *-*-* 10:00 UTC", "*-*-* 04:00:00 Europe/London",
	"Fri *-*-13 13:13:13", "Tue..Thu 2024-02-29", "2024-02-29", "2023-02-29", "*-02-29 00:00:00",
	"Wed..Wed", "Wed..Wed,Wed", "Sat..Sun", "mon..FRI", "MONDAY..friday",
	"\t10:00", "10:00\t", "Mon\t", "2023-01-01\t10:00",
	"1:00 PST", "1:00 pst", "1:00 Est", "1:00 America/Los_Angeles", "1:00 US/Pacific", "1:00 Etc/UTC",
	"1:00 GMT+5", "1:00 UTC+1", "1:00 +0100",
}

// calendarChunks are the pieces genCalendars draws from.
var calendarChunks = struct {
	weekdays, years, months, days, hours, minutes, seconds, zones []string
}{
	weekdays: []string{"", "", "", "Mon ", "mon ", "Sunday ", "Mon..Fri ", "Mon-Fri ", "Sat,Sun ", "Fri..Mon ",
		"Mon, ", "Tue..Thu,Sat ", "Mond ", "Mon..Tue..Wed ", "Wed,Mon,Tue ", "Mon..Sun "},
	years: []string{"*", "*", "2023", "23", "99", "1969", "2199", "2200", "2020..2030", "2020/2", "2020..2025/2",
		"0", "2023,2021", "1970..2199", "2030..2020"},
	months: []string{"*", "*", "1", "01", "12", "13", "0", "1..6", "1/3", "2..11/3", "6..1", "1,7", "02,02", "*/2"},
	days: []string{"*", "*", "1", "01", "31", "32", "0", "1..15", "1/7", "1..31/10", "15,1", "~1", "~01", "~7/1",
		"~28", "~29", "~3..1", "~1,28", "~1..3", "28..30/1"},
	hours: []string{"*", "*", "0", "00", "23", "24", "9..17", "0/6", "0..23/6", "1,13", "12/12", "12/11", "*/2"},
	minutes: []string{"*", "*", "0", "00", "59", "60", "0/15", "0..59/15", "30/30", "30/29", "15,45", "0..59",
		"5..55/20"},
	seconds: []string{"", "", ":*", ":00", ":0", ":59", ":60", ":30.5", ":0/10", ":0.5/0.25", ":10..20", ":10..10.5",
		":1.9999995", ":00.000001", ":5,1", ":0..59.5/0.5", ":59.9999996", ":0/59.999999", ":0/60"},
	zones: []string{"", "", "", "", " UTC", " utc", " Europe/Berlin", " EST", " PST", " Foo/Bar", " Asia/Kolkata",
		"  UTC"},
}

// genCalendars builds n more inputs from random pieces, valid and invalid.
func genCalendars(r *rand.Rand, n int) []string {
	ch := calendarChunks
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	var out []string
	for range n {
		var b strings.Builder
		b.WriteString(pick(ch.weekdays))
		switch r.IntN(6) {
		case 0: // time only
		case 1: // month and day
			b.WriteString(pick(ch.months) + "-" + strings.TrimPrefix(pick(ch.days), "~") + " ")
		default:
			d := pick(ch.days)
			sep := "-"
			if strings.HasPrefix(d, "~") {
				sep, d = "~", d[1:]
			}
			b.WriteString(pick(ch.years) + "-" + pick(ch.months) + sep + d + " ")
		}
		if r.IntN(8) != 0 {
			b.WriteString(pick(ch.hours) + ":" + pick(ch.minutes) + pick(ch.seconds))
		}
		s := strings.TrimRight(b.String(), " ")
		if r.IntN(10) == 0 {
			s = []string{"minutely", "hourly", "daily", "weekly", "monthly", "yearly", "quarterly", "semiannually"}[r.IntN(8)]
		}
		s += pick(ch.zones)
		out = append(out, s)
	}
	return out
}

// allCalendarInputs is the whole differential set.
func allCalendarInputs() []string {
	var in []string
	for _, e := range calendarManExamples {
		in = append(in, e[0])
	}
	in = append(in, calendarInputs...)
	// prepend_component() allows 241 values in one field, not 242
	in = append(in, strings.Repeat("1,", 240)+"1:00", strings.Repeat("1,", 241)+"1:00")
	return append(in, genCalendars(rand.New(rand.NewPCG(252, 2)), 1200)...)
}

func TestCalendarAgainstSystemd(t *testing.T) {
	bin := analyzeBin(t)
	for _, tc := range []struct {
		name string
		tz   string
		opts CalendarOptions
	}{
		{"UTC", "UTC", CalendarOptions{}},
		// A machine whose local zone has abbreviations that are not zone
		// files (EDT): calendar_spec_from_string() takes them from tzname[].
		{"America/New_York", "America/New_York", CalendarOptions{LocalZones: [2]string{"EST", "EDT"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tz != "UTC" && !ValidTimezone(tc.tz) {
				t.Skipf("differential test: the tz database has no %s", tc.tz)
			}
			inputs := allCalendarInputs()
			if tc.tz != "UTC" {
				inputs = append(inputs, "daily EDT", "daily edt", "daily EST", "daily est", "Mon 10:00 EDT",
					"daily  EDT", "dailyEDT", "EDT", " EDT", "daily EDT UTC", "daily UTC EDT", "10:00 PDT")
			}
			var safe []string
			for _, in := range inputs {
				if oracleSafe(in) {
					safe = append(safe, in)
				}
			}
			want := analyzeCalendars(t, bin, []string{"TZ=" + tc.tz}, safe)
			var valid, bad int
			for i, in := range safe {
				got, err := tc.opts.Parse(in)
				w := want[i]
				switch {
				case w.ok && err != nil:
					t.Errorf("Parse(%q): error %v, systemd normalizes it to %q", in, err, w.normalized)
					bad++
				case !w.ok && err == nil:
					t.Errorf("Parse(%q) = %q, systemd refuses it", in, got)
					bad++
				case w.ok:
					valid++
					if got.String() != w.normalized {
						t.Errorf("Parse(%q) = %q, systemd normalizes it to %q", in, got, w.normalized)
						bad++
					}
				}
			}
			t.Logf("calendar (TZ=%s): %d inputs (%d valid, %d invalid for systemd), %d disagreements", tc.tz, len(safe), valid, len(safe)-valid, bad)
			if valid < 300 || len(safe)-valid < 300 {
				t.Errorf("the generated set is lopsided: %d valid, %d invalid", valid, len(safe)-valid)
			}
		})
	}
}

// sizeValues and intValues are the values tried through verify.
var sizeValues = []string{
	"0", "1", "1K", "1.5K", "0.5K", "1KB", "1B", "1k", "1KiB", "5M", "1G", "1T", "1P", "1E", "16E", "15E",
	"1G 512M", "1G512M", "1M 1G", "1K2", "1B5", "1 2", "1K 2 3", "10.M", "10.", "1.5", "0.5", ".5K", "1..5K",
	"1.5.5K", "+5K", "-5K", "-0", "0x10", "010", "1e3", "18446744073709551615", "18446744073709551616",
	"18446744073709551614", "18446744073709551615.5K", "18446744073709551615B", "17179869183G", "17179869184G",
	"1.99999999999999999999K", "1.123456789012345678901K", "1 K", "1K ", "1 K 5", "K", "B", "infinity", "Infinity",
	"infinityK", "50%", "100%", "101%", "0%", "0.5%", "12.34%", "12.345%", "1.%", ".5%", "5 %", "+5%", "-5%",
	"0x10%", "010%", "08%", "50‰", "5.5‰", "10‱", "10000‱", "10001‱", "1%%", "%", "1 %", "0.0%", "0.00%", "0.01%",
	"4096", "4K 4", "1M1K1B", "1P 1P", "1E 1P", "8E", "1KK",
}

var intValues = []string{
	"0", "1", "-1", "+1", "-0", "+0", "19", "20", "-20", "-21", "99", "100", "1000", "-1000", "1001",
	"2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
	"18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
	"0x10", "0X10", "0x", "0xg", "-0x10", "010", "08", "09", "0o17", "0O17", "0o8", "0b101", "0B11", "0b2", "0b",
	"-0b1", "0b-1", "0b+1", "1.5", "1e3", "1 2", "one", "", "5x", "x5", "007", "0x7fffffff", "0xffffffff",
	"0x100000000", "-0x80000000", "-0x80000001",
}

func TestValuesAgainstSystemdVerify(t *testing.T) {
	bin := analyzeBin(t)
	ts := []string{"0", "5", "5s", "1min", "infinity", "1.5", "5x", "-5", "1h30m", "1KB", "5µs", "1ns", "1nsec",
		"100ns", "1.5ns", "1.5us", "0.5ns", "5 ns", "18446744073709551615ns", "18446744073709551614ns",
		"18446744073709551615", "9223372036854775807ns", "9223372036854775808ns", "18446744073709551s",
		"18446744073709s", "18446744073710s", "584542y", "584543y", "583y", "584y", "1y 1ns", "1nsx", "1 nsec 1"}
	bools := []string{"1", "0", "yes", "YES", "Yes", "y", "Y", "true", "TRUE", "t", "on", "ON", "no", "n", "false",
		"f", "off", "OFF", "2", "yess", "ja", "enable", "enabled", "tru", "o", "-1", "+1"}
	cases := []struct {
		key    string
		values []string
		check  func(string) error
		unit   bool // the key belongs in [Unit], not [Service]
	}{
		{"MemoryMax", sizeValues, func(s string) error { _, err := ParseMemoryLimit("MemoryMax", s); return err }, false},
		{"MemoryLow", sizeValues, func(s string) error { _, err := ParseMemoryLimit("MemoryLow", s); return err }, false},
		{"MemorySwapMax", sizeValues, func(s string) error { _, err := ParseMemoryLimit("MemorySwapMax", s); return err }, false},
		{"TasksMax", append(append([]string{}, sizeValues...), intValues...), func(s string) error { _, err := ParseTasksMax(s); return err }, false},
		{"CPUQuota", append(append([]string{}, sizeValues...), intValues...), func(s string) error { _, err := ParseCPUQuota(s); return err }, false},
		{"StartLimitBurst", intValues, func(s string) error { _, err := ParseUint(s, 32); return err }, false},
		{"Nice", intValues, func(s string) error { _, err := ParseIntRange(s, 32, -20, 19); return err }, false},
		{"OOMScoreAdjust", intValues, func(s string) error { _, err := ParseIntRange(s, 32, -1000, 1000); return err }, false},
		{"CPUSchedulingPriority", intValues, func(s string) error { _, err := ParseIntRange(s, 32, 0, 99); return err }, false},
		{"SuccessActionExitStatus", intValues, func(s string) error { _, err := ParseUint(s, 8); return err }, true},
		{"RestartSec", append(append([]string{}, ts...), timespanInputs...), func(s string) error { _, err := ParseSec(s); return err }, false},
		{"TimeoutStopSec", ts, func(s string) error { _, err := ParseSecFix0(s); return err }, false},
		{"TimerSlackNSec", append(append([]string{}, ts...), timespanInputs...), func(s string) error { _, err := ParseNsec(s); return err }, false},
		{"RemainAfterExit", bools, func(s string) error { _, err := ParseBool(s); return err }, false},
	}
	var total, bad int
	for _, c := range cases {
		var as [][2]string
		for _, v := range c.values {
			if v != "" && oracleSafe(v) && strings.TrimSpace(v) == v && !strings.HasSuffix(v, "\\") && !strings.ContainsAny(v, "\v\f") {
				as = append(as, [2]string{c.key, v})
			}
		}
		head := "[Service]\nExecStart=/bin/true\n"
		if c.unit {
			head += "[Unit]\n"
		}
		msgs := verifyLines(t, bin, "t.service", head, as)
		var agree int
		for i, a := range as {
			err := c.check(a[1])
			switch {
			case msgs[i] != "" && err == nil:
				t.Errorf("%s=%s: accepted here, systemd says %q", a[0], a[1], msgs[i])
				bad++
			case msgs[i] == "" && err != nil:
				t.Errorf("%s=%s: refused here (%v), systemd accepts it", a[0], a[1], err)
				bad++
			default:
				agree++
			}
		}
		total += len(as)
		t.Logf("%s: %d values, %d agree", c.key, len(as), agree)
	}
	t.Logf("verify: %d assignments, %d disagreements", total, bad)
}

// TestVerifyOracleSees checks the verify harness itself: a value systemd
// must refuse is reported on its line, one it accepts is not.
func TestVerifyOracleSees(t *testing.T) {
	bin := analyzeBin(t)
	msgs := verifyLines(t, bin, "t.service", "[Service]\nExecStart=/bin/true\n", [][2]string{{"RestartSec", "5s"}, {"RestartSec", "5x"}})
	if msgs[0] != "" || !strings.Contains(msgs[1], "5x") {
		t.Fatalf("verify messages = %q, want none for 5s and one for 5x", msgs)
	}

}
