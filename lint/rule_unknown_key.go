package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
)

var unknownKey = &Rule{
	Name:     "unknown-key",
	Severity: Warning,
	Summary:  "a key systemd does not know in its section, which it ignores",
	Doc: `systemd looks keys up by their exact name in the section they are in. A key
it does not know is ignored, with only "Unknown key 'NAME' in section
[SECTION], ignoring." in the journal, so a typo such as ExecStrat= or
Restrat= quietly drops the setting. Names are case-sensitive: execstart= is
not ExecStart=.

The rule suggests the closest key of the section. Keys that exist in another
section are key-in-wrong-section's; keys that were removed, or that are newer
than the systemd release the unit targets, are removed-directive's and
directive-too-new's. Keys starting with "X-" are for other programs: systemd
ignores them silently, and so does this rule. Name your own keys X-Something.

It also reports the [Install] keys a unit type does not take: Alias= for
the types that cannot have aliases, DefaultInstance= for those that cannot
be templates.

The fix corrects the case of a key that differs from a known one only in
case (execstart= becomes ExecStart=), when the file does not set that key
already.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nRestrat=always\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nRestart=always\n",
	Fix:  "corrects the case of a key that differs from a known key only in case, when the file does not already set that key",
	Run:  runUnknownKey,
}

func runUnknownKey(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		key := ke.key
		if strings.HasPrefix(key, "X-") {
			continue
		}
		s, ok := catalog.ParseSection(ke.sec)
		if !ok {
			continue // not a section with keys ([Target], or a type-less file's)
		}
		if ke.d != nil {
			if t, typed := catalog.ParseUnitType(p.Type); typed {
				if !ke.d.AcceptedBy(t) {
					// [Install] Alias= and DefaultInstance= exist for
					// some unit types only (src/basic/unit-file.c:
					// unit_type_may_alias(), unit_type_may_template()).
					p.Reportf(e.KeyPos(), e.KeyEnd(), "%s= does not apply to .%s units, and systemctl enable ignores it; remove it", key, p.Type)
				}
			}
			continue
		}
		if catalog.SectionsOf(key).Len() > 0 {
			continue // key-in-wrong-section
		}
		d := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd()}
		cands := catalog.Suggest(s.String(), key)
		switch {
		case len(cands) == 0:
			d.Message = "systemd does not know the key " + quote(Printable(key)) + " in [" + ke.sec + "] and ignores it; check the spelling, or name it X-" + key + " if it is meant for another program"
		default:
			list := make([]string, len(cands))
			for i, c := range cands {
				list[i] = c + "="
			}
			d.Message = "systemd does not know the key " + quote(Printable(key)) + " in [" + ke.sec + "] and ignores it; did you mean " + orList(list) + "?"
			if len(cands) == 1 && strings.EqualFold(cands[0], key) && !setsKey(p.File, cands[0]) {
				d.Fix = p.Replace(e.KeyPos(), e.KeyEnd(), cands[0])
			}
		}
		p.Report(d)
	}
}

// setsKey reports whether f assigns key in any section.
func setsKey(f *unitfile.File, key string) bool {
	for _, e := range f.Entries() {
		if e.Key() == key {
			return true
		}
	}
	return false
}
