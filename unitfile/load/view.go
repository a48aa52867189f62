package load

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// Origin is where a value of the effective unit was set: the file, the
// entry, and the part of the entry's value it comes from (Start and End
// are byte offsets in Entry.Value()). The zero Origin means "not set":
// systemd's default applies.
type Origin struct {
	File       *File
	Entry      *unitfile.Entry
	Start, End int
}

// IsSet reports whether a file set the value.
func (o Origin) IsSet() bool { return o.Entry != nil }

// Span is the position of the value in its file.
func (o Origin) Span() (unitfile.Pos, unitfile.Pos) { return o.Entry.SpanAt(o.Start, o.End) }

// Field is one value of the effective unit and where it was set.
type Field[T any] struct {
	Value T
	Origin
}

// Common is what units of every type have: [Unit] and [Install]. Values
// are as written: specifiers (%n, %h, ...) are not expanded, and the
// checks systemd makes on an expanded value are skipped where it holds
// one (see unitfile/specifier to expand them).
type Common struct {
	// Description is the last Description=; an empty one sets "" (the
	// unit's name is then shown).
	Description Field[string]
	// Dependencies, each word one Field, in order; an empty assignment
	// does not remove any (config_parse_unit_deps()). A word that is not
	// a valid unit name is reported and left out.
	Wants, Requires, Requisite, BindsTo, PartOf, Upholds, Conflicts,
	Before, After, OnFailure, OnSuccess, PropagatesReloadTo []Field[string]

	// [Install], as `systemctl enable` reads it (src/shared/install.c).
	// WantedBy=, RequiredBy= and Alias= are string lists that an empty
	// assignment clears; Also= only accumulates.
	WantedBy, RequiredBy, Alias, Also []Field[string]
	// DefaultInstance is read for template units only.
	DefaultInstance Field[string]
}

// EnvVar is one variable of Environment=.
type EnvVar struct{ Name, Value string }

// Service is the typed view of a service unit.
type Service struct {
	Common
	// Type and Restart hold one of systemd 252's words.
	Type, Restart    Field[string]
	RestartSec       Field[value.Timespan]
	MemoryMax        Field[value.MemoryLimit]
	WorkingDirectory Field[WorkingDirectory]
	// The command lists; an empty assignment clears one.
	ExecCondition, ExecStartPre, ExecStart, ExecStartPost,
	ExecReload, ExecStop, ExecStopPost []Field[words.Command]
	// Environment is the merged variable list: a later assignment of a
	// name replaces the earlier one in place; an empty Environment=
	// clears the list.
	Environment []Field[EnvVar]
	// EnvironmentFile lists the files; an empty assignment clears it.
	EnvironmentFile []Field[words.EnvironmentFile]
}

// Timer is the typed view of a timer unit. An empty assignment of any
// of the On*= settings clears all of them (timer_free_values()).
type Timer struct {
	Common
	OnCalendar                                                               []Field[*value.Calendar]
	OnActiveSec, OnBootSec, OnStartupSec, OnUnitActiveSec, OnUnitInactiveSec []Field[value.Timespan]
	Persistent                                                               Field[bool]
	// Unit is the unit to trigger: the first valid Unit= wins.
	Unit Field[string]
}

// Listen is one Listen*= of a socket.
type Listen struct {
	// Kind is the key: "ListenStream", "ListenFIFO", ...
	Kind string
	// Address is the value as written.
	Address string
}

// Socket is the typed view of a socket unit. An empty assignment of any
// Listen*= clears all of them (socket_free_ports()).
type Socket struct {
	Common
	Listen []Field[Listen]
	Accept Field[bool]
	// Service is Service=: the last valid one wins.
	Service Field[string]
}

// PathSpec is one condition of a path unit.
type PathSpec struct {
	// Kind is the key: "PathExists", "PathChanged", ...
	Kind string
	Path string
}

// Path is the typed view of a path unit. An empty assignment of any of
// the Path*= and DirectoryNotEmpty= settings clears all of them
// (path_free_specs()).
type Path struct {
	Common
	Paths         []Field[PathSpec]
	MakeDirectory Field[bool]
	// Unit is the unit to trigger: the first valid Unit= wins.
	Unit Field[string]
}

// Target is the typed view of a target unit: it has only the common
// settings.
type Target struct{ Common }

