package gen

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/usvc/usvc/unitfile/catalog"
)

// Options describe a service unit. The zero value of every field means
// the default its comment gives; only Name and ExecStart are required.
type Options struct {
	// Name is the unit's name, with or without the ".service" suffix
	// (Timer also accepts ".timer"). It must be a valid unit name; a
	// template ("foo@.service") is allowed.
	Name string
	// Description is Description=; empty writes none. Spaces and tabs at
	// either end are dropped (systemd drops them too). A control character
	// is refused: systemd does not unescape Description=.
	Description string

	// ExecStart is the command, as an argv. argv[0] is resolved to an
	// absolute path through PATH (LookPath) unless NoResolve is set or it
	// holds a "/" (a relative path is made absolute). Every argument is
	// quoted so that systemd gives back exactly these strings.
	ExecStart []string
	// NoResolve writes argv[0] as it is: a bare name is then looked up by
	// systemd in its own PATH when the service starts.
	NoResolve bool
	// LookPath resolves a command name to a path; nil means os/exec's
	// LookPath, which searches the caller's PATH.
	LookPath func(file string) (string, error)
	// Home is the home directory of the user the unit is for. Paths under
	// it (WorkingDirectory, EnvironmentFiles, and ExecStart arguments that
	// start with it, or whose value after "--option=" does) are written
	// with the %h specifier, so the unit works for whoever installs it.
	// Empty: paths are written as they are.
	Home string

	// WorkingDirectory is WorkingDirectory=: an absolute, normalized path
	// (no "." or ".." components), or "~" for the home directory. Empty
	// writes none (the user manager then starts services in the home
	// directory).
	WorkingDirectory string
	// Environment are the Environment= assignments, one line each, in
	// order; systemd applies them in order, so a later one of the same
	// name wins.
	Environment []EnvVar
	// EnvironmentFiles are EnvironmentFile= paths, absolute; a leading "-"
	// makes the file optional, as in systemd.
	EnvironmentFiles []string

	// Type is Type=; the zero value is TypeSimple for Service and
	// TypeOneshot for the service Timer writes.
	Type ServiceType
	// Restart is Restart=; the zero value is RestartOnFailure, except for
	// a Type=oneshot service (the one Timer writes, for one), which gets
	// no Restart= line (systemd's "no").
	Restart RestartPolicy
	// RestartSec is RestartSec=, written when the service restarts; zero
	// means 5s. It must be a whole number of microseconds.
	RestartSec time.Duration
	// MemoryMax is MemoryMax=; the zero value is DefaultMemoryMax (50%).
	// MemoryUnset writes no line.
	MemoryMax MemoryLimit
	// CPUQuota is CPUQuota= in percent of one CPU (150 is one and a half
	// CPUs); zero writes none. At most two decimals, as systemd reads it.
	CPUQuota float64
	// TasksMax is TasksMax=, the most processes and threads; zero writes
	// none (the user manager's DefaultTasksMax=).
	TasksMax uint64

	// After, Wants and Requires are dependencies on other user units.
	// A system-only unit (network-online.target, multi-user.target, ...)
	// is refused: the user manager cannot see system units.
	After, Wants, Requires []string
	// WantedBy are the [Install] WantedBy= targets; nil means
	// default.target. The service Timer writes has no [Install] and
	// refuses WantedBy. (There is no way to leave [Install] out: lint
	// warns about a long-running user service that nothing starts; a
	// caller that wants one can delete the section from the result.)
	WantedBy []string

	// Set are further settings, written as given after the ones above.
	// Each is checked against the catalogue: the key must exist in that
	// section of a service (or timer) unit in the Systemd release, and
	// must not be deprecated or unsupported by the user manager; a key
	// that is not a list may be set once. Keys that have a field above
	// are refused (use the field), "X-" keys are allowed. The value is
	// checked where its syntax is simple (booleans, time spans, calendar
	// events, sizes, words of an enum, unit names), and is otherwise the
	// caller's: usvc gen lints the whole unit before writing it.
	Set []Setting

	// Systemd is the oldest systemd release the units must work with;
	// the zero value means DefaultSystemd (239). It decides which Set keys
	// exist, and whether a oneshot service may have Restart= (244) and
	// whether Type=exec is there (240).
	Systemd catalog.Version
}

// EnvVar is one environment variable assignment.
type EnvVar struct {
	Name, Value string
}

// Setting is one key of a unit file, as written: Value is a raw unit-file
// value, so specifiers and quotes in it mean what they mean to systemd.
// It must fit on one line.
type Setting struct {
	Section, Key, Value string
}

// String is the setting in the form ParseSetting reads.
func (s Setting) String() string { return s.Section + "." + s.Key + "=" + s.Value }

