package value

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Calendar is a calendar event (OnCalendar=) as systemd 252 holds it after
// calendar_spec_from_string() (src/shared/calendarspec.c): normalized, so
// that String gives what systemd-analyze calendar prints as the
// "Normalized form".
type Calendar struct {
	// Weekdays has bit 0 for Monday up to bit 6 for Sunday; 0 means any
	// day (systemd stores that as -1, and all seven days normalize to it).
	Weekdays uint8
	// EndOfMonth is set when the day was written with "~": Day then
	// counts back from the last day of the month (~01 is the last day).
	EndOfMonth bool
	// UTC is set for a trailing " UTC" (any case) or "@TIMESTAMP".
	UTC bool
	// DST is -1, or 0 or 1 when the spec ended in the local zone's
	// standard or daylight-saving abbreviation (CalendarOptions.LocalZones),
	// which is then LocalZone.
	DST       int
	LocalZone string
	// Timezone is the tz database name the spec ended in, or "".
	Timezone string
	// The fields, each a sorted list without duplicates; nil means any
	// value ("*"). Second is in microseconds, and "*" there is the
	// component {0, -1, 1000000}.
	Year, Month, Day, Hour, Minute, Second []CalendarComponent
}

// CalendarComponent is one value of a calendar field: Start, or the range
// Start..Stop when Stop >= 0, matching every Repeat from Start when Repeat
// is above 0.
type CalendarComponent struct {
	Start, Stop, Repeat int
}

// CalendarOptions says what the machine the unit runs on knows about time
// zones; calendar_spec_from_string() consults both.
type CalendarOptions struct {
	// LocalZones are the local zone's abbreviations, glibc's tzname[0]
	// (standard time) and tzname[1] (daylight saving time), such as
	// "CET", "CEST". A spec ending in " " and one of them (any case) is in
	// local time with that DST flag. Empty names are ignored; the zero
	// value matches a machine on UTC, whose names ("UTC") the " UTC"
	// rule already covers.
	LocalZones [2]string
	// IsTimezone reports whether systemd accepts a name as a tz database
	// zone; nil means ValidTimezone.
	IsTimezone func(name string) bool
}

// ParseCalendar parses s with the zero CalendarOptions: the local zone
// abbreviations of a machine on UTC, and ValidTimezone.
func ParseCalendar(s string) (*Calendar, error) {
	return CalendarOptions{}.Parse(s)
}

// zoneinfoDir is where verify_timezone() looks for zones.
const zoneinfoDir = "/usr/share/zoneinfo/"

// ValidTimezone reports whether name passes verify_timezone()
// (src/basic/time-util.c): "UTC" always does; otherwise the name must be
// made of ASCII letters, digits and "-_+/", must not start or end with '/'
// nor contain "//", and /usr/share/zoneinfo/NAME must be a regular file
// starting with "TZif". Where /usr/share/zoneinfo does not exist (Windows,
// some containers) Go's own tz database (time.LoadLocation) answers the
// last question instead, which is what a Linux machine with tzdata
// installed would say.
func ValidTimezone(name string) bool {
	if name == "" {
		return false
	}
	if name == "UTC" {
		return true
	}
	if name[0] == '/' {
		return false
	}
	slash := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && c != '-' && c != '_' && c != '+' && c != '/' {
			return false
		}
		if c == '/' {
			if slash {
				return false
			}
			slash = true
		} else {
			slash = false
		}
	}
	if slash || len(name) >= 4096 {
		return false
	}
	if st, err := os.Stat(zoneinfoDir); err != nil || !st.IsDir() {
		// "Local" is Go's name for the local zone, not a file.
		if name == "Local" {
			return false
		}
		_, err := time.LoadLocation(name)
		return err == nil
	}
	f, err := os.Open(zoneinfoDir + name)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	var magic [4]byte
	if n, _ := f.Read(magic[:]); n != 4 || string(magic[:]) != "TZif" {
		return false
	}
	return true
}

// The limits of calendarspec.c.
const (
	calMinYear       = 1970
	calMaxYear       = 2199
	calComponentsMax = 240 // CALENDARSPEC_COMPONENTS_MAX
	usecPerSec       = 1000000
	intMax           = math.MaxInt32
)

