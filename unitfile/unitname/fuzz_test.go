package unitname

import (
	"errors"
	"strings"
	"testing"
)

func checkOffset(t *testing.T, err error, in string) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.Offset < 0 || e.Offset > len(e.Input) {
		t.Fatalf("%v: offset %d outside its input (%d bytes)", err, e.Offset, len(e.Input))
	}
	_ = e.Error()
}

// FuzzEscape checks that Unescape(Escape(s)) == s for any s without NUL,
// that the escaped text is a valid prefix, and that PathEscape and
// PathUnescape invert each other on what PathEscape accepts.
func FuzzEscape(f *testing.F) {
	for _, s := range generated(60) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if s != "" && !PrefixValid(e) {
			t.Fatalf("Escape(%q) = %q is not a valid prefix", s, e)
		}
		if !strings.Contains(s, "\x00") {
			u, err := Unescape(e)
			if err != nil || u != s {
				t.Fatalf("Unescape(Escape(%q)) = %q, %v", s, u, err)
			}
		}
		p, err := PathEscape(s)
		checkOffset(t, err, s)
		if err == nil && !strings.Contains(s, "\x00") {
			u, err := PathUnescape(p)
			if err != nil {
				t.Fatalf("PathUnescape(PathEscape(%q) = %q): %v", s, p, err)
			}
			if again, err := PathEscape(u); err != nil || again != p {
				t.Fatalf("PathEscape(%q) = %q, %v; want %q", u, again, err, p)
			}
		}
		u, err := Unescape(s)
		checkOffset(t, err, s)
		if err == nil && strings.Contains(u, "\x00") {
			t.Fatalf("Unescape(%q) = %q holds NUL", s, u)
		}
		_, err = PathUnescape(s)
		checkOffset(t, err, s)
	})
}

// FuzzUnitName checks that Check and Valid agree, that a valid name splits
// into parts that Build joins back, and that the helpers never panic and
// report offsets inside their input.
func FuzzUnitName(f *testing.F) {
	for _, s := range []string{"foo.service", "foo@.service", "x@p@q.service", "@a.service", "a-b-c@d-e.socket", "-.mount", ".service", "a.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		k, err := KindOf(name)
		checkOffset(t, err, name)
		if (err == nil) != Valid(name, Any) {
			t.Fatalf("KindOf(%q) = %v, %v but Valid = %v", name, k, err, Valid(name, Any))
		}
		if _, _, err := Mangle(name, ".service", false); err != nil {
			checkOffset(t, err, name)
		}
		if err != nil {
			return
		}
		prefix, _ := Prefix(name)
		inst, k2, _ := InstanceOf(name)
		if k2 != k {
			t.Fatalf("InstanceOf(%q) kind %v; KindOf %v", name, k2, k)
		}
		if k != Template {
			if b, err := Build(prefix, inst, Type(name)); err != nil || b != name {
				t.Fatalf("Build(%q, %q, %q) = %q, %v; want %q", prefix, inst, Type(name), b, err, name)
			}
		}
		chain, err := DropInNames(name)
		if err != nil || chain[0] != name {
			t.Fatalf("DropInNames(%q) = %q, %v", name, chain, err)
		}
		for _, c := range chain {
			if !Valid(c, Any) || Type(c) != Type(name) {
				t.Fatalf("DropInNames(%q) holds %q", name, c)
			}
		}
	})
}
