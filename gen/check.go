package gen

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// DefaultSystemd is the systemd release gen writes for unless
// Options.Systemd says otherwise: 239, the release lint checks against by
// default (the systemd of RHEL 8, the oldest in a supported long-term
// distribution), so that what gen writes works, and lints clean, there
// and on everything newer.
var DefaultSystemd = catalog.V(239)

// unitName gives name the suffix typ unless it has it, and checks that the
// result is a valid name for a unit file (a template is allowed, an
// instance is not: the file of an instance is its template's).
func unitName(name, typ string, accept ...string) (string, error) {
	if name == "" {
		return "", errors.New("no unit name given")
	}
	if t := unitname.Type(name); t != "" {
		if t != typ && !slices.Contains(accept, t) {
			return "", fmt.Errorf("unit name %q has the suffix .%s: give a .%s name, or none", name, t, typ)
		}
		name = strings.TrimSuffix(name, "."+t) + "." + typ
	} else {
		name += "." + typ
	}
	if err := unitname.Check(name); err != nil {
		return "", fmt.Errorf("invalid unit name %q: %w", name, unwrapName(err))
	}
	if !unitname.Valid(name, unitname.Plain|unitname.Template) {
		return "", fmt.Errorf("unit name %q names an instance: generate its template (%s) instead", name, templateOf(name))
	}
	return name, nil
}

// unwrapName drops the input that unitname's errors repeat.
func unwrapName(err error) error {
	var ue *unitname.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s at byte %d", ue.Reason, ue.Offset)
	}
	return err
}

func templateOf(name string) string {
	t, err := unitname.TemplateOf(name)
	if err != nil {
		return name
	}
	return t
}

// checkUnitRef checks one unit named in a dependency (key is After,
// WantedBy, ...): a valid name of a unit the user manager can have.
func checkUnitRef(key, name string) error {
	if err := unitname.Check(name); err != nil {
		return fmt.Errorf("%s=%s: not a valid unit name: %w", key, name, unwrapName(err))
	}
	if unitname.Valid(name, unitname.Template) {
		return fmt.Errorf("%s=%s: a template cannot be a dependency; name an instance (%s)", key, name,
			strings.Replace(name, "@.", "@INSTANCE.", 1))
	}
	note, ok := catalog.UserUnit(name)
	if !ok || note.Category != catalog.CategorySystemOnlyTarget {
		return nil
	}
	return fmt.Errorf("%s=%s: %s is a system unit, and user units cannot see system units (the user manager has its own, separate set of units: %s); %s",
		key, name, name, depEffect(key), advice(key, name))
}

// depEffect says what systemd does with a dependency on a unit the user
// manager does not have (user-manager.tsv, "After=/Wants=/Requires=/
// BindsTo= on system units").
func depEffect(key string) string {
	switch key {
	case "WantedBy", "RequiredBy", "UpheldBy":
		return "enabling the unit links it into a target the user manager never starts"
	case "Requires", "BindsTo", "Requisite", "Upholds":
		return key + "= on it fails the start job"
	}
	return key + "= on it is silently ignored"
}

// advice says what to write instead of a dependency on a system unit.
func advice(key, name string) string {
	switch {
	case key == "WantedBy" || key == "RequiredBy" || key == "UpheldBy":
		return "use default.target, which the user manager starts at login (and at boot for a user with lingering: loginctl enable-linger)"
	case strings.HasPrefix(name, "network") || strings.HasPrefix(name, "nss-"):
		return "drop it, and make the program retry until the network is up (a lingering user's manager can start before the network is online)"
	case strings.Contains(name, "local-fs") || strings.Contains(name, "remote-fs"):
		return "drop it: the user manager starts after the file systems it needs are mounted"
	}
	return "drop it, or depend on a user unit instead"
}

// checkUnitList checks every unit of a dependency value (Setting values,
// split as config_parse_unit_deps() splits them).
func checkUnitList(key, v string) error {
	for _, it := range words.ParseUnitList(v, words.Options{}).Items {
		if strings.Contains(it.Value, "%") {
			continue // a specifier: its expansion is not known here
		}
		if err := checkUnitRef(key, it.Value); err != nil {
			return err
		}
	}
	return nil
}

