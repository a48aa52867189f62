package value

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type timespanResult2 struct {
	V   Timespan
	Err *span
}

func TestParseSec(t *testing.T) {
	tests := []struct {
		in   string
		want timespanResult2
	}{
		{"0", timespanResult2{V: 0}},
		{"5", timespanResult2{V: 5 * Second}},
		{"5s", timespanResult2{V: 5 * Second}},
		{"1h 30min", timespanResult2{V: 90 * Minute}},
		{"1h30m", timespanResult2{V: 90 * Minute}},
		{"1h 30 min", timespanResult2{V: 90 * Minute}},
		{"2m3s", timespanResult2{V: 123 * Second}},
		{"5 5", timespanResult2{V: 10 * Second}},
		{" \t5s\t ", timespanResult2{V: 5 * Second}},
		{"+5", timespanResult2{V: 5 * Second}},
		{".5", timespanResult2{V: 500 * Millisecond}},
		{"1 .5", timespanResult2{V: 1500 * Millisecond}},
		{"5s.5", timespanResult2{V: 5500 * Millisecond}},
		{".5s.5", timespanResult2{V: Second}},
		{"1.5us", timespanResult2{V: 1}},
		{"1.9us", timespanResult2{V: 1}},
		{"59.9999999s", timespanResult2{V: 59999999}},
		{"1.123456789s", timespanResult2{V: 1123456}},
		{"3.14159265358979323846y", timespanResult2{V: 99141124324906}},
		{"1y 1M 1w 1d 1h 1min 1s 1ms 1us", timespanResult2{V: 34882261001001}},
		{"1M", timespanResult2{V: Month}},
		{"1m", timespanResult2{V: Minute}},
		{"1ms", timespanResult2{V: Millisecond}},
		{"1msec", timespanResult2{V: Millisecond}},
		{"1min", timespanResult2{V: Minute}},
		{"1minutes", timespanResult2{V: Minute}},
		{"1hr", timespanResult2{V: Hour}},
		{"1µs", timespanResult2{V: 1}},
		{"1μs", timespanResult2{V: 1}},
		{"1 usec", timespanResult2{V: 1}},
		{"2weeks", timespanResult2{V: 2 * Week}},
		{"1year", timespanResult2{V: Year}},
		{"infinity", timespanResult2{V: Infinity}},
		{" infinity ", timespanResult2{V: Infinity}},
		{"9223372036854775807us", timespanResult2{V: math.MaxInt64}},
		// errors
		{"", timespanResult2{Err: &span{0, 0}}},
		{"  ", timespanResult2{Err: &span{0, 2}}},
		{"infinityx", timespanResult2{Err: &span{8, 1}}},
		{"infinity 5", timespanResult2{Err: &span{9, 1}}},
		{"5 infinity", timespanResult2{Err: &span{2, 8}}},
		{"Infinity", timespanResult2{Err: &span{0, 8}}},
		{"-5s", timespanResult2{Err: &span{0, 3}}},
		{"-0", timespanResult2{Err: &span{0, 2}}},
		{"5 -5", timespanResult2{Err: &span{2, 2}}},
		{"\v-5", timespanResult2{Err: &span{0, 3}}},
		{"5x", timespanResult2{Err: &span{1, 1}}},
		{"5 x", timespanResult2{Err: &span{2, 1}}},
		{"1mo", timespanResult2{Err: &span{1, 2}}},
		{"5secs", timespanResult2{Err: &span{1, 4}}},
		{"5S", timespanResult2{Err: &span{1, 1}}},
		{"1ns", timespanResult2{Err: &span{1, 2}}},
		{"5.", timespanResult2{Err: &span{1, 1}}},
		{"5.s", timespanResult2{Err: &span{1, 1}}},
		{".", timespanResult2{Err: &span{0, 1}}},
		{"1.5.5", timespanResult2{Err: &span{3, 1}}},
		{"1e3", timespanResult2{Err: &span{1, 1}}},
		{"+-5", timespanResult2{Err: &span{0, 3}}},
		{"1,5", timespanResult2{Err: &span{1, 1}}},
		{"9223372036854775808us", timespanResult2{Err: &span{0, 19}}},
		{"584542y", timespanResult2{Err: &span{0, 7}}},
		// the check is l >= USEC_INFINITY/multiplier, so 584542y is
		// refused while the same span written as a sum is not
		{"584541y 12month", timespanResult2{V: 584542 * Year}},
		{"9223372036854775807us 9223372036854775807us", timespanResult2{V: Infinity - 1}},
		{"9223372036854775807us 9223372036854775808us", timespanResult2{Err: &span{22, 19}}},
	}
	for _, tt := range tests {
		v, err := ParseSec(tt.in)
		got := timespanResult2{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSec(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseTimespanDefaultUnit(t *testing.T) {
	tests := []struct {
		in   string
		unit Timespan
		want timespanResult2
	}{
		// LimitRTTIME= counts in µs without a unit, and a fraction of a
		// µs is nothing
		{"5", Microsecond, timespanResult2{V: 5}},
		{"5.9", Microsecond, timespanResult2{V: 5}},
		{"5s", Microsecond, timespanResult2{V: 5 * Second}},
		{"5", Minute, timespanResult2{V: 5 * Minute}},
		{"1.5", Hour, timespanResult2{V: 90 * Minute}},
		{"5", 0, timespanResult2{Err: &span{0, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseTimespan(tt.in, tt.unit)
		got := timespanResult2{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseTimespan(%q, %d) mismatch (-want +got):\n%s", tt.in, tt.unit, diff)
		}
	}
}

func TestParseSecVariants(t *testing.T) {
	tests := []struct {
		fn   string
		in   string
		want timespanResult2
	}{
		{"Fix0", "0", timespanResult2{V: Infinity}},
		{"Fix0", "0s 0ms", timespanResult2{V: Infinity}},
		{"Fix0", "0.0000001", timespanResult2{V: Infinity}},
		{"Fix0", "5", timespanResult2{V: 5 * Second}},
		{"Fix0", "infinity", timespanResult2{V: Infinity}},
		{"Fix0", "", timespanResult2{Err: &span{0, 0}}},
		{"DefInfinity", "", timespanResult2{V: Infinity}},
		{"DefInfinity", " \t", timespanResult2{V: Infinity}},
		{"DefInfinity", "0", timespanResult2{V: 0}},
		{"DefInfinity", "100ms", timespanResult2{V: 100 * Millisecond}},
		{"DefInfinity", "x", timespanResult2{Err: &span{0, 1}}},
	}
	fns := map[string]func(string) (Timespan, error){"Fix0": ParseSecFix0, "DefInfinity": ParseSecDefInfinity}
	for _, tt := range tests {
		v, err := fns[tt.fn](tt.in)
		got := timespanResult2{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSec%s(%q) mismatch (-want +got):\n%s", tt.fn, tt.in, diff)
		}
	}
}

func TestParseNsec(t *testing.T) {
	tests := []struct {
		in   string
		want uintResult
	}{
		{"5", uintResult{V: 5}},
		{"5ns", uintResult{V: 5}},
		{"5nsec", uintResult{V: 5}},
		{"5us", uintResult{V: 5000}},
		{"1.5us", uintResult{V: 1500}},
		{"1.5", uintResult{V: 1}},
		{"1s", uintResult{V: 1e9}},
		{"1min 1ns", uintResult{V: 60e9 + 1}},
		{"infinity", uintResult{V: NsecInfinity}},
		// 584 years fit in 64 bits of nanoseconds, but the check is
		// l >= NSEC_INFINITY/multiplier
		{"583y", uintResult{V: 583 * 31557600e9}},
		{"584y", uintResult{Err: &span{0, 4}}},
		{"5x", uintResult{Err: &span{1, 1}}},
		{"", uintResult{Err: &span{0, 0}}},
	}
	for _, tt := range tests {
		v, err := ParseNsec(tt.in)
		got := uintResult{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseNsec(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestFormatTimespan(t *testing.T) {
	tests := []struct {
		t, accuracy Timespan
		want        string
	}{
		{0, 0, "0"},
		{Infinity, 0, "infinity"},
		{1, 0, "1us"},
		{1500, 0, "1.500ms"},
		{1500 * Millisecond, 0, "1.500000s"},
		{500 * Millisecond, 0, "500ms"},
		{59999999, 0, "59.999999s"},
		{61500 * Millisecond, 0, "1min 1.500000s"},
		{60500 * Millisecond, 0, "1min 500ms"},
		{60000001, 0, "1min 1us"},
		{90 * Minute, 0, "1h 30min"},
		{Month, 0, "1month"},
		{3944700000000, 0, "1month 2w 1d 5h 15min"},
		{34882261001001, 0, "1y 1month 1w 1d 1h 1min 1.001001s"},
		{math.MaxInt64, 0, "292271y 1w 1d 10h 54.775807s"},
		{Infinity - 1, 0, "584542y 2w 2d 20h 1min 49.551614s"},
		// with an accuracy, as systemctl show uses it
		{1500 * Millisecond, Millisecond, "1.500s"},
		{1234567, Millisecond, "1.234s"},
		{90*Minute + 1, Second, "1h 30min"},
		{61500 * Millisecond, Second, "1min 1s"},
		// below the accuracy the fraction is cut away entirely
		{1500, Second, "1ms"},
		{999, Millisecond, "999us"},
	}
	for _, tt := range tests {
		if got := FormatTimespan(tt.t, tt.accuracy); got != tt.want {
			t.Errorf("FormatTimespan(%d, %d) = %q, want %q", tt.t, tt.accuracy, got, tt.want)
		}
	}
	if got := (90 * Minute).String(); got != "1h 30min" {
		t.Errorf("String() = %q", got)
	}
}

func TestTimespanDuration(t *testing.T) {
	tests := []struct {
		t    Timespan
		want time.Duration
		ok   bool
	}{
		{0, 0, true},
		{1500 * Millisecond, 1500 * time.Millisecond, true},
		{Timespan(math.MaxInt64 / 1000), time.Duration(math.MaxInt64/1000) * time.Microsecond, true},
		{Timespan(math.MaxInt64/1000 + 1), 0, false},
		{Infinity, 0, false},
	}
	for _, tt := range tests {
		d, ok := tt.t.Duration()
		if d != tt.want || ok != tt.ok {
			t.Errorf("Timespan(%d).Duration() = %v, %v; want %v, %v", tt.t, d, ok, tt.want, tt.ok)
		}
	}
}
