package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Timespan is a time span in microseconds, systemd's usec_t. Infinity is
// USEC_INFINITY. Spans go up to 2^64-2 µs (about 584,542 years), more than
// a time.Duration holds.
type Timespan uint64

// The units of a Timespan, as src/basic/time-util.h defines them: a month
// is 30.44 days and a year 365.25 days.
const (
	Microsecond Timespan = 1
	Millisecond Timespan = 1000
	Second      Timespan = 1000000
	Minute      Timespan = 60 * Second
	Hour        Timespan = 60 * Minute
	Day         Timespan = 24 * Hour
	Week        Timespan = 7 * Day
	Month       Timespan = 2629800 * Second
	Year        Timespan = 31557600 * Second

	Infinity Timespan = math.MaxUint64
)

// String is the form systemd prints, format_timespan(t, 0).
func (t Timespan) String() string { return FormatTimespan(t, 0) }

// Duration converts t to a time.Duration; ok is false for Infinity and for
// spans a Duration cannot hold.
func (t Timespan) Duration() (d time.Duration, ok bool) {
	if t > Timespan(math.MaxInt64/int64(time.Microsecond)) {
		return 0, false
	}
	return time.Duration(t) * time.Microsecond, true
}

// timeUnit is one row of extract_multiplier()'s table.
type timeUnit struct {
	suffix string
	usec   uint64
}

// timeUnits is the suffix table of extract_multiplier()
// (src/basic/time-util.c). Order matters: the first prefix that matches
// wins, so "ms" is milliseconds but "m" minutes and "M" months.
var timeUnits = []timeUnit{
	{"seconds", uint64(Second)},
	{"second", uint64(Second)},
	{"sec", uint64(Second)},
	{"s", uint64(Second)},
	{"minutes", uint64(Minute)},
	{"minute", uint64(Minute)},
	{"min", uint64(Minute)},
	{"months", uint64(Month)},
	{"month", uint64(Month)},
	{"M", uint64(Month)},
	{"msec", uint64(Millisecond)},
	{"ms", uint64(Millisecond)},
	{"m", uint64(Minute)},
	{"hours", uint64(Hour)},
	{"hour", uint64(Hour)},
	{"hr", uint64(Hour)},
	{"h", uint64(Hour)},
	{"days", uint64(Day)},
	{"day", uint64(Day)},
	{"d", uint64(Day)},
	{"weeks", uint64(Week)},
	{"week", uint64(Week)},
	{"w", uint64(Week)},
	{"years", uint64(Year)},
	{"year", uint64(Year)},
	{"y", uint64(Year)},
	{"usec", 1},
	{"us", 1},
	{"μs", 1}, // U+03BC GREEK SMALL LETTER MU, accepted since v252.x
	{"µs", 1}, // U+00B5 MICRO SIGN
}

// nsecUnits is extract_nsec_multiplier()'s table, in nanoseconds: the same
// words plus "nsec" and "ns", and nanoseconds when there is no suffix.
var nsecUnits = func() []timeUnit {
	t := make([]timeUnit, 0, len(timeUnits)+3)
	for _, u := range timeUnits {
		t = append(t, timeUnit{u.suffix, u.usec * 1000})
	}
	return append(t, timeUnit{"nsec", 1}, timeUnit{"ns", 1}, timeUnit{"", 1})
}()

// ParseTimespan reads a time span the way parse_time(s, &usec,
// defaultUnit) (src/basic/time-util.c) does:
//
//   - "infinity", alone but for surrounding whitespace, is Infinity;
//   - otherwise one or more parts, each a decimal number with an optional
//     fraction (".5" and "+5" are numbers, "5." and "-0" are not) and an
//     optional unit; whitespace may separate parts, and a number from its
//     unit, but is not required ("1h30min", "1h 30 min");
//   - a part without a unit counts in defaultUnit;
//   - units are matched case-sensitively by prefix: s, sec, second(s); m,
//     min, minute(s); ms, msec; us, usec, µs, μs; h, hr, hour(s); d,
//     day(s); w, week(s); M, month(s); y, year(s);
//   - digits of a fraction beyond the microsecond are dropped.
//
// config_parse_sec() uses defaultUnit Second (see ParseSec);
// rlimit_parse_usec() (LimitRTTIME=) uses Microsecond.
func ParseTimespan(s string, defaultUnit Timespan) (Timespan, error) {
	if defaultUnit == 0 {
		return 0, errAll(s, "default time unit must not be 0")
	}
	v, err := parseTime(s, uint64(defaultUnit), timeUnits, math.MaxUint64, "us, ms, s, min, h, d, w, M or y")
	return Timespan(v), err
}

