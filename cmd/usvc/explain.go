package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/lint"
)

func init() { register("explain", newExplainCmd) }

func newExplainCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain a rule of usvc lint: why it matters, a bad and a good example, its fix",
		Long: `explain prints what "usvc rules" says about RULE and more: why the
problem matters, a unit that makes the rule fire and the corrected unit,
and what "usvc lint --fix" does about it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := lint.Lookup(args[0])
			if !ok {
				msg := fmt.Sprintf("unknown rule %q", args[0])
				if s := lint.Suggest(args[0]); s != "" {
					msg += "; did you mean " + s + "?"
				} else {
					msg += "; usvc rules lists them"
				}
				return fail(exitUsage, "%s", msg)
			}
			var b strings.Builder
			units := "all units"
			if r.Scope == lint.UserScope {
				units = "user units"
			} else if r.Scope == lint.SystemScope {
				units = "system units"
			}
			fmt.Fprintf(&b, "%s (%s, %s)\n\n%s\n\n", r.Name, r.Severity, units, r.Summary)
			b.WriteString(strings.TrimSpace(r.Doc) + "\n\n")
			fmt.Fprintf(&b, "Bad (%s):\n\n%s\n", r.ExampleName(), indentBlock(lint.ShortExample(r.Bad)))
			fmt.Fprintf(&b, "Good:\n\n%s\n", indentBlock(lint.ShortExample(r.Good)))
			if r.Fix != "" {
				fmt.Fprintf(&b, "Fix (usvc lint --fix): %s\n\n", r.Fix)
			} else {
				b.WriteString("Fix: none; usvc lint --fix leaves it to you\n\n")
			}
			fmt.Fprintf(&b, "Silence it on the next line or section with a comment above:\n    # usvc:ignore %s REASON\n", r.Name)
			_, err := fmt.Fprint(e.stdout, b.String())
			return err
		},
	}
}

// indentBlock indents each line of s by four spaces.
func indentBlock(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("    " + lint.Printable(strings.TrimRight(l, "\n")) + "\n")
		}
	}
	return b.String()
}
