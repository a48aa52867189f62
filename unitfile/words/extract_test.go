package words

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// step is one call of Splitter.Next: the word it returns (or the error
// kind), and where the Splitter stands after it.
type step struct {
	word string
	none bool      // no word left
	err  ErrorKind // 0: no error
	pos  int       // Pos() after the call; see atEnd and null
}

const (
	null  = -1    // systemd set *p = NULL
	atEnd = -1000 // isempty(p): NULL or at the end
)

// TestSplitterSystemd replays the cases of systemd 252's
// src/test/test-extract-word.c, as data.
func TestSplitterSystemd(t *testing.T) {
	ws := Whitespace
	tests := []struct {
		in    string
		seps  string
		flags Flags
		steps []step
	}{
		{"foobar waldo", ws, 0, []step{{word: "foobar", pos: 7}, {word: "waldo", pos: atEnd}, {none: true, pos: atEnd}}},
		{`"foobar" 'waldo'`, ws, 0, []step{{word: `"foobar"`, pos: 9}, {word: `'waldo'`, pos: atEnd}, {none: true, pos: atEnd}}},
		{`"foobar" 'waldo'`, ws, Unquote, []step{{word: "foobar", pos: 9}, {word: "waldo", pos: atEnd}}},
		{`"`, ws, 0, []step{{word: `"`, pos: atEnd}}},
		{`"`, ws, Unquote, []step{{err: ErrUnbalancedQuote, pos: 1}}},
		{`'`, ws, 0, []step{{word: `'`, pos: atEnd}}},
		{`'`, ws, Unquote, []step{{err: ErrUnbalancedQuote, pos: 1}}},
		{`'fooo`, ws, 0, []step{{word: `'fooo`, pos: atEnd}}},
		{`KEY=val "KEY2=val with space" "KEY3=val with \"quotation\""`, ws, Unquote, []step{
			{word: "KEY=val", pos: 8}, {word: "KEY2=val with space", pos: 30}, {word: `KEY3=val with "quotation"`, pos: atEnd}}},
		{`KEY=val "KEY2=val space" "KEY3=val with \"quotation\""`, ws, RetainEscape, []step{
			{word: "KEY=val", pos: 8}, {word: `"KEY2=val`, pos: 18}, {word: `space"`, pos: 25}}},
		{`'fooo`, ws, Unquote, []step{{err: ErrUnbalancedQuote, pos: 5}}},
		{`'fooo`, ws, Unquote | Relax, []step{{word: "fooo", pos: atEnd}}},
		{`"fooo`, ws, Unquote | Relax, []step{{word: "fooo", pos: atEnd}}},
		{`yay'foo'bar`, ws, 0, []step{{word: `yay'foo'bar`, pos: atEnd}}},
		{`yay'foo'bar`, ws, Unquote, []step{{word: "yayfoobar", pos: atEnd}}},
		{"   foobar   ", ws, 0, []step{{word: "foobar", pos: atEnd}}},
		{` foo\ba\x6ar `, ws, CUnescape, []step{{word: "foo\ba\x6ar", pos: atEnd}}},
		{` foo\ba\x6ar `, ws, 0, []step{{word: "foobax6ar", pos: atEnd}}},
		{`    f\u00f6o "pi\U0001F4A9le"   `, ws, CUnescape, []step{{word: "föo", pos: 13}}},
		{`"pi\U0001F4A9le"   `, ws, Unquote | CUnescape, []step{{word: "pi\360\237\222\251le", pos: atEnd}}},
		{`fooo\`, ws, Relax, []step{{word: "fooo", pos: atEnd}}},
		{`fooo\`, ws, UnescapeRelax, []step{{word: `fooo\`, pos: atEnd}}},
		{`fooo\`, ws, UnescapeRelax | Relax, []step{{word: `fooo\`, pos: atEnd}}},
		{`fooo\`, ws, CUnescape | UnescapeRelax, []step{{word: `fooo\`, pos: atEnd}}},
		{`"foo\`, ws, 0, []step{{err: ErrTrailingBackslash, pos: 5}}},
		{`"foo\`, ws, Unquote | Relax, []step{{word: "foo", pos: atEnd}}},
		{"foo::bar", ":", 0, []step{{word: "foo", pos: 5}, {word: "bar", pos: atEnd}, {none: true, pos: atEnd}}},
		{`foo\:bar::waldo`, ":", 0, []step{{word: "foo:bar", pos: 10}, {word: "waldo", pos: atEnd}, {none: true, pos: atEnd}}},
		{`"foo\`, ws, Unquote | UnescapeRelax, []step{{err: ErrTrailingBackslash, pos: 5}}},
		{`"foo\`, ws, Unquote | UnescapeRelax | Relax, []step{{word: `foo\`, pos: atEnd}}},
		{`"foo\`, ws, Unquote | CUnescape | UnescapeRelax | Relax, []step{{word: `foo\`, pos: atEnd}}},
		{`fooo\ bar quux`, ws, Relax, []step{{word: "fooo bar", pos: 10}}},
		{`fooo\ bar quux`, ws, UnescapeRelax, []step{{word: "fooo bar", pos: 10}}},
		{`fooo\ bar quux`, ws, UnescapeRelax | Relax, []step{{word: "fooo bar", pos: 10}}},
		{`fooo\ bar quux`, ws, CUnescape, []step{{err: ErrBadEscape, pos: 5}}},
		{`fooo\ bar quux`, ws, CUnescape | UnescapeRelax, []step{{word: `fooo\ bar`, pos: 10}}},
		{`\w+@\K[\d.]+`, ws, CUnescape, []step{{err: ErrBadEscape, pos: 1}}},
		{`\w+@\K[\d.]+`, ws, CUnescape | UnescapeRelax, []step{{word: `\w+@\K[\d.]+`, pos: atEnd}}},
		{`\w+\b`, ws, CUnescape | UnescapeRelax, []step{{word: "\\w+\b", pos: atEnd}}},
		{"-N ''", ws, Unquote, []step{{word: "-N", pos: 3}, {word: "", pos: atEnd}}},
		{`:foo\:bar::waldo:`, ":", DontCoalesceSeparators, []step{
			{word: "", pos: 1}, {word: "foo:bar", pos: 10}, {word: "", pos: 11}, {word: "waldo", pos: 17},
			{word: "", pos: null}, {none: true, pos: null}}},
		{`foo\xbar`, ws, 0, []step{{word: "fooxbar", pos: null}}},
		{`foo\xbar`, ws, RetainEscape, []step{{word: `foo\xbar`, pos: null}}},
		{`\:`, ":", UnescapeSeparators, []step{{word: ":", pos: null}}},
		{`a\:b`, ":", UnescapeSeparators, []step{{word: "a:b", pos: null}}},
		{`a\ b:c`, ws + ":", UnescapeSeparators, []step{{word: "a b", pos: 5}, {word: "c", pos: null}}},
		{`a\ b:c\x`, ":", UnescapeSeparators, []step{{err: ErrBadEscape, pos: 2}}},
		{`a\\ b:c\\x`, ":", UnescapeSeparators, []step{{word: `a\ b`, pos: 6}, {word: `c\x`, pos: null}}},
		{`\:`, ":", CUnescape | UnescapeSeparators, []step{{word: ":", pos: null}}},
		{`a\:b`, ":", CUnescape | UnescapeSeparators, []step{{word: "a:b", pos: null}}},
		{`a\ b:c`, ws + ":", CUnescape | UnescapeSeparators, []step{{word: "a b", pos: 5}, {word: "c", pos: null}}},
		{`a\ b:c\x`, ":", CUnescape | UnescapeSeparators, []step{{err: ErrBadEscape, pos: 2}}},
		{`a\\ b:c\\x`, ":", CUnescape | UnescapeSeparators, []step{{word: `a\ b`, pos: 6}, {word: `c\x`, pos: null}}},
		{`\:`, ":", CUnescape, []step{{err: ErrBadEscape, pos: 1}}},
		// After an error systemd's pointer stays on the bad byte; reading on
		// from there gives the rest.
		{`a\:b`, ":", CUnescape, []step{{err: ErrBadEscape, pos: 2}, {word: "b", pos: null}}},
		{`a\ b:c`, ws + ":", CUnescape, []step{{err: ErrBadEscape, pos: 2}, {word: "b", pos: 5}, {word: "c", pos: null}}},
		{`foobar="waldo"maldo, baldo`, "=\", ", 0, []step{{word: "foobar"}, {word: "waldo"}, {word: "maldo"}, {word: "baldo"}}},
		{`mode="1777",size="10%",nr_inodes="400"k,uid="496,,107"520,gi""'d=49610,'""7520,context="system_u:object_r:svirt_sandbox_file_t:s0:c0,c1"`,
			",", KeepQuote, []step{{word: `mode="1777"`}, {word: `size="10%"`}, {word: `nr_inodes="400"k`},
				{word: `uid="496,,107"520`}, {word: `gi""'d=49610,'""7520`},
				{word: `context="system_u:object_r:svirt_sandbox_file_t:s0:c0,c1"`}}},
		{`mode="1777",size="10%",nr_inodes="400"k,uid="496,,107"520,gi""'d=49610,'""7520,context="system_u:object_r:svirt_sandbox_file_t:s0:c0,c1"`,
			",", Unquote, []step{{word: "mode=1777"}, {word: "size=10%"}, {word: "nr_inodes=400k"},
				{word: "uid=496,,107520"}, {word: "gid=49610,7520"},
				{word: "context=system_u:object_r:svirt_sandbox_file_t:s0:c0,c1"}}},
		{"a:b", ":", RetainSeparators, []step{{word: "a", pos: 1}, {word: "b"}}},
		{"a>:b", ">:", RetainSeparators, []step{{word: "a", pos: 1}, {word: "b"}}},
		{"a>:b", ">:", RetainSeparators | DontCoalesceSeparators, []step{{word: "a", pos: 1}, {word: "", pos: 1}}},
		{`a\:b`, ":", RetainSeparators | RetainEscape, []step{{word: `a\`, pos: 2}}},
		{`a\:b`, ":", RetainSeparators, []step{{word: "a:b", pos: null}}},
		{`a\:b`, ":", RetainSeparators | UnescapeSeparators, []step{{word: "a:b", pos: null}}},
		{`a\:a:b`, ":", RetainSeparators | UnescapeSeparators, []step{{word: "a:a", pos: 4}}},
		// extract_many_words() cases.
		{"'foobar' wa\"ld\"i   ", ws, 0, []step{{word: "'foobar'"}, {word: `wa"ld"i`, pos: atEnd}, {none: true}}},
		{"'foobar' wa\"ld\"i   ", ws, Unquote, []step{{word: "foobar"}, {word: "waldi", pos: atEnd}, {none: true}}},
		{"", ws, 0, []step{{none: true, pos: atEnd}}},
		{"  ", ws, 0, []step{{none: true, pos: atEnd}}},
		{"     foobar    ", ws, 0, []step{{word: "foobar", pos: atEnd}}},
	}
	for _, tc := range tests {
		sp := NewSplitter(tc.in, tc.seps, tc.flags)
		for i, st := range tc.steps {
			w, ok, err := sp.Next()
			var got step
			switch {
			case err != nil:
				se, isSE := err.(*SyntaxError)
				if !isSE {
					t.Fatalf("%q step %d: error %T %v", tc.in, i, err, err)
				}
				got.err = se.Kind
			case !ok:
				got.none = true
			default:
				got.word = w.Text
			}
			got.pos = sp.Pos()
			want := st
			switch {
			case st.pos == 0:
				// Not asserted by the systemd test.
				want.pos = got.pos
			case st.pos == atEnd && sp.Done():
				want.pos = got.pos
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(step{})); diff != "" {
				t.Errorf("Splitter(%q, %q, %#x) step %d (-want +got):\n%s", tc.in, tc.seps, tc.flags, i, diff)
				break
			}
		}
	}
}

// TestSplitSyntaxMd pins the quoting and escaping rules of SYNTAX.md §8
// for Exec*= and Environment= words (EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE).
func TestSplitSyntaxMd(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr ErrorKind
	}{
		// Quotes may open and close in the middle of a word.
		{`x"1 2"y`, []string{"x1 2y"}, 0},
		{`'ca''t'`, []string{"cat"}, 0},
		// C escapes work inside single quotes too.
		{`'\a'`, []string{"\a"}, 0},
		{`""`, []string{""}, 0},
		{`"" ''`, []string{"", ""}, 0},
		{`\a \b \f \n \r \t \v \\ \" \'`, []string{"\a", "\b", "\f", "\n", "\r", "\t", "\v", `\`, `"`, `'`}, 0},
		{`a\sb`, []string{"a b"}, 0},
		// \xHH inserts the raw byte, also one that is not UTF-8.
		{`\x41\xff\xFe`, []string{"A\xff\xfe"}, 0},
		{`\x4`, nil, ErrBadEscape},
		{`\x4g`, nil, ErrBadEscape},
		{`\x00`, nil, ErrBadEscape},
		// \NNN: exactly three octal digits, at most 0377, not \000.
		{`\101\377\001`, []string{"A\xff\x01"}, 0},
		{`\400`, nil, ErrBadEscape},
		{`\000`, nil, ErrBadEscape},
		{`\18`, nil, ErrBadEscape},
		{`\12`, nil, ErrBadEscape},
		// \u: four hex digits, not 0, not range checked (surrogates pass and
		// are encoded as they are).
		{`\u00e9\u0041`, []string{"éA"}, 0},
		{`\ud800`, []string{"\xed\xa0\x80"}, 0},
		{`\ufffe`, []string{"\xef\xbf\xbe"}, 0},
		{`\u0000`, nil, ErrBadEscape},
		{`\u12`, nil, ErrBadEscape},
		// \U: eight hex digits, must be a valid character.
		{`\U0001F4A9`, []string{"\U0001F4A9"}, 0},
		{`\U0000D800`, nil, ErrBadEscape},
		{`\U0000FFFE`, nil, ErrBadEscape},
		{`\U00110000`, nil, ErrBadEscape},
		{`\U00000000`, nil, ErrBadEscape},
		// Everything else is invalid, also \; and "\ ".
		{`\;`, nil, ErrBadEscape},
		{`"\;"`, nil, ErrBadEscape},
		{`a\ b`, nil, ErrBadEscape},
		{`\q`, nil, ErrBadEscape},
		{`\é`, nil, ErrBadEscape},
		{`a\`, nil, ErrTrailingBackslash},
		{`"abc`, nil, ErrUnbalancedQuote},
		{`abc'`, nil, ErrUnbalancedQuote},
		{`'a"b'`, []string{`a"b`}, 0},
		{"a\tb  c", []string{"a", "b", "c"}, 0},
		{"a\x00b c", []string{"a"}, 0},
	}
	for _, tc := range tests {
		got, err := Split(tc.in, Whitespace, Unquote|CUnescape)
		var kind ErrorKind
		if err != nil {
			kind = err.(*SyntaxError).Kind
		}
		if kind != tc.wantErr {
			t.Errorf("Split(%q) error = %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		if tc.wantErr != 0 {
			continue
		}
		if diff := cmp.Diff(tc.want, Texts(got)); diff != "" {
			t.Errorf("Split(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestWordOffsets checks Start, End, Span and the error spans.
func TestWordOffsets(t *testing.T) {
	type pos struct{ S, E int }
	in := `  ab "c d"\x41 'e'f  \u00e9 `
	ws, err := Split(in, Whitespace, Unquote|CUnescape)
	if err != nil {
		t.Fatal(err)
	}
	var got []pos
	for _, w := range ws {
		got = append(got, pos{w.Start, w.End})
	}
	want := []pos{{2, 4}, {5, 14}, {15, 19}, {21, 27}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("word spans (-want +got):\n%s", diff)
	}
	for _, w := range ws {
		if !strings.HasPrefix(in[w.Start:], in[w.Start:w.End]) || w.End > len(in) {
			t.Errorf("bad span %d-%d", w.Start, w.End)
		}
	}
	w := ws[1] // "c d"\x41 -> "c dA"
	spans := []pos{}
	for i := range len(w.Text) {
		s, e := w.Span(i, i+1)
		spans = append(spans, pos{s, e})
	}
	if diff := cmp.Diff([]pos{{6, 7}, {7, 8}, {8, 9}, {10, 14}}, spans); diff != "" {
		t.Errorf("Span per byte of %q (-want +got):\n%s", w.Text, diff)
	}
	if s, e := w.Span(0, 4); s != 6 || e != 14 {
		t.Errorf("Span(0,4) = %d,%d", s, e)
	}
	é := ws[3]
	if s, e := é.Span(0, 2); s != 21 || e != 27 || é.Text != "é" {
		t.Errorf("\\u00e9: %q %d,%d", é.Text, s, e)
	}
	if sub := w.Slice(1, 3); sub.Text != " d" || sub.Start != 7 || sub.End != 9 {
		t.Errorf("Slice(1,3) = %+v", sub)
	}

	errs := []struct {
		in   string
		want SyntaxError
	}{
		{`ab "cd`, SyntaxError{Kind: ErrUnbalancedQuote, Offset: 3, End: 6}},
		{`ab \q`, SyntaxError{Kind: ErrBadEscape, Offset: 3, End: 5}},
		{`ab \x4z`, SyntaxError{Kind: ErrBadEscape, Offset: 3, End: 6}},
		{`ab \é`, SyntaxError{Kind: ErrBadEscape, Offset: 3, End: 6}},
		{`ab c\`, SyntaxError{Kind: ErrTrailingBackslash, Offset: 4, End: 5}},
	}
	for _, tc := range errs {
		_, err := Split(tc.in, Whitespace, Unquote|CUnescape)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("Split(%q) error = %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, *se); diff != "" {
			t.Errorf("Split(%q) error (-want +got):\n%s", tc.in, diff)
		}
	}

	// UnescapeRelax records the escapes it keeps.
	ws, err = Split(`a\qb\x0 "\z"`, Whitespace, Unquote|CUnescape|UnescapeRelax)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`a\qb\x0`, `\z`}, Texts(ws)); diff != "" {
		t.Errorf("relaxed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 4}, ws[0].UnknownEscapes); diff != "" {
		t.Errorf("UnknownEscapes (-want +got):\n%s", diff)
	}
}

func TestCunescapeOne(t *testing.T) {
	// Every single byte after a backslash: which ones are escapes.
	valid := map[byte]string{'a': "\a", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v",
		'\\': `\`, '"': `"`, '\'': `'`, 's': " "}
	for c := 0; c < 256; c++ {
		in := `\` + string(rune(c))
		if c >= 0x80 {
			in = `\` + string([]byte{byte(c)})
		}
		got, err := Split(in, "\x01", CUnescape)
		want, ok := valid[byte(c)]
		if c == 0 {
			// The input ends at NUL: a trailing backslash.
			ok = false
		}
		if ok != (err == nil) || ok && (len(got) != 1 || got[0].Text != want) {
			t.Errorf("escape %q: got %v %v, want %q ok=%v", in, Texts(got), err, want, ok)
		}
	}
}

func TestWords(t *testing.T) {
	var got []string
	var errs []error
	for w, err := range Words(`a "b c" 'd`, "", Unquote) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, w.Text)
	}
	if diff := cmp.Diff([]string{"a", "b c"}, got); diff != "" || len(errs) != 1 {
		t.Errorf("Words (-want +got):\n%s\nerrors %v", diff, errs)
	}
	for w := range Words("x y z", "", 0) {
		if w.Text != "x" {
			t.Errorf("Words went on after break: %q", w.Text)
		}
		break
	}
}