// Field indexes.
const (
	fYear = iota
	fMonth
	fDay
	fHour
	fMinute
	fSecond
	nFields
)

var fieldNames = [nFields]string{"year", "month", "day", "hour", "minute", "second"}

// comp is a component together with where it was written, so that errors
// found after normalization can still point at it.
type comp struct {
	CalendarComponent
	off, end int
}

// calParser holds the state of one parse. in is the part of the input
// before any time zone: a prefix of the input, so its indexes are the
// input's.
type calParser struct {
	in       string
	weekdays int
	eom      bool
	utc      bool
	fields   [nFields][]comp
	spans    [nFields][2]int // where each field was written, for errors
}

// at is *p in C: the byte at i, or 0 at the end.
func (ps *calParser) at(i int) byte {
	if i < len(ps.in) {
		return ps.in[i]
	}
	return 0
}

// Parse parses a calendar event as calendar_spec_from_string() does and
// validates it as calendar_spec_valid() does; see systemd.time(7),
// "Calendar Events". The input must not contain NUL (no unit-file value
// can).
func (o CalendarOptions) Parse(s string) (*Calendar, error) {
	// see src/shared/calendarspec.c: calendar_spec_from_string()
	if i := strings.IndexByte(s, 0); i >= 0 {
		return nil, errAt(s, i, i+1, "calendar event contains a NUL byte")
	}
	c := &Calendar{DST: -1}
	in := s
	if hasSuffixFold(s, " UTC") {
		c.UTC = true
		in = s[:len(s)-len(" UTC")]
	} else {
		j := 0
		for ; j <= 1; j++ {
			name := o.LocalZones[j]
			if name == "" || !hasSuffixFold(s, name) {
				continue
			}
			e := len(s) - len(name)
			if e == 0 || s[e-1] != ' ' {
				continue
			}
			break
		}
		if j <= 1 {
			in = s[:len(s)-len(o.LocalZones[j])-1]
			c.DST = j
			c.LocalZone = o.LocalZones[j]
		} else if ls := strings.LastIndexByte(s, ' '); ls >= 0 {
			valid := o.IsTimezone
			if valid == nil {
				valid = ValidTimezone
			}
			if valid(s[ls+1:]) {
				c.Timezone = s[ls+1:]
				in = s[:ls]
			}
		}
	}
	if in == "" {
		return nil, errAll(s, "missing calendar event")
	}
	ps := &calParser{in: in, weekdays: 0}
	if err := ps.parse(); err != nil {
		return nil, shorthandSpaceErr(in, err)
	}
	if ps.utc {
		c.UTC = true
	}
	if err := ps.normalizeAndValidate(s); err != nil {
		return nil, err
	}
	// calendar_spec_normalize(): weekdays_bits <= 0 or >= 127 become -1
	if ps.weekdays > 0 && ps.weekdays < 127 {
		c.Weekdays = uint8(ps.weekdays)
	}
	c.EndOfMonth = ps.eom
	dst := []*[]CalendarComponent{&c.Year, &c.Month, &c.Day, &c.Hour, &c.Minute, &c.Second}
	for f := range nFields {
		if ps.fields[f] == nil {
			continue
		}
		out := make([]CalendarComponent, len(ps.fields[f]))
		for i, x := range ps.fields[f] {
			out[i] = x.CalendarComponent
		}
		*dst[f] = out
	}
	return c, nil
}

// constField sets a field to one value, as const_chain() does for the
// shorthands.
func (ps *calParser) constField(f int, values ...int) {
	for _, v := range values {
		ps.fields[f] = append(ps.fields[f], comp{CalendarComponent: CalendarComponent{Start: v, Stop: -1}, off: 0, end: len(ps.in)})
	}
	ps.spans[f] = [2]int{0, len(ps.in)}
}