// ParseSec is parse_sec(): ParseTimespan with seconds as the default
// unit, what config_parse_sec() uses for RestartSec=, WatchdogSec=,
// RuntimeMaxSec=, OnBootSec= and most other *Sec= settings.
func ParseSec(s string) (Timespan, error) { return ParseTimespan(s, Second) }

// ParseSecFix0 is parse_sec_fix_0(): ParseSec, but 0 means Infinity. It is
// used by config_parse_service_timeout() (TimeoutSec=, TimeoutStartSec=),
// config_parse_sec_fix_0() (TimeoutStopSec=, and TimeoutSec= of sockets,
// mounts and swaps, TimeoutIdleSec=) and JobTimeoutSec=,
// JobRunningTimeoutSec=.
func ParseSecFix0(s string) (Timespan, error) {
	v, err := ParseSec(s)
	if err == nil && v == 0 {
		return Infinity, nil
	}
	return v, err
}

// ParseSecDefInfinity is parse_sec_def_infinity(), which
// config_parse_sec_def_infinity() (CPUQuotaPeriodSec=) uses: an empty or
// all-whitespace value is Infinity, anything else goes to ParseSec.
func ParseSecDefInfinity(s string) (Timespan, error) {
	if skipWhitespace(s, 0) == len(s) {
		return Infinity, nil
	}
	return ParseSec(s)
}

// NsecInfinity is NSEC_INFINITY, the "infinity" of ParseNsec.
const NsecInfinity uint64 = math.MaxUint64

// ParseNsec is parse_nsec(), used by config_parse_nsec() (TimerSlackNSec=):
// ParseTimespan in nanoseconds, with "ns" and "nsec" as extra units and
// nanoseconds as the default unit.
func ParseNsec(s string) (uint64, error) {
	return parseTime(s, 1, nsecUnits, NsecInfinity, "ns, us, ms, s, min, h, d, w, M or y")
}

// extractUnit is extract_multiplier() / extract_nsec_multiplier(): the
// factor of the unit at s[i:] and the index after it; ok is false when no
// unit matches.
func extractUnit(s string, i int, units []timeUnit) (factor uint64, end int, ok bool) {
	for _, u := range units {
		if strings.HasPrefix(s[i:], u.suffix) {
			return u.usec, i + len(u.suffix), true
		}
	}
	return 0, i, false
}

// parseTime is parse_time() and parse_nsec(), which differ only in their
// unit table, default unit and infinity.
func parseTime(s string, defaultUnit uint64, units []timeUnit, infinity uint64, unitHint string) (uint64, error) {
	// see src/basic/time-util.c: parse_time()
	p := skipWhitespace(s, 0)
	if strings.HasPrefix(s[p:], "infinity") {
		q := skipWhitespace(s, p+len("infinity"))
		if q != len(s) {
			return 0, errAt(s, q, len(s), fmt.Sprintf("unexpected %s after infinity", quoteHead(s[q:])))
		}
		return infinity, nil
	}
	var r uint64
	something := false
	unitStart, unitEnd := -1, -1 // the unit of the part before, for messages
	for {
		multiplier := defaultUnit
		p = skipWhitespace(s, p)
		if p == len(s) {
			if !something {
				return 0, errAt(s, 0, len(s), "missing time span")
			}
			break
		}
		partStart := p
		if s[p] == '-' {
			return 0, errAt(s, p, wordEnd(s, p), "negative time span not allowed")
		}
		l, e, erange := strtoll(s, p, 10)
		if erange {
			return 0, errAt(s, p, e, "number too large")
		}
		if l < 0 {
			// a '-' after \v or \f, which strtoll() skips
			return 0, errAt(s, p, e, "negative time span not allowed")
		}
		dot := e < len(s) && s[e] == '.'
		switch {
		case dot:
			p = skipDigits(s, e+1)
		case e == p:
			if unitEnd == p && !isDigit(s[p]) && s[p] != '.' {
				// letters glued to a unit, as in "5secs": a longer unit
				// systemd does not know
				end := unitWordEnd(s, p)
				return 0, errAt(s, unitStart, end, unknownUnitMsg(s[unitStart:end], unitHint))
			}
			return 0, errAt(s, p, wordEnd(s, p), fmt.Sprintf("expected a number, found %s", quoteHead(s[p:wordEnd(s, p)])))
		default:
			p = e
		}
		q := skipWhitespace(s, p)
		factor, after, ok := extractUnit(s, q, units)
		if ok {
			multiplier = factor
		}
		unitStart, unitEnd = q, after
		if after == p && after != len(s) {
			// Don't allow '12.34.56', but accept '12.34 .56' or '12.34s.56'
			return 0, errAt(s, p, unitWordEnd(s, p), unknownUnitMsg(s[p:unitWordEnd(s, p)], unitHint))
		}
		p = after
		if uint64(l) >= math.MaxUint64/multiplier {
			return 0, errAt(s, partStart, p, "time span too large")
		}
		k := uint64(l) * multiplier
		if k >= math.MaxUint64-r {
			return 0, errAt(s, partStart, p, "time span too large")
		}
		r += k
		something = true
		if dot {
			m := multiplier / 10
			b := e + 1
			for ; b < len(s) && isDigit(s[b]); b, m = b+1, m/10 {
				k = uint64(s[b]-'0') * m
				if k >= math.MaxUint64-r {
					return 0, errAt(s, partStart, p, "time span too large")
				}
				r += k
			}
			// Don't allow "0.-0", "3.+1", "3. 1", "3.sec" or "3.hoge"
			if b == e+1 {
				return 0, errAt(s, e, e+1, "expected digits after the decimal point")
			}
		}
	}
	return r, nil
}

