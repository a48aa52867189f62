package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"
	"github.com/usvc/usvc/internal/atomicfile"
	"github.com/usvc/usvc/internal/readfiles"
	"github.com/usvc/usvc/lint"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/load"
	"github.com/usvc/usvc/unitfile/unitname"
)

func init() { register("lint", newLintCmd) }

// lintFlags are the flags of 'usvc lint'.
type lintFlags struct {
	format, failOn, color    string
	enable, disable          []string
	systemdVersion           string
	user, system             bool
	config                   string
	noConfig, fix, diff      bool
	stdinName                string
	searchPath, noSearchPath bool
}

func newLintCmd(e *env) *cobra.Command {
	var fl lintFlags
	c := &cobra.Command{
		Use:   "lint [flags] [PATH...]",
		Short: "Check unit files for the mistakes that break them, user services first",
		Long: `lint checks unit files and drop-ins the way systemd reads them, and reports
what would break them: comments after values, dependencies on system units in
user units, units that never start, syntax systemd rejects, and more
("usvc rules" lists the rules, "usvc explain RULE" explains one).

A PATH is a unit file, a drop-in, a directory (searched recursively for unit
files and NAME.d/*.conf drop-ins; symbolic links found there are skipped), or
"-" for standard input, named with --stdin-filename. Without PATH, lint checks
your user units: $XDG_CONFIG_HOME/systemd/user (~/.config/systemd/user) and
$XDG_DATA_HOME/systemd/user (~/.local/share/systemd/user), against the user
search path.

A file under a systemd/system directory (/etc/systemd/system,
lib/systemd/system in a package tree, ...) is a system unit; anything else a
user unit, unless --system, --user or the configuration's [scope] says
otherwise. User-only rules skip system units.

The verdict depends only on the files, the flags and the configuration: the
installed units are consulted only with --search-path (the default without
PATH), for the rules that ask whether a unit exists.

Configuration: the nearest .usvc.toml from each file's directory up to the
repository root, else $XDG_CONFIG_HOME/usvc/config.toml; --config names one,
--no-config ignores them. Flags override it.

Suppress a finding with a comment line above the entry or section header:
  # usvc:ignore RULE[,RULE] reason
or anywhere in the file for all of it:
  # usvc:ignore-file RULE[,RULE] reason

Formats: text (path:line:col: severity: message [rule], the line and a
caret), json (an array of findings), sarif (SARIF 2.1.0 for GitHub code
scanning), github (workflow commands; the default when GITHUB_ACTIONS=true).

--fix applies the safe fixes in place (atomically, keeping the file mode)
and reports what remains; --diff prints the fixes as a unified diff instead
(git apply -p1 takes it) and the findings that remain on standard error.

Exit status: 0 when no finding is at or above --fail-on (default warning),
1 when one is, 2 on usage or configuration errors, 3 when a file could not
be read or written.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(e, &fl, args)
		},
	}
	f := c.Flags()
	f.StringVar(&fl.format, "format", "", "output format: text, json, sarif or github (default text; github when GITHUB_ACTIONS=true)")
	f.StringVar(&fl.failOn, "fail-on", "warning", "exit 1 when a finding has this severity or a higher one: error, warning, info or never")
	f.StringSliceVar(&fl.enable, "enable", nil, "turn rules on (comma-separated names, or all)")
	f.StringSliceVar(&fl.disable, "disable", nil, "turn rules off (comma-separated names, or all)")
	f.StringVar(&fl.systemdVersion, "systemd-version", "", fmt.Sprintf("the oldest systemd the units must work with (default %s)", lint.DefaultVersion))
	f.BoolVar(&fl.user, "user", false, "lint every file as a user unit")
	f.BoolVar(&fl.system, "system", false, "lint every file as a system unit (user-only rules are skipped)")
	f.StringVar(&fl.config, "config", "", "read the configuration from this file instead of searching for .usvc.toml")
	f.BoolVar(&fl.noConfig, "no-config", false, "read no configuration file")
	f.BoolVar(&fl.fix, "fix", false, "apply the safe fixes to the files")
	f.BoolVar(&fl.diff, "diff", false, "print the fixes as a unified diff instead of applying them")
	f.StringVar(&fl.color, "color", "auto", "color the text output: auto, always or never (NO_COLOR and FORCE_COLOR are honoured)")
	f.StringVar(&fl.stdinName, "stdin-filename", "", "the file name to report for standard input (it decides the unit type, scope and configuration)")
	f.BoolVar(&fl.searchPath, "search-path", false, "check units named in dependencies against the installed units (default without PATH)")
	f.BoolVar(&fl.noSearchPath, "no-search-path", false, "do not consult the installed units, even without PATH")
	return c
}

// lintRun is one 'usvc lint' invocation.
type lintRun struct {
	e        *env
	fl       *lintFlags
	version  catalog.Version
	failOn   lint.Severity // 0: never
	failed   bool          // a file could not be read or written
	configs  map[string]*lint.Config
	loaders  map[lint.Scope]lint.Units
	useUnits bool
	// found is the configuration file FindConfig finds for a directory
	// (relative to the working directory when below it; "" for none):
	// the files of a directory share one search up the tree.
	found map[string]string
	// dirSettings are the settings of the files of a directory, for
	// directories where they do not depend on the file (see settings).
	dirSettings map[string]*lint.Settings
}

func (r *lintRun) errorf(format string, args ...any) {
	fmt.Fprintf(r.e.stderr, "usvc: "+format+"\n", args...)
	r.failed = true
}

func runLint(e *env, fl *lintFlags, args []string) error {
	r := &lintRun{
		e: e, fl: fl,
		configs:     map[string]*lint.Config{},
		loaders:     map[lint.Scope]lint.Units{},
		found:       map[string]string{},
		dirSettings: map[string]*lint.Settings{},
	}
	if err := r.checkFlags(args); err != nil {
		return err
	}
	paths := args
	if len(paths) == 0 {
		paths = userUnitDirs(e)
		if len(paths) == 0 {
			fmt.Fprintln(e.stderr, "usvc: no user unit directory found ("+filepath.Join("$XDG_CONFIG_HOME", "systemd", "user")+"); name the files to lint")
			return nil
		}
		r.useUnits = !fl.noSearchPath
	}
	if fl.searchPath {
		r.useUnits = true
	}
	var inputs []*lint.Input
	stdinRead := false
	seen := map[string]bool{}
	for _, a := range paths {
		if a == "-" {
			if stdinRead {
				return usageError{errors.New(`"-" (standard input) can be named only once`)}
			}
			stdinRead = true
		}
		ins, err := r.collect(a)
		if err != nil {
			return err
		}
		for _, in := range ins {
			// A file named twice (a directory and a file in it) is
			// linted once.
			if k := filepath.Clean(in.Path); !seen[k] || a == "-" {
				seen[k] = true
				inputs = append(inputs, in)
			}
		}
	}
	var results []*lint.Result
	if fl.fix || fl.diff {
		results = lint.Fix(inputs)
	} else {
		results = lint.Lint(inputs)
	}
	for _, res := range results {
		if res.Err != nil {
			r.errorf("%s: %v", res.Input.Path, res.Err)
		}
	}
	out := e.stdout
	if fl.diff {
		for _, res := range results {
			if res.Fixed != nil {
				p := filepath.ToSlash(res.Input.Path)
				io.WriteString(e.stdout, udiff.Unified("a/"+p, "b/"+p, string(res.Input.Content()), string(res.Fixed)))
			}
		}
		out = e.stderr
	} else if fl.fix {
		for _, res := range results {
			if res.Fixed == nil {
				continue
			}
			if err := atomicfile.WriteFile(res.Input.Path, res.Fixed, 0o644); err != nil {
				r.errorf("%s: %v", res.Input.Path, unwrapPathError(err))
			}
		}
	}
	if err := r.write(out, results); err != nil {
		return fail(exitFailure, "writing the output: %v", err)
	}
	if r.failed {
		return silent(exitFailure)
	}
	for _, res := range results {
		for _, d := range res.Diagnostics {
			if r.failOn != 0 && d.Severity <= r.failOn {
				return silent(exitFindings)
			}
		}
	}
	return nil
}

func (r *lintRun) checkFlags(args []string) error {
	fl := r.fl
	bad := func(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }
	if fl.format == "" {
		fl.format = "text"
		if r.e.getenv("GITHUB_ACTIONS") == "true" {
			fl.format = "github"
		}
	}
	if !slices.Contains([]string{"text", "json", "sarif", "github"}, fl.format) {
		return bad("unknown --format %q: use text, json, sarif or github", fl.format)
	}
	if fl.failOn != "never" {
		s, err := lint.ParseSeverity(fl.failOn)
		if err != nil {
			return bad("--fail-on: %v (or never)", err)
		}
		r.failOn = s
	}
	if !slices.Contains([]string{"auto", "always", "never"}, fl.color) {
		return bad("unknown --color %q: use auto, always or never", fl.color)
	}
	if fl.user && fl.system {
		return bad("--user and --system exclude each other")
	}
	if fl.config != "" && fl.noConfig {
		return bad("--config and --no-config exclude each other")
	}
	if fl.searchPath && fl.noSearchPath {
		return bad("--search-path and --no-search-path exclude each other")
	}
	if fl.systemdVersion != "" {
		v, err := catalog.ParseVersion(fl.systemdVersion)
		if err != nil {
			return bad("--systemd-version: %v", err)
		}
		r.version = v
	}
	var probe lint.Settings
	if err := probe.Switch(fl.enable, true); err != nil {
		return bad("--enable: %v", err)
	}
	if err := probe.Switch(fl.disable, false); err != nil {
		return bad("--disable: %v", err)
	}
	if fl.fix && !fl.diff && slices.Contains(args, "-") {
		return bad("--fix cannot write back to standard input; use --diff")
	}
	if fl.stdinName != "" && !slices.Contains(args, "-") {
		return bad(`--stdin-filename names standard input, but "-" is not among the paths`)
	}
	if fl.config != "" {
		c, err := lint.LoadConfig(fl.config)
		if err != nil {
			return configError(err)
		}
		r.configs[""] = c
	}
	return nil
}

// configError is a configuration problem: exit 2, naming the file.
func configError(err error) error {
	var ce *lint.ConfigError
	if errors.As(err, &ce) {
		return fail(exitUsage, "%v", ce)
	}
	return fail(exitUsage, "reading the configuration: %v", unwrapPathErrorKeepName(err))
}

func unwrapPathErrorKeepName(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// collect reads one PATH: a file, "-", or a directory walked for units.
func (r *lintRun) collect(path string) ([]*lint.Input, error) {
	if path == "-" {
		in, err := r.input("-")
		if in == nil {
			return nil, err
		}
		return []*lint.Input{in}, err
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.IsDir() {
		in, err := r.input(path)
		if in == nil {
			return nil, err
		}
		return []*lint.Input{in}, err
	}
	// Walk first, then read the files found all at once: reading
	// dominates, and parallel reads overlap its system calls. The walk's
	// own errors keep their place among the files, so that the messages
	// come in walk order, as if each file were read when found.
	type found struct {
		path string
		err  error // the walk could not read path; nothing to read
	}
	var items []found
	var paths []string
	// The callback reports the walk's errors itself: WalkDir returns nil.
	_ = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			items = append(items, found{path: p, err: err})
			return nil
		}
		if d.IsDir() && d.Name() == ".git" && p != path {
			return filepath.SkipDir
		}
		// Only regular files: links in unit directories are .wants/
		// entries, aliases and masks, whose targets are linted where they
		// are.
		if !d.Type().IsRegular() || !lintable(p) {
			return nil
		}
		items = append(items, found{path: p})
		paths = append(paths, p)
		return nil
	})
	srcs, errs := readFiles(paths)
	var out []*lint.Input
	i := 0
	for _, it := range items {
		if it.err != nil {
			r.errorf("%s: %v", it.path, unwrapPathError(it.err))
			continue
		}
		src, err := srcs[i], errs[i]
		i++
		// A regular file: what readInput does after its Lstat and Stat,
		// which the walk's DirEntry already answered.
		if err != nil {
			r.errorf("%s: %v", it.path, unwrapPathError(err))
			continue
		}
		in, err := r.inputOf(it.path, nil, src)
		if err != nil {
			// A configuration error stops the run (exit 2), as it
			// stopped the walk.
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// readFiles reads the files found in a directory, which the walk found
// to be regular files; tests replace it.
var readFiles = readfiles.ReadRegular

// lintable reports whether a file found in a directory is a unit file (by
// its suffix) or a drop-in (NAME.d/*.conf for a unit NAME or a type).
func lintable(p string) bool {
	base := filepath.Base(p)
	if strings.HasSuffix(base, ".conf") {
		dir, ok := strings.CutSuffix(filepath.Base(filepath.Dir(p)), ".d")
		return ok && (unitname.IsType(dir) || unitname.Check(dir) == nil)
	}
	ext := filepath.Ext(base)
	return ext != "" && unitname.IsType(ext[1:])
}

// input reads one file and gives it its settings. A file that cannot be
// read is reported (exit 3) and skipped; a configuration error stops the
// run (exit 2).
func (r *lintRun) input(path string) (*lint.Input, error) {
	in, err := readInput(r.e, path, "")
	if err != nil {
		r.errorf("%v", err)
		return nil, nil
	}
	return r.inputOf(path, in.src, "")
}

// inputOf gives the content of a file read from path ("-": standard
// input), src or text, its name and settings.
func (r *lintRun) inputOf(path string, src []byte, text string) (*lint.Input, error) {
	name := path
	if path == "-" {
		name = "<stdin>"
		if r.fl.stdinName != "" {
			name = r.fl.stdinName
		}
	}
	s, err := r.settings(name)
	if err != nil {
		return nil, err
	}
	return &lint.Input{Path: name, Src: src, Text: text, Settings: s}, nil
}

// settings are the configuration's settings for a file, with the flags
// on top.
func (r *lintRun) settings(name string) (*lint.Settings, error) {
	var cfg *lint.Config
	switch {
	case r.fl.noConfig:
	case r.fl.config != "":
		cfg = r.configs[""]
	default:
		dir := filepath.Dir(name)
		if name == "<stdin>" {
			dir = "."
		}
		// One search per directory, not per file: FindConfig stats two
		// names in every directory up to the repository root.
		p, ok := r.found[dir]
		if !ok {
			p = findConfig(dir, r.e.getenv)
			if p != "" {
				p = relToCwd(p)
			}
			r.found[dir] = p
		}
		if p != "" {
			c, ok := r.configs[p]
			if !ok {
				var err error
				if c, err = lint.LoadConfig(p); err != nil {
					return nil, configError(err)
				}
				r.configs[p] = c
			}
			cfg = c
		}
	}
	// The settings depend on the file only through its directory (the
	// configuration, the scope its path gives, its siblings), unless
	// [scope] patterns match file names: then each file gets its own.
	// Files of one directory share them otherwise (lint only reads
	// settings), which saves building them 1,000 times for a directory.
	dir, shared := settingsDir(name)
	shared = shared && (cfg == nil || len(cfg.Scopes) == 0)
	if shared {
		if s, ok := r.dirSettings[dir]; ok {
			return s, nil
		}
	}
	s := cfg.Settings(name)
	if !r.version.IsZero() {
		s.Version = r.version
	}
	// Checked in checkFlags.
	_ = s.Switch(r.fl.disable, false)
	_ = s.Switch(r.fl.enable, true)
	switch {
	case r.fl.user:
		s.Scope = lint.UserScope
	case r.fl.system:
		s.Scope = lint.SystemScope
	}
	if s.Scope == lint.AnyScope {
		// What lint does with AnyScope (see lint.Settings), done here
		// where it is done once per directory: lint.ScopeOf asks the
		// kernel for the working directory for every relative path.
		s.Scope = lint.ScopeOf(name)
		if s.Scope == lint.AnyScope {
			s.Scope = lint.UserScope
		}
	}
	if r.useUnits {
		s.Units = r.units(s.Scope)
	}
	if name != "<stdin>" || r.fl.stdinName != "" {
		// pre-commit passes only the files that changed: a service's
		// timer next to it on disk still counts as there.
		s.Units = &siblingUnits{dir: filepath.Dir(name), next: s.Units}
	}
	if shared {
		r.dirSettings[dir] = s
	}
	return s, nil
}

// findConfig is lint.FindConfig; tests count the calls.
var findConfig = lint.FindConfig

// settingsDir is the directory whose files share the settings of the file
// name, and whether name's settings may be shared: not for standard input
// without a name, nor for a name that is not a clean path to a file in
// its directory ("a/..", "a/b/"), whose scope does not follow from
// filepath.Dir.
func settingsDir(name string) (string, bool) {
	base := filepath.Base(name)
	if name == "<stdin>" || name != filepath.Clean(name) || base == "." || base == ".." || base == string(filepath.Separator) {
		return "", false
	}
	return filepath.Dir(name), true
}

// siblingUnits finds units among the files next to the one linted, then
// asks the search path (if loaded). It says Yes or defers: a file missing
// from the directory may be installed elsewhere.
type siblingUnits struct {
	dir  string
	next lint.Units
}

func (u *siblingUnits) Exists(name string) lint.Answer {
	if unitname.Check(name) == nil {
		names := []string{name}
		if t, err := unitname.TemplateOf(name); err == nil && t != name {
			names = append(names, t)
		}
		for _, n := range names {
			if fi, err := os.Stat(filepath.Join(u.dir, n)); err == nil && !fi.IsDir() {
				return lint.Yes
			}
		}
	}
	if u.next == nil {
		return lint.Unknown
	}
	return u.next.Exists(name)
}

func (u *siblingUnits) Effective(name string) (*lint.Unit, bool) {
	if u.next == nil {
		return nil, false
	}
	return u.next.Effective(name)
}

// units is the installed search path of a scope, loaded once.
func (r *lintRun) units(scope lint.Scope) lint.Units {
	if u, ok := r.loaders[scope]; ok {
		return u
	}
	env := load.HostEnv()
	env.LookupEnv = func(k string) (string, bool) {
		v := r.e.getenv(k)
		return v, v != ""
	}
	ls := load.User
	if scope == lint.SystemScope {
		ls = load.System
	}
	var u lint.Units
	if dirs, err := load.SearchPath(ls, env); err == nil {
		if l, err := load.NewLoader("", dirs); err == nil {
			u = &loadedUnits{l: l}
		}
	}
	r.loaders[scope] = u
	return u
}

// loadedUnits answers the rules' questions from a loaded search path.
type loadedUnits struct{ l *load.Loader }

func (u *loadedUnits) Exists(name string) lint.Answer {
	lu, err := u.l.Load(name)
	if err != nil {
		return lint.Unknown
	}
	if lu.State == load.NotFound {
		return lint.No
	}
	return lint.Yes
}

func (u *loadedUnits) Effective(name string) (*lint.Unit, bool) {
	lu, err := u.l.Load(name)
	if err != nil || lu.State == load.NotFound {
		return nil, false
	}
	out := &lint.Unit{Name: lu.ID}
	if lu.Fragment != nil {
		out.File = lu.Fragment.Parsed
	}
	for _, d := range lu.DropIns {
		if d.Parsed != nil {
			out.DropIns = append(out.DropIns, d.Parsed)
		}
	}
	return out, true
}

// relToCwd names p relative to the working directory when it is below
// it, for messages.
func relToCwd(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// userUnitDirs are the directories a user writes units to, those that
// exist: $XDG_CONFIG_HOME/systemd/user and $XDG_DATA_HOME/systemd/user.
func userUnitDirs(e *env) []string {
	home := e.getenv("HOME")
	xdg := func(key, def string) string {
		if v := e.getenv(key); filepath.IsAbs(v) {
			return v
		}
		if home == "" {
			return ""
		}
		return filepath.Join(home, def)
	}
	var out []string
	for _, base := range []string{xdg("XDG_CONFIG_HOME", ".config"), xdg("XDG_DATA_HOME", filepath.Join(".local", "share"))} {
		if base == "" {
			continue
		}
		d := filepath.Join(base, "systemd", "user")
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

// write prints the findings in the chosen format.
func (r *lintRun) write(w io.Writer, results []*lint.Result) error {
	switch r.fl.format {
	case "json":
		return lint.WriteJSON(w, results)
	case "sarif":
		return lint.WriteSARIF(w, results, repoRoot(), sarifVersion())
	case "github":
		return lint.WriteGitHub(w, results)
	}
	return lint.WriteText(w, results, r.colored(w))
}

// colored decides whether text output to w gets colors: --color, then
// NO_COLOR (non-empty: off), then FORCE_COLOR or CLICOLOR_FORCE (non-empty:
// on), then TERM=dumb (off), then whether w is a terminal.
func (r *lintRun) colored(w io.Writer) bool {
	switch r.fl.color {
	case "always":
		return true
	case "never":
		return false
	}
	if r.e.getenv("NO_COLOR") != "" {
		return false
	}
	if r.e.getenv("FORCE_COLOR") != "" || r.e.getenv("CLICOLOR_FORCE") != "" {
		return true
	}
	if r.e.getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&fs.ModeCharDevice != 0
}

// repoRoot is the directory SARIF paths are relative to: the repository
// around the working directory, else the working directory.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return wd
		}
		d = parent
	}
}

// sarifVersion is usvc's module version for SARIF, "" for a development
// build.
func sarifVersion() string {
	v := strings.Fields(versionString())
	if len(v) >= 2 && v[1] != "(devel)" && v[1] != "(unknown" {
		return v[1]
	}
	return ""
}