// serviceTypes and serviceRestarts are service_type_table and
// service_restart_table of src/core/service.c at v252 (notify-reload came
// in 253).
var (
	serviceTypes    = []string{"simple", "forking", "oneshot", "dbus", "notify", "idle", "exec"}
	serviceRestarts = []string{"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"}
)

// viewer walks the applied assignments and fills a view.
type viewer struct {
	u    *Unit
	errs []*ValueError
}

func (v *viewer) fail(a Assignment, start, end int, msg string) {
	v.errs = append(v.errs, &ValueError{File: a.File, Entry: a.Entry, Start: start, End: end, Msg: msg})
}

func (v *viewer) failValue(a Assignment, msg string) {
	v.fail(a, 0, len(a.Value()), msg)
}

func whole[T any](a Assignment, x T) Field[T] {
	return Field[T]{Value: x, Origin: Origin{File: a.File, Entry: a.Entry, End: len(a.Value())}}
}

func part[T any](a Assignment, x T, start, end int) Field[T] {
	return Field[T]{Value: x, Origin: Origin{File: a.File, Entry: a.Entry, Start: start, End: end}}
}

// common handles [Unit] and [Install]; it reports whether it knew the key.
func (v *viewer) common(c *Common, a Assignment) bool {
	sec, key := a.SectionName(), a.Key()
	switch sec {
	case "Unit":
		var list *[]Field[string]
		switch key {
		case "Description":
			c.Description = whole(a, a.Value())
			return true
		case "Wants":
			list = &c.Wants
		case "Requires":
			list = &c.Requires
		case "Requisite":
			list = &c.Requisite
		case "BindsTo":
			list = &c.BindsTo
		case "PartOf":
			list = &c.PartOf
		case "Upholds":
			list = &c.Upholds
		case "Conflicts":
			list = &c.Conflicts
		case "Before":
			list = &c.Before
		case "After":
			list = &c.After
		case "OnFailure":
			list = &c.OnFailure
		case "OnSuccess":
			list = &c.OnSuccess
		case "PropagatesReloadTo":
			list = &c.PropagatesReloadTo
		default:
			return false
		}
		v.deps(list, a)
		return true
	case "Install":
		switch key {
		case "WantedBy":
			v.strv(&c.WantedBy, a)
		case "RequiredBy":
			v.strv(&c.RequiredBy, a)
		case "Alias":
			if !aliasTypes[v.u.Type] {
				v.failValue(a, fmt.Sprintf("Alias= is not allowed for %s units, ignoring.", v.u.Type))
				return true
			}
			v.strv(&c.Alias, a)
		case "Also":
			// config_parse_also(): extract_first_word() with no flags
			ws, err := words.Split(a.Value(), words.Whitespace, 0)
			for _, w := range ws {
				c.Also = append(c.Also, part(a, w.Text, w.Start, w.End))
			}
			if err != nil {
				v.failValue(a, err.Error())
			}
		case "DefaultInstance":
			v.defaultInstance(c, a)
		default:
			return false
		}
		return true
	}
	return false
}

// deps is config_parse_unit_deps(): each valid unit name is added.
func (v *viewer) deps(list *[]Field[string], a Assignment) {
	l := words.ParseUnitList(a.Value(), words.Options{Key: a.Key()})
	for _, it := range l.Items {
		if !strings.Contains(it.Value, "%") {
			if err := unitname.Check(it.Value); err != nil {
				v.fail(a, it.Word.Start, it.Word.End, fmt.Sprintf("Failed to add dependency on %s, ignoring: Invalid argument", it.Value))
				continue
			}
		}
		*list = append(*list, part(a, it.Value, it.Word.Start, it.Word.End))
	}
	for _, d := range l.Diagnostics {
		v.fail(a, d.Start, d.End, d.Message)
	}
}

// strv is config_parse_strv(): words are added, an empty value clears.
func (v *viewer) strv(list *[]Field[string], a Assignment) {
	l := words.ParseStrv(a.Value())
	if l.Reset {
		*list = nil
		return
	}
	for _, it := range l.Items {
		*list = append(*list, part(a, it.Value, it.Word.Start, it.Word.End))
	}
	for _, d := range l.Diagnostics {
		v.fail(a, d.Start, d.End, d.Message)
	}
}

