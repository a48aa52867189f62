package unitfile

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// syntaxCase is one rule of ../shared/SYNTAX.md, pinned: what systemd 252
// reads from in when it is a file called name (default x.service).
type syntaxCase struct {
	name  string // test name, and the SYNTAX.md section
	file  string
	in    string
	want  view
	noOra bool // not run through the oracle (see why at the case)
}

var long1 = strings.Repeat("a", LongLineMax-1-len("X-A="))

var syntaxCases = []syntaxCase{
	// §1 physical lines
	{name: "1/lf", in: "[Service]\nA=1\nB=2\n",
		want: view{Entries: ents("Service|A|1|2", "Service|B|2|3")}},
	{name: "1/crlf", in: "[Service]\r\nA=1\r\nB=2\r\n",
		want: view{Entries: ents("Service|A|1|2", "Service|B|2|3")}},
	{name: "1/lfcr is one line end", in: "[Service]\n\rA=1\n\rB=2",
		want: view{Entries: ents("Service|A|1|2", "Service|B|2|3")}},
	{name: "1/lone cr", in: "[Service]\rA=1\rB=2\r",
		want: view{Entries: ents("Service|A|1|2", "Service|B|2|3")}},
	{name: "1/crlf nul is one line end", in: "[Service]\r\n\x00A=1\n\r\x00B=2",
		want: view{Entries: ents("Service|A|1|2", "Service|B|2|3")}},
	{name: "1/lflf is two", in: "[Service]\n\nA=1\r\rB=2",
		want: view{Entries: ents("Service|A|1|3", "Service|B|2|5")}},
	{name: "1/nul then lf is two", in: "[Service]\x00\nA=1",
		want: view{Entries: ents("Service|A|1|3")}},
	{name: "1/nul splits a value", in: "[Service]\nA=1\x002\n",
		want: view{Entries: ents("Service|A|1|2"), Diags: diags("3 missing-equals")}},
	{name: "1/no final newline", in: "[Service]\nA=1",
		want: view{Entries: ents("Service|A|1|2")}},
	{name: "1/longest line", in: "[Service]\nX-A=" + long1 + "\nB=2\n",
		want: view{Entries: ents("Service|X-A|"+long1+"|2", "Service|B|2|3")}, noOra: true},
	{name: "1/line too long", in: "[Service]\nX-A=" + long1 + "b\nB=2\n",
		want: view{Diags: diags("2 line-too-long fatal")}},
	{name: "1/line too long at eof", in: "[Service]\nX-A=" + long1 + "b",
		want: view{Diags: diags("2 line-too-long fatal")}},

	// §2 comments
	{name: "2/hash and semicolon", in: "# a\n; b\n  # c\n\t; d\n[Service]\n#A=1\nB=2\n",
		want: view{Entries: ents("Service|B|2|7")}},
	{name: "2/inline comment is value", in: "[Service]\nA=v # x\nB=v ; y\n",
		want: view{Entries: ents("Service|A|v # x|2", "Service|B|v ; y|3")}},
	{name: "2/comment with backslash does not continue", in: "[Service]\n# c \\\nA=1\n",
		want: view{Entries: ents("Service|A|1|3")}},
	{name: "2/comments inside continuation are skipped", in: "[Service]\nA=x \\\n# c \\\n; d\n  y\n",
		want: view{Entries: ents("Service|A|x    y|5")}},
	{name: "2/invalid utf8 in a comment", in: "# \xff\xfe\n[Service]\nA=1\n",
		want: view{Entries: ents("Service|A|1|3")}},
	{name: "2/vertical tab before hash", in: "[Service]\n\v# x\n",
		want: view{Diags: diags("2 missing-equals")}},

	// §3 BOM
	{name: "3/bom at start", in: bom + "[Service]\nA=1\n",
		want: view{Entries: ents("Service|A|1|2")}},
	{name: "3/second bom is data", in: bom + bom + "[Service]\nA=1\n",
		want: view{Diags: diags("1 outside-section", "2 outside-section")}},
	{name: "3/first line with a bom loses it", in: "[Service]\n" + bom + "A=1\n" + bom + "B=2\n",
		want: view{Entries: ents("Service|A|1|2", "Service|"+bom+"B|2|3")}},
	{name: "3/bom after a blank is not stripped", in: " " + bom + "[Service]\n",
		want: view{Diags: diags("1 outside-section")}},
	{name: "3/bom hash is not a comment", in: bom + "#c\n[Service]\n" + bom + "#d\n",
		want: view{Diags: diags("1 outside-section", "3 missing-equals")}},
	{name: "3/comment does not use up the bom", in: "#c\n" + bom + "[Service]\nA=1\n",
		want: view{Entries: ents("Service|A|1|3")}},

	// §4 continuation
	{name: "4/even backslashes do not continue", in: "[Service]\nX-A=x\\\\\nX-B=y\n",
		want: view{Entries: ents(`Service|X-A|x\\|2`, "Service|X-B|y|3")}},
	{name: "4/odd backslashes continue", in: "[Service]\nX-A=x\\\\\\\ny\n",
		want: view{Entries: ents(`Service|X-A|x\\ y|3`)}},
	{name: "4/parity over the whole line", in: "[Service]\nX-A=p\\q\\\\\nX-B=1\n",
		want: view{Entries: ents(`Service|X-A|p\q\\|2`, "Service|X-B|1|3")}},
	{name: "4/backslash space does not continue", in: "[Service]\nX-A=x\\ \nX-B=y\\\t\n",
		want: view{Entries: ents(`Service|X-A|x\|2`, `Service|X-B|y\|3`)}},
	{name: "4/backslash before crlf continues", in: "[Service]\r\nX-A=x\\\r\ny\r\n",
		want: view{Entries: ents("Service|X-A|x y|3")}},
	{name: "4/empty line ends continuation", in: "[Service]\nK=1\\\n\nX-B=2\n",
		want: view{Entries: ents("Service|K|1|3", "Service|X-B|2|4")}},
	{name: "4/header is swallowed", in: "[Service]\nX-Foo=a\\\n[Install]\nX-B=1\n",
		want: view{Entries: ents("Service|X-Foo|a [Install]|3", "Service|X-B|1|4")}},
	{name: "4/split key", in: "[Unit]\nDocu\\\nmentation=x\n",
		want: view{Entries: ents("Unit|Docu mentation|x|3")}},
	{name: "4/split header", in: "[X-Ven\\\ndor]\nA=1\n",
		want: view{Entries: ents("(X-Ven dor)|A|1|3")}},
	{name: "4/lone backslashes chain", in: "\\\n\\\n[X-Foo]\nA=1\n",
		want: view{Entries: ents("(X-Foo)|A|1|4")}},
	{name: "4/indentation is kept", in: "[Unit]\nDescription=alpha \\\n   beta\\\ngamma\n",
		want: view{Entries: ents("Unit|Description|alpha     beta gamma|4")}},
	{name: "4/continuation at eof", in: "[Unit]\nDescription=a\\\nb\\",
		want: view{Entries: ents("Unit|Description|a b|4")}},
	{name: "4/continuation at eof after newline", in: "[Unit]\nDescription=a\\\n",
		want: view{Entries: ents("Unit|Description|a|3")}},
	{name: "4/message names the last line", in: "[Service]\nfoo\\\nbar\n",
		want: view{Diags: diags("3 missing-equals")}},
	{name: "4/bom inside continuation", in: "[Unit]\nDescription=a\\\n" + bom + "b\n",
		want: view{Entries: ents("Unit|Description|a b|3")}},
	{name: "4/continuation limit", in: "[Service]\nX-A=" + strings.Repeat("a", LongLineMax/2) + "\\\n" + strings.Repeat("b", LongLineMax/2-len("X-A=")-1) + "\nX-B=1\n",
		want: view{Entries: ents("Service|X-A|"+strings.Repeat("a", LongLineMax/2)+" "+strings.Repeat("b", LongLineMax/2-len("X-A=")-1)+"|3", "Service|X-B|1|4")}, noOra: true},
	{name: "4/continuation over the limit", in: "[Service]\nX-A=" + strings.Repeat("a", LongLineMax/2) + "\\\n" + strings.Repeat("b", LongLineMax/2-len("X-A=")) + "\nX-B=1\n",
		want: view{Diags: diags("3 continuation-too-long fatal")}},

	// §5 parse_line
	{name: "5/only space and tab are trimmed", in: "[Unit]\nDescription=\v x \f\nX-A=\u00a0y\u00a0\n",
		want: view{Entries: ents("Unit|Description|\v x \f|2", "Unit|X-A|\u00a0y\u00a0|3")}},
	{name: "5/invalid utf8 is fatal", in: "[Unit]\nDescription=\xff\nX-A=1\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/noncharacter is invalid", in: "[Unit]\nDescription=\uFDD0\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/ufffe is invalid", in: "[Unit]\nDescription=\xef\xbf\xbe\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/cesu surrogate is invalid", in: "[Unit]\nDescription=\xed\xa0\x80\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/overlong is invalid", in: "[Unit]\nDescription=\xc0\xaf\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/control bytes are valid", in: "[Unit]\nDescription=a\x01b\x7fc\n",
		want: view{Entries: ents("Unit|Description|a\x01b\x7fc|2")}},
	{name: "5/invalid utf8 before any section", in: "\xff\n[Unit]\n",
		want: view{Diags: diags("1 invalid-utf8 fatal")}},
	{name: "5/invalid utf8 in an X- section", in: "[X-A]\nB=\xff\n",
		want: view{Diags: diags("2 invalid-utf8 fatal")}},
	{name: "5/text before the first header", in: "foo\nA=1\n=x\n[Unit]\n",
		want: view{Diags: diags("1 outside-section", "2 outside-section", "3 outside-section")}},
	{name: "5/missing equals", in: "[Unit]\nfoo\n",
		want: view{Diags: diags("2 missing-equals")}},
	{name: "5/missing key", in: "[Unit]\n=foo\n  = bar\n",
		want: view{Diags: diags("2 missing-key", "3 missing-key")}},

	// §6 section headers
	{name: "6/trailing comment on a header is fatal", in: "[Service] # comment\nA=1\n",
		want: view{Diags: diags("1 invalid-section-header fatal")}},
	{name: "6/trailing text is fatal", in: "[Service]x\n",
		want: view{Diags: diags("1 invalid-section-header fatal")}},
	{name: "6/unterminated is fatal", in: "[Service\n",
		want: view{Diags: diags("1 invalid-section-header fatal")}},
	{name: "6/name runs to the last bracket", in: "[Install]]\nA=1\n[[Install]\nB=2\n[x]y]\nC=3\n",
		want: view{Entries: ents("(Install])|A|1|2", "([Install)|B|2|4", "(x]y)|C|3|6"),
			Diags: diags("1 unknown-section", "3 unknown-section", "5 unknown-section")}},
	{name: "6/spaces are kept", in: "[ Service ]\nA=1\n",
		want: view{Entries: ents("( Service )|A|1|2"), Diags: diags("1 unknown-section")}},
	{name: "6/empty name", in: "[]\nA=1\n",
		want: view{Entries: ents("()|A|1|2"), Diags: diags("1 unknown-section")}},
	{name: "6/vendor section with a space", in: "[X-Some Vendor]\nA=1\n",
		want: view{Entries: ents("(X-Some Vendor)|A|1|2")}},
	{name: "6/tab in a name is fatal", in: "[X-A\tB]\n",
		want: view{Diags: diags("1 bad-section-characters fatal")}},
	{name: "6/quote in a name is fatal", in: "[X-\"A\"]\n",
		want: view{Diags: diags("1 bad-section-characters fatal")}},
	{name: "6/backslash in a name is fatal", in: "[X-A\\B]\n",
		want: view{Diags: diags("1 bad-section-characters fatal")}},
	{name: "6/del in a name is fatal", in: "[X-A\x7f]\n",
		want: view{Diags: diags("1 bad-section-characters fatal")}},
	{name: "6/utf8 in a name is fine", in: "[X-Ünit]\nA=1\n",
		want: view{Entries: ents("(X-Ünit)|A|1|2")}},
	{name: "6/names are case-sensitive", in: "[service]\nA=1\n[UNIT]\n",
		want: view{Entries: ents("(service)|A|1|2"), Diags: diags("1 unknown-section", "3 unknown-section")}},
	{name: "6/unknown section silences its lines", in: "[Foo]\nfoo\n=x\nA=1\n[Service]\nbar\n",
		want: view{Entries: ents("(Foo)|A|1|4"), Diags: diags("1 unknown-section", "6 missing-equals")}},
	{name: "6/x section silences its lines", in: "[X-Foo]\nfoo\n=x\n",
		want: view{}},
	{name: "6/bad header in an ignored section is fatal", in: "[X-Foo]\n[Bar\n",
		want: view{Diags: diags("2 invalid-section-header fatal")}},
	{name: "6/socket section in a service", file: "x.socket", in: "[Service]\nA=1\n[Socket]\nB=2\n",
		want: view{Entries: ents("(Service)|A|1|2", "Socket|B|2|4"), Diags: diags("1 unknown-section")}},
	{name: "6/sections repeat", in: "[Service]\nA=1\n[Unit]\nB=2\n[Service]\nC=3\n",
		want: view{Entries: ents("Service|A|1|2", "Unit|B|2|4", "Service|C|3|6")}},

	// §7 keys and values
	{name: "7/trim around key and value", in: "[Unit]\n  My Key \t=\t v w  \n",
		want: view{Entries: ents("Unit|My Key|v w|2")}},
	{name: "7/first equals splits", in: "[Unit]\nDescription=k=v=w\nX-Y===\n",
		want: view{Entries: ents("Unit|Description|k=v=w|2", "Unit|X-Y|==|3")}},
	{name: "7/empty value", in: "[Service]\nEnvironment=\nEnvironment=   \n",
		want: view{Entries: ents("Service|Environment||2", "Service|Environment||3")}},

	// §12 .include is an ordinary line
	{name: "12/include", in: ".include /x\n[Unit]\n.include /y\n",
		want: view{Diags: diags("1 outside-section", "3 missing-equals")}},

	// Things SYNTAX.md implies about fatal errors: systemd reads nothing
	// after the first one.
	{name: "fatal stops reading", in: "[Unit]\nDescription=a\n[Bad\nX-B=1\n",
		want: view{Entries: ents("Unit|Description|a|2"), Diags: diags("3 invalid-section-header fatal")}},
}

