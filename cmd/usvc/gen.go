package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/gen"
	"github.com/usvc/usvc/internal/atomicfile"
	"github.com/usvc/usvc/lint"
	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
)

func init() { register("gen", newGenCmd) }

func newGenCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "gen service|timer NAME [flags] -- COMMAND [ARG...]",
		Short: "Generate a user service, or a timer and its service, from a command line",
		Long: `gen writes systemd user units that are right by construction: the command
is quoted so that systemd runs exactly the argv given, paths under your home
are written with %h, values that could break the file are escaped or refused,
dependencies on system units (network-online.target, multi-user.target...)
are refused with what to do instead, and --set keys are checked against
systemd's directives.

  usvc gen service web --working-directory ~/web -- python3 -m http.server 8080
  usvc gen timer backup --on-calendar daily --persistent -- rsync -a ~/doc /mnt/b

Exit status: 0 when the units were written, 2 when the command line or a
value is refused, 3 when a file cannot be written.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fail(exitUsage, "unknown unit kind %q: use 'usvc gen service' or 'usvc gen timer'", args[0])
			}
			return fail(exitUsage, "say what to generate: 'usvc gen service NAME -- COMMAND' or 'usvc gen timer NAME --on-calendar SPEC -- COMMAND'")
		},
	}
	c.AddCommand(newGenServiceCmd(e), newGenTimerCmd(e))
	return c
}

// genFlags are the flags of both gen subcommands.
type genFlags struct {
	description, workDir                       string
	env, envFiles, after, wants, requires, set []string
	wantedBy                                   []string
	restart, restartSec, typ                   string
	memoryMax, cpuQuota, tasksMax              string
	systemd                                    string
	noResolve, force                           bool
	outDir                                     string
}

func (g *genFlags) register(c *cobra.Command, timer bool) {
	fs := c.Flags()
	fs.StringVar(&g.description, "description", "", "Description= (a % is written %%; control characters are refused)")
	fs.StringVar(&g.workDir, "working-directory", "", "WorkingDirectory= (a relative path is made absolute; your home is written %h; \"~\" for the home directory)")
	fs.StringArrayVar(&g.env, "env", nil, "an Environment= variable, NAME=VALUE (repeatable; any characters, quoted as needed)")
	fs.StringArrayVar(&g.envFiles, "env-file", nil, "an EnvironmentFile= path (repeatable; a leading - makes it optional)")
	restartHelp := `Restart=: no, on-success, on-failure, on-abnormal, on-watchdog, on-abort, always (default on-failure)`
	typeHelp := `Type=: simple, exec, forking, oneshot, dbus, notify, idle (default simple; exec needs systemd 240)`
	if timer {
		restartHelp = `Restart= of the service: no, on-failure, on-abnormal, on-watchdog, on-abort (default: none)`
		typeHelp = `Type= of the service: only oneshot (the default) for a timer`
	}
	fs.StringVar(&g.restart, "restart", "", restartHelp)
	fs.StringVar(&g.restartSec, "restart-sec", "", "RestartSec=, a systemd time span such as 5s or 1min (default 5s, when the service restarts)")
	fs.StringVar(&g.typ, "type", "", typeHelp)
	fs.StringVar(&g.memoryMax, "memory-max", "", `MemoryMax=: a size (512M, 2G), a share of RAM (25%), "infinity", or "unset" for no line `+
		`(default 50%: a leak is stopped at half the RAM and only this service is OOM-killed, while any program that fits the machine still runs)`)
	fs.StringVar(&g.cpuQuota, "cpu-quota", "", "CPUQuota=, percent of one CPU (50%, 150%); default none")
	fs.StringVar(&g.tasksMax, "tasks-max", "", "TasksMax=, the most processes and threads; default none (the user manager's DefaultTasksMax=)")
	fs.StringArrayVar(&g.after, "after", nil, "After= user units (repeatable; system units are refused)")
	fs.StringArrayVar(&g.wants, "wants", nil, "Wants= user units (repeatable; system units are refused)")
	fs.StringArrayVar(&g.requires, "requires", nil, "Requires= user units (repeatable; system units are refused)")
	if timer {
		fs.StringArrayVar(&g.wantedBy, "wanted-by", nil, "WantedBy= of the timer (repeatable; default timers.target)")
	} else {
		fs.StringArrayVar(&g.wantedBy, "wanted-by", nil, "WantedBy= (repeatable; default default.target)")
	}
	fs.StringArrayVar(&g.set, "set", nil, "any other setting, SECTION.KEY=VALUE (repeatable; checked against systemd's directives; the value is written as given)")
	fs.BoolVar(&g.noResolve, "no-resolve", false, "write the command name as given instead of its path in $PATH (systemd then searches its own PATH)")
	fs.StringVar(&g.systemd, "systemd-version", "", "the oldest systemd release the units must work with (default 239, as for usvc lint): decides which --set keys exist, and whether Type=exec (240) and a oneshot Restart= (244) are allowed")
	fs.StringVarP(&g.outDir, "output", "o", "", "write the unit files into this directory instead of printing them (created if missing)")
	fs.BoolVar(&g.force, "force", false, "with -o, replace files that exist")
}

// options turns the flags into gen.Options. Errors are the user's: a
// value gen cannot accept.
func (g *genFlags) options(e *env, name string, argv []string) (gen.Options, error) {
	o := gen.Options{
		Name:             name,
		Description:      g.description,
		ExecStart:        argv,
		NoResolve:        g.noResolve,
		LookPath:         lookPath(e.getenv),
		Home:             e.getenv("HOME"),
		EnvironmentFiles: g.envFiles,
	}
	if wd := g.workDir; wd != "" && wd != "~" && !strings.HasPrefix(wd, "/") {
		// Relative to where gen runs; an absolute path is left to gen's
		// checks (it refuses "..", which would not name the same directory
		// through a symlink).
		abs, err := filepath.Abs(wd)
		if err != nil {
			return o, err
		}
		o.WorkingDirectory = filepath.ToSlash(abs)
	} else {
		o.WorkingDirectory = wd
	}
	for _, kv := range g.env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return o, fmt.Errorf("--env %q: want NAME=VALUE", kv)
		}
		o.Environment = append(o.Environment, gen.EnvVar{Name: k, Value: v})
	}
	for i, ef := range o.EnvironmentFiles {
		opt := strings.HasPrefix(ef, "-")
		p := strings.TrimPrefix(ef, "-")
		if p != "" && !filepath.IsAbs(p) {
			abs, err := filepath.Abs(p)
			if err != nil {
				return o, err
			}
			p = filepath.ToSlash(abs)
		}
		if opt {
			p = "-" + p
		}
		o.EnvironmentFiles[i] = p
	}
	var err error
	if g.systemd != "" {
		if o.Systemd, err = catalog.ParseVersion(g.systemd); err != nil {
			return o, fmt.Errorf("--systemd-version: %w", err)
		}
	}
	if g.restart != "" {
		if o.Restart, err = gen.ParseRestartPolicy(g.restart); err != nil {
			return o, fmt.Errorf("--restart: %w", err)
		}
	}
	if g.typ != "" {
		if o.Type, err = gen.ParseServiceType(g.typ); err != nil {
			return o, fmt.Errorf("--type: %w", err)
		}
	}
	if o.RestartSec, err = duration("restart-sec", g.restartSec); err != nil {
		return o, err
	}
	if g.memoryMax != "" {
		if o.MemoryMax, err = gen.ParseMemoryLimit(g.memoryMax); err != nil {
			return o, fmt.Errorf("--memory-max: %w", err)
		}
	}
	if q := g.cpuQuota; q != "" {
		if !strings.HasSuffix(q, "%") {
			q += "%"
		}
		p, err := value.ParseCPUQuota(q)
		if err != nil || p == 0 {
			return o, fmt.Errorf("--cpu-quota %q: want a percentage above 0, such as 50%% or 150%%", g.cpuQuota)
		}
		o.CPUQuota = float64(p) / 100
	}
	if g.tasksMax != "" {
		n, err := strconv.ParseUint(g.tasksMax, 10, 64)
		if err != nil || n == 0 {
			return o, fmt.Errorf("--tasks-max %q: want a number above 0", g.tasksMax)
		}
		o.TasksMax = n
	}
	o.After, o.Wants, o.Requires = fields(g.after), fields(g.wants), fields(g.requires)
	o.WantedBy = fields(g.wantedBy)
	for _, s := range g.set {
		st, err := gen.ParseSetting(s)
		if err != nil {
			return o, fmt.Errorf("--set %w", err)
		}
		o.Set = append(o.Set, st)
	}
	return o, nil
}

// fields splits each flag value at whitespace, as systemd splits a
// dependency list, so "--after 'a.service b.service'" works too.
func fields(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, strings.Fields(v)...)
	}
	return out
}

// duration reads a systemd time span flag ("5s", "1h 30min", "90" for
// seconds). Empty is zero: not given.
func duration(flag, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	t, err := value.ParseSec(s)
	if err != nil {
		return 0, fmt.Errorf("--%s %q: %w", flag, s, err)
	}
	d, ok := t.Duration()
	if !ok || d <= 0 {
		return 0, fmt.Errorf("--%s %q: want a time span above 0 and below infinity, such as 30s or 5min", flag, s)
	}
	return d, nil
}

// lookPath finds an executable in the PATH that getenv gives, as
// exec.LookPath does in the process environment. Relative PATH entries are
// skipped: they would mean something else to the service manager.
func lookPath(getenv func(string) string) func(string) (string, error) {
	return func(file string) (string, error) {
		for _, dir := range filepath.SplitList(getenv("PATH")) {
			if !filepath.IsAbs(dir) {
				continue
			}
			p := filepath.Join(dir, file)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
				return p, nil
			}
		}
		return "", fmt.Errorf("%s: not found in PATH", file)
	}
}

// splitCommand takes NAME -- COMMAND [ARG...] apart.
func splitCommand(cmd *cobra.Command, args []string) (string, []string, error) {
	dash := cmd.ArgsLenAtDash()
	usage := "usvc gen " + cmd.Name() + " NAME [flags] -- COMMAND [ARG...]"
	switch {
	case len(args) == 0:
		return "", nil, fmt.Errorf("no unit name: %s", usage)
	case dash < 0 && len(args) == 1:
		return "", nil, fmt.Errorf("no command: put it after --, as in %s", usage)
	case dash < 0:
		return "", nil, fmt.Errorf("put the command after --, so that its options are not read as gen's: %s", usage)
	case dash != 1:
		return "", nil, fmt.Errorf("want one unit name before --, got %d: %s", dash, usage)
	case len(args) == 1:
		return "", nil, fmt.Errorf("no command after --: %s", usage)
	}
	return args[0], args[1:], nil
}

func newGenServiceCmd(e *env) *cobra.Command {
	var g genFlags
	c := &cobra.Command{
		Use:   "service NAME [flags] -- COMMAND [ARG...]",
		Short: "Generate a user service that runs COMMAND",
		Long: `service prints (or with -o writes) NAME.service, a user service that runs