// defaultInstance is install.c: config_parse_default_instance().
func (v *viewer) defaultInstance(c *Common, a Assignment) {
	_, kind, _ := unitname.InstanceOf(v.u.ID)
	switch kind {
	case unitname.Instance:
		return // silently ignored for an instance using the template's file
	case unitname.Template:
	default:
		v.failValue(a, "DefaultInstance= only makes sense for template units, ignoring.")
		return
	}
	val := a.Value()
	if val != "" && !strings.Contains(val, "%") && !unitname.InstanceValid(val) {
		v.failValue(a, fmt.Sprintf("Invalid DefaultInstance= value \"%s\".", val))
		return
	}
	c.DefaultInstance = whole(a, val)
}

func (v *viewer) enum(f *Field[string], a Assignment, allowed []string, what string) {
	if err := value.Enum(a.Value(), allowed); err != nil {
		v.failValue(a, fmt.Sprintf("Failed to parse %s, ignoring: %s", what, a.Value()))
		return
	}
	*f = whole(a, a.Value())
}

func (v *viewer) boolean(f *Field[bool], a Assignment) {
	b, err := value.ParseBool(a.Value())
	if err != nil {
		v.failValue(a, fmt.Sprintf("Failed to parse boolean value, ignoring: %s", a.Value()))
		return
	}
	*f = whole(a, b)
}

// valueError turns an error of the value package into a ValueError span.
func (v *viewer) valueError(a Assignment, err error, msg string) {
	var ve *value.Error
	if errors.As(err, &ve) {
		end := ve.Offset + ve.Len
		if end > len(a.Value()) {
			end = len(a.Value())
		}
		v.fail(a, ve.Offset, end, msg+" ("+ve.Msg+")")
		return
	}
	v.failValue(a, msg)
}

func (v *viewer) exec(list *[]Field[words.Command], a Assignment) {
	x := words.ParseExec(a.Value(), words.Options{Key: a.Key()})
	if x.Reset {
		*list = nil
		return
	}
	for _, c := range x.Commands {
		*list = append(*list, part(a, c, c.Start, c.End))
	}
	for _, d := range x.Diagnostics {
		if d.Severity == words.Error || d.Severity == words.Warning {
			v.fail(a, d.Start, d.End, d.Message)
			if d.Fatal {
				v.errs[len(v.errs)-1].Fatal = true
			}
		}
	}
}

// Service is the typed view of the unit as a service, with the values
// that systemd rejects (and ignores, keeping the earlier value). It reads
// the applied assignments, so it is empty unless the unit is Loaded.
func (u *Unit) Service() (*Service, []*ValueError) {
	s := &Service{}
	v := &viewer{u: u}
	for _, a := range u.Assignments() {
		if v.common(&s.Common, a) || a.SectionName() != "Service" {
			continue
		}
		switch a.Key() {
		case "Type":
			v.enum(&s.Type, a, serviceTypes, "service type")
		case "Restart":
			v.enum(&s.Restart, a, serviceRestarts, "service restart specifier")
		case "RestartSec":
			t, err := value.ParseSec(a.Value())
			if err != nil {
				v.valueError(a, err, "Failed to parse sec value, ignoring: "+a.Value())
				continue
			}
			s.RestartSec = whole(a, t)
		case "MemoryMax":
			m, err := value.ParseMemoryLimit("MemoryMax", a.Value())
			if err != nil {
				v.valueError(a, err, "Invalid memory limit '"+a.Value()+"', ignoring")
				continue
			}
			s.MemoryMax = whole(a, m)
		case "WorkingDirectory":
			w, ve := workingDirectory(a.File, a.Entry)
			if ve != nil {
				v.errs = append(v.errs, ve)
				continue
			}
			if a.Value() == "" {
				s.WorkingDirectory = Field[WorkingDirectory]{}
				continue
			}
			s.WorkingDirectory = whole(a, w)
		case "ExecCondition":
			v.exec(&s.ExecCondition, a)
		case "ExecStartPre":
			v.exec(&s.ExecStartPre, a)
		case "ExecStart":
			v.exec(&s.ExecStart, a)
		case "ExecStartPost":
			v.exec(&s.ExecStartPost, a)
		case "ExecReload":
			v.exec(&s.ExecReload, a)
		case "ExecStop":
			v.exec(&s.ExecStop, a)
		case "ExecStopPost":
			v.exec(&s.ExecStopPost, a)
		case "Environment":
			env := words.ParseEnvironment(a.Value(), words.Options{})
			if env.Reset {
				s.Environment = nil
			}
			for _, as := range env.Assignments {
				s.Environment = setEnv(s.Environment, part(a, EnvVar{as.Name, as.Value}, as.Word.Start, as.Word.End))
			}
			for _, d := range env.Diagnostics {
				v.fail(a, d.Start, d.End, d.Message)
			}
		case "EnvironmentFile":
			ef := words.ParseEnvironmentFile(a.Value(), words.Options{})
			if ef.Reset {
				s.EnvironmentFile = nil
			}
			if ef.Ok {
				s.EnvironmentFile = append(s.EnvironmentFile, whole(a, ef))
			}
			for _, d := range ef.Diagnostics {
				v.fail(a, d.Start, d.End, d.Message)
			}
		}
	}
	return s, v.errs
}

