package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/lint"
)

func init() { register("rules", newRulesCmd) }

func newRulesCmd(e *env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "rules [--json]",
		Short: "List the rules of usvc lint",
		Long: `rules lists every rule of "usvc lint": its name (what suppressions,
--enable, --disable and .usvc.toml use), its default severity, the units
it applies to (user units only, or all) and what it finds.
"usvc explain NAME" says more about one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				type rule struct {
					Name     string        `json:"name"`
					Severity lint.Severity `json:"severity"`
					Scope    string        `json:"scope"`
					Summary  string        `json:"summary"`
					Fix      bool          `json:"fix"`
				}
				out := []rule{}
				for _, r := range lint.All {
					out = append(out, rule{r.Name, r.Severity, r.Scope.String(), r.Summary, r.Fix != ""})
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tSEVERITY\tUNITS\tFIX\tSUMMARY")
			for _, r := range lint.All {
				units := "all"
				if r.Scope == lint.UserScope {
					units = "user"
				} else if r.Scope == lint.SystemScope {
					units = "system"
				}
				fix := "-"
				if r.Fix != "" {
					fix = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Severity, units, fix, r.Summary)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array, one object per rule")
	return c
}
