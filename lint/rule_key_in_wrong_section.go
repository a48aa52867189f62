package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
)

var keyInWrongSection = &Rule{
	Name:     "key-in-wrong-section",
	Severity: Warning,
	Summary:  "a key that belongs in another section, which systemd ignores where it is",
	Doc: `Each key belongs to a section: WantedBy= to [Install], MemoryMax= and
ExecStart= to [Service], After= and Description= to [Unit]. systemd looks a key
up in the section it is written in, so MemoryMax= under [Unit] is an unknown
key there and is ignored ("Unknown key 'MemoryMax' in section [Unit],
ignoring."): the service runs without the limit. A [Service] key in a .socket
or .timer file is ignored the same way, since those units have no [Service]
section.

Move the line into the section the message names. There is no automatic
fix: the section may not exist yet or may appear several times, the key may
already be set there, and the order of assignments matters for list
settings, so where the line belongs is for you to decide.`,
	Bad:  "[Unit]\nDescription=App\nMemoryMax=512M\n\n[Service]\nExecStart=/usr/bin/app\n",
	Good: "[Unit]\nDescription=App\n\n[Service]\nExecStart=/usr/bin/app\nMemoryMax=512M\n",
	Run:  runKeyInWrongSection,
}

func runKeyInWrongSection(p *Pass) {
	ut, typed := catalog.ParseUnitType(p.Type)
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		key := ke.key
		if strings.HasPrefix(key, "X-") {
			continue
		}
		s, ok := catalog.ParseSection(ke.sec)
		if !ok {
			continue
		}
		if ke.d != nil {
			continue
		}
		if _, ok := startLimitKeys[key]; ok && s == catalog.SectionService {
			continue // start-limit-in-service says it, with a fix that moves the line
		}
		set := catalog.SectionsOf(key)
		if set.Len() == 0 {
			continue // unknown-key
		}
		// The sections this unit has that accept the key, and the
		// others.
		var here, elsewhere []string
		for o := range set.All() {
			name := "[" + o.String() + "]"
			if !typed || o == catalog.SectionUnit || o == catalog.SectionInstall || o == ut.Section() {
				here = append(here, name)
			} else {
				elsewhere = append(elsewhere, name)
			}
		}
		msg := key + "= belongs in "
		switch {
		case len(here) > 0:
			msg += orList(here) + ", not [" + ke.sec + "], so systemd ignores it here; move it there"
		default:
			msg += orList(elsewhere) + ", a section ." + p.Type + " units do not have, so systemd ignores it; remove it, or move it to the unit type that has it"
		}
		p.Reportf(e.KeyPos(), e.KeyEnd(), "%s", msg)
	}
}
