package lint

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// The predicates below copy systemd 252 functions; each case names what
// systemd answers (TestValuesAgainstSystemd checks them on the real
// thing, these pin them where systemd is not installed).

func TestSignalValid(t *testing.T) {
	for s, want := range map[string]bool{
		"SIGTERM": true, "TERM": true, "15": true, "64": true, "65": false, "0": false, "-1": false,
		"SIGRTMIN": true, "RTMIN+3": true, "SIGRTMIN+30": true, "RTMIN+31": false, "RTMIN-1": false,
		"RTMAX-2": true, "RTMAX+1": false, "sigterm": false, "SIGFOO": false, "": false, "SIG": false,
	} {
		if got := signalValid(s); got != want {
			t.Errorf("signalValid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestUserValid(t *testing.T) {
	for s, want := range map[string]bool{
		"app": true, "www-data": true, "0": true, "1000": true, "65535": false, "4294967295": false,
		"007": false, "-1": false, " app": false, "app ": false, "a:b": false, "a/b": false, ".": false,
		"..": false, "Dom User": true, "app\x01": false, "": false,
	} {
		if got := userValid(s); got != want {
			t.Errorf("userValid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDocURLValid(t *testing.T) {
	for s, want := range map[string]bool{
		"man:app(1)": true, "https://example.com": true, "http://x": true, "file:/usr/share/doc": true,
		"info:coreutils": true, "man:": false, "https://": false, "file:relative": false,
		"/usr/share/doc": false, "https://exämple.com": false, "ftp://x": false,
	} {
		if got := docURLValid(s); got != want {
			t.Errorf("docURLValid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestBusNameValid(t *testing.T) {
	for s, want := range map[string]bool{
		"org.example.App": true, "a.b": true, "org": false, "org..x": false, ".a.b": false,
		"a.b.": false, "a.1b": false, ":1.42": true, "a-b.c_d": true, "a.b/c": false,
	} {
		if got := busNameValid(s); got != want {
			t.Errorf("busNameValid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSocketAddressProblem(t *testing.T) {
	for s, want := range map[string]bool{
		"8080": true, "0": false, "70000": false, "127.0.0.1:80": true, "[::1]:443": true,
		"[fe80::1%eth0]:80": true, "::1:80": false, "localhost:80": false, "/run/app.sock": true,
		"@abstract": true, "vsock:2:1234": true, "vsock::1234": true, "vsock:2": false,
		"127.0.0.1": false, "127.0.0.1:0": false, "/" + strings.Repeat("x", 107): false,
	} {
		if got := socketAddressProblem(s) == ""; got != want {
			t.Errorf("socketAddressProblem(%q) = %q, want valid=%v", s, socketAddressProblem(s), want)
		}
	}
}

func TestIfnameValid(t *testing.T) {
	for s, want := range map[string]bool{
		"eth0": true, "wlp3s0": true, "0x10": false, "42": false, "all": false, "default": false,
		"a:b": false, "a/b": false, "a%d": false, "a b": false, strings.Repeat("x", 15): true,
		strings.Repeat("x", 16): false, "": false, ".": false,
	} {
		if got := ifnameValid(s); got != want {
			t.Errorf("ifnameValid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSocketBindComplete(t *testing.T) {
	for s, want := range map[string]bool{
		"any": true, "8080": true, "8080-8090": true, "ipv4:tcp:8080": true, "ipv6:any": true,
		"tcp:80": true, "ipv4": true, "tcp": true, "udp:tcp:80": false, "80:tcp": false,
		"ipv4::80": false, "ipv5:80": false, "90-80": false, "0": false, "": false,
	} {
		if got := socketBindComplete(strings.Split(s, ":")); got != want {
			t.Errorf("socketBindComplete(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestHexValid(t *testing.T) {
	for s, want := range map[string]bool{
		"0x33": true, "33": true, "ff": true, "+5": true, "-0": true, "-1": false, "0x": false,
		"g": false, "": false, strings.Repeat("f", 16): true, strings.Repeat("f", 17): false,
	} {
		if got := hexValid(s); got != want {
			t.Errorf("hexValid(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestIsBool pins that isBool, the allocation-free test the enum checks
// use, agrees with value.ParseBool.
func TestIsBool(t *testing.T) {
	for _, s := range []string{"1", "yes", "YES", "y", "True", "t", "on", "0", "no", "n", "FALSE", "f", "Off",
		"", "2", "yess", " yes", "yes ", "oui", "ſ", "yeſ", "enable"} {
		_, err := value.ParseBool(s)
		if got := isBool(s); got != (err == nil) {
			t.Errorf("isBool(%q) = %v, ParseBool says %v", s, got, err)
		}
	}
}

// TestNextWord pins that the fast word split of plain values gives the
// words words.Split gives.
func TestNextWord(t *testing.T) {
	for _, v := range []string{"", "a", " a  b\tc ", "a.service b.target", "\t\t", "x\ny\rz"} {
		checkNextWord(t, v)
	}
}

func checkNextWord(t *testing.T, v string) {
	t.Helper()
	var got []string
	for i, j := nextWord(v, 0); i < len(v); i, j = nextWord(v, j) {
		got = append(got, v[i:j])
	}
	ws, err := words.Split(v, words.Whitespace, words.RetainEscape)
	if err != nil {
		t.Fatalf("Split(%q): %v", v, err)
	}
	if diff := cmp.Diff(words.Texts(ws), got); diff != "" {
		t.Errorf("nextWord(%q) mismatch (-Split +nextWord):\n%s", v, diff)
	}
}

// TestPathHelpers pins needsSimplify and hasDotDot against
// words.PathSimplify.
func TestPathHelpers(t *testing.T) {
	for _, p := range []string{"/", "/a", "/a/", "//a", "/a/./b", "/a/.", "./a", ".", "/a/../b", "/..", "/a..", "/..a", "/a/..", "a/b"} {
		checkPathHelpers(t, p)
	}
}

func checkPathHelpers(t *testing.T, p string) {
	t.Helper()
	s := words.PathSimplify(p)
	if !needsSimplify(p) && s != p {
		t.Errorf("needsSimplify(%q) = false, but PathSimplify gives %q", p, s)
	}
	dd := false
	for _, part := range strings.Split(s, "/") {
		dd = dd || part == ".."
	}
	if got := hasDotDot(s); got != dd {
		t.Errorf("hasDotDot(%q) = %v, want %v", s, got, dd)
	}
}

// checkSimpleExec pins the property the fast path of invalid-exec rests
// on: a value simpleExec passes gets no diagnostic from ParseExec but
// specifier ones.
func checkSimpleExec(t *testing.T, v string) {
	t.Helper()
	if !simpleExec(v) {
		return
	}
	for _, d := range words.ParseExec(v, words.Options{Key: "ExecStart"}).Diagnostics {
		if d.Code != words.CodeSpecifier {
			t.Errorf("simpleExec(%q) is true, but ParseExec says %s", v, d)
		}
	}
}

func TestSimpleExec(t *testing.T) {
	for _, v := range []string{
		"/usr/bin/app", "-/usr/bin/app --x", "app", "/usr/bin/", "@/usr/bin/app", "/bin/sh -c 'a; b'",
		"/bin/true ; bin/x", "/bin/true ; /bin/false", "/bin/sh -c \"x", "/usr/bin/app %i", "./app",
		"/bin/a \";\" b", "/bin/a ';' b", "/bin/a x;", "+!/usr/bin/app", "/usr/bin/a\x01",
	} {
		checkSimpleExec(t, v)
	}
}

// FuzzValues lints one assignment of a catalogue key with any value:
// no panic, every finding inside the file, and the fast paths agree with
// the slow ones.
func FuzzValues(f *testing.F) {
	var keys []*catalog.Directive
	for d := range catalog.Directives() {
		if _, ok := sweepTypes[d.Section()]; ok {
			keys = append(keys, d)
		}
	}
	for i, v := range probes {
		f.Add(uint16(i*37), v)
	}
	f.Add(uint16(0), "/bin/sh -c 'echo \"%s\" ; date +%Y'")
	f.Fuzz(func(t *testing.T, k uint16, v string) {
		if strings.ContainsAny(v, "\n\r\x00") {
			return // one assignment, one line
		}
		d := keys[int(k)%len(keys)]
		name := "fuzz." + sweepTypes[d.Section()]
		src := "[" + d.Section().String() + "]\n" + d.Name() + "=" + v + "\n"
		for _, scope := range []Scope{UserScope, SystemScope} {
			r := Lint([]*Input{{Path: name, Src: []byte(src), Settings: &Settings{Scope: scope, Version: catalog.V(252)}}})[0]
			for _, dg := range r.Diagnostics {
				if dg.Pos.Offset < 0 || dg.End.Offset > len(src) || dg.End.Offset < dg.Pos.Offset {
					t.Errorf("%q: finding outside the file: %s (%d..%d)", src, dg, dg.Pos.Offset, dg.End.Offset)
				}
				for _, e := range dg.Fix {
					if e.Start < 0 || e.End > len(src) || e.Start > e.End {
						t.Errorf("%q: fix outside the file: %+v", src, e)
					}
				}
			}
		}
		checkSimpleExec(t, v)
		if plainWords(v) && !strings.ContainsAny(v, "\"'") {
			checkNextWord(t, v)
		}
		if strings.HasPrefix(v, "/") {
			checkPathHelpers(t, v)
		}
	})
}

// TestParserTable checks the per-directive parser table against the
// lookup by parser name it replaces, for every directive and target.
func TestParserTable(t *testing.T) {
	n := 0
	for d := range catalog.Directives() {
		sec := d.Section().String()
		for _, v := range []uint16{219, 239, 252, 255, 256, 257} {
			if got, want := parserOf(d, catalog.V(v)), parserFor(sec, d.Name(), d, catalog.V(v)); got != want {
				t.Errorf("%s at %d: table gives %p, the name gives %p", d, v, got, want)
			}
			n++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d directive/version pairs checked", n)
	}
}