func (ps *calParser) parse() error {
	in := ps.in
	switch {
	case asciiEqualFold(in, "minutely"):
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "hourly"):
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "daily"):
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "monthly"):
		ps.constField(fDay, 1)
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "annually"), asciiEqualFold(in, "yearly"), asciiEqualFold(in, "anually"):
		// "anually" for backwards compatibility
		ps.constField(fMonth, 1)
		ps.constField(fDay, 1)
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "weekly"):
		ps.weekdays = 1
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "quarterly"):
		ps.constField(fMonth, 1, 4, 7, 10)
		ps.constField(fDay, 1)
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	case asciiEqualFold(in, "biannually"), asciiEqualFold(in, "bi-annually"),
		asciiEqualFold(in, "semiannually"), asciiEqualFold(in, "semi-annually"):
		ps.constField(fMonth, 1, 7)
		ps.constField(fDay, 1)
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
	default:
		p, err := ps.parseWeekdays(0)
		if err != nil {
			return err
		}
		p, finished, err := ps.parseDate(p)
		if err != nil {
			return err
		}
		if !finished {
			if p, err = ps.parseTime(p); err != nil {
				return err
			}
		}
		if p != len(in) {
			return errAt(in, p, len(in), fmt.Sprintf("unexpected %s at the end", quoteHead(in[p:])))
		}
	}
	return nil
}

// shorthands are the words calendar_spec_from_string() knows.
var shorthands = []string{"minutely", "hourly", "daily", "monthly", "annually", "yearly", "anually", "weekly",
	"quarterly", "biannually", "bi-annually", "semiannually", "semi-annually"}

// shorthandSpaceErr replaces err when in is a shorthand with spaces around
// it, which systemd refuses.
func shorthandSpaceErr(in string, err error) error {
	trimmed := strings.Trim(in, " \t")
	for _, w := range shorthands {
		if !asciiEqualFold(trimmed, w) {
			continue
		}
		if strings.HasPrefix(in, trimmed) {
			return errAt(in, len(trimmed), len(in), fmt.Sprintf("unexpected whitespace after %q", trimmed))
		}
		return errAt(in, 0, strings.Index(in, trimmed), fmt.Sprintf("unexpected whitespace before %q", trimmed))
	}
	return err
}

var dayNames = []struct {
	name string
	nr   int
}{
	{"Monday", 0}, {"Mon", 0},
	{"Tuesday", 1}, {"Tue", 1},
	{"Wednesday", 2}, {"Wed", 2},
	{"Thursday", 3}, {"Thu", 3},
	{"Friday", 4}, {"Fri", 4},
	{"Saturday", 5}, {"Sat", 5},
	{"Sunday", 6}, {"Sun", 6},
}

var shortDays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// parseWeekdays is parse_weekdays(): an optional list of weekdays and
// ranges ("Mon..Fri", or "Mon-Fri" for backwards compatibility), ended by
// spaces or the end of the input.
func (ps *calParser) parseWeekdays(p int) (int, error) {
	l := -1
	first := true
	lStart := 0
	for {
		nr, start := -1, p
		for _, d := range dayNames {
			if !hasPrefixFold(ps.in[p:], d.name) {
				continue
			}
			skip := len(d.name)
			switch ps.at(p + skip) {
			case 0, '-', '.', ',', ' ':
			default:
				return 0, errAt(ps.in, p, tokenEnd(ps.in, p), fmt.Sprintf("unknown weekday %s: use Mon, Tue, Wed, Thu, Fri, Sat or Sun", quoteHead(ps.in[p:tokenEnd(ps.in, p)])))
			}
			ps.weekdays |= 1 << d.nr
			if l >= 0 {
				if l > d.nr {
					return 0, errAt(ps.in, lStart, p+skip, fmt.Sprintf("weekday range %s..%s goes backwards", shortDays[l], shortDays[d.nr]))
				}
				for j := l + 1; j < d.nr; j++ {
					ps.weekdays |= 1 << j
				}
			}
			p += skip
			nr = d.nr
			break
		}
		// Couldn't find this prefix, so let's assume the weekday was not
		// specified and let's continue with the date
		if nr < 0 {
			if first {
				return p, nil
			}
			return 0, errAt(ps.in, p, tokenEnd(ps.in, p), fmt.Sprintf("expected a weekday, found %s", quoteHead(ps.in[p:tokenEnd(ps.in, p)])))
		}
		switch ps.at(p) {
		case 0:
			return p, nil
		case ' ':
			return skipSpaces(ps.in, p), nil
		case '.':
			if l >= 0 {
				return 0, errAt(ps.in, lStart, p+1, "a weekday range cannot continue into another range")
			}
			if ps.at(p+1) != '.' {
				return 0, errAt(ps.in, p, p+1, "use .. for a range of weekdays")
			}
			l, lStart = nr, start
			p += 2
		case '-':
			// Support ranges with "-" for backwards compatibility
			if l >= 0 {
				return 0, errAt(ps.in, lStart, p+1, "a weekday range cannot continue into another range")
			}
			l, lStart = nr, start
			p++
		case ',':
			l = -1
			p++
		}
		// Allow a trailing comma but not an open range
		if c := ps.at(p); c == 0 || c == ' ' {
			if l >= 0 {
				return 0, errAt(ps.in, lStart, p, "weekday range without an end")
			}
			return skipSpaces(ps.in, p), nil
		}
		first = false
	}
}