// owned are the keys that have their own option; Set refuses them so that
// the option's checks and quoting cannot be bypassed, and no key is
// written twice.
var owned = map[string]string{
	"Unit.Description":         "Description (--description)",
	"Unit.After":               "After (--after)",
	"Unit.Wants":               "Wants (--wants)",
	"Unit.Requires":            "Requires (--requires)",
	"Service.Type":             "Type (--type)",
	"Service.ExecStart":        "ExecStart (the command after --)",
	"Service.WorkingDirectory": "WorkingDirectory (--working-directory)",
	"Service.Environment":      "Environment (--env)",
	"Service.EnvironmentFile":  "EnvironmentFiles (--env-file)",
	"Service.Restart":          "Restart (--restart)",
	"Service.RestartSec":       "RestartSec (--restart-sec)",
	"Service.MemoryMax":        "MemoryMax (--memory-max)",
	"Service.CPUQuota":         "CPUQuota (--cpu-quota)",
	"Service.TasksMax":         "TasksMax (--tasks-max)",
	"Install.WantedBy":         "WantedBy (--wanted-by)",
	"Timer.OnCalendar":         "OnCalendar (--on-calendar)",
	"Timer.OnBootSec":          "OnBootSec (--on-boot-sec)",
	"Timer.OnStartupSec":       "OnStartupSec (--on-startup-sec)",
	"Timer.OnActiveSec":        "OnActiveSec (--on-active-sec)",
	"Timer.OnUnitActiveSec":    "OnUnitActiveSec (--on-unit-active-sec)",
	"Timer.Persistent":         "Persistent (--persistent)",
	"Timer.RandomizedDelaySec": "RandomizedDelaySec (--randomized-delay-sec)",
}

// checkSetting checks one Setting for a unit of type typ ("service",
// "timer") against the catalogue.
func checkSetting(typ catalog.UnitType, s Setting, version catalog.Version) error {
	where := s.Section + "." + s.Key
	sec, ok := catalog.ParseSection(s.Section)
	own := typ.Section()
	if !ok || (sec != catalog.SectionUnit && sec != catalog.SectionInstall && sec != own) {
		for _, c := range []catalog.Section{catalog.SectionUnit, own, catalog.SectionInstall} {
			if strings.EqualFold(c.String(), s.Section) {
				return fmt.Errorf("%s: no section %q (names are case-sensitive): did you mean %s.%s?", where, s.Section, c, s.Key)
			}
		}
		return fmt.Errorf("%s: a .%s unit has no [%s] section; use Unit, %s or Install", where, typ, s.Section, own)
	}
	if err := lineValue(where, s.Value); err != nil {
		return err
	}
	if strings.HasPrefix(s.Key, "X-") {
		return nil // systemd ignores X- keys: the documented way to add one's own
	}
	if opt, ok := owned[sec.String()+"."+s.Key]; ok {
		return fmt.Errorf("%s: this key has its own option, %s; use it, so that its value is checked and quoted", where, opt)
	}
	d, ok := catalog.LookupType(typ.String(), s.Section, s.Key)
	if !ok {
		return unknownKey(typ, sec, s.Key)
	}
	switch st := d.StatusIn(version); st {
	case catalog.StatusAbsent:
		return fmt.Errorf("%s: systemd %s does not know this key (it was added in %s); target a newer release (--systemd-version %s) if every machine has it",
			where, version, d.Since(), d.Since())
	case catalog.StatusIgnored, catalog.StatusRemoved, catalog.StatusDeprecated:
		return fmt.Errorf("%s: %s", where, history(d, st))
	}
	if st := d.Status(); st != catalog.StatusCurrent {
		return fmt.Errorf("%s: %s", where, history(d, st))
	}
	if err := userNote(d, s.Value); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if k := d.Kind(); k == catalog.KindUnit || k == catalog.KindUnitList {
		return checkUnitList(s.Key, s.Value)
	}
	if err := checkKind(d, s.Key, s.Value); err != nil {
		return fmt.Errorf("%s=%s: %w", where, s.Value, err)
	}
	return nil
}

