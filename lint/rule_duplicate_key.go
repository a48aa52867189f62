package lint

import (
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
)

var duplicateKey = &Rule{
	Name:     "duplicate-key",
	Severity: Warning,
	Summary:  "a single-value setting assigned twice in one file, so the first assignment does nothing",
	Doc: `For a setting that holds one value (Type=, Restart=, WorkingDirectory=, User=,
Description=, ...) a later assignment replaces an earlier one, silently. Two
assignments in one file usually mean an edit that added a line instead of
changing one, or a copy-and-paste: the first line is dead, and whoever reads
the file may believe it.

List settings are not reported: ExecStartPre=, Environment=, After=, Wants=,
ReadWritePaths= and the like add up, and an empty assignment clears most of
them. Nor are assignments in different files: a drop-in overriding the unit
file is what drop-ins are for. Sections of the same name count as one, as
systemd reads them.

The fix deletes the earlier assignments, when the last one is a value systemd
accepts for the setting (checked for booleans, numbers, time spans and
words from a fixed list); otherwise systemd would ignore the last one and keep
an earlier one, and the choice is yours.`,
	Bad:  "[Service]\nType=simple\nExecStart=/usr/bin/app\nType=notify\n",
	Good: "[Service]\nType=notify\nExecStart=/usr/bin/app\n",
	Fix:  "deletes the earlier assignments when the last one is a valid value",
	Run:  runDuplicateKey,
}

func runDuplicateKey(p *Pass) {
	type seen struct {
		entries []*unitfile.Entry
		d       *catalog.Directive
	}
	var byKey map[string]*seen
	var order []string
	for secName, e := range assignments(p.File) {
		d, ok := catalog.Lookup(secName, e.Key())
		if !ok || d.List().IsList() {
			continue
		}
		k := secName + "\x00" + e.Key()
		if byKey == nil {
			byKey = map[string]*seen{}
		}
		s := byKey[k]
		if s == nil {
			s = &seen{d: d}
			byKey[k] = s
			order = append(order, k)
		}
		s.entries = append(s.entries, e)
	}
	for _, k := range order {
		s := byKey[k]
		if len(s.entries) < 2 {
			continue
		}
		// The assignment that wins is the last one systemd accepts: a
		// value its parser rejects is ignored and keeps the one before
		// (that one is the value rules' to report, not this rule's).
		win, sure := -1, false
		for i := len(s.entries) - 1; i >= 0; i-- {
			ok, checked := valueAccepted(s.d, s.entries[i].Value())
			if ok || !checked {
				win, sure = i, ok && checked
				break
			}
		}
		if win <= 0 {
			continue
		}
		last := s.entries[win]
		for _, e := range s.entries[:win] {
			if ok, checked := valueAccepted(s.d, e.Value()); checked && !ok {
				continue // ignored by systemd anyway
			}
			d := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd()}
			d.Message = e.Key() + "= is set again on line " + strconv.Itoa(last.Line()) + ", and the last assignment wins, so this one does nothing; remove it"
			if sure {
				d.Fix = p.DeleteLines(e)
			}
			p.Report(d)
		}
	}
}

// valueAccepted reports whether v is a value systemd accepts for d
// (ok), for the kinds that can be checked without the setting's own
// parser (checked). An empty value resets a single-value setting to its
// default, which systemd accepts.
func valueAccepted(d *catalog.Directive, v string) (ok, checked bool) {
	if v == "" {
		return true, true
	}
	var err error
	switch d.Kind() {
	case catalog.KindBool:
		_, err = value.ParseBool(v)
	case catalog.KindTimespan:
		_, err = value.ParseSec(v)
	case catalog.KindInt:
		_, err = value.ParseInt(v, 64)
	case catalog.KindEnum:
		vals := d.Values()
		for _, w := range vals {
			if strings.HasSuffix(w, ":") || strings.Contains(d.Notes(), "also ") {
				// Words that take a suffix (file:PATH): not
				// checkable here.
				return false, false
			}
		}
		if len(vals) == 0 {
			return false, false
		}
		err = value.Enum(v, vals)
	case catalog.KindSpecifierString:
		// Free text (Description=, SyslogIdentifier=, ...): any value
		// is taken, bad specifiers aside, which another rule reports.
		return true, d.Parser() == "config_parse_unit_string_printf"
	default:
		return false, false
	}
	return err == nil, true
}