COMMAND with its arguments exactly as given. By default: Type=simple,
Restart=on-failure, RestartSec=5s, MemoryMax=50% and WantedBy=default.target.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			name, argv, err := splitCommand(cmd, args)
			if err != nil {
				return fail(exitUsage, "%v", err)
			}
			o, err := g.options(e, name, argv)
			if err != nil {
				return fail(exitUsage, "%v", err)
			}
			f, err := gen.Service(o)
			if err != nil {
				return genError(err)
			}
			return g.emit(e, o.Systemd, f)
		},
	}
	g.register(c, false)
	return c
}

func newGenTimerCmd(e *env) *cobra.Command {
	var g genFlags
	var onCalendar []string
	var onBoot, onStartup, onActive, onUnitActive, randomDelay string
	var persistent bool
	c := &cobra.Command{
		Use:   "timer NAME --on-calendar SPEC|--on-boot-sec D|--on-unit-active-sec D [flags] -- COMMAND [ARG...]",
		Short: "Generate a user timer and the oneshot service it runs",
		Long: `timer prints (or with -o writes) NAME.timer and NAME.service: a timer,
WantedBy=timers.target, that starts a Type=oneshot service running COMMAND.
Enable the timer, not the service. The service flags apply to the service;
--wanted-by and --set Timer.KEY=... or Install.KEY=... apply to the timer.

With --on-unit-active-sec alone, OnActiveSec= is written with the same span:
OnUnitActiveSec= counts from the service's last start, so without a first
trigger the timer would never fire.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			name, argv, err := splitCommand(cmd, args)
			if err != nil {
				return fail(exitUsage, "%v", err)
			}
			o, err := g.options(e, name, argv)
			if err != nil {
				return fail(exitUsage, "%v", err)
			}
			t := gen.TimerOptions{OnCalendar: onCalendar, Persistent: persistent, WantedBy: o.WantedBy}
			o.WantedBy = nil
			for _, d := range []struct {
				flag, s string
				to      *time.Duration
			}{
				{"on-boot-sec", onBoot, &t.OnBootSec},
				{"on-startup-sec", onStartup, &t.OnStartupSec},
				{"on-active-sec", onActive, &t.OnActiveSec},
				{"on-unit-active-sec", onUnitActive, &t.OnUnitActiveSec},
				{"randomized-delay-sec", randomDelay, &t.RandomizedDelaySec},
			} {
				if *d.to, err = duration(d.flag, d.s); err != nil {
					return fail(exitUsage, "%v", err)
				}
			}
			// [Timer] and [Install] settings belong to the timer, the
			// rest to the service.
			var svc []gen.Setting
			for _, s := range o.Set {
				if s.Section == "Timer" || s.Section == "Install" {
					t.Set = append(t.Set, s)
				} else {
					svc = append(svc, s)
				}
			}
			o.Set = svc
			timer, service, err := gen.Timer(o, t)
			if err != nil {
				return genError(err)
			}
			// The service first: with -o, the timer is never on disk
			// without the unit it starts.
			return g.emit(e, o.Systemd, service, timer)
		},
	}
	g.register(c, true)
	fs := c.Flags()
	fs.StringArrayVar(&onCalendar, "on-calendar", nil, `OnCalendar=, a calendar event ("daily", "Mon..Fri 09:00", "*-*-* *:00/15"), checked as systemd reads it (repeatable)`)
	fs.StringVar(&onBoot, "on-boot-sec", "", "OnBootSec=, a time span after the machine booted")
	fs.StringVar(&onStartup, "on-startup-sec", "", "OnStartupSec=, a time span after the user manager started (login, or boot with lingering)")
	fs.StringVar(&onActive, "on-active-sec", "", "OnActiveSec=, a time span after the timer was started")
	fs.StringVar(&onUnitActive, "on-unit-active-sec", "", "OnUnitActiveSec=, a time span after the service last started: repeats")
	fs.StringVar(&randomDelay, "randomized-delay-sec", "", "RandomizedDelaySec=, spread the start over up to this span")
	fs.BoolVar(&persistent, "persistent", false, "Persistent=yes: catch up on a run missed while the machine was off (OnCalendar only)")
	return c
}

// genError maps an error of package gen to an exit code: a bug in gen is
// a failure, everything else a refused value.
func genError(err error) error {
	if errors.Is(err, gen.ErrInternal) {
		return fail(exitFailure, "%v", err)
	}
	return fail(exitUsage, "%v", err)
}

// emit lints the units, then prints them, or writes them into -o DIR. A
// single unit is printed as it is, so the output can be redirected into a
// unit file; several are each preceded by a "# NAME" line (a comment, so
// that each part is still a valid unit file).
func (g *genFlags) emit(e *env, systemd catalog.Version, files ...*unitfile.File) error {
	if err := lintClean(e, systemd, files); err != nil {
		return err
	}
	if g.outDir != "" {
		return writeUnits(g.outDir, g.force, files)
	}
	if g.force {
		return fail(exitUsage, "--force applies to -o DIR only")
	}
	var b bytes.Buffer
	for i, f := range files {
		if len(files) > 1 {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "# %s\n", f.Name)
		}
		b.Write(f.Bytes())
	}
	if _, err := e.stdout.Write(b.Bytes()); err != nil {
		return fail(exitFailure, "writing the output: %v", err)
	}
	return nil
}

// lintClean refuses units with a lint finding at warning or above. What
// gen writes by itself is clean (its tests lint every unit they make);
// this catches the raw values of --set, which gen checks only where their
// syntax is simple. The units are linted together, for the release they
// are written for.
func lintClean(e *env, systemd catalog.Version, files []*unitfile.File) error {
	set := &lint.Settings{Version: systemd, Scope: lint.UserScope}
	var in []*lint.Input
	for _, f := range files {
		in = append(in, &lint.Input{Path: f.Name, Src: f.Bytes(), Settings: set})
	}
	bad := false
	for _, r := range lint.Lint(in) {
		for _, d := range r.Diagnostics {
			if d.Severity <= lint.Warning {
				fmt.Fprintln(e.stderr, lint.Printable(d.String()))
				bad = true
			}
		}
	}
	if bad {
		return fail(exitUsage, "the unit would not lint clean (see above; usvc explain RULE says more); change the --set values")
	}
	return nil
}

// writeUnits writes the files into dir, in order, each atomically. Without
// force nothing is written if any file exists. If a write fails, the files
// written before it are removed, or with force put back as they were, so
// that no half of a timer/service pair is left behind.
func writeUnits(dir string, force bool, files []*unitfile.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(exitFailure, "%s: %v", dir, unwrapPathError(err))
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(dir, f.Name)
		if _, err := os.Lstat(paths[i]); err == nil && !force {
			return fail(exitUsage, "%s exists; use --force to replace it", paths[i])
		}
	}
	type undo struct {
		path    string
		old     []byte
		existed bool
	}
	var done []undo
	rollback := func() {
		for i := len(done) - 1; i >= 0; i-- {
			u := done[i]
			if u.existed {
				atomicfile.WriteFile(u.path, u.old, 0o644)
			} else {
				os.Remove(u.path)
			}
		}
	}
	for i, f := range files {
		u := undo{path: paths[i]}
		if force {
			if old, err := os.ReadFile(paths[i]); err == nil {
				u.old, u.existed = old, true
			}
		}
		var err error
		if force {
			err = atomicfile.WriteFile(paths[i], f.Bytes(), 0o644)
		} else {
			err = atomicfile.Create(paths[i], f.Bytes(), 0o644)
		}
		if err != nil {
			rollback()
			if errors.Is(err, fs.ErrExist) {
				return fail(exitUsage, "%s exists; use --force to replace it", paths[i])
			}
			return fail(exitFailure, "%s: %v", paths[i], unwrapPathError(err))
		}
		done = append(done, u)
	}
	return nil
}