// skipSpaces is p += strspn(p, " "): spaces only, not tabs.
func skipSpaces(s string, p int) int {
	for p < len(s) && s[p] == ' ' {
		p++
	}
	return p
}

// tokenEnd is the end of a calendar token starting at i: the next
// separator, or at least one byte.
func tokenEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c == ' ' || c == ',' || c == '-' || c == '~' || c == ':' || c == '/' || (c == '.' && j+1 < len(s) && s[j+1] == '.') {
			break
		}
		j++
	}
	if j == i && j < len(s) {
		j++
	}
	return j
}

// parseDate is parse_date(): "@TIMESTAMP", or "Y-M-D" / "M-D" (with "~"
// for days from the end of the month), or nothing when what follows is a
// time. finished is set for "@TIMESTAMP", which leaves no time to parse.
func (ps *calParser) parseDate(p int) (next int, finished bool, err error) {
	if ps.at(p) == 0 {
		return p, false, nil
	}
	if ps.at(p) == '@' {
		// @TIMESTAMP — UNIX time in seconds since the epoch
		v, e, erange := strtoull(ps.in, p+1, 10)
		if erange {
			return 0, false, errAt(ps.in, p, e, "timestamp too large")
		}
		if e == p+1 {
			return 0, false, errAt(ps.in, p, tokenEnd(ps.in, p+1), "expected seconds since the epoch after @")
		}
		// time_t is signed: strtoul()'s 2^64-1 for "-1" is -1 there.
		t := int64(v)
		if t < 0 || t >= 7258118400 { // 2200-01-01 00:00:00 UTC
			return 0, false, errAt(ps.in, p, e, fmt.Sprintf("timestamp out of range: the year must be %d..%d", calMinYear, calMaxYear))
		}
		tm := time.Unix(t, 0).UTC()
		set := func(f, v int) {
			ps.fields[f] = []comp{{CalendarComponent: CalendarComponent{Start: v, Stop: -1}, off: p, end: e}}
			ps.spans[f] = [2]int{p, e}
		}
		set(fYear, tm.Year())
		set(fMonth, int(tm.Month()))
		set(fDay, tm.Day())
		set(fHour, tm.Hour())
		set(fMinute, tm.Minute())
		set(fSecond, tm.Second()*usecPerSec)
		ps.utc = true
		return e, true, nil
	}
	first, t, err := ps.parseChain(p, false)
	if err != nil {
		return 0, false, err
	}
	firstSpan := [2]int{p, t}
	// Already the end? A ':' as separator? In that case this was a time,
	// not a date
	if c := ps.at(t); c == 0 || c == ':' {
		return p, false, nil
	}
	switch ps.at(t) {
	case '~':
		ps.eom = true
	case '-':
	default:
		return 0, false, errAt(ps.in, t, t+1, fmt.Sprintf("unexpected %q in date", ps.in[t]))
	}
	t++
	secondStart := t
	second, t, err := ps.parseChain(t, false)
	if err != nil {
		return 0, false, err
	}
	secondSpan := [2]int{secondStart, t}
	// Got two parts, hence it's month and day
	if c := ps.at(t); c == 0 || c == ' ' {
		ps.fields[fMonth], ps.spans[fMonth] = first, firstSpan
		ps.fields[fDay], ps.spans[fDay] = second, secondSpan
		return skipSpaces(ps.in, t), false, nil
	} else if ps.eom {
		return 0, false, errAt(ps.in, t, t+1, "after ~ only the day may follow")
	}
	switch ps.at(t) {
	case '~':
		ps.eom = true
	case '-':
	default:
		return 0, false, errAt(ps.in, t, t+1, fmt.Sprintf("unexpected %q in date", ps.in[t]))
	}
	t++
	thirdStart := t
	third, t, err := ps.parseChain(t, false)
	if err != nil {
		return 0, false, err
	}
	if c := ps.at(t); c != 0 && c != ' ' {
		return 0, false, errAt(ps.in, t, t+1, fmt.Sprintf("unexpected %q after the date", ps.in[t]))
	}
	// Got three parts, hence it is year, month and day
	ps.fields[fYear], ps.spans[fYear] = first, firstSpan
	ps.fields[fMonth], ps.spans[fMonth] = second, secondSpan
	ps.fields[fDay], ps.spans[fDay] = third, [2]int{thirdStart, t}
	return skipSpaces(ps.in, t), false, nil
}

