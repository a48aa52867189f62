package value

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUint(t *testing.T) {
	type result struct {
		V   uint64
		Err *span
	}
	tests := []struct {
		in   string
		bits int
		want result
	}{
		{"0", 32, result{V: 0}},
		{"42", 32, result{V: 42}},
		{"+42", 32, result{V: 42}},
		{" 42", 32, result{V: 42}},
		{"\t\n\r 42", 32, result{V: 42}},
		// strtoul() also skips \v and \f after systemd's WHITESPACE
		{"\v42", 32, result{V: 42}},
		{"42 ", 32, result{Err: &span{2, 1}}},
		{"4 2", 32, result{Err: &span{1, 2}}},
		{"", 32, result{Err: &span{0, 0}}},
		{"  ", 32, result{Err: &span{2, 0}}},
		{"x", 32, result{Err: &span{0, 1}}},
		{"5x", 32, result{Err: &span{1, 1}}},
		{"1.5", 32, result{Err: &span{1, 2}}},
		{"1e3", 32, result{Err: &span{1, 2}}},
		// base prefixes: C's 0x and 0 (octal), Python's 0b and 0o
		{"0x10", 32, result{V: 16}},
		{"0X1f", 32, result{V: 31}},
		{"010", 32, result{V: 8}},
		{"007", 32, result{V: 7}},
		{"08", 32, result{Err: &span{1, 1}}},
		{"019", 32, result{Err: &span{2, 1}}},
		{"0b101", 32, result{V: 5}},
		{"0B11", 32, result{V: 3}},
		{"0b2", 32, result{Err: &span{2, 1}}},
		{"0o17", 32, result{V: 15}},
		{"0O17", 32, result{V: 15}},
		{"0o8", 32, result{Err: &span{2, 1}}},
		{"0x", 32, result{Err: &span{1, 1}}},
		{"0xg", 32, result{Err: &span{1, 2}}},
		{"0b", 32, result{Err: &span{2, 0}}},
		// after "0b" strtoul() runs again: it skips space and takes a sign
		{"0b 1", 32, result{V: 1}},
		{"0b+1", 32, result{V: 1}},
		// "-0" is zero; other negative numbers are out of range
		{"-0", 32, result{V: 0}},
		{"-1", 32, result{Err: &span{0, 2}}},
		{"-0x10", 32, result{Err: &span{0, 5}}},
		{"0b-1", 32, result{Err: &span{2, 2}}},
		// a '-' behind \v is not seen by systemd's check: 2^64-5 fits 64 bits
		{"\v-5", 64, result{V: math.MaxUint64 - 4}},
		{"\v-5", 32, result{Err: &span{0, 3}}},
		{"4294967295", 32, result{V: math.MaxUint32}},
		{"4294967296", 32, result{Err: &span{0, 10}}},
		{"0xffffffff", 32, result{V: math.MaxUint32}},
		{"18446744073709551615", 64, result{V: math.MaxUint64}},
		{"18446744073709551616", 64, result{Err: &span{0, 20}}},
		{"255", 8, result{V: 255}},
		{"256", 8, result{Err: &span{0, 3}}},
		{"65535", 16, result{V: 65535}},
		{"65536", 16, result{Err: &span{0, 5}}},
		{"1", 7, result{Err: &span{0, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseUint(tt.in, tt.bits)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseUint(%q, %d) mismatch (-want +got):\n%s", tt.in, tt.bits, diff)
		}
	}
}

func TestParseInt(t *testing.T) {
	type result struct {
		V   int64
		Err *span
	}
	tests := []struct {
		in   string
		bits int
		want result
	}{
		{"0", 32, result{V: 0}},
		{"-20", 32, result{V: -20}},
		{"+19", 32, result{V: 19}},
		{" -5", 32, result{V: -5}},
		{"- 5", 32, result{Err: &span{0, 1}}},
		{"--5", 32, result{Err: &span{0, 3}}},
		{"-0x10", 32, result{V: -16}},
		{"-010", 32, result{V: -8}},
		{"-08", 32, result{Err: &span{2, 1}}},
		{"0b-1", 32, result{V: -1}},
		{"-0b1", 32, result{Err: &span{2, 2}}},
		{"2147483647", 32, result{V: math.MaxInt32}},
		{"2147483648", 32, result{Err: &span{0, 10}}},
		{"-2147483648", 32, result{V: math.MinInt32}},
		{"-2147483649", 32, result{Err: &span{0, 11}}},
		{"0x7fffffff", 32, result{V: math.MaxInt32}},
		{"0x80000000", 32, result{Err: &span{0, 10}}},
		{"9223372036854775807", 64, result{V: math.MaxInt64}},
		{"9223372036854775808", 64, result{Err: &span{0, 19}}},
		{"-9223372036854775808", 64, result{V: math.MinInt64}},
		{"-9223372036854775809", 64, result{Err: &span{0, 20}}},
		{"32767", 16, result{V: 32767}},
		{"-32769", 16, result{Err: &span{0, 6}}},
		{"-128", 8, result{V: -128}},
		{"128", 8, result{Err: &span{0, 3}}},
		{"", 32, result{Err: &span{0, 0}}},
		{"1", 0, result{Err: &span{0, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseInt(tt.in, tt.bits)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseInt(%q, %d) mismatch (-want +got):\n%s", tt.in, tt.bits, diff)
		}
	}
}

func TestParseIntRange(t *testing.T) {
	type result struct {
		V   int64
		Err *span
	}
	// Nice= is parse_nice(): safe_atoi() and -20..19
	tests := []struct {
		in   string
		want result
	}{
		{"-20", result{V: -20}},
		{"19", result{V: 19}},
		{"0x13", result{V: 19}},
		{"20", result{Err: &span{0, 2}}},
		{" -21", result{Err: &span{1, 3}}},
		{"08", result{Err: &span{1, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseIntRange(tt.in, 32, -20, 19)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIntRange(%q, 32, -20, 19) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	if _, err := ParseIntRange("20", 32, -20, 19); err == nil || !strings.Contains(err.Error(), "-20..19") {
		t.Errorf("ParseIntRange(20) error %v does not name the range", err)
	}
}

func TestParseUintRange(t *testing.T) {
	type result struct {
		V   uint64
		Err *span
	}
	// CPUWeight= takes 1..10000 (cg_weight_parse(), safe_atou64())
	tests := []struct {
		in   string
		want result
	}{
		{"1", result{V: 1}},
		{"10000", result{V: 10000}},
		{"0", result{Err: &span{0, 1}}},
		{"10001", result{Err: &span{0, 5}}},
		{"-1", result{Err: &span{0, 2}}},
	}
	for _, tt := range tests {
		v, err := ParseUintRange(tt.in, 64, 1, 10000)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseUintRange(%q, 64, 1, 10000) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestIntMessages(t *testing.T) {
	for in, want := range map[string]string{
		"08":  "a number starting with 0 or 0o is octal, and 8 is not an octal digit",
		"0o9": "a number starting with 0 or 0o is octal, and 9 is not an octal digit",
		"0b2": "a number starting with 0b is binary, and 2 is not a binary digit",
		"5 ":  "unexpected whitespace after number",
		"-1":  "negative number not allowed",
		"":    "missing number",
		"abc": `"abc" is not a number`,
	} {
		_, err := ParseUint(in, 32)
		if err == nil || err.Error() != want {
			t.Errorf("ParseUint(%q) error = %v, want %q", in, err, want)
		}
	}
}
