package value

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseBool(t *testing.T) {
	type result struct {
		V   bool
		Err *span
	}
	tests := []struct {
		in   string
		want result
	}{
		{"1", result{V: true}},
		{"yes", result{V: true}},
		{"YES", result{V: true}},
		{"Yes", result{V: true}},
		{"y", result{V: true}},
		{"Y", result{V: true}},
		{"true", result{V: true}},
		{"TrUe", result{V: true}},
		{"t", result{V: true}},
		{"on", result{V: true}},
		{"ON", result{V: true}},
		{"0", result{V: false}},
		{"no", result{V: false}},
		{"N", result{V: false}},
		{"false", result{V: false}},
		{"f", result{V: false}},
		{"off", result{V: false}},
		{"Off", result{V: false}},
		// parse_boolean() compares whole strings: no whitespace, no
		// other spellings, no numbers but 0 and 1
		{"", result{Err: &span{0, 0}}},
		{" yes", result{Err: &span{0, 4}}},
		{"yes ", result{Err: &span{0, 4}}},
		{"yess", result{Err: &span{0, 4}}},
		{"2", result{Err: &span{0, 1}}},
		{"-1", result{Err: &span{0, 2}}},
		{"+1", result{Err: &span{0, 2}}},
		{"01", result{Err: &span{0, 2}}},
		{"enable", result{Err: &span{0, 6}}},
		{"enabled", result{Err: &span{0, 7}}},
		{"ja", result{Err: &span{0, 2}}},
		{"o", result{Err: &span{0, 1}}},
		{"ＹＥＳ", result{Err: &span{0, 9}}}, // fullwidth letters do not fold
	}
	for _, tt := range tests {
		v, err := ParseBool(tt.in)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseBool(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseTristate(t *testing.T) {
	type result struct {
		V   Tristate
		Err *span
	}
	tests := []struct {
		in   string
		want result
	}{
		{"", result{V: Unset}},
		{"yes", result{V: True}},
		{"off", result{V: False}},
		{" ", result{V: Unset, Err: &span{0, 1}}},
		{"maybe", result{V: Unset, Err: &span{0, 5}}},
	}
	for _, tt := range tests {
		v, err := ParseTristate(tt.in)
		got := result{V: v, Err: checkErr(t, tt.in, err)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseTristate(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