// parseTime is parse_calendar_time(): "H:M" or "H:M:S", or nothing for
// 00:00:00.
func (ps *calParser) parseTime(p int) (int, error) {
	t := p
	// If no time is specified at all, then this means 00:00:00
	if ps.at(t) == 0 {
		ps.constField(fHour, 0)
		ps.constField(fMinute, 0)
		ps.constField(fSecond, 0)
		return t, nil
	}
	h, t, err := ps.parseChain(t, false)
	if err != nil {
		return 0, err
	}
	if ps.at(t) != ':' {
		if t < len(ps.in) {
			return 0, errAt(ps.in, t, t+1, fmt.Sprintf("unexpected %q: expected : after the hour", ps.in[t]))
		}
		return 0, errAt(ps.in, t, t, "missing : and minute after the hour")
	}
	ps.fields[fHour], ps.spans[fHour] = h, [2]int{p, t}
	t++
	mStart := t
	m, t, err := ps.parseChain(t, false)
	if err != nil {
		return 0, err
	}
	ps.fields[fMinute], ps.spans[fMinute] = m, [2]int{mStart, t}
	// Already at the end? Then it's hours and minutes, and seconds are 0
	if ps.at(t) == 0 {
		ps.fields[fSecond] = []comp{{CalendarComponent: CalendarComponent{Start: 0, Stop: -1}, off: t, end: t}}
		ps.spans[fSecond] = [2]int{t, t}
		return t, nil
	}
	if ps.at(t) != ':' {
		return 0, errAt(ps.in, t, t+1, fmt.Sprintf("unexpected %q after the minute", ps.in[t]))
	}
	t++
	sStart := t
	sec, t, err := ps.parseChain(t, true)
	if err != nil {
		return 0, err
	}
	ps.fields[fSecond], ps.spans[fSecond] = sec, [2]int{sStart, t}
	if ps.at(t) != 0 {
		return 0, errAt(ps.in, t, len(ps.in), fmt.Sprintf("unexpected %s after the time", quoteHead(ps.in[t:])))
	}
	return t, nil
}

