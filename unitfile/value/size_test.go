package value

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type uintResult struct {
	V   uint64
	Err *span
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want uintResult
	}{
		{"0", uintResult{V: 0}},
		{"1", uintResult{V: 1}},
		{"1B", uintResult{V: 1}},
		{"1K", uintResult{V: 1024}},
		{"1M", uintResult{V: 1 << 20}},
		{"1G", uintResult{V: 1 << 30}},
		{"1T", uintResult{V: 1 << 40}},
		{"1P", uintResult{V: 1 << 50}},
		{"1E", uintResult{V: 1 << 60}},
		{"15E", uintResult{V: 15 << 60}},
		{"16E", uintResult{Err: &span{0, 3}}},
		{" 1K", uintResult{V: 1024}},
		{"1 K", uintResult{V: 1024}},
		{"+1K", uintResult{V: 1024}},
		{"-1K", uintResult{Err: &span{0, 2}}},
		{"-0", uintResult{Err: &span{0, 2}}},
		// parts add up, each with a smaller suffix
		{"1G 512M", uintResult{V: 1<<30 + 512<<20}},
		{"1G512M", uintResult{V: 1<<30 + 512<<20}},
		{"1M1K1B", uintResult{V: 1<<20 + 1<<10 + 1}},
		{"1K2", uintResult{V: 1026}},
		{"1K 2", uintResult{V: 1026}},
		{"1B5", uintResult{V: 6}},
		{"1M 1G", uintResult{Err: &span{4, 1}}},
		{"1P 1P", uintResult{Err: &span{4, 1}}},
		{"1 2", uintResult{Err: &span{2, 1}}},
		// one letter only, upper case
		{"1KB", uintResult{Err: &span{2, 1}}},
		{"1KiB", uintResult{Err: &span{2, 2}}},
		{"1k", uintResult{Err: &span{1, 1}}},
		{"1 kb", uintResult{Err: &span{2, 2}}},
		{"K", uintResult{Err: &span{0, 1}}},
		{"", uintResult{Err: &span{0, 0}}},
		{" ", uintResult{Err: &span{1, 0}}},
		{"infinity", uintResult{Err: &span{0, 8}}},
		// fractions, in floating point, rounded down
		{"1.5K", uintResult{V: 1536}},
		{"0.5K", uintResult{V: 512}},
		{"1.5", uintResult{V: 1}},
		{"0.999", uintResult{V: 0}},
		{"0.1K", uintResult{V: 102}},
		{"1.1M", uintResult{V: 1153433}},
		{"10.M", uintResult{V: 10 << 20}},
		{"10.", uintResult{V: 10}},
		{".5K", uintResult{Err: &span{0, 3}}},
		{"1..5K", uintResult{Err: &span{2, 3}}},
		{"1.1234567890123456789K", uintResult{V: 1150}},
		{"1.12345678901234567890K", uintResult{V: 1150}},
		{"1.123456789012345678901K", uintResult{Err: &span{2, 21}}},
		{"1e3", uintResult{Err: &span{1, 2}}},
		{"0x10", uintResult{Err: &span{1, 3}}},
		{"010", uintResult{V: 10}},
		{"18446744073709551615", uintResult{V: math.MaxUint64}},
		{"18446744073709551616", uintResult{Err: &span{0, 20}}},
		{"18446744073709551615 1", uintResult{Err: &span{21, 1}}},
		{"17179869183G", uintResult{V: 17179869183 << 30}},
		{"17179869184G", uintResult{Err: &span{0, 12}}},
		// l+1 wraps to 0 in C's overflow check for 2^64-1 with a
		// fraction, and the product wraps as well
		{"18446744073709551615.5K", uintResult{V: math.MaxUint64 - 511}},
		// \v is not WHITESPACE, but strtoull() skips it, and the '-'
		// behind it negates modulo 2^64
		{"\v-5", uintResult{V: math.MaxUint64 - 4}},
	}
	for _, tt := range tests {
		v, err := ParseSize(tt.in)
		got := uintResult{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSize(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseSizeSI(t *testing.T) {
	tests := []struct {
		in   string
		want uintResult
	}{
		{"1K", uintResult{V: 1000}},
		{"1.5K", uintResult{V: 1500}},
		{"1M 1K", uintResult{V: 1001000}},
		{"18E", uintResult{V: 18e18}},
		{"19E", uintResult{Err: &span{0, 3}}},
		{"1KB", uintResult{Err: &span{2, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseSizeSI(tt.in)
		got := uintResult{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSizeSI(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	if v, err := ParseIECSize("4K"); v != 4096 || err != nil {
		t.Errorf("ParseIECSize(4K) = %d, %v; want 4096", v, err)
	}
}

func TestParseMemoryLimit(t *testing.T) {
	type result struct {
		V   MemoryLimit
		Err *span
	}
	tests := []struct {
		key, in string
		want    result
	}{
		{"MemoryMax", "", result{V: MemoryLimit{Infinity: true}}},
		{"MemoryLow", "", result{V: MemoryLimit{}}},
		{"MemoryMin", "", result{V: MemoryLimit{}}},
		{"DefaultMemoryLow", "", result{V: MemoryLimit{}}},
		{"MemorySwapMax", "", result{V: MemoryLimit{Infinity: true}}},
		{"MemoryMax", "infinity", result{V: MemoryLimit{Infinity: true}}},
		{"MemoryMax", "Infinity", result{Err: &span{0, 8}}},
		{"MemoryMax", "1G", result{V: MemoryLimit{Bytes: 1 << 30}}},
		{"MemoryMax", "50%", result{V: MemoryLimit{Percent: true, Permyriad: 5000}}},
		{"MemoryMax", "12.5%", result{V: MemoryLimit{Percent: true, Permyriad: 1250}}},
		{"MemoryMax", "5‰", result{V: MemoryLimit{Percent: true, Permyriad: 50}}},
		{"MemoryMax", "100%", result{V: MemoryLimit{Percent: true, Permyriad: 10000}}},
		{"MemoryMax", "101%", result{Err: &span{0, 4}}},
		{"MemoryMax", "08%", result{Err: &span{1, 1}}},
		{"MemoryMax", "0x10%", result{V: MemoryLimit{Percent: true, Permyriad: 1600}}},
		// zero only where systemd allows it
		{"MemoryMax", "0", result{Err: &span{0, 1}}},
		{"MemoryHigh", "0%", result{Err: &span{0, 2}}},
		{"MemoryLow", "0", result{V: MemoryLimit{}}},
		{"MemoryMin", "0%", result{V: MemoryLimit{Percent: true}}},
		{"MemorySwapMax", "0", result{V: MemoryLimit{}}},
		{"MemoryMax", "18446744073709551615", result{Err: &span{0, 20}}},
		{"MemoryMax", "18446744073709551614", result{V: MemoryLimit{Bytes: math.MaxUint64 - 1}}},
		{"MemoryMax", "1KB", result{Err: &span{2, 1}}},
	}
	for _, tt := range tests {
		v, err := ParseMemoryLimit(tt.key, tt.in)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseMemoryLimit(%s, %q) mismatch (-want +got):\n%s", tt.key, tt.in, diff)
		}
	}
}

func TestMemoryLimitScale(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		m          MemoryLimit
		phys, page uint64
		want       uint64
	}{
		{MemoryLimit{Infinity: true}, gib, 4096, math.MaxUint64},
		{MemoryLimit{Bytes: 12345}, gib, 4096, 12345},
		{MemoryLimit{Percent: true, Permyriad: 5000}, gib, 4096, gib / 2},
		{MemoryLimit{Percent: true, Permyriad: 10000}, gib + 1, 4096, gib + 1},
		{MemoryLimit{Percent: true, Permyriad: 0}, gib, 4096, 0},
		// rounded down to whole pages: 1% of 262144 pages is 2621.44 pages
		{MemoryLimit{Percent: true, Permyriad: 100}, gib, 4096, 2621 * 4096},
		{MemoryLimit{Percent: true, Permyriad: 1}, 40 << 20, 4096, 4096},
		{MemoryLimit{Percent: true, Permyriad: 1}, 39 << 20, 4096, 0},
	}
	for _, tt := range tests {
		if got := tt.m.Scale(tt.phys, tt.page); got != tt.want {
			t.Errorf("%+v.Scale(%d, %d) = %d, want %d", tt.m, tt.phys, tt.page, got, tt.want)
		}
	}
}

func TestParseTasksMax(t *testing.T) {
	type result struct {
		V   TasksMax
		Err *span
	}
	tests := []struct {
		in   string
		want result
	}{
		{"", result{V: TasksMax{Default: true}}},
		{"infinity", result{V: TasksMax{Value: math.MaxUint64}}},
		{"512", result{V: TasksMax{Value: 512}}},
		{"0x10", result{V: TasksMax{Value: 16}}},
		{"15%", result{V: TasksMax{Value: 1500, Scale: 10000}}},
		{"0%", result{V: TasksMax{Value: 0, Scale: 10000}}},
		{"100%", result{V: TasksMax{Value: 10000, Scale: 10000}}},
		{"101%", result{Err: &span{0, 4}}},
		{"0", result{Err: &span{0, 1}}},
		{"-0", result{Err: &span{0, 2}}},
		{"18446744073709551615", result{Err: &span{0, 20}}},
		{"18446744073709551614", result{V: TasksMax{Value: math.MaxUint64 - 1}}},
		{"1K", result{Err: &span{1, 1}}},
		{" 5", result{V: TasksMax{Value: 5}}},
	}
	for _, tt := range tests {
		v, err := ParseTasksMax(tt.in)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseTasksMax(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
