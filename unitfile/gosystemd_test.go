package unitfile

import (
	"bytes"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/usvc/usvc/internal/testenv"
)

func optStrings(opts []*unit.UnitOption) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Section+"|"+o.Name+"|"+o.Value)
	}
	return out
}

// TestGoSystemdDeviations pins, one input each, where go-systemd's
// DeserializeOptions reads differently from systemd 252 (SYNTAX.md §18;
// the row number is in the name). Options follows systemd, which the
// syntax tests check against the real thing. If go-systemd fixes one, its
// case fails here and can go.
func TestGoSystemdDeviations(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		goErr   bool     // go-systemd fails on the input
		goOpts  []string // what go-systemd gives when it does not fail
		systemd []string
	}{
		{name: "§18.1 lines of 2048 bytes and more", in: "[Unit]\nDescription=" + strings.Repeat("x", 3000) + "\n",
			goErr: true, systemd: []string{"Unit|Description|" + strings.Repeat("x", 3000)}},
		{name: "§18.2 continuation kept verbatim", in: "[Unit]\nDescription=a\\\n  b\n",
			goOpts: []string{"Unit|Description|a\\\n  b"}, systemd: []string{"Unit|Description|a   b"}},
		{name: "§18.3 comment lines inside a continuation", in: "[Unit]\nDescription=a\\\n# c \\\nb\n",
			goOpts: []string{"Unit|Description|a\\\n# c \\\nb"}, systemd: []string{"Unit|Description|a b"}},
		{name: "§18.4 a comment ending in a backslash swallows the next line", in: "[Unit]\n# c \\\nDescription=a\n",
			goOpts: nil, systemd: []string{"Unit|Description|a"}},
		{name: "§18.5 no parity check on backslashes", in: "[Unit]\nDescription=a\\\\\nX-B=b\n",
			goOpts: []string{"Unit|Description|a\\\\\nX-B=b"}, systemd: []string{"Unit|Description|a\\\\", "Unit|X-B|b"}},
		{name: "§18.7 a line without '=' fails the whole parse", in: "[Unit]\nfoo\nDescription=a\n",
			goErr: true, systemd: []string{"Unit|Description|a"}},
		{name: "§18.8 a line starting with '=' gives an empty key", in: "[Unit]\n=v\n",
			goOpts: []string{"Unit||v"}, systemd: nil},
		{name: "§18.10 the section name ends at the first ']'", in: "[a]b]\nX-A=1\n",
			goErr: true, systemd: []string{"a]b|X-A|1"}},
		{name: "§18.12 unicode spaces are trimmed", in: "[Unit]\nDescription=\u00a0a\u00a0\n",
			goOpts: []string{"Unit|Description|a"}, systemd: []string{"Unit|Description|\u00a0a\u00a0"}},
		{name: "§18.13 a lone CR does not end a line", in: "[Unit]\rDescription=a\r",
			goErr: true, systemd: []string{"Unit|Description|a"}},
		{name: "§18.15 a BOM after the first section stays in the key", in: "[Unit]\n\xEF\xBB\xBFDescription=a\n",
			goOpts: []string{"Unit|\uFEFFDescription|a"}, systemd: []string{"Unit|Description|a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			goOpts, err := unit.DeserializeOptions(strings.NewReader(tc.in))
			if tc.goErr {
				if err == nil {
					t.Errorf("go-systemd no longer fails here; it gives %q", optStrings(goOpts))
				}
			} else if err != nil {
				t.Errorf("go-systemd: %v", err)
			} else if diff := cmp.Diff(tc.goOpts, optStrings(goOpts), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("go-systemd's reading changed (-pinned +now):\n%s", diff)
			}
			f := mustParse(t, "x.service", tc.in)
			if diff := cmp.Diff(tc.systemd, optStrings(f.Options()), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Options (-systemd +got):\n%s", diff)
			}
		})
	}
}

// TestCorpusMatchesGoSystemd checks that, over the whole corpus, Options
// gives what go-systemd gives, except on files where a deviation of
// go-systemd pinned above applies; every difference must be explained.
func TestCorpusMatchesGoSystemd(t *testing.T) {
	same := 0
	explained := map[string]int{}
	for _, c := range testenv.Corpus(t) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		f := mustParse(t, c.Path, string(src))
		ours := optStrings(f.Options())
		goOpts, goErr := unit.DeserializeOptions(bytes.NewReader(src))
		if goErr == nil && cmp.Equal(ours, optStrings(goOpts), cmpopts.EquateEmpty()) {
			same++
			continue
		}
		continued := false
		for _, e := range f.Entries() {
			continued = continued || e.Continued()
		}
		switch {
		case continued:
			explained["§18.2 continuation kept verbatim"]++
		default:
			t.Errorf("%s: Options differs from go-systemd with no known deviation: err=%v\n%s", c.Rel, goErr,
				cmp.Diff(optStrings(goOpts), ours))
		}
	}
	var lines []string
	for k, v := range explained {
		lines = append(lines, k+": "+strconv.Itoa(v))
	}
	sort.Strings(lines)
	t.Logf("%d corpus files read the same as with go-systemd; the others differ by a named deviation: %s", same, strings.Join(lines, "; "))
}

func TestFromOptionsRoundTrip(t *testing.T) {
	in := "[Unit]\nDescription=a\n[Service]\nExecStart=/bin/true\n[Unit]\nAfter=b.service\n"
	f := mustParse(t, "x.service", in)
	g, err := FromOptions("y.service", f.Options())
	if err != nil {
		t.Fatal(err)
	}
	want := "[Unit]\nDescription=a\n\n[Service]\nExecStart=/bin/true\n\n[Unit]\nAfter=b.service\n"
	if diff := cmp.Diff(want, string(g.Bytes())); diff != "" {
		t.Errorf("FromOptions keeps the order of sections (-want +got):\n%s", diff)
	}
	h, err := FromSections("z.service", f.UnitSections())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, string(h.Bytes())); diff != "" {
		t.Errorf("FromSections (-want +got):\n%s", diff)
	}
	if _, err := FromOptions("x.service", []*unit.UnitOption{{Section: "Unit", Name: "Description", Value: "a\n[Service]"}}); err == nil ||
		!strings.Contains(err.Error(), "Unit.Description") {
		t.Errorf("a value with a newline: err = %v, want a refusal naming the option", err)
	}
}
