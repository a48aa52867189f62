package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuggest(t *testing.T) {
	tests := []struct {
		section, name string
		want          []string
	}{
		{"Service", "ExecStrat", []string{"ExecStart"}}, // adjacent swap: 1 edit
		{"Service", "Restrat", []string{"Restart"}},
		{"Service", "Tpye", []string{"Type"}},
		{"Service", "execstart", []string{"ExecStart"}}, // case only
		{"Service", "PrivateTMP", []string{"PrivateTmp"}},
		{"Service", "memorylimit", []string{"MemoryLimit"}}, // ignored keys are still proposed
		{"Service", "Enviroment", []string{"Environment"}},
		{"Service", "EnvironmentFiles", []string{"EnvironmentFile"}},
		{"Service", "RestartSecs", []string{"RestartSec"}}, // not RestartSteps, 2 edits away
		{"Service", "MemoryMx", []string{"MemoryMax"}},     // not MemoryMin, 2 edits away
		{"Service", "MemoryLimt", []string{"MemoryLimit"}}, // not MemoryHigh, 3 edits away
		{"Service", "ExecStops", []string{"ExecStop"}},     // a key's own name is not a typo
		{"Service", "ExecStart", nil},                      // a key is no typo
		{"Service", "Xyzzy", nil},                          // nothing close
		{"Service", "X", nil},                              // too short to guess
		{"Unit", "Descripton", []string{"Description"}},
		{"Unit", "Wnats", []string{"Wants"}},
		{"Unit", "Afer", []string{"After"}},
		{"Unit", "ConditionNul", nil}, // ConditionNull is removed
		{"Unit", "WantedBy", nil},     // the [Install] key: see SectionsOf
		{"Install", "WantedBY", []string{"WantedBy"}},
		{"Install", "WanteBy", []string{"WantedBy"}},
		{"Install", "RequiredBys", []string{"RequiredBy"}},
		{"", "ExecStrat", []string{"ExecStart"}}, // every section
		{"", "wantedby", []string{"WantedBy"}},
		{"", "ExecStart", nil},
		{"Target", "Description", nil}, // [Target] has no keys
		{"Bogus", "ExecStrat", nil},    // unknown section
		{"Timer", "OnCalender", []string{"OnCalendar"}},
		{"Socket", "ListenStrem", []string{"ListenStream"}},
		// Ties come in byte order.
		{"Service", "MemoryMix", []string{"MemoryMax", "MemoryMin"}},
	}
	for _, tt := range tests {
		got := Suggest(tt.section, tt.name)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Suggest(%q, %q) mismatch (-want +got):\n%s", tt.section, tt.name, diff)
		}
	}
}

// osa is the optimal string alignment distance ignoring ASCII case,
// written plainly with a full matrix, as the oracle for Suggest's banded
// version.
func osa(a, b string) int {
	// Byte-wise ASCII folding: strings.ToLower would turn invalid UTF-8
	// into U+FFFD and change lengths.
	fold := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	a, b = fold(a), fold(b)
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// checkSuggest compares Suggest with a brute-force reading of its
// contract over every live key of section.
func checkSuggest(t *testing.T, section, name string) {
	t.Helper()
	got := Suggest(section, name)
	var live []string
	if section == "" {
		for d := range Directives() {
			if d.Status() != StatusRemoved && !slices.Contains(live, d.Name()) {
				live = append(live, d.Name())
			}
		}
	} else {
		s, ok := ParseSection(section)
		if !ok {
			if got != nil {
				t.Fatalf("Suggest(%q, %q) = %q for an unknown section", section, name, got)
			}
			return
		}
		for d := range s.Directives() {
			if d.Status() != StatusRemoved {
				live = append(live, d.Name())
			}
		}
	}
	limit := min(max(len(name)/5, 1), 3)
	best := limit + 1
	var want []string
	for _, c := range live {
		if c == name {
			want, best = nil, -1
			break
		}
		switch d := osa(name, c); {
		case d > limit:
		case d < best:
			best, want = d, []string{c}
		case d == best:
			want = append(want, c)
		}
	}
	slices.Sort(want)
	if len(want) > 3 {
		want = want[:3]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Suggest(%q, %q) mismatch (-brute force +got):\n%s", section, name, diff)
	}
}

func TestSuggestBruteForce(t *testing.T) {
	for _, name := range []string{"ExecStrat", "Restrat", "execstart", "MemoryMx", "a", "", "Nicee", "TimeoutSex", "LimitNOFIEL", "CPUQuota", "cpuquota"} {
		for _, sec := range []string{"Service", "Unit", "Install", "Slice", "Socket", "", "Bogus"} {
			checkSuggest(t, sec, name)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	for _, seed := range []struct{ section, name string }{
		{"Service", "ExecStrat"}, {"Service", ""}, {"Unit", "Wnats"}, {"Install", "WantedBY"},
		{"Slice", "MemoryMx"}, {"Bogus", "x"}, {"Service", "\xff\xfe"}, {"Timer", "OnCalendar"},
		{"Service", strings.Repeat("A", 100)},
	} {
		f.Add(seed.section, seed.name)
	}
	f.Fuzz(func(t *testing.T, section, name string) {
		if len(name) > 200 {
			return // the brute-force oracle is quadratic
		}
		checkSuggest(t, section, name)
	})
}
