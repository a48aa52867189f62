package specifier

import (
	"errors"
	"testing"
)

// FuzzSpecifierScan checks that Scan never panics, that its tokens lie
// inside the input in order and agree with its error, and that Expand
// agrees with Scan: it fails with ErrInvalidSlot exactly where Scan
// found the first Invalid token (when no other error comes first), and
// Expand(Escape(s)) == s.
func FuzzSpecifierScan(f *testing.F) {
	for _, s := range []string{
		"", "%", "%%", "%%%", "100%", "%n%N%p%P%i%I%j%J%f", "%Z", "a%-b", "%\xff", "x-%I.service",
		"%y%Y%d%t%S%C%L%E%T%V%h%s%u%U%g%G%H%l%q%m%b%v%a%o%w%W%B%M%A%c%r%R", "%D%9",
	} {
		f.Add(s, uint8(0))
	}
	sets := []Set{UnitFile.Set(252), UnitName.Set(252), Install.Set(252), UnitFile.Set(Oldest), UnitFile.Set(261)}
	env := NewEnv(User, 252, `web-x@p\x2dq.service`, Account{Name: "u", UID: 1000, Home: "/home/u"}, nil)
	env.FragmentPath = "/etc/systemd/user/web-x@.service"
	f.Fuzz(func(t *testing.T, s string, which uint8) {
		set := sets[int(which)%len(sets)]
		toks, err := Scan(s, set)
		prev := -1
		var firstInvalid *Token
		for i, tk := range toks {
			if tk.Offset <= prev || tk.Offset < 0 || tk.End() > len(s) || s[tk.Offset] != '%' {
				t.Fatalf("token %+v out of place in %q (previous end %d)", tk, s, prev)
			}
			prev = tk.End() - 1
			if tk.Kind == Invalid && firstInvalid == nil {
				firstInvalid = &toks[i]
			}
		}
		var e *Error
		switch {
		case firstInvalid == nil && err != nil:
			t.Fatalf("Scan(%q) error %v without an Invalid token", s, err)
		case firstInvalid != nil && (!errors.As(err, &e) || e.Offset != firstInvalid.Offset):
			t.Fatalf("Scan(%q) error %v; first Invalid token at %d", s, err, firstInvalid.Offset)
		}

		out, xerr := env.Expand(s, set, MaxLine)
		if xerr != nil {
			if !errors.As(xerr, &e) || e.Offset < 0 || e.Offset >= len(s) {
				t.Fatalf("Expand(%q) error %v has no offset inside the input", s, xerr)
			}
			_ = xerr.Error()
			if errors.Is(xerr, ErrInvalidSlot) && (firstInvalid == nil || e.Offset != firstInvalid.Offset) {
				t.Fatalf("Expand(%q) invalid slot at %d; Scan says %v", s, e.Offset, firstInvalid)
			}
		} else if firstInvalid != nil {
			t.Fatalf("Expand(%q) = %q, but Scan found %+v", s, out, *firstInvalid)
		}
		if back, err := env.Expand(Escape(s), set, 2*len(s)+1); err != nil || back != s {
			t.Fatalf("Expand(Escape(%q)) = %q, %v", s, back, err)
		}
	})
}
