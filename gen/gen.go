package gen

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// DefaultRestartSec is the RestartSec= a restarting service gets when
// Options.RestartSec is zero. systemd's own default, 100ms, lets a service
// that fails at once use up the start limit (5 starts in 10s) in half a
// second, after which it stays failed; at 5s it is retried for ever.
const DefaultRestartSec = 5 * time.Second

// entry is one line gen writes, with an optional comment line above it.
type entry struct{ section, key, value, comment string }

// unit collects the lines of one unit before they are written, so that
// sections come out in the usual order whatever order they were added in.
type unit struct {
	name    string
	typ     catalog.UnitType
	entries []entry
}

func (u *unit) add(section, key, value string) {
	u.entries = append(u.entries, entry{section: section, key: key, value: value})
}

// addDescription adds Description=. Free text may hold a "#" between
// blanks, which a reader (and lint's inline-comment rule, with a warning)
// takes for a comment that systemd keeps in the text; gen writes the text
// as asked and says so in a suppression with its reason.
func (u *unit) addDescription(d string) {
	u.add("Unit", "Description", d)
	for i := 1; i < len(d); i++ {
		if d[i] == '#' && isBlank(d[i-1]) && (i+1 == len(d) || isBlank(d[i+1])) {
			u.entries[len(u.entries)-1].comment = "usvc:ignore inline-comment the '#' is part of the description, as given to usvc gen"
			return
		}
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// file writes the unit with unitfile's edit API, parses the result again
// and checks that systemd reads exactly the intended lines from it.
func (u *unit) file() (*unitfile.File, error) {
	f, err := unitfile.Parse(u.name, nil)
	if err != nil {
		return nil, err
	}
	order := []string{"Unit", u.typ.Section().String(), "Install"}
	var want []entry
	for _, sec := range order {
		first := true
		for _, e := range u.entries {
			if e.section != sec {
				continue
			}
			if first {
				if _, err := f.AddSection(sec); err != nil {
					return nil, err
				}
				first = false
			}
			added, err := f.Add(sec, e.key, e.value)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", sec, e.key, err)
			}
			if e.comment != "" {
				if _, err := f.InsertComment(added, e.comment); err != nil {
					return nil, err
				}
			}
			e.comment = ""
			want = append(want, e)
		}
	}
	out, err := unitfile.Parse(u.name, f.Bytes())
	if err != nil {
		return nil, err
	}
	var got []entry
	for s, e := range out.Entries() {
		got = append(got, entry{section: s.Name(), key: e.Key(), value: e.Value()})
	}
	if len(out.Diagnostics) != 0 || !slices.Equal(got, want) {
		return nil, fmt.Errorf("%w: %s reads back as %v with diagnostics %v, not %v", ErrInternal, u.name, got, out.Diagnostics, want)
	}
	return out, nil
}

// Service builds a user service unit that runs opts.ExecStart.
func Service(opts Options) (*unitfile.File, error) {
	name, err := unitName(opts.Name, "service")
	if err != nil {
		return nil, err
	}
	u, err := serviceUnit(name, opts, false)
	if err != nil {
		return nil, err
	}
	return u.file()
}

// Timer builds a user timer and the service it starts: NAME.timer and
// NAME.service (opts.Name may carry either suffix, or none). The service
// is Type=oneshot, has no Restart= unless asked for (and never always or
// on-success, which systemd refuses for oneshot services) and no
// [Install]: the timer is what gets enabled, and it is WantedBy=
// timers.target unless topts.WantedBy says otherwise.
func Timer(opts Options, topts TimerOptions) (timer, service *unitfile.File, err error) {
	sname, err := unitName(opts.Name, "service", "timer")
	if err != nil {
		return nil, nil, err
	}
	tname := strings.TrimSuffix(sname, ".service") + ".timer"
	if opts.WantedBy != nil {
		return nil, nil, errors.New("a timer's service has no [Install] section: the timer is enabled, not the service (set TimerOptions.WantedBy)")
	}
	su, err := serviceUnit(sname, opts, true)
	if err != nil {
		return nil, nil, err
	}
	tu, err := timerUnit(tname, opts, topts)
	if err != nil {
		return nil, nil, err
	}
	if timer, err = tu.file(); err != nil {
		return nil, nil, err
	}
	if service, err = su.file(); err != nil {
		return nil, nil, err
	}
	return timer, service, nil
}

func serviceUnit(name string, opts Options, forTimer bool) (*unit, error) {
	u := &unit{name: name, typ: catalog.TypeService}
	home := opts.Home
	if !usableHome(home) {
		home = ""
	}

	// [Unit]
	if opts.Description != "" {
		d, err := textValue("Description", opts.Description)
		if err != nil {
			return nil, err
		}
		if d != "" {
			u.addDescription(d)
		}
	}
	for _, dep := range []struct {
		key   string
		units []string
	}{{"After", opts.After}, {"Wants", opts.Wants}, {"Requires", opts.Requires}} {
		for _, n := range dep.units {
			if err := checkUnitRef(dep.key, n); err != nil {
				return nil, err
			}
			if n == name {
				return nil, fmt.Errorf("%s=%s: a unit cannot depend on itself", dep.key, n)
			}
			u.add("Unit", dep.key, n)
		}
	}

	// [Service]
	typ := opts.Type
	if typ == TypeDefault {
		typ = TypeSimple
		if forTimer {
			typ = TypeOneshot
		}
	}
	if typ < TypeSimple || typ > TypeIdle {
		return nil, fmt.Errorf("invalid service type %d", int(typ))
	}
	if forTimer && typ != TypeOneshot {
		return nil, fmt.Errorf("a timer's service runs once per trigger and must be Type=oneshot, not %s", typ)
	}
	v := version(opts)
	if typ == TypeExec && v.Compare(catalog.V(240)) < 0 {
		return nil, fmt.Errorf("Type=exec needs systemd 240, and the unit is for systemd %s: use simple, or target 240 or later (--systemd-version 240)", v)
	}
	if typ == TypeDBus && !hasSetting(opts.Set, "Service", "BusName") {
		return nil, errors.New("Type=dbus needs the service's bus name: add Service.BusName=NAME")
	}
	u.add("Service", "Type", typ.String())

	if len(opts.ExecStart) > 0 {
		if err := checkCommand(opts.ExecStart); err != nil {
			return nil, fmt.Errorf("ExecStart: %w", err)
		}
	}
	argv, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	ev, err := execValue(argv, home)
	if err != nil {
		return nil, fmt.Errorf("ExecStart: %w", err)
	}
	if err := checkExec(ev, argv, home); err != nil {
		return nil, err
	}
	u.add("Service", "ExecStart", ev)

	if wd := opts.WorkingDirectory; wd != "" {
		v := "~"
		if wd != "~" {
			if v, err = pathValue("WorkingDirectory", wd, home); err != nil {
				return nil, err
			}
		}
		u.add("Service", "WorkingDirectory", v)
	}
	for _, ev := range opts.Environment {
		if err := checkEnvValue(ev.Name, ev.Value); err != nil {
			return nil, err
		}
		q, err := words.QuoteEnvironment(ev.Name, ev.Value)
		if err != nil {
			return nil, fmt.Errorf("Environment %s: %w", ev.Name, err)
		}
		x := words.ParseEnvironment(q, words.Options{Specifier: homeSpecifier(home)})
		if len(x.Diagnostics) != 0 || len(x.Assignments) != 1 || x.Assignments[0].Name != ev.Name || x.Assignments[0].Value != ev.Value {
			return nil, fmt.Errorf("%w: Environment=%s does not read back as %s=%q", ErrInternal, q, ev.Name, ev.Value)
		}
		u.add("Service", "Environment", q)
	}
	for _, ef := range opts.EnvironmentFiles {
		optional := strings.HasPrefix(ef, "-")
		v, err := pathValue("EnvironmentFile", strings.TrimPrefix(ef, "-"), home)
		if err != nil {
			return nil, err
		}
		if optional {
			v = "-" + v
		}
		x := words.ParseEnvironmentFile(v, words.Options{Specifier: homeSpecifier(home)})
		if !x.Ok || x.Optional != optional || x.Path != words.PathSimplify(strings.TrimPrefix(ef, "-")) {
			return nil, fmt.Errorf("%w: EnvironmentFile=%s does not read back as %s", ErrInternal, v, ef)
		}
		u.add("Service", "EnvironmentFile", v)
	}

	restart := opts.Restart
	if restart == RestartDefault && typ != TypeOneshot {
		restart = RestartOnFailure
	}
	if restart < RestartDefault || restart > RestartAlways {
		return nil, fmt.Errorf("invalid restart policy %d", int(restart))
	}
	if typ == TypeOneshot && (restart == RestartAlways || restart == RestartOnSuccess) {
		// src/core/service.c: service_verify() refuses the unit.
		return nil, fmt.Errorf("Restart=%s is not allowed for Type=oneshot services (systemd refuses to load them); use on-failure", restart)
	}
	if typ == TypeOneshot && restart != RestartDefault && restart != RestartNo && v.Compare(catalog.V(244)) < 0 {
		// Before 244 service_verify() refused any Restart= but no.
		return nil, fmt.Errorf("systemd before 244 refuses to load a Type=oneshot service with Restart=%s, and the unit is for systemd %s: leave Restart out, or target 244 or later (--systemd-version 244)", restart, v)
	}
	if restart != RestartDefault {
		u.add("Service", "Restart", restart.String())
	}
	if restart != RestartDefault && restart != RestartNo {
		rs := opts.RestartSec
		if rs == 0 {
			rs = DefaultRestartSec
		}
		v, err := timespan("RestartSec", rs)
		if err != nil {
			return nil, err
		}
		u.add("Service", "RestartSec", v)
	} else if opts.RestartSec != 0 {
		return nil, errors.New("RestartSec is set but the service does not restart: set Restart too")
	}

	if err := opts.MemoryMax.check(); err != nil {
		return nil, err
	}
	if !opts.MemoryMax.IsUnset() {
		u.add("Service", "MemoryMax", opts.MemoryMax.String())
	}
	if q := opts.CPUQuota; q != 0 {
		v := strconv.FormatFloat(q, 'f', -1, 64) + "%"
		if _, err := value.ParseCPUQuota(v); err != nil || q < 0 {
			return nil, fmt.Errorf("CPUQuota %s: want a percentage above 0 with at most two decimals", v)
		}
		u.add("Service", "CPUQuota", v)
	}
	if opts.TasksMax != 0 {
		u.add("Service", "TasksMax", strconv.FormatUint(opts.TasksMax, 10))
	}

	// [Install]
	if !forTimer {
		for _, t := range opts.WantedBy {
			if t == "sockets.target" || t == "paths.target" {
				// basic.target waits for these targets, and a service
				// (default dependencies) waits for basic.target.
				return nil, fmt.Errorf("WantedBy=%s: an ordering cycle (%s waits for the service, the service for basic.target, basic.target for %s), which systemd breaks by dropping jobs; use default.target (it is the .%s unit that goes into %s)",
					t, t, t, strings.TrimSuffix(strings.TrimSuffix(t, ".target"), "s"), t)
			}
		}
		if err := addWantedBy(u, opts.WantedBy, "default.target"); err != nil {
			return nil, err
		}
	}

	// The Set entries go last in their sections, after what the typed
	// options wrote.
	if err := addSettings(u, opts.Set, forTimer, version(opts)); err != nil {
		return nil, err
	}
	return u, nil
}

// version is the release the units are for.
func version(opts Options) catalog.Version {
	if opts.Systemd == (catalog.Version{}) {
		return DefaultSystemd
	}
	return opts.Systemd
}

func hasSetting(set []Setting, section, key string) bool {
	return slices.ContainsFunc(set, func(s Setting) bool { return s.Section == section && s.Key == key })
}

// addSettings checks and adds the Set entries. A timer's service takes no
// [Install] keys.
func addSettings(u *unit, set []Setting, forTimer bool, version catalog.Version) error {
	seen := map[string]bool{}
	for _, s := range set {
		if err := checkSetting(u.typ, s, version); err != nil {
			return err
		}
		if d, ok := catalog.Lookup(s.Section, s.Key); ok && !d.List().IsList() {
			if seen[s.Section+"."+s.Key] {
				return fmt.Errorf("%s.%s is set twice; systemd would use the last value only", s.Section, s.Key)
			}
			seen[s.Section+"."+s.Key] = true
		}
		if forTimer && u.typ == catalog.TypeService && s.Section == "Install" {
			return fmt.Errorf("%s: a timer's service has no [Install] section; the timer is what gets enabled", s.Section+"."+s.Key)
		}
		u.add(s.Section, s.Key, s.Value)
	}
	return nil
}

func addWantedBy(u *unit, targets []string, def string) error {
	if targets == nil {
		targets = []string{def}
	}
	for _, t := range targets {
		if err := checkUnitRef("WantedBy", t); err != nil {
			return err
		}
		u.add("Install", "WantedBy", t)
	}
	return nil
}

// resolve makes argv[0] an absolute path, unless NoResolve.
func resolve(opts Options) ([]string, error) {
	argv := opts.ExecStart
	if len(argv) == 0 {
		return nil, errors.New("no command given")
	}
	if opts.NoResolve || argv[0] == "" || strings.HasPrefix(argv[0], "/") || strings.HasSuffix(argv[0], "/") {
		// Absolute, or not a command at all (QuoteExec says why).
		return argv, nil
	}
	argv = slices.Clone(argv)
	if strings.ContainsRune(argv[0], '/') {
		// "./run.sh", "bin/app": relative to the current directory, which
		// the service manager's is not.
		abs, err := filepath.Abs(argv[0])
		if err != nil {
			return nil, fmt.Errorf("ExecStart: %w", err)
		}
		argv[0] = filepath.ToSlash(abs)
		return argv, nil
	}
	look := opts.LookPath
	if look == nil {
		look = exec.LookPath
	}
	p, err := look(argv[0])
	if err != nil {
		return nil, fmt.Errorf("command %q not found in PATH; give its absolute path, or use NoResolve (--no-resolve) to let systemd search its own PATH when the service starts", argv[0])
	}
	if !strings.HasPrefix(p, "/") {
		if p, err = filepath.Abs(p); err != nil {
			return nil, fmt.Errorf("ExecStart: %w", err)
		}
	}
	argv[0] = filepath.ToSlash(p)
	return argv, nil
}

// timespan writes d in systemd's syntax ("5s", "1h 30min"), refusing what
// a time span cannot hold.
func timespan(key string, d time.Duration) (string, error) {
	if d < 0 {
		return "", fmt.Errorf("%s %v is negative", key, d)
	}
	if d%time.Microsecond != 0 {
		return "", fmt.Errorf("%s %v: systemd counts time spans in whole microseconds", key, d)
	}
	t := value.Timespan(d / time.Microsecond)
	s := value.FormatTimespan(t, 0)
	if back, err := value.ParseSec(s); err != nil || back != t {
		return "", fmt.Errorf("%w: %s=%s does not read back as %v", ErrInternal, key, s, d)
	}
	return s, nil
}

func timerUnit(name string, opts Options, topts TimerOptions) (*unit, error) {
	u := &unit{name: name, typ: catalog.TypeTimer}
	desc := topts.Description
	if desc == "" {
		desc = opts.Description
	}
	if desc != "" {
		d, err := textValue("Description", desc)
		if err != nil {
			return nil, err
		}
		if d != "" {
			u.addDescription(d)
		}
	}
	for _, c := range topts.OnCalendar {
		if err := lineValue("OnCalendar", c); err != nil {
			return nil, err
		}
		if _, err := value.ParseCalendar(c); err != nil {
			if strings.Contains(c, "'") {
				return nil, fmt.Errorf("OnCalendar=%s: %w", c, err)
			}
			return nil, fmt.Errorf("OnCalendar=%s: %w (try it with: systemd-analyze calendar '%s')", c, err, c)
		}
		u.add("Timer", "OnCalendar", c)
	}
	mono := []struct {
		key string
		d   time.Duration
	}{
		{"OnBootSec", topts.OnBootSec},
		{"OnStartupSec", topts.OnStartupSec},
		{"OnActiveSec", topts.OnActiveSec},
		{"OnUnitActiveSec", topts.OnUnitActiveSec},
	}
	if topts.OnUnitActiveSec != 0 && len(topts.OnCalendar) == 0 &&
		topts.OnBootSec == 0 && topts.OnStartupSec == 0 && topts.OnActiveSec == 0 {
		// See TimerOptions: otherwise the timer never fires.
		mono[2].d = topts.OnUnitActiveSec
	}
	triggers := len(topts.OnCalendar)
	for _, m := range mono {
		if m.d == 0 {
			continue
		}
		v, err := timespan(m.key, m.d)
		if err != nil {
			return nil, err
		}
		u.add("Timer", m.key, v)
		triggers++
	}
	if triggers == 0 {
		return nil, errors.New("the timer has no trigger: give OnCalendar (--on-calendar), OnBootSec (--on-boot-sec), OnStartupSec, OnActiveSec or OnUnitActiveSec (--on-unit-active-sec)")
	}
	if topts.Persistent {
		if len(topts.OnCalendar) == 0 {
			return nil, errors.New("Persistent applies to OnCalendar timers only (systemd.timer(5)); add --on-calendar or drop --persistent")
		}
		u.add("Timer", "Persistent", "yes")
	}
	if topts.RandomizedDelaySec != 0 {
		v, err := timespan("RandomizedDelaySec", topts.RandomizedDelaySec)
		if err != nil {
			return nil, err
		}
		u.add("Timer", "RandomizedDelaySec", v)
	}
	// Unit= is not written: it defaults to the service of the same name.
	if err := addWantedBy(u, topts.WantedBy, "timers.target"); err != nil {
		return nil, err
	}
	if err := addSettings(u, topts.Set, true, version(opts)); err != nil {
		return nil, err
	}
	return u, nil
}
