package value

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

type intResult struct {
	V   int
	Err *span
}

func TestPercentParsers(t *testing.T) {
	tests := []struct {
		fn   string
		in   string
		want intResult
	}{
		{"Percent", "0%", intResult{V: 0}},
		{"Percent", "50%", intResult{V: 50}},
		{"Percent", "100%", intResult{V: 100}},
		{"Percent", "101%", intResult{Err: &span{0, 4}}},
		{"Percent", "5", intResult{Err: &span{1, 0}}},
		{"Percent", "", intResult{Err: &span{0, 0}}},
		{"Percent", "%", intResult{Err: &span{0, 0}}},
		{"Percent", "5 %", intResult{Err: &span{1, 1}}},
		{"Percent", " 5%", intResult{V: 5}},
		{"Percent", "+5%", intResult{V: 5}},
		{"Percent", "-5%", intResult{Err: &span{0, 2}}},
		{"Percent", "-0%", intResult{V: 0}},
		{"Percent", "0x10%", intResult{V: 16}},
		{"Percent", "010%", intResult{V: 8}},
		{"Percent", "08%", intResult{Err: &span{1, 1}}},
		{"Percent", "5.5%", intResult{Err: &span{1, 2}}},
		{"PercentUnbounded", "250%", intResult{V: 250}},
		{"PercentUnbounded", "2147483647%", intResult{V: 2147483647}},
		{"PercentUnbounded", "2147483648%", intResult{Err: &span{0, 10}}},

		{"Permille", "50%", intResult{V: 500}},
		{"Permille", "12.5%", intResult{V: 125}},
		{"Permille", "12.55%", intResult{Err: &span{2, 3}}},
		{"Permille", "12.%", intResult{Err: &span{2, 1}}},
		{"Permille", ".5%", intResult{Err: &span{0, 0}}},
		{"Permille", "12.x%", intResult{Err: &span{3, 1}}},
		{"Permille", "125‰", intResult{V: 125}},
		{"Permille", "12.5‰", intResult{Err: &span{2, 2}}},
		{"Permille", "1000‰", intResult{V: 1000}},
		{"Permille", "1001‰", intResult{Err: &span{0, 7}}},
		{"Permille", "100.1%", intResult{Err: &span{0, 6}}},
		{"PermilleUnbounded", "100.1%", intResult{V: 1001}},

		{"Permyriad", "50%", intResult{V: 5000}},
		{"Permyriad", "12.34%", intResult{V: 1234}},
		{"Permyriad", "12.3%", intResult{V: 1230}},
		{"Permyriad", "12.345%", intResult{Err: &span{2, 4}}},
		{"Permyriad", "0.01%", intResult{V: 1}},
		{"Permyriad", "5.5‰", intResult{V: 55}},
		{"Permyriad", "5.55‰", intResult{Err: &span{1, 3}}},
		{"Permyriad", "10‱", intResult{V: 10}},
		{"Permyriad", "10000‱", intResult{V: 10000}},
		{"Permyriad", "10001‱", intResult{Err: &span{0, 8}}},
		{"Permyriad", "1.5‱", intResult{Err: &span{1, 2}}},
		{"Permyriad", "1%%", intResult{Err: &span{1, 1}}},
		{"Permyriad", "100%", intResult{V: 10000}},
		{"Permyriad", "100.01%", intResult{Err: &span{0, 7}}},
		{"PermyriadUnbounded", "100.01%", intResult{V: 10001}},
		{"PermyriadUnbounded", "21474836.47%", intResult{V: 2147483647}},
		{"PermyriadUnbounded", "21474836.48%", intResult{Err: &span{0, 11}}},

		// CPUQuota= (config_parse_cpu_quota()): empty is no quota, 0% is refused
		{"CPUQuota", "", intResult{V: 0}},
		{"CPUQuota", "20%", intResult{V: 2000}},
		{"CPUQuota", "150%", intResult{V: 15000}},
		{"CPUQuota", "0.01%", intResult{V: 1}},
		{"CPUQuota", "0%", intResult{Err: &span{0, 2}}},
		{"CPUQuota", "20", intResult{Err: &span{2, 0}}},
	}
	fns := map[string]func(string) (int, error){
		"Percent":            ParsePercent,
		"PercentUnbounded":   ParsePercentUnbounded,
		"Permille":           ParsePermille,
		"PermilleUnbounded":  ParsePermilleUnbounded,
		"Permyriad":          ParsePermyriad,
		"PermyriadUnbounded": ParsePermyriadUnbounded,
		"CPUQuota":           ParseCPUQuota,
	}
	for _, tt := range tests {
		v, err := fns[tt.fn](tt.in)
		got := intResult{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse%s(%q) mismatch (-want +got):\n%s", tt.fn, tt.in, diff)
		}
	}
}