// parseChain is parse_chain(): "*", or components separated by commas
// (prepend_component()). usec is set for the seconds, which are read in
// microseconds and may have a fraction.
func (ps *calParser) parseChain(t int, usec bool) ([]comp, int, error) {
	if ps.at(t) == '*' {
		if usec {
			return []comp{{CalendarComponent: CalendarComponent{Start: 0, Stop: -1, Repeat: usecPerSec}, off: t, end: t + 1}}, t + 1, nil
		}
		return nil, t + 1, nil
	}
	var chain []comp
	for nesting := 0; ; nesting++ {
		// see src/shared/calendarspec.c: prepend_component()
		if nesting > calComponentsMax {
			return nil, 0, errAt(ps.in, t, tokenEnd(ps.in, t), fmt.Sprintf("too many values in one field: at most %d", calComponentsMax+1))
		}
		off := t
		start, e, err := ps.parseDecimal(t, usec)
		if err != nil {
			return nil, 0, err
		}
		stop, repeat := -1, 0
		if ps.at(e) == '.' && ps.at(e+1) == '.' {
			if stop, e, err = ps.parseDecimal(e+2, usec); err != nil {
				return nil, 0, err
			}
			repeat = 1
			if usec {
				repeat = usecPerSec
			}
		}
		if ps.at(e) == '/' {
			rs := e + 1
			if repeat, e, err = ps.parseDecimal(e+1, usec); err != nil {
				return nil, 0, err
			}
			if repeat == 0 {
				return nil, 0, errAt(ps.in, rs, e, "repetition must not be 0")
			}
		} else {
			// Overflow check
			if start > intMax-repeat {
				return nil, 0, errAt(ps.in, off, e, "number too large")
			}
			// If no repeat value is specified for the µs component, then
			// let's explicitly refuse ranges below 1s because our default
			// repeat granularity is beyond that.
			if usec && stop >= 0 && start+repeat > stop {
				if stop < start {
					return nil, 0, errAt(ps.in, off, e, "range ends before it starts")
				}
				return nil, 0, errAt(ps.in, off, e, "range of seconds shorter than one second needs a /repetition")
			}
		}
		switch ps.at(e) {
		case 0, ' ', ',', '-', '~', ':':
		default:
			return nil, 0, errAt(ps.in, e, tokenEnd(ps.in, e), fmt.Sprintf("unexpected %s", quoteHead(ps.in[e:tokenEnd(ps.in, e)])))
		}
		chain = append(chain, comp{CalendarComponent: CalendarComponent{Start: start, Stop: stop, Repeat: repeat}, off: off, end: e})
		if ps.at(e) != ',' {
			return chain, e, nil
		}
		t = e + 1
	}
}

// parseDecimal is parse_component_decimal(): a decimal number, for usec
// in microseconds with up to 6 fraction digits (the 7th rounds).
func (ps *calParser) parseDecimal(t int, usec bool) (int, int, error) {
	if !isDigit(ps.at(t)) {
		if t >= len(ps.in) {
			return 0, 0, errAt(ps.in, t, t, "missing number")
		}
		return 0, 0, errAt(ps.in, t, tokenEnd(ps.in, t), fmt.Sprintf("expected a number, found %s", quoteHead(ps.in[t:tokenEnd(ps.in, t)])))
	}
	value, e, erange := strtoull(ps.in, t, 10)
	if erange {
		return 0, 0, errAt(ps.in, t, e, "number too large")
	}
	if usec {
		if value > math.MaxUint64/usecPerSec {
			return 0, 0, errAt(ps.in, t, e, "number too large")
		}
		value *= usecPerSec
		// One "." is a decimal point, but ".." is a range separator
		if ps.at(e) == '.' && ps.at(e+1) != '.' {
			e++
			add, e2, ok := fractionalPart(ps.in, e, 6)
			if !ok {
				return 0, 0, errAt(ps.in, e-1, e, "expected digits after the decimal point")
			}
			e = e2
			if value+add < value {
				return 0, 0, errAt(ps.in, t, e, "number too large")
			}
			value += add
		}
	}
	if value > intMax {
		return 0, 0, errAt(ps.in, t, e, "number too large")
	}
	return int(value), e, nil
}

// fractionalPart is parse_fractional_part_u() (src/basic/parse-util.c):
// the first digits of s[i:] as a number of that many places (padded with
// zeros), rounded up when the next digit is 5 or more; further digits are
// skipped. ok is false when no digit comes first.
func fractionalPart(s string, i, digits int) (val uint64, end int, ok bool) {
	p := i
	for n := 0; n < digits; n, p = n+1, p+1 {
		if p >= len(s) || !isDigit(s[p]) {
			if n == 0 {
				return 0, i, false
			}
			// too few digits, pad with 0
			for ; n < digits; n++ {
				val *= 10
			}
			break
		}
		val = val*10 + uint64(s[p]-'0')
	}
	// maybe round up
	if p < len(s) && s[p] >= '5' && s[p] <= '9' {
		val++
	}
	return val, skipDigits(s, p), true
}

