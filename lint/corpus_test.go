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

// lintCorpus lints every file of the shared corpus in one run, as
// systemd 252 (Debian 12's release, which the units were written for)
// in the scope the corpus gives each file.
func lintCorpus(t *testing.T) ([]testenv.CorpusFile, []*Result) {
	t.Helper()
	files := testenv.Corpus(t)
	inputs := make([]*Input, len(files))
	for i, c := range files {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		s := &Settings{Version: catalog.V(252), Scope: SystemScope}
		if c.Scope == "user" {
			s.Scope = UserScope
		}
		inputs[i] = &Input{Path: c.Rel, Src: src, Settings: s}
	}
	return files, Lint(inputs)
}

// TestCorpusErrors lists every error-level finding on the corpus, which
// was written by experts for systemd 252: each must be a real problem,
// and corpusErrors says why. A new error-level finding fails the test
// until it is explained there (or the rule is fixed), and so does an
// explanation that no longer matches a finding.
func TestCorpusErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: lints the whole corpus")
	}
	_, results := lintCorpus(t)
	seen := map[string]bool{}
	var lines []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Severity != Error {
				continue
			}
			key := fmt.Sprintf("%s:%d [%s]", d.Path, d.Pos.Line, d.Rule)
			why, ok := corpusErrors[key]
			if !ok {
				t.Errorf("unexplained error on the corpus: %s", d)
				continue
			}
			seen[key] = true
			lines = append(lines, d.String()+"\n    why: "+why)
		}
	}
	for key := range corpusErrors {
		if !seen[key] {
			t.Errorf("corpusErrors explains %s, which is no longer found", key)
		}
	}
	sort.Strings(lines)
	t.Logf("%d error-level findings on the corpus, each a real problem:\n%s", len(lines), strings.Join(lines, "\n"))
}

// corpusErrors are the error-level findings on the corpus ("path:line
// [rule]") and why each is a real problem.
var corpusErrors = map[string]string{
	"buskill/usr/lib/systemd/user/buskill.service:10 [missing-wantedby]": "a user unit with WantedBy=multi-user.target: the user manager has no multi-user.target, so " +
		"systemctl --user enable links it into a target that never starts and BusKill is never armed at login",
	"ddupdate/usr/lib/systemd/user/ddupdate.service:15 [missing-wantedby]": "a user unit with WantedBy=multi-user.target: the user manager has no multi-user.target, so " +
		"systemctl --user enable links it into a target that never starts and the DNS update never runs at login",
}
