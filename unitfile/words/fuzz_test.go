package words

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkWord asserts that a word's offsets lie inside the input and that
// every byte of its text maps into the word's raw span.
func checkWord(t *testing.T, in string, w Word) {
	t.Helper()
	if w.Start < 0 || w.Start > w.End || w.End > len(in) {
		t.Fatalf("word %q: span %d-%d outside the input (%d bytes)", w.Text, w.Start, w.End, len(in))
	}
	for i := range len(w.Text) {
		s, e := w.Span(i, i+1)
		if s < w.Start || e > w.End || s >= e {
			t.Fatalf("word %q [%d-%d]: byte %d maps to %d-%d", w.Text, w.Start, w.End, i, s, e)
		}
	}
	if at := w.Start + int(w.shift); w.ident && (at < w.Start || at+len(w.Text) > w.End || in[at:at+len(w.Text)] != w.Text) {
		// A word kept as a slice of the input must be that slice, inside
		// the word's span.
		t.Fatalf("word %q [%d-%d] is marked verbatim from %d, but the input there is %q", w.Text, w.Start, w.End, at, in[min(at, len(in)):min(at+len(w.Text), len(in))])
	}
	for _, u := range w.UnknownEscapes {
		if u < w.Start || u >= w.End || in[u] != '\\' {
			t.Fatalf("word %q: unknown escape at %d is no backslash", w.Text, u)
		}
	}
}

func checkDiags(t *testing.T, in string, ds []Diagnostic) {
	t.Helper()
	for i, d := range ds {
		if d.Start < 0 || d.Start > d.End || d.End > len(in) {
			t.Fatalf("diagnostic %v outside the input (%d bytes)", d, len(in))
		}
		if d.Message == "" || d.Code == "" || d.Severity == 0 {
			t.Fatalf("incomplete diagnostic %#v", d)
		}
		if d.Fatal && i != len(ds)-1 {
			t.Fatalf("fatal diagnostic %v is not the last", d)
		}
	}
}

func seedExec(f *testing.F) {
	for _, tc := range execTests {
		f.Add(tc.in)
	}
	for _, s := range []string{`/bin/echo "a b" 'c d' \x41 $HOME ${HOME}`, `-@/bin/sh sh -c x ; /bin/true ; true`,
		`x"1 2"y`, `'ca''t'`, `'\a'`, `""`, `\;`, `"\;"`, `\ `, `\U0000FFFE`, `\ud800`, `%`, `%%%`, "a\tb", "\xff",
		`/bin/a \\; ;`, `@/bin/a ";"`, `/bin/echo ${A:-b} $$ $`} {
		f.Add(s)
	}
}

// FuzzExec: ParseExec never panics, its offsets lie in the input, at most
// the last diagnostic is fatal, and every command's argv, quoted again
// with QuoteExec, reads back the same (after the run-time "$" expansion).
func FuzzExec(f *testing.F) {
	seedExec(f)
	f.Fuzz(func(t *testing.T, in string) {
		for _, opt := range []Options{{}, {Specifier: noSpecifiers}, {Specifier: testSpecifiers}} {
			x := ParseExec(in, opt)
			in := cstring(in)
			checkDiags(t, in, x.Diagnostics)
			if x.Fatal != (len(x.Diagnostics) > 0 && x.Diagnostics[len(x.Diagnostics)-1].Fatal) {
				t.Fatalf("Fatal = %v, diagnostics %v", x.Fatal, x.Diagnostics)
			}
			if x.Reset && (in != "" || len(x.Commands) > 0) {
				t.Fatalf("reset for %q", in)
			}
			last := 0
			for _, c := range x.Commands {
				if c.Start < last || c.End < c.Start || c.End > len(in) {
					t.Fatalf("command span %d-%d after %d", c.Start, c.End, last)
				}
				last = c.End
				for _, w := range append([]Word{c.Prefix, c.PathWord}, c.Args...) {
					checkWord(t, in, w)
				}
				if len(c.Argv) != len(c.ArgvWords()) || len(c.Argv) == 0 {
					t.Fatalf("argv %q from %d words", c.Argv, len(c.ArgvWords()))
				}
				for _, r := range c.Vars() {
					if r.Start < 0 || r.Start > r.End || r.End > len(in) || r.Arg >= len(c.Argv) {
						t.Fatalf("var %+v out of range", r)
					}
				}
				if opt.Specifier == nil || c.Path == "" {
					continue
				}
				// An argv systemd built from a file can be written again.
				argv := ExpandArgv(c.Argv, nil)
				if len(argv) == 0 {
					continue
				}
				q, err := QuoteExec(argv)
				if (err == nil) != quotable(argv) {
					t.Fatalf("QuoteExec(%q) error = %v, quotable %v", argv, err, quotable(argv))
				}
				if err == nil {
					checkExecRoundTrip(t, argv, q)
				}
			}
		}
	})
}

