package unitfile

import (
	"bytes"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// hostileInputs are inputs built to hurt a parser: big, long, deep,
// degenerate.
func hostileInputs(t *testing.T) map[string][]byte {
	const size = 10 << 20
	in := map[string][]byte{}

	// 10 MB of real units, end to end.
	var real bytes.Buffer
	corpus := testenv.Corpus(t)
	for real.Len() < size {
		for _, c := range corpus {
			b, err := os.ReadFile(c.Path)
			if err != nil {
				t.Fatal(err)
			}
			real.Write(b)
			if real.Len() >= size {
				break
			}
		}
	}
	in["10 MB of corpus units"] = real.Bytes()

	in["a 1 MiB line"] = []byte("[Service]\nX-A=" + strings.Repeat("x", LongLineMax-len("X-A=")) + "\nX-B=1\n")
	in["100,000 continuation lines"] = []byte("[Service]\nX-A=" + strings.Repeat("a\\\n", 100000) + "end\n")
	in["10 MB of NUL"] = make([]byte, size)
	in["10 MB of CR"] = bytes.Repeat([]byte{'\r'}, size)
	in["10 MB of CR LF"] = bytes.Repeat([]byte("\r\n"), size/2)
	in["10 MB of backslash lines"] = bytes.Repeat([]byte("\\\n"), size/2)
	r := rand.New(rand.NewPCG(1, 2))
	rb := make([]byte, size)
	for i := range rb {
		rb[i] = byte(r.Uint32())
	}
	in["10 MB of random bytes"] = rb
	in[shortLines] = bytes.Repeat([]byte("[Service]\nEnvironment=A=1\nRestart=always\n"), size/41)
	return in
}

// shortLines is the one input held to a looser bound: every line costs
// 17 bytes (a 16-byte node and its kind) and every third is a section
// (40 bytes and its place in the list of sections), so a file whose lines
// average 14 bytes takes about 4.2× its size. Real units (the 10 MB of
// corpus units) have longer lines; this case shows the cost stays linear
// at worst.
const shortLines = "10 MB of 14-byte lines"

// TestHostileInput checks that no input makes Parse panic, lose bytes or
// take memory out of proportion: what Parse allocates stays within 4×
// the input size (8× for shortLines).
func TestHostileInput(t *testing.T) {
	for name, src := range hostileInputs(t) {
		t.Run(name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			f, err := Parse("hostile.service", src)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			ratio := float64(alloc) / float64(len(src))
			t.Logf("%d bytes in, %d allocated (%.2f×), %d diagnostics", len(src), alloc, ratio, len(f.Diagnostics))
			bound := 4.0
			if name == shortLines {
				bound = 8
			}
			if ratio > bound {
				t.Errorf("Parse allocated %.2f× the input; the bound is %g×", ratio, bound)
			}
			if !bytes.Equal(f.Bytes(), src) {
				t.Errorf("Bytes() differs from the input")
			}
			// The first position asked for makes the source's table of
			// line starts: it must stay well within the input's size.
			runtime.ReadMemStats(&before)
			lines := 0
			for n := range f.Nodes() {
				lines = max(lines, n.Pos().Line, n.End().Line)
			}
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(src)/2)+64<<10 {
				t.Errorf("the positions of the nodes (%d lines) allocated %d bytes, more than half the input's %d", lines, alloc, len(src))
			}
			// A position inside a continued entry makes the entry's map
			// of pieces: 16 bytes a physical line, and a line that
			// continues takes at least two bytes ("\\\n").
			runtime.ReadMemStats(&before)
			for _, e := range f.Entries() {
				e.ValueEnd()
			}
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(8*len(src))+64<<10 {
				t.Errorf("the value positions of the entries allocated %d bytes, more than 8× the input's %d", alloc, len(src))
			}
			for _, d := range f.Diagnostics {
				if d.Code != CodeTooMany && (!d.Pos.IsValid() || d.Pos.Offset > len(src)) {
					t.Errorf("diagnostic without a position inside the input: %+v", d)
				}
			}
		})
	}
}

func TestHostileDiagnostics(t *testing.T) {
	in := hostileInputs(t)
	long := mustParse(t, "x.service", string(in["a 1 MiB line"]))
	if d := long.Fatal(); d == nil || d.Code != CodeLineTooLong || d.Pos.Line != 2 {
		t.Errorf("a 1 MiB line: fatal diagnostic %+v, want line-too-long on line 2", d)
	}
	rnd := mustParse(t, "x.service", string(in["10 MB of random bytes"]))
	if d := rnd.Fatal(); d == nil {
		t.Errorf("random bytes: no fatal diagnostic")
	}
	if n := len(rnd.Diagnostics); n > maxDiagnostics+1 {
		t.Errorf("random bytes: %d diagnostics recorded, the bound is %d", n, maxDiagnostics+1)
	}
	cont := mustParse(t, "x.service", string(in["100,000 continuation lines"]))
	if e := cont.Lookup("Service", "X-A"); e == nil || e.Line() != 100002 || !strings.HasSuffix(e.Value(), "a a end") {
		t.Errorf("100,000 continuation lines: entry %v", e)
	}
}