// ParseSetting reads "SECTION.KEY=VALUE" ("Service.Nice=5").
func ParseSetting(s string) (Setting, error) {
	lhs, v, ok := strings.Cut(s, "=")
	if !ok {
		return Setting{}, fmt.Errorf("%q: want SECTION.KEY=VALUE", s)
	}
	sec, key, ok := strings.Cut(lhs, ".")
	if !ok || sec == "" || key == "" {
		return Setting{}, fmt.Errorf("%q: want SECTION.KEY=VALUE, such as Service.Nice=5", s)
	}
	return Setting{Section: sec, Key: key, Value: v}, nil
}

// TimerOptions describe the .timer unit Timer writes. At least one of
// OnCalendar, OnBootSec, OnStartupSec, OnActiveSec and OnUnitActiveSec
// must be set.
type TimerOptions struct {
	// Description is the timer's Description=; empty uses the service's.
	Description string
	// OnCalendar are OnCalendar= calendar events ("daily", "Mon *-*-*
	// 09:00"), checked as systemd 252 parses them and written as given.
	OnCalendar []string
	// OnBootSec, OnStartupSec (from the start of the user manager),
	// OnActiveSec (from the start of the timer) and OnUnitActiveSec (from
	// the last start of the service) are monotonic timers; zero writes none.
	//
	// OnUnitActiveSec alone would never fire: it counts from the service's
	// last start, and nothing starts the service before the timer does
	// (src/core/timer.c: timer_enter_waiting() skips a base of 0). So when
	// it is the only trigger, OnActiveSec= is written with the same span,
	// and the first run comes that long after the timer starts.
	OnBootSec, OnStartupSec, OnActiveSec, OnUnitActiveSec time.Duration
	// Persistent is Persistent=yes: a run missed while the machine was off
	// or suspended is made up at the next start. Only with OnCalendar.
	Persistent bool
	// RandomizedDelaySec is RandomizedDelaySec=; zero writes none.
	RandomizedDelaySec time.Duration
	// WantedBy are the timer's WantedBy= targets; nil means timers.target.
	WantedBy []string
	// Set are further settings of the timer unit, checked as Options.Set.
	Set []Setting
}

// ServiceType is a value of Type=.
type ServiceType int

// The service types of systemd 252. TypeDefault is the zero value: simple
// for a service, oneshot for a timer's service.
const (
	TypeDefault ServiceType = iota
	TypeSimple
	TypeExec
	TypeForking
	TypeOneshot
	TypeDBus
	TypeNotify
	TypeIdle
)

var serviceTypes = []string{"", "simple", "exec", "forking", "oneshot", "dbus", "notify", "idle"}

// String is the Type= value ("simple"), or "" for TypeDefault.
func (t ServiceType) String() string {
	if t < 0 || int(t) >= len(serviceTypes) {
		return fmt.Sprintf("ServiceType(%d)", int(t))
	}
	return serviceTypes[t]
}

// ParseServiceType reads a Type= value ("simple").
func ParseServiceType(s string) (ServiceType, error) {
	for i, n := range serviceTypes[1:] {
		if s == n {
			return ServiceType(i + 1), nil
		}
	}
	return 0, fmt.Errorf("unknown service type %q: use one of %s", s, strings.Join(serviceTypes[1:], ", "))
}

// RestartPolicy is a value of Restart=.
type RestartPolicy int

// The restart policies of systemd 252. RestartDefault is the zero value:
// on-failure for a service, no Restart= line for a oneshot service.
const (
	RestartDefault RestartPolicy = iota
	RestartNo
	RestartOnSuccess
	RestartOnFailure
	RestartOnAbnormal
	RestartOnWatchdog
	RestartOnAbort
	RestartAlways
)

var restartPolicies = []string{"", "no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"}

// String is the Restart= value ("on-failure"), or "" for RestartDefault.
func (r RestartPolicy) String() string {
	if r < 0 || int(r) >= len(restartPolicies) {
		return fmt.Sprintf("RestartPolicy(%d)", int(r))
	}
	return restartPolicies[r]
}

// ParseRestartPolicy reads a Restart= value ("on-failure").
func ParseRestartPolicy(s string) (RestartPolicy, error) {
	for i, n := range restartPolicies[1:] {
		if s == n {
			return RestartPolicy(i + 1), nil
		}
	}
	return 0, fmt.Errorf("unknown restart policy %q: use one of %s", s, strings.Join(restartPolicies[1:], ", "))
}

// ErrInternal marks a unit that gen built but that systemd would not read
// back as intended: a bug in gen, never a problem with the options.
var ErrInternal = errors.New("gen: internal error")
