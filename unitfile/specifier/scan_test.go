package specifier

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScan(t *testing.T) {
	unit, name := UnitFile.Set(252), UnitName.Set(252)
	tests := []struct {
		in      string
		set     Set
		want    []Token
		errAt   int // offset of the error, -1 if none
		errChar byte
	}{
		{"", unit, nil, -1, 0},
		{"no specifiers", unit, nil, -1, 0},
		{"%n", unit, []Token{{0, 'n', Specifier}}, -1, 0},
		{"a%%b", unit, []Token{{1, '%', Percent}}, -1, 0},
		{"%%%n", unit, []Token{{0, '%', Percent}, {2, 'n', Specifier}}, -1, 0},
		{"100%", unit, []Token{{3, 0, Trailing}}, -1, 0},
		{"%", unit, []Token{{0, 0, Trailing}}, -1, 0},
		{"%%%", unit, []Token{{0, '%', Percent}, {2, 0, Trailing}}, -1, 0},
		{"a%-b", unit, []Token{{1, '-', Kept}}, -1, 0},
		{"% x", unit, []Token{{0, ' ', Kept}}, -1, 0},
		{"%\xc3\xa9", unit, []Token{{0, 0xc3, Kept}}, -1, 0}, // non-ASCII is not a letter
		{"%Z", unit, []Token{{0, 'Z', Invalid}}, 0, 'Z'},
		{"%9", unit, []Token{{0, '9', Invalid}}, 0, '9'},
		{"%D", unit, []Token{{0, 'D', Invalid}}, 0, 'D'}, // only from v256
		{"x%i-%Z-%X", unit, []Token{{1, 'i', Specifier}, {4, 'Z', Invalid}, {7, 'X', Invalid}}, 4, 'Z'},
		// unit-name contexts know fewer letters (SYNTAX.md §9)
		{"x-%I.service", name, []Token{{2, 'I', Invalid}}, 2, 'I'},
		{"%h.service", name, []Token{{0, 'h', Invalid}}, 0, 'h'},
		{"%i-%j-%n-%N-%p-%u-%H", name, []Token{
			{0, 'i', Specifier}, {3, 'j', Specifier}, {6, 'n', Specifier}, {9, 'N', Specifier},
			{12, 'p', Specifier}, {15, 'u', Specifier}, {18, 'H', Specifier},
		}, -1, 0},
	}
	for _, tc := range tests {
		got, err := Scan(tc.in, tc.set)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Scan(%q, %v) (-want +got):\n%s", tc.in, tc.set.Context(), diff)
		}
		if tc.errAt < 0 {
			if err != nil {
				t.Errorf("Scan(%q): unexpected error %v", tc.in, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalidSlot) || e.Offset != tc.errAt || e.Letter != tc.errChar {
			t.Errorf("Scan(%q) error = %v; want invalid slot %%%c at %d", tc.in, err, tc.errChar, tc.errAt)
		}
	}
}

func TestTokenEnd(t *testing.T) {
	toks, _ := Scan("a%nb%", UnitFile.Set(252))
	got := []int{toks[0].End(), toks[1].End()}
	if diff := cmp.Diff([]int{3, 5}, got); diff != "" {
		t.Errorf("End() (-want +got):\n%s", diff)
	}
}

func TestEscape(t *testing.T) {
	env := NewEnv(System, 252, "a.service", Account{}, nil)
	for _, s := range []string{"", "100%", "%n", "%%", "a%Zb", "%"} {
		e := Escape(s)
		got, err := env.Expand(e, UnitFile.Set(252), MaxLine)
		if err != nil || got != s {
			t.Errorf("Expand(Escape(%q) = %q) = %q, %v", s, e, got, err)
		}
	}
}
