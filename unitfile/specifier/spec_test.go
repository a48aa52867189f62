package specifier

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repoRoot is the directory of go.mod above the test's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// TestTableMatchesTSV compares the table with the shared catalogue the
// project keeps beside the repository (../shared/systemd-data).
func TestTableMatchesTSV(t *testing.T) {
	path := filepath.Join(repoRoot(t), "..", "shared", "systemd-data", "specifiers.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("specifier catalogue not available: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	version := func(s string) int {
		if s == "" {
			return 0
		}
		if s == "<=219" {
			return Oldest
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("bad version %q", s)
		}
		return n
	}
	var want []Spec
	for _, row := range rows[1:] {
		get := func(c string) string { return row[col[c]] }
		spec := get("specifier")
		if len(spec) != 2 || spec[0] != '%' {
			t.Fatalf("bad specifier cell %q", spec)
		}
		switch get("unit_files") {
		case "yes", "deprecated":
		default:
			t.Fatalf("%s: unit_files %q is neither yes nor deprecated", spec, get("unit_files"))
		}
		if (get("install_section") == "yes") != (get("install_since") != "") {
			t.Fatalf("%s: install_section and install_since disagree", spec)
		}
		want = append(want, Spec{
			Letter:       spec[1],
			Meaning:      get("meaning"),
			Since:        version(get("since")),
			InstallSince: version(get("install_since")),
			UnitNames:    get("unit_names") == "yes",
			Deprecated:   get("unit_files") == "deprecated",
			Documented:   get("documented") == "yes",
			System:       get("system_value"),
			User:         get("user_value"),
		})
	}
	if diff := cmp.Diff(want, All()); diff != "" {
		t.Errorf("table differs from %s (-tsv +table):\n%s", path, diff)
	}
}

// TestSets252 pins the letter sets of systemd 252 to the tables in its
// source, copied here by hand: src/core/unit-printf.c (unit_name_printf(),
// unit_full_printf_full()), src/shared/install-printf.c and the
// COMMON_*_SPECIFIERS of src/shared/specifier.h.
func TestSets252(t *testing.T) {
	const (
		system = "aAbBHlqmMovwW"
		creds  = "gGuU"
	)
	sorted := func(s string) string {
		var set Set
		for i := 0; i < len(s); i++ {
			set.bits[s[i]>>6] |= 1 << (s[i] & 63)
		}
		return set.Letters()
	}
	tests := []struct {
		ctx  Context
		want string
	}{
		{UnitFile, sorted("%" + "iIjJnNpP" + "fyY" + "crR" + "CdELSt" + "hs" + system + creds + "TV")},
		{UnitName, sorted("%" + "ijnNp" + system + creds)},
		{Install, sorted("%" + "ijnNp" + system + creds)},
	}
	for _, tc := range tests {
		if got := tc.ctx.Set(252).Letters(); got != tc.want {
			t.Errorf("%v.Set(252) = %q; want %q", tc.ctx, got, tc.want)
		}
	}
	if got := len(UnitFile.Set(252).Letters()); got != 42 {
		t.Errorf("unit-file specifiers in 252: %d; want 41 letters and %%", got)
	}
	// later and earlier releases
	if !UnitFile.Set(256).Has('D') || UnitFile.Set(255).Has('D') {
		t.Error("%D should arrive in 256")
	}
	if UnitFile.Set(245).Has('a') || !UnitFile.Set(246).Has('a') {
		t.Error("%a should arrive in 246")
	}
	if Install.Set(246).Has('l') || !Install.Set(247).Has('l') || !UnitName.Set(246).Has('l') {
		t.Error("%l should arrive in 246 for units, 247 for [Install]")
	}
	if !UnitFile.Set(Oldest).Has('%') || UnitFile.Set(Oldest).Has('y') {
		t.Error("v219 set is wrong")
	}
}

func TestLookup(t *testing.T) {
	s, ok := Lookup('S')
	if !ok || s.Since != 236 || s.UnitNames || s.InstallSince != 0 {
		t.Errorf("Lookup('S') = %+v, %v", s, ok)
	}
	if _, ok := Lookup('Z'); ok {
		t.Error("Lookup('Z') found something")
	}
	all := All()
	all[0].Meaning = "changed"
	if All()[0].Meaning == "changed" {
		t.Error("All() exposes the table")
	}
}