// normalizeAndValidate is calendar_spec_normalize() followed by
// calendar_spec_valid(). s is the whole input, for errors.
func (ps *calParser) normalizeAndValidate(s string) error {
	// fix_year(): turns 12 → 2012, 89 → 1989
	for i := range ps.fields[fYear] {
		y := &ps.fields[fYear][i]
		y.Start = fixYear(y.Start)
		y.Stop = fixYear(y.Stop)
	}
	// end_of_month without a day (a "*" day) means nothing
	if ps.eom && ps.fields[fDay] == nil {
		ps.eom = false
	}
	for f := range nFields {
		ps.fields[f] = normalizeChain(ps.fields[f])
	}
	limits := [nFields][2]int{
		{calMinYear, calMaxYear}, {1, 12}, {1, 31}, {0, 23}, {0, 59}, {0, 60*usecPerSec - 1},
	}
	for f := range nFields {
		if err := ps.chainValid(s, f, limits[f][0], limits[f][1], f == fDay && ps.eom); err != nil {
			return err
		}
	}
	return nil
}

func fixYear(y int) int {
	switch {
	case y >= 0 && y < 70:
		return y + 2000
	case y >= 70 && y < 100:
		return y + 1900
	}
	return y
}

// normalizeChain is normalize_chain(): shorten each range to a whole
// number of repetitions, drop repetitions that never fire and one-value
// ranges, then sort by (start, stop, repeat) and drop duplicates.
func normalizeChain(chain []comp) []comp {
	for i := range chain {
		x := &chain[i]
		if x.Stop > x.Start && x.Repeat > 0 {
			x.Stop -= (x.Stop - x.Start) % x.Repeat
		}
		if (x.Stop > x.Start && x.Repeat > 0 && x.Start+x.Repeat > x.Stop) || x.Start == x.Stop {
			x.Repeat = 0
			x.Stop = -1
		}
	}
	if len(chain) <= 1 {
		return chain
	}
	slices.SortStableFunc(chain, func(a, b comp) int {
		switch {
		case a.Start != b.Start:
			return cmpInt(a.Start, b.Start)
		case a.Stop != b.Stop:
			return cmpInt(a.Stop, b.Stop)
		}
		return cmpInt(a.Repeat, b.Repeat)
	})
	out := chain[:1]
	for _, x := range chain[1:] {
		if x.CalendarComponent != out[len(out)-1].CalendarComponent {
			out = append(out, x)
		}
	}
	return out
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// chainValid is chain_valid(). systemd lowers the upper limit of a day
// counted from the end of the month by 3 for the first component, and
// again for every further one (the recursion passes the lowered limit on):
// "*-*~1,28" is refused while "*-*~28" is fine. That is reproduced.
func (ps *calParser) chainValid(s string, f, from, to int, eom bool) error {
	name := fieldNames[f]
	show := func(v int) string {
		if f == fSecond {
			return formatSeconds(v)
		}
		return strconv.Itoa(v)
	}
	for _, c := range ps.fields[f] {
		// Forbid dates more than 28 days from the end of the month
		if eom {
			to -= 3
		}
		bad := func(msg string) error { return errAt(s, c.off, c.end, msg) }
		rangeMsg := func(v int) string {
			if eom {
				return fmt.Sprintf("%s ~%s is out of range: counted from the end of the month it must be 1..%d here", name, show(v), to)
			}
			return fmt.Sprintf("%s %s is out of range %s..%s", name, show(v), show(from), show(to))
		}
		if c.Start < from || c.Start > to {
			return bad(rangeMsg(c.Start))
		}
		// Avoid overly large values that could cause overflow
		if c.Repeat > to-from {
			return bad(fmt.Sprintf("%s repetition %s is too large: at most %s", name, show(c.Repeat), show(to-from)))
		}
		if c.Stop >= 0 {
			if c.Stop < from || c.Stop > to {
				return bad(rangeMsg(c.Stop))
			}
			if c.Start+c.Repeat > c.Stop {
				return bad(fmt.Sprintf("%s range %s..%s ends before it starts", name, show(c.Start), show(c.Stop)))
			}
		} else {
			if eom && c.Start-c.Repeat < from {
				return bad(fmt.Sprintf("%s ~%s/%s never repeats: counting back it leaves the month", name, show(c.Start), show(c.Repeat)))
			}
			if !eom && c.Start+c.Repeat > to {
				return bad(fmt.Sprintf("%s %s/%s never repeats: %s plus %s is past %s", name, show(c.Start), show(c.Repeat), show(c.Start), show(c.Repeat), show(to)))
			}
		}
	}
	return nil
}

// formatSeconds shows microseconds as seconds, with a fraction if needed.
func formatSeconds(us int) string {
	if us%usecPerSec == 0 {
		return strconv.Itoa(us / usecPerSec)
	}
	return strings.TrimRight(fmt.Sprintf("%d.%06d", us/usecPerSec, us%usecPerSec), "0")
}

// String is the normalized form, calendar_spec_to_string()
// (src/shared/calendarspec.c): "[WEEKDAYS ]YYYY-MM-DD HH:MM:SS[ ZONE]" with
// "*" for any value and "~" before a day counted from the end of the
// month.
func (c *Calendar) String() string {
	var b strings.Builder
	if c.Weekdays > 0 && c.Weekdays < 127 {
		formatWeekdays(&b, c.Weekdays)
		b.WriteByte(' ')
	}
	formatChain(&b, 4, c.Year, false)
	b.WriteByte('-')
	formatChain(&b, 2, c.Month, false)
	if c.EndOfMonth {
		b.WriteByte('~')
	} else {
		b.WriteByte('-')
	}
	formatChain(&b, 2, c.Day, false)
	b.WriteByte(' ')
	formatChain(&b, 2, c.Hour, false)
	b.WriteByte(':')
	formatChain(&b, 2, c.Minute, false)
	b.WriteByte(':')
	formatChain(&b, 2, c.Second, true)
	switch {
	case c.UTC:
		b.WriteString(" UTC")
	case c.Timezone != "":
		b.WriteString(" " + c.Timezone)
	case (c.DST == 0 || c.DST == 1) && c.LocalZone != "":
		// If daylight saving is explicitly on or off, let's show the used
		// timezone.
		b.WriteString(" " + c.LocalZone)
	}
	return b.String()
}

// formatWeekdays is format_weekdays(): runs of three or more days as
// "Mon..Wed", of two as "Mon,Tue".
func formatWeekdays(b *strings.Builder, bits uint8) {
	needComma := false
	l, x := -1, 0
	for ; x < 7; x++ {
		if bits&(1<<x) != 0 {
			if l < 0 {
				if needComma {
					b.WriteByte(',')
				} else {
					needComma = true
				}
				b.WriteString(shortDays[x])
				l = x
			}
		} else if l >= 0 {
			if x > l+1 {
				if x > l+2 {
					b.WriteString("..")
				} else {
					b.WriteByte(',')
				}
				b.WriteString(shortDays[x-1])
			}
			l = -1
		}
	}
	if l >= 0 && x > l+1 {
		if x > l+2 {
			b.WriteString("..")
		} else {
			b.WriteByte(',')
		}
		b.WriteString(shortDays[x-1])
	}
}

// chainIsStar is chain_is_star(): whether the whole field prints as "*".
func chainIsStar(chain []CalendarComponent, usec bool) bool {
	if len(chain) == 0 {
		return true
	}
	if usec {
		for _, c := range chain {
			if c.Start == 0 && c.Stop < 0 && c.Repeat == usecPerSec {
				return true
			}
		}
	}
	return false
}

// formatChain is format_chain() / _format_chain().
func formatChain(b *strings.Builder, width int, chain []CalendarComponent, usec bool) {
	if chainIsStar(chain, usec) {
		b.WriteByte('*')
		return
	}
	d := 1
	if usec {
		d = usecPerSec
	}
	pad := func(v int) {
		s := strconv.Itoa(v)
		b.WriteString(strings.Repeat("0", max(0, width-len(s))))
		b.WriteString(s)
	}
	frac := func(v int) {
		fmt.Fprintf(b, ".%06d", v)
	}
	for i, c := range chain {
		if i > 0 {
			b.WriteByte(',')
		}
		pad(c.Start / d)
		if c.Start%d > 0 {
			frac(c.Start % d)
		}
		if c.Stop > 0 {
			b.WriteString("..")
			pad(c.Stop / d)
		}
		if c.Stop%d > 0 {
			frac(c.Stop % d)
		}
		if c.Repeat > 0 && !(c.Stop > 0 && c.Repeat == d) {
			b.WriteString("/" + strconv.Itoa(c.Repeat/d))
		}
		if c.Repeat%d > 0 {
			frac(c.Repeat % d)
		}
	}
}
