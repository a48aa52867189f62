// Package bench measures usvc against the tools people would use instead,
// on the same inputs, in one run. The README's Performance section says
// how to run them and what they gave.
package bench

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile"
)

type corpusFile struct {
	name string
	src  []byte
}

func loadCorpus(b *testing.B) ([]corpusFile, int64) {
	b.Helper()
	var files []corpusFile
	var size int64
	for _, c := range testenv.Corpus(b) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, corpusFile{c.Path, src})
		size += int64(len(src))
	}
	return files, size
}

// countEntries is the number of assignments in the corpus, for
// allocations per entry.
func countEntries(b *testing.B, files []corpusFile) int {
	n := 0
	for _, f := range files {
		pf, err := unitfile.Parse(f.name, f.src)
		if err != nil {
			b.Fatal(err)
		}
		for range pf.Entries() {
			n++
		}
	}
	return n
}

// BenchmarkParseCorpus parses every corpus file with usvc's lossless
// parser. One op is the whole corpus.
func BenchmarkParseCorpus(b *testing.B) {
	files, size := loadCorpus(b)
	measure(b, files, size, func() {
		for _, f := range files {
			if _, err := unitfile.Parse(f.name, f.src); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseTextCorpus parses every corpus file from a string with
// unitfile.ParseText, which keeps the string instead of copying it: what
// usvc lint does with the files it reads. The strings are made before
// the timer starts.
func BenchmarkParseTextCorpus(b *testing.B) {
	files, size := loadCorpus(b)
	texts := make([]string, len(files))
	types := make([]string, len(files))
	for i, f := range files {
		texts[i], types[i] = string(f.src), unitfile.TypeOf(f.name)
	}
	measure(b, files, size, func() {
		for k, f := range files {
			if _, err := unitfile.ParseText(f.name, types[k], texts[k]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGoSystemdCorpus parses the same bytes with go-systemd's
// unit.DeserializeOptions, which keeps no comments, positions or layout.
func BenchmarkGoSystemdCorpus(b *testing.B) {
	files, size := loadCorpus(b)
	measure(b, files, size, func() {
		for _, f := range files {
			// Errors are expected on a few files go-systemd cannot read
			// (SYNTAX.md §18); the time spent on them still counts.
			unit.DeserializeOptions(bytes.NewReader(f.src))
		}
	})
}

// measure times pass, which parses the whole corpus (files, size bytes),
// b.N times, and reports the figures per file and per entry.
func measure(b *testing.B, files []corpusFile, size int64, pass func()) {
	entries := countEntries(b, files)
	b.SetBytes(size)
	b.ReportAllocs()
	m := mallocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pass()
	}
	b.StopTimer()
	report(b, len(files), entries, mallocs()-m)
}

// mallocs is how many heap allocations the program has made so far.
func mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// report adds per-file and per-entry figures to the benchmark line: time
// per file, and the allocations (n in all) per entry.
func report(b *testing.B, files, entries int, n uint64) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
	b.ReportMetric(float64(n)/float64(b.N)/float64(entries), "allocs/entry")
	b.ReportMetric(0, "ns/op") // the whole-corpus op time is not a useful figure; ns/file is
}
