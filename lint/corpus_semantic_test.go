package lint

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile/catalog"
)

// semanticRules are the rules about what units mean (directive history,
// shell syntax, user-manager settings, service structure, install
// ordering, units that belong together), as opposed to the parser's and
// the value rules.
var semanticRules = []string{
	"after-install-target", "deprecated-directive", "directive-too-new",
	"drop-in-execstart", "duplicate-key", "hardcoded-home",
	"missing-execstart", "missing-triggered-unit", "multiple-execstart",
	"oneshot-restart", "ordering-cycle", "removed-directive", "shell-syntax",
	"start-limit-in-service", "system-only-setting", "unexpanded-variable",
}

// semanticCorpusErrors are the error-level findings of semanticRules on
// the corpus ("path:line [rule]"), per target release, and why each is
// a real problem. The corpus was written for systemd 252 (Debian 12):
// at 252 there must be none; at the default target, 239, the units that
// rely on something newer are refused by 239, and they are listed here.
var semanticCorpusErrors = map[uint16]map[string]string{
	252: {},
	239: {
		"systemd/lib/systemd/system/systemd-exit.service:10 [missing-execstart]":                   "no ExecStart=, only SuccessAction=exit-force: systemd 239's service_verify() refuses it (\"Service lacks both ExecStart= and ExecStop= setting\"); SuccessAction= counts from 240",
		"systemd/lib/systemd/system/systemd-poweroff.service:10 [missing-execstart]":               "SuccessAction=poweroff-force without ExecStart=: refused by 239, as above",
		"systemd/lib/systemd/system/systemd-reboot.service:10 [missing-execstart]":                 "SuccessAction=reboot-force without ExecStart=: refused by 239, as above",
		"systemd/usr/lib/systemd/user/systemd-exit.service:18 [missing-execstart]":                 "the user manager's systemd-exit.service, SuccessAction=exit-force without ExecStart=: refused by 239, as above",
		"_host-installed/systemd/usr/lib/systemd/user/systemd-exit.service:18 [missing-execstart]": "the same file as installed on the host: refused by 239, as above",
	},
}

// TestCorpusSemanticRules runs semanticRules over the shared corpus (all
// files in one run, each in the scope the corpus gives it) for the
// corpus's own release and for the default target, and checks that every
// error-level finding is one semanticCorpusErrors explains. The counts of
// all findings per rule are logged.
func TestCorpusSemanticRules(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: lints the whole corpus")
	}
	files := testenv.Corpus(t)
	srcs := make([][]byte, len(files))
	for i, c := range files {
		b, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		srcs[i] = b
	}
	for _, v := range []uint16{252, 239} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			inputs := make([]*Input, len(files))
			for i, c := range files {
				s := Only(semanticRules...)
				s.Version = catalog.V(v)
				s.Scope = SystemScope
				if c.Scope == "user" {
					s.Scope = UserScope
				}
				inputs[i] = &Input{Path: c.Rel, Src: srcs[i], Settings: s}
			}
			want := semanticCorpusErrors[v]
			seen := map[string]bool{}
			counts := map[string]int{}
			var lines []string
			for _, r := range Lint(inputs) {
				for _, d := range r.Diagnostics {
					counts[d.Rule+" "+d.Severity.String()]++
					if d.Severity != Error {
						continue
					}
					key := fmt.Sprintf("%s:%d [%s]", d.Path, d.Pos.Line, d.Rule)
					why, ok := want[key]
					if !ok {
						t.Errorf("unexplained error on the corpus: %s", d)
						continue
					}
					seen[key] = true
					lines = append(lines, d.String()+"\n    why: "+why)
				}
			}
			for key := range want {
				if !seen[key] {
					t.Errorf("semanticCorpusErrors explains %s, which is no longer found", key)
				}
			}
			var cs []string
			for k, n := range counts {
				cs = append(cs, fmt.Sprintf("%s: %d", k, n))
			}
			sort.Strings(cs)
			sort.Strings(lines)
			t.Logf("systemd %d: findings per rule: %s", v, strings.Join(cs, ", "))
			t.Logf("systemd %d: %d error-level findings, each a real problem:\n%s", v, len(lines), strings.Join(lines, "\n"))
		})
	}
}
