package value

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnum(t *testing.T) {
	restart := []string{"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"}
	tests := []struct {
		in   string
		want *span
		msg  string
	}{
		{"always", nil, ""},
		{"on-failure", nil, ""},
		{"Always", &span{0, 6}, `write "always" (case matters)`},
		{" always", &span{0, 7}, "whitespace"},
		{"sometimes", &span{0, 9}, "allowed: no, on-success, on-failure, on-abnormal, on-watchdog, on-abort, always"},
		{"", &span{0, 0}, "missing value"},
		{"yes", &span{0, 3}, "not allowed"},
	}
	for _, tt := range tests {
		err := Enum(tt.in, restart)
		if diff := cmp.Diff(tt.want, checkErr(t, tt.in, err)); diff != "" {
			t.Errorf("Enum(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if err != nil && !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Enum(%q) = %q, want it to mention %q", tt.in, err, tt.msg)
		}
	}
	if err := Enum("x", nil); err == nil || !strings.Contains(err.Error(), "(none)") {
		t.Errorf("Enum with no words = %v", err)
	}
}
