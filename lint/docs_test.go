package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/testenv"
)

// rulesMarkdown is docs/rules.md: the rules of All, as "usvc explain"
// shows them, for people who read the repository.
func rulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# usvc lint rules\n\n")
	b.WriteString("<!-- Generated from lint.All by \"go test ./lint -update\". Do not edit. -->\n\n")
	fmt.Fprintf(&b, "usvc lint checks units against systemd %s unless told otherwise (`--systemd-version`, `systemd-version` in `.usvc.toml`). ", DefaultVersion)
	b.WriteString("Rules marked *user* apply to user units only. ")
	b.WriteString("Silence a finding with a comment line above the entry or section header, `# usvc:ignore RULE[,RULE] reason`, ")
	b.WriteString("or anywhere in the file for all of it, `# usvc:ignore-file RULE[,RULE] reason`.\n\n")
	b.WriteString("| Rule | Severity | Units | Fix | Summary |\n|---|---|---|---|---|\n")
	for _, r := range All {
		fix := ""
		if r.Fix != "" {
			fix = "yes"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s |\n", r.Name, r.Name, r.Severity, unitsOf(r), fix, strings.ReplaceAll(r.Summary, "|", "\\|"))
	}
	for _, r := range All {
		fmt.Fprintf(&b, "\n## %s\n\n", r.Name)
		fmt.Fprintf(&b, "**%s**, %s units", r.Severity, unitsOf(r))
		if r.Fix != "" {
			b.WriteString(", has a fix")
		}
		fmt.Fprintf(&b, ": %s.\n\n", r.Summary)
		b.WriteString(strings.TrimSpace(r.Doc) + "\n\n")
		fmt.Fprintf(&b, "Bad (`%s`):\n\n```ini\n%s```\n\n", r.ExampleName(), ShortExample(r.Bad))
		fmt.Fprintf(&b, "Good:\n\n```ini\n%s```\n\n", ShortExample(r.Good))
		if r.Fix != "" {
			fmt.Fprintf(&b, "Fix (`usvc lint --fix`): %s.\n", r.Fix)
		} else {
			b.WriteString("Fix: none.\n")
		}
	}
	return b.Bytes()
}

func unitsOf(r *Rule) string {
	switch r.Scope {
	case UserScope:
		return "user"
	case SystemScope:
		return "system"
	}
	return "all"
}

// TestRulesDoc fails when docs/rules.md is not what lint.All says;
// -update rewrites it.
func TestRulesDoc(t *testing.T) {
	path := filepath.Join(testenv.RepoRoot(), "docs", "rules.md")
	want := rulesMarkdown()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./lint -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("docs/rules.md is stale; run go test ./lint -update (-want +got):\n%s", diff)
	}
}
