package catalog

import "testing"

var benchSink int

func BenchmarkLookup(b *testing.B) {
	keys := [][2]string{{"Service", "ExecStart"}, {"Unit", "Description"}, {"Install", "WantedBy"},
		{"Service", "X-Foo"}, {"Slice", "MemoryMax"}, {"Socket", "ListenStream"}}
	for i := 0; b.Loop(); i++ {
		k := keys[i%len(keys)]
		if d, ok := Lookup(k[0], k[1]); ok {
			benchSink += int(d.Kind())
		}
	}
}

func BenchmarkSectionsOf(b *testing.B) {
	for b.Loop() {
		benchSink += int(SectionsOf("MemoryMax"))
	}
}

func BenchmarkSuggest(b *testing.B) {
	for b.Loop() {
		benchSink += len(Suggest("Service", "ExecStrat"))
	}
}