func TestSyntaxRules(t *testing.T) {
	for _, tc := range syntaxCases {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.file
			if name == "" {
				name = "x.service"
			}
			f, err := Parse(name, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := string(f.Bytes()); got != tc.in {
				t.Errorf("Bytes() differs from the input")
			}
			if diff := cmp.Diff(tc.want, viewOf(f), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse(%.80q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestNextEOL(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi\n", "\tabcdefg\tabc\rdef", "0123456\x00", "01234567\x0d", "\x0b\x0c\x0e\x0f\x01\x02\x03\x04\x05\n", strings.Repeat("x\t", 20) + "\n"} {
		want := strings.IndexAny(s, "\n\r\x00")
		if want < 0 {
			want = len(s)
		}
		if got := nextEOL(s); got != want {
			t.Errorf("nextEOL(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestScanLine checks the word-at-a-time line scan against a byte loop on
// random strings of the bytes it must tell apart: line ends, other
// control bytes (whose borrow can flag the byte above them), 0x0E, ASCII
// and non-ASCII.
func TestScanLine(t *testing.T) {
	alphabet := []byte{0, '\t', '\n', '\r', 0x0b, 0x0d - 1, 0x0e, 0x0f, ' ', 'a', 0x7f, 0x80, 0xc3, 0xff}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(3) > 0 {
				b[i] = 'a' + byte(rng.IntN(26)) // mostly plain text, as in files
			}
		}
		s := string(b)
		want := strings.IndexAny(s, "\n\r\x00")
		if want < 0 {
			want = len(s)
		}
		wantASCII := true
		for i := range want {
			if s[i] >= 0x80 {
				wantASCII = false
			}
		}
		if got, ascii := scanLine(s); got != want || ascii != wantASCII {
			t.Fatalf("scanLine(%q) = %d, %v; want %d, %v", s, got, ascii, want, wantASCII)
		}
		for e := 0; e <= len(s); e++ {
			if e < len(s) && categorize(s[e]) == 0 {
				continue // eolEnd is asked only where a line end starts
			}
			if got, want := eolEnd(s, e), eolRunOrEnd(s, e); got != want {
				t.Fatalf("eolEnd(%q, %d) = %d, want %d", s, e, got, want)
			}
		}
	}
}

// eolRunOrEnd is eolEnd by the general rule alone (eolRun), so that the
// test checks eolEnd's fast path against it.
func eolRunOrEnd(s string, e int) int {
	if e >= len(s) {
		return e
	}
	return eolRun(s, e)
}