// setEnv is strv_env_replace_consume() with origins: a variable replaces
// the first of its name in place and drops later ones, or is appended.
func setEnv(env []Field[EnvVar], f Field[EnvVar]) []Field[EnvVar] {
	out := env[:0:0]
	replaced := false
	for _, e := range env {
		if e.Value.Name != f.Value.Name {
			out = append(out, e)
		} else if !replaced {
			out = append(out, f)
			replaced = true
		}
	}
	if !replaced {
		out = append(out, f)
	}
	return out
}

// trigger is config_parse_trigger_unit(): the first valid Unit= wins.
func (v *viewer) trigger(f *Field[string], a Assignment) {
	val := a.Value()
	switch {
	case f.IsSet():
		v.failValue(a, "Multiple units to trigger specified, ignoring: "+val)
	case strings.Contains(val, "%"):
		*f = whole(a, val)
	case unitname.Type(val) == "":
		v.failValue(a, "Unit type not valid, ignoring: "+val)
	case contains(v.u.Names, val) || val == v.u.ID:
		v.failValue(a, "Units cannot trigger themselves, ignoring: "+val)
	case unitname.Check(val) != nil:
		v.failValue(a, "Failed to add trigger on "+val+", ignoring: Invalid argument")
	default:
		*f = whole(a, val)
	}
}

// Timer is the typed view of the unit as a timer.
func (u *Unit) Timer() (*Timer, []*ValueError) {
	t := &Timer{}
	v := &viewer{u: u}
	for _, a := range u.Assignments() {
		if v.common(&t.Common, a) || a.SectionName() != "Timer" {
			continue
		}
		var spans *[]Field[value.Timespan]
		switch a.Key() {
		case "OnCalendar":
			if a.Value() == "" {
				t.clear()
				continue
			}
			c, err := value.ParseCalendar(a.Value())
			if err != nil {
				v.valueError(a, err, "Failed to parse calendar specification, ignoring: "+a.Value())
				continue
			}
			t.OnCalendar = append(t.OnCalendar, whole(a, c))
			continue
		case "OnActiveSec":
			spans = &t.OnActiveSec
		case "OnBootSec":
			spans = &t.OnBootSec
		case "OnStartupSec":
			spans = &t.OnStartupSec
		case "OnUnitActiveSec":
			spans = &t.OnUnitActiveSec
		case "OnUnitInactiveSec":
			spans = &t.OnUnitInactiveSec
		case "Persistent":
			v.boolean(&t.Persistent, a)
			continue
		case "Unit":
			v.trigger(&t.Unit, a)
			continue
		default:
			continue
		}
		if a.Value() == "" {
			t.clear()
			continue
		}
		d, err := value.ParseSec(a.Value())
		if err != nil {
			v.valueError(a, err, "Failed to parse timer value, ignoring: "+a.Value())
			continue
		}
		*spans = append(*spans, whole(a, d))
	}
	return t, v.errs
}

func (t *Timer) clear() {
	t.OnCalendar, t.OnActiveSec, t.OnBootSec, t.OnStartupSec, t.OnUnitActiveSec, t.OnUnitInactiveSec = nil, nil, nil, nil, nil, nil
}

// listenKinds are the Listen*= keys; the value says whether the key takes
// a path (config_parse_socket_listen() with a non-socket ltype).
var listenKinds = map[string]bool{
	"ListenStream": false, "ListenDatagram": false, "ListenSequentialPacket": false, "ListenNetlink": false,
	"ListenFIFO": true, "ListenSpecial": true, "ListenMessageQueue": true, "ListenUSBFunction": true,
}