// unitWordEnd is the end of the would-be unit at s[i:]: up to whitespace
// or a digit.
func unitWordEnd(s string, i int) int {
	j := i
	for j < len(s) && !isWhitespace(s[j]) && !isDigit(s[j]) && (j == i || s[j] != '.') {
		j++
	}
	return j
}

func unknownUnitMsg(w, hint string) string {
	if strings.HasPrefix(w, ".") {
		return "unexpected second decimal point"
	}
	return fmt.Sprintf("unknown time unit %s: use %s", quoteHead(w), hint)
}

// formatUnits is format_timespan()'s table.
var formatUnits = []struct {
	suffix string
	usec   uint64
}{
	{"y", uint64(Year)},
	{"month", uint64(Month)},
	{"w", uint64(Week)},
	{"d", uint64(Day)},
	{"h", uint64(Hour)},
	{"min", uint64(Minute)},
	{"s", uint64(Second)},
	{"ms", uint64(Millisecond)},
	{"us", 1},
}

// FormatTimespan is format_timespan(t, accuracy) (src/basic/time-util.c),
// the form systemctl show and systemd-analyze timespan print: units from
// years down to microseconds separated by spaces ("1h 30min"), spans under
// a minute with a fraction ("1.500000s", "1.500ms"), "0" and "infinity".
// Parts smaller than accuracy are left out once something was printed, and
// the fraction is shortened to accuracy; accuracy 0 keeps everything.
func FormatTimespan(t, accuracy Timespan) string {
	if t == Infinity {
		return "infinity"
	}
	if t == 0 {
		return "0"
	}
	var b strings.Builder
	u := uint64(t)
	acc := uint64(accuracy)
	something := false
	for _, unit := range formatUnits {
		if u == 0 {
			break
		}
		if u < acc && something {
			break
		}
		if u < unit.usec {
			continue
		}
		a, rem := u/unit.usec, u%unit.usec
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		done := false
		// Let's see if we should shows this in dot notation
		if u < uint64(Minute) && rem > 0 {
			j := 0
			for cc := unit.usec; cc > 1; cc /= 10 {
				j++
			}
			for cc := acc; cc > 1; cc /= 10 {
				rem /= 10
				j--
			}
			if j > 0 {
				frac := strconv.FormatUint(rem, 10)
				b.WriteString(strconv.FormatUint(a, 10))
				b.WriteByte('.')
				b.WriteString(strings.Repeat("0", max(0, j-len(frac))))
				b.WriteString(frac)
				b.WriteString(unit.suffix)
				u = 0
				done = true
			}
		}
		if !done {
			b.WriteString(strconv.FormatUint(a, 10))
			b.WriteString(unit.suffix)
			u = rem
		}
		something = true
	}
	return b.String()
}