// unknownKey explains a key the catalogue does not have for typ in sec.
func unknownKey(typ catalog.UnitType, sec catalog.Section, key string) error {
	where := sec.String() + "." + key
	if _, ok := catalog.Lookup(sec.String(), key); ok {
		return fmt.Errorf("%s: .%s units do not accept this key", where, typ)
	}
	if sug := catalog.Suggest(sec.String(), key); len(sug) > 0 {
		for i, s := range sug {
			sug[i] = sec.String() + "." + s
		}
		return fmt.Errorf("%s: unknown key; did you mean %s?", where, strings.Join(sug, " or "))
	}
	if ss := catalog.SectionsOf(key); ss.Len() > 0 {
		var in []string
		for s := range ss.All() {
			if s == catalog.SectionUnit || s == catalog.SectionInstall || s == typ.Section() {
				in = append(in, s.String()+"."+key)
			}
		}
		if len(in) > 0 {
			return fmt.Errorf("%s: %s= is not a [%s] key; use %s", where, key, sec, strings.Join(in, " or "))
		}
		return fmt.Errorf("%s: %s= belongs to [%s], which a .%s unit does not have", where, key, ss, typ)
	}
	return fmt.Errorf("%s: unknown key (systemd ignores it with a warning; name your own keys X-...)", where)
}

// history says why a key that is no longer current is refused.
func history(d *catalog.Directive, st catalog.Status) string {
	var s string
	switch st {
	case catalog.StatusDeprecated:
		s = "deprecated"
		if v := d.Deprecated(); v.Major != 0 && !v.Unknown {
			s += fmt.Sprintf(" since systemd %d", v.Major)
		}
	case catalog.StatusIgnored:
		s = fmt.Sprintf("ignored (it has no effect) since systemd %d", d.Removed().Major)
	default:
		s = fmt.Sprintf("removed in systemd %d", d.Removed().Major)
	}
	if r := d.Replacement(); r != "" {
		s += "; use " + r
	}
	return s
}

// userNote refuses what the per-user manager does not support.
func userNote(d *catalog.Directive, v string) error {
	for _, n := range d.UserNotes() {
		switch n.Category {
		case catalog.CategorySystemOnly, catalog.CategoryRefused, catalog.CategoryNoEffect, catalog.CategoryNeedsPrivileges:
		default:
			continue
		}
		for _, ref := range n.Directives {
			if ref.Name != d.Name() || !refApplies(ref, v) {
				continue
			}
			msg := "refused in a user unit: " + n.Effect
			if n.Category == catalog.CategoryNeedsPrivileges {
				msg += " (" + n.Reason + ")"
			}
			return errors.New(msg)
		}
	}
	return nil
}

// refApplies says whether a user-manager note about ref concerns value v.
func refApplies(ref catalog.DirectiveRef, v string) bool {
	if len(ref.Values) > 0 && !slices.Contains(ref.Values, v) {
		return false
	}
	switch ref.Cond {
	case "":
		return true
	case "negative":
		return strings.HasPrefix(v, "-")
	}
	return false // a condition gen cannot judge from the value alone
}

// checkKind reads the value with the parser of its kind, where systemd's
// parser for it expands no specifiers (so a "%" there is wrong too).
func checkKind(d *catalog.Directive, key, v string) error {
	switch d.Kind() {
	case catalog.KindBool:
		_, err := value.ParseBool(v)
		return err
	case catalog.KindTimespan:
		_, err := value.ParseSec(v)
		return err
	case catalog.KindCalendar:
		_, err := value.ParseCalendar(v)
		return err
	case catalog.KindBytes:
		if strings.HasPrefix(key, "Memory") {
			_, err := value.ParseMemoryLimit(key, v)
			return err
		}
	case catalog.KindEnum:
		allowed := d.Values()
		if len(allowed) == 0 || slices.Contains(allowed, v) {
			return nil
		}
		if slices.Contains(allowed, "yes") {
			if _, err := value.ParseBool(v); err == nil {
				return nil
			}
		}
		// "file:PATH", "fd:NAME": Values lists the word before the colon.
		if i := strings.IndexByte(v, ':'); i > 0 && slices.Contains(allowed, v[:i]) {
			return nil
		}
		return fmt.Errorf("use one of %s", strings.Join(allowed, ", "))
	}
	return nil
}