// FuzzEnviron: ParseEnvironment never panics, its offsets lie in the input,
// every assignment it returns is valid, and QuoteEnvironment writes each so
// that it reads back the same.
func FuzzEnviron(f *testing.F) {
	for _, s := range []string{`"A=b c" D=e F=g`, `P=1 bad Q=2 =x R="3 S=4`, `T=\q U=1`, `x"=1 2"y 'A=\a'`,
		`A=%n B=%%n "C=%z"`, `A=\xff B=\u00e9`, `A=1 A=2`, "", "A=\t", `A="`, `9=1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, opt := range []Options{{}, {Specifier: noSpecifiers}, {Specifier: testSpecifiers}} {
			env := ParseEnvironment(in, opt)
			c := cstring(in)
			checkDiags(t, c, env.Diagnostics)
			for _, a := range env.Assignments {
				checkWord(t, c, a.Word)
				if opt.Specifier == nil {
					continue
				}
				if !EnvAssignmentIsValid(a.Name + "=" + a.Value) {
					t.Fatalf("invalid assignment %q=%q returned", a.Name, a.Value)
				}
				q, err := QuoteEnvironment(a.Name, a.Value)
				if err != nil {
					t.Fatalf("QuoteEnvironment(%q, %q): %v", a.Name, a.Value, err)
				}
				checkEnvRoundTrip(t, a.Name, a.Value, q)
			}
			for _, l := range []List{ParsePassEnvironment(in, opt), ParseUnsetEnvironment(in, opt), ParseUnitList(in, opt), ParseStrv(in)} {
				checkDiags(t, c, l.Diagnostics)
				for _, it := range l.Items {
					checkWord(t, c, it.Word)
				}
			}
			ef := ParseEnvironmentFile(in, opt)
			checkDiags(t, c, ef.Diagnostics)
			if ef.Ok && opt.Specifier != nil && (!strings.HasPrefix(ef.Path, "/") || !pathIsNormalized(ef.Path)) {
				t.Fatalf("EnvironmentFile path %q accepted", ef.Path)
			}
		}
	})
}

// FuzzQuoteExec: QuoteExec accepts exactly the argv systemd can express,
// and what it returns reads back as the argv.
func FuzzQuoteExec(f *testing.F) {
	f.Add("/bin/echo", "a b", `"'\`, uint8(2))
	f.Add("echo", "$HOME ${X} $$", "100% %n", uint8(2))
	f.Add("/opt/$x", ";", `\;`, uint8(2))
	f.Add("/bin/x", "\t\n\r\x01\x7f", "\xff\u0085\u2028\uFFFE", uint8(2))
	f.Add("", "", "", uint8(0))
	f.Add("-x", "a", "b", uint8(1))
	f.Add("/a/", "a\x00", "b", uint8(1))
	f.Fuzz(func(t *testing.T, a0, a1, a2 string, n uint8) {
		argv := []string{a0, a1, a2}[:1+int(n)%3]
		q, err := QuoteExec(argv)
		if (err == nil) != quotable(argv) {
			t.Fatalf("QuoteExec(%q) error = %v, quotable %v", argv, err, quotable(argv))
		}
		if err != nil {
			return
		}
		checkExecRoundTrip(t, argv, q)
		// Without a specifier table systemd's "%%" stays as written; with
		// one, it is "%" again.
		x := ParseExec(q, Options{Specifier: noSpecifiers})
		if diff := cmp.Diff(argv, ExpandArgv(x.Commands[0].Argv, nil)); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

// FuzzSplit: the Splitter never panics for any flags, and its words and
// errors lie in the input.
func FuzzSplit(f *testing.F) {
	f.Add(`foo\:bar::waldo`, ":", uint16(DontCoalesceSeparators))
	f.Add(`"a\" b'`, "", uint16(Unquote|CUnescape))
	f.Add(`mode="1777",size="10%"`, ",", uint16(KeepQuote))
	f.Add(`a\`, "", uint16(UnescapeRelax|Relax))
	f.Fuzz(func(t *testing.T, in, seps string, flags uint16) {
		fl := Flags(flags) & (RetainSeparators<<1 - 1)
		if fl&KeepQuote != 0 && fl&Unquote != 0 {
			// systemd asserts against this combination.
			fl &^= KeepQuote
		}
		sp := NewSplitter(in, seps, fl)
		c := cstring(in)
		for n := 0; n <= len(c)+1; n++ {
			w, ok, err := sp.Next()
			if err != nil {
				se := err.(*SyntaxError)
				if se.Offset < 0 || se.Offset > se.End || se.End > len(c) {
					t.Fatalf("error %+v outside %q", se, c)
				}
				return
			}
			if !ok {
				return
			}
			checkWord(t, c, w)
		}
		if fl&RetainSeparators == 0 {
			// Only a retained separator can keep the reader in place.
			t.Fatalf("more words than bytes in %q", c)
		}
	})
}
