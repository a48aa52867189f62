package value

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// The fuzz targets check that no input panics, that every error points
// inside its input, and a property of each parser. They are seeded with
// the inputs of the table and differential tests.

func FuzzTimespan(f *testing.F) {
	for _, s := range timespanInputs {
		f.Add(s)
	}
	for _, s := range []string{"1h 30min", "1.5ns", "9223372036854775807us 1us", "infinity", "5µs", "5μs", "\xb5s", "5\xce"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSec(s)
		checkErr(t, s, err)
		if err == nil {
			// format_timespan()'s output "can be parsed with parse_sec",
			// and gives back the very same span; except from 584542
			// years on, where parse_time() refuses "584542y" (its check
			// is l >= USEC_INFINITY/multiplier) though the span exists
			out := v.String()
			back, err := ParseSec(out)
			if err != nil && v/Year >= 584542 {
				return
			}
			if err != nil || back != v {
				t.Fatalf("ParseSec(%q) = %d, printed %q, which parses to %d, %v", s, uint64(v), out, uint64(back), err)
			}
			// a span in seconds by default is the same in µs when the
			// input has a unit everywhere (checked the other way round:
			// defaulting to µs can only make it smaller)
			if us, err := ParseTimespan(s, Microsecond); err != nil || us > v {
				t.Fatalf("ParseTimespan(%q, µs) = %d, %v; with seconds %d", s, uint64(us), err, uint64(v))
			}
		}
		n, err := ParseNsec(s)
		checkErr(t, s, err)
		if err == nil && n != NsecInfinity && strings.Contains(s, "infinity") {
			t.Fatalf("ParseNsec(%q) = %d without being infinity", s, n)
		}
		_, err = ParseSecDefInfinity(s)
		checkErr(t, s, err)
		_, err = ParseSecFix0(s)
		checkErr(t, s, err)
	})
}

func FuzzCalendar(f *testing.F) {
	for _, e := range calendarManExamples {
		f.Add(e[0])
	}
	for _, s := range calendarInputs {
		f.Add(s)
	}
	opts := CalendarOptions{
		LocalZones: [2]string{"CET", "CEST"},
		// no file system access while fuzzing: a fixed set of zones
		IsTimezone: func(name string) bool { return name == "UTC" || name == "Europe/Berlin" || name == "Asia/Tokyo" },
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := opts.Parse(s)
		checkErr(t, s, err)
		if err != nil {
			return
		}
		// the normalized form is a valid spec with the same normalized
		// form
		norm := c.String()
		c2, err := opts.Parse(norm)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, norm, err)
		}
		if again := c2.String(); again != norm {
			t.Fatalf("Parse(%q) = %q, which normalizes to %q", s, norm, again)
		}
	})
}

func FuzzSize(f *testing.F) {
	for _, s := range sizeValues {
		f.Add(s)
	}
	f.Add("\v-5")
	f.Add("1.5 K 3B")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSize(s)
		checkErr(t, s, err)
		if err == nil {
			// the plain decimal number is the same size
			if back, err := ParseSize(strconv.FormatUint(v, 10)); err != nil || back != v {
				t.Fatalf("ParseSize(%q) = %d, but ParseSize of that number = %d, %v", s, v, back, err)
			}
		}
		_, err = ParseSizeSI(s)
		checkErr(t, s, err)
		for _, key := range []string{"MemoryMax", "MemoryLow"} {
			m, err := ParseMemoryLimit(key, s)
			checkErr(t, s, err)
			if err != nil {
				continue
			}
			// the result is what the two underlying parsers say
			switch {
			case m.Infinity:
				if s != "" && s != "infinity" {
					t.Fatalf("ParseMemoryLimit(%s, %q) = infinity", key, s)
				}
			case m.Percent:
				if pm, err := ParsePermyriad(s); err != nil || pm != m.Permyriad {
					t.Fatalf("ParseMemoryLimit(%s, %q) = %d‱, ParsePermyriad = %d, %v", key, s, m.Permyriad, pm, err)
				}
			case s != "":
				if b, err := ParseSize(s); err != nil || b != m.Bytes || b == math.MaxUint64 {
					t.Fatalf("ParseMemoryLimit(%s, %q) = %d bytes, ParseSize = %d, %v", key, s, m.Bytes, b, err)
				}
			}
		}
		tm, err := ParseTasksMax(s)
		checkErr(t, s, err)
		if err == nil && tm.Scale == 0 && !tm.Default && (tm.Value == 0) {
			t.Fatalf("ParseTasksMax(%q) = 0", s)
		}
	})
}

func FuzzInt(f *testing.F) {
	for _, s := range intValues {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u64, err64 := ParseUint(s, 64)
		checkErr(t, s, err64)
		for _, bits := range []int{8, 16, 32} {
			u, err := ParseUint(s, bits)
			checkErr(t, s, err)
			// safe_atou8/16/32 are safe_atou64 with a smaller range
			fits := err64 == nil && u64 <= math.MaxUint64>>(64-bits)
			if (err == nil) != fits || (err == nil && u != u64) {
				t.Fatalf("ParseUint(%q, %d) = %d, %v; ParseUint(%q, 64) = %d, %v", s, bits, u, err, s, u64, err64)
			}
		}
		i64, erri64 := ParseInt(s, 64)
		checkErr(t, s, erri64)
		for _, bits := range []int{8, 16, 32} {
			i, err := ParseInt(s, bits)
			checkErr(t, s, err)
			max := int64(math.MaxInt64 >> (64 - bits))
			fits := erri64 == nil && i64 <= max && i64 >= -max-1
			if (err == nil) != fits || (err == nil && i != i64) {
				t.Fatalf("ParseInt(%q, %d) = %d, %v; ParseInt(%q, 64) = %d, %v", s, bits, i, err, s, i64, erri64)
			}
		}
		if erri64 == nil {
			if back, err := ParseInt(strconv.FormatInt(i64, 10), 64); err != nil || back != i64 {
				t.Fatalf("ParseInt(%q) = %d does not round-trip: %d, %v", s, i64, back, err)
			}
		}
	})
}

func FuzzPercentBoolEnum(f *testing.F) {
	for _, s := range []string{"50%", "12.5%", "12.34%", "5‰", "10‱", "yes", "Off", "0x10%", " 5%", "always", "on-failure"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, errP := ParsePercent(s)
		checkErr(t, s, errP)
		pm, err := ParsePermille(s)
		checkErr(t, s, err)
		py, errY := ParsePermyriad(s)
		checkErr(t, s, errY)
		// a whole percentage is the same in all three scales
		if errP == nil && (err != nil || pm != p*10 || errY != nil || py != p*100) {
			t.Fatalf("%q: %d%%, %d‰ (%v), %d‱ (%v)", s, p, pm, err, py, errY)
		}
		_, err = ParseCPUQuota(s)
		checkErr(t, s, err)
		b, err := ParseBool(s)
		checkErr(t, s, err)
		if err == nil {
			words := falseWords
			if b {
				words = trueWords
			}
			found := false
			for _, w := range words {
				found = found || strings.EqualFold(s, w)
			}
			if !found {
				t.Fatalf("ParseBool(%q) = %v", s, b)
			}
		}
		_, err = ParseTristate(s)
		checkErr(t, s, err)
		checkErr(t, s, Enum(s, []string{"always", "on-failure"}))
	})
}
