package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/install"
)

func init() { register("doctor", newDoctorCmd) }

func newDoctorCmd(e *env) *cobra.Command {
	var tf targetFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "doctor [UNIT...]",
		Short: "Check that a user's services will start at boot and keep running, and say how to fix what is not",
		Long: `doctor checks, for you (or --user-name NAME, or $SUDO_USER under sudo):

  - linger: logind's Linger property and /var/lib/systemd/linger/USER;
  - the user's manager: systemctl is-active user@UID.service;
  - XDG_RUNTIME_DIR, and that the manager's socket and the user's D-Bus
    answer (the "Failed to connect to bus" pitfall of su and sudo);
  - each UNIT (default: every unit in the user's unit directory): lint
    findings, whether the links of [Install] are there, whether it runs;
  - units that failed (systemctl --user --failed), with the last lines of
    their journal.

Each problem is printed with the command that fixes it. --root DIR checks
only the files of an image: linger flag file, lint, links.

Exit status: 0 all well, 1 something is wrong, 2 usage, 3 failure.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			t, live, err := tf.resolve(e, false)
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			checks := install.Doctor(ctx, &t, install.DoctorOptions{
				Units: args, Live: live, AsRoot: geteuid() == 0, Dial: dialSocket,
				Check: lintChecker(systemdVersion(ctx, live)),
			})
			if asJSON {
				if checks == nil {
					checks = []install.Check{}
				}
				if err := writeJSON(e.stdout, checks); err != nil {
					return err
				}
			} else {
				writeChecks(e.stdout, checks)
			}
			if install.Failed(checks) {
				return silent(exitFindings)
			}
			return nil
		},
	}
	tf.register(c, true)
	c.Flags().BoolVar(&asJSON, "json", false, "print the checks as a JSON array")
	return c
}

func writeChecks(w io.Writer, checks []install.Check) {
	bad := 0
	for _, c := range checks {
		name := c.Name
		if c.Unit != "" {
			name += " " + c.Unit
		}
		fmt.Fprintf(w, "%-4s  %s: %s\n", c.Status, name, c.Message)
		for _, d := range c.Detail {
			fmt.Fprintln(w, "      | "+d)
		}
		if c.Fix != "" {
			fmt.Fprintln(w, "      fix: "+c.Fix)
		}
		if c.Status == install.StatusFail {
			bad++
		}
	}
	if bad == 0 {
		fmt.Fprintln(w, "all well")
	} else {
		fmt.Fprintf(w, "%d problem(s)\n", bad)
	}
}
