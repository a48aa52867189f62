package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/install"
)

func init() { register("uninstall", newUninstallCmd) }

func newUninstallCmd(e *env) *cobra.Command {
	var tf targetFlags
	var opt install.UninstallOptions
	var asJSON bool
	c := &cobra.Command{
		Use:   "uninstall [--keep-file] [--dry-run] UNIT...",
		Short: "Stop and disable user units and remove their files and drop-ins",
		Long: `uninstall stops and disables each UNIT (systemctl --user disable --now),
removes what install put in the user's unit directory (the unit file, its
NAME.usvc-bak backup, the *.conf drop-ins in NAME.d/ and that directory when
nothing else is in it) and runs systemctl --user daemon-reload. Units that
had failed are reset (reset-failed), so nothing is left behind.

UNIT is a unit name, not a path. Anything by that name in the unit directory
is removed; nothing outside it is touched (a unit that is also in
/usr/lib/systemd/user stays, and the output says so). A unit that is not
installed is reported and left alone, so running uninstall twice is safe.

--keep-file stops and disables but keeps the files. --root DIR removes the
links and files in an image without contacting systemd; --user-name NAME
(root) acts for another user. Linger is left as it is: other services may
need it (usvc linger disable turns it off).

Exit status: 0 done, 2 usage, 3 a failure.`,
		Args: cobra.MinimumNArgs(1),
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
			opt.Live = live
			r, err := install.Uninstall(ctx, &t, args, opt)
			if asJSON {
				if jerr := writeJSON(e.stdout, r); jerr != nil {
					return jerr
				}
			} else {
				writeResult(e.stdout, r, err != nil)
			}
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			return nil
		},
	}
	tf.register(c, true)
	c.Flags().BoolVar(&opt.KeepFile, "keep-file", false, "stop and disable, but keep the unit file and drop-ins")
	c.Flags().BoolVar(&opt.DryRun, "dry-run", false, "print what would be done and change nothing")
	c.Flags().BoolVar(&asJSON, "json", false, "print what was done as JSON: per unit, changed, paths and actions")
	return c
}
