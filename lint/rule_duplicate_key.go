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
	items := p.keyedEntries(p.File)
	single := func(ke *keyedEntry) bool { return ke.d != nil && !ke.d.List().IsList() }
	// Files hold a few dozen assignments: comparing pairs costs less than
	// a map, and nothing is allocated unless a key repeats.
	for i := range items {
		it := &items[i]
		if !single(it) {
			continue
		}
		first, again := true, false
		for k := range items[:i] {
			if o := &items[k]; o.key == it.key && o.sec == it.sec && single(o) {
				first = false
				break
			}
		}
		if !first {
			continue // its group was handled at its first assignment
		}
		for k := range items[i+1:] {
			if o := &items[i+1+k]; o.key == it.key && o.sec == it.sec {
				again = true
				break
			}
		}
		if !again {
			continue
		}
		var group []*unitfile.Entry
		for k := range items[i:] {
			if o := &items[i+k]; o.key == it.key && o.sec == it.sec {
				group = append(group, o.e)
			}
		}
		reportDuplicates(p, it.d, group)
	}
}

// reportDuplicates reports the assignments of one key before the one that
// wins.
func reportDuplicates(p *Pass, d *catalog.Directive, entries []*unitfile.Entry) {
	// The assignment that wins is the last one systemd accepts: a value
	// its parser rejects is ignored and keeps the one before (that one is
	// the value rules' to report, not this rule's).
	win, sure := -1, false
	for i := len(entries) - 1; i >= 0; i-- {
		ok, checked := valueAccepted(d, entries[i].Value())
		if ok || !checked {
			win, sure = i, ok && checked
			break
		}
	}
	if win <= 0 {
		return
	}
	last := entries[win]
	for _, e := range entries[:win] {
		if ok, checked := valueAccepted(d, e.Value()); checked && !ok {
			continue // ignored by systemd anyway
		}
		diag := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd()}
		diag.Message = e.Key() + "= is set again on line " + strconv.Itoa(last.Line()) + ", and the last assignment wins, so this one does nothing; remove it"
		if sure {
			diag.Fix = p.DeleteLines(e)
		}
		p.Report(diag)
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