// Socket is the typed view of the unit as a socket. Addresses of
// ListenStream=, ListenDatagram= and ListenSequentialPacket= are checked
// for their shape only (a path, "@name", a port, IPv4:port, [IPv6]:port,
// vsock:CID:PORT); ListenNetlink= is not checked.
func (u *Unit) Socket() (*Socket, []*ValueError) {
	s := &Socket{}
	v := &viewer{u: u}
	for _, a := range u.Assignments() {
		if v.common(&s.Common, a) || a.SectionName() != "Socket" {
			continue
		}
		key, val := a.Key(), a.Value()
		if isPath, ok := listenKinds[key]; ok {
			switch {
			case val == "":
				s.Listen = nil
				continue
			case isPath && !strings.Contains(val, "%"):
				if !strings.HasPrefix(val, "/") {
					v.failValue(a, key+"= path is not absolute, ignoring: "+val)
					continue
				}
				val = words.PathSimplify(val)
			case key != "ListenNetlink" && !strings.Contains(val, "%"):
				if !socketAddressShape(val) {
					v.failValue(a, "Failed to parse address value in '"+val+"', ignoring: Invalid argument")
					continue
				}
			}
			s.Listen = append(s.Listen, whole(a, Listen{Kind: key, Address: val}))
			continue
		}
		switch key {
		case "Accept":
			v.boolean(&s.Accept, a)
		case "Service":
			if !strings.HasSuffix(val, ".service") {
				v.failValue(a, "Unit must be of type service, ignoring: "+val)
				continue
			}
			if !strings.Contains(val, "%") && unitname.Check(val) != nil {
				v.failValue(a, "Failed to load unit "+val+", ignoring: Invalid argument")
				continue
			}
			s.Service = whole(a, val)
		}
	}
	return s, v.errs
}

// socketAddressShape checks the forms socket_address_parse() accepts.
func socketAddressShape(s string) bool {
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "@") {
		return len(s) > 1
	}
	if rest, ok := strings.CutPrefix(s, "vsock:"); ok {
		cid, port, ok := strings.Cut(rest, ":")
		_, e1 := strconv.ParseUint(cid, 10, 32)
		return ok && (e1 == nil || cid == "") && portValid(port)
	}
	if portValid(s) {
		return true
	}
	if rest, ok := strings.CutPrefix(s, "["); ok {
		host, port, ok := strings.Cut(rest, "]:")
		host, _, _ = strings.Cut(host, "%") // [fe80::1%eth0]:80
		return ok && net.ParseIP(host) != nil && strings.Contains(host, ":") && portValid(port)
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return false
	}
	host := s[:i]
	host, _, _ = strings.Cut(host, "%")
	ip := net.ParseIP(host)
	return ip != nil && ip.To4() != nil && !strings.Contains(host, ":") && portValid(s[i+1:])
}

func portValid(s string) bool {
	n, err := strconv.ParseUint(s, 10, 16)
	return err == nil && n > 0
}

var pathKinds = map[string]bool{"PathExists": true, "PathExistsGlob": true, "PathChanged": true, "PathModified": true, "DirectoryNotEmpty": true}

// Path is the typed view of the unit as a path unit.
func (u *Unit) Path() (*Path, []*ValueError) {
	p := &Path{}
	v := &viewer{u: u}
	for _, a := range u.Assignments() {
		if v.common(&p.Common, a) || a.SectionName() != "Path" {
			continue
		}
		key, val := a.Key(), a.Value()
		switch {
		case pathKinds[key]:
			if val == "" {
				p.Paths = nil
				continue
			}
			if !strings.Contains(val, "%") {
				if !strings.HasPrefix(val, "/") {
					v.failValue(a, key+"= path is not absolute, ignoring: "+val)
					continue
				}
				val = words.PathSimplify(val)
			}
			p.Paths = append(p.Paths, whole(a, PathSpec{Kind: key, Path: val}))
		case key == "MakeDirectory":
			v.boolean(&p.MakeDirectory, a)
		case key == "Unit":
			v.trigger(&p.Unit, a)
		}
	}
	return p, v.errs
}

// Target is the typed view of the unit as a target.
func (u *Unit) Target() (*Target, []*ValueError) {
	t := &Target{}
	v := &viewer{u: u}
	for _, a := range u.Assignments() {
		v.common(&t.Common, a)
	}
	return t, v.errs
}
