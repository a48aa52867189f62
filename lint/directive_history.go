package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
)

// This file holds what deprecated-directive, removed-directive and
// directive-too-new share: which old keys can be renamed or moved safely.

// rename is a safe fix for an old key: the new name in the same section
// (or in [Unit], when toUnit), which takes the same value syntax and means
// the same, so that renaming keeps what systemd does.
type rename struct {
	to     string
	toUnit bool
}

// safeRenames are the old keys whose replacement reads the same value the
// same way, checked against src/core/load-fragment-gperf.gperf.in and the
// parsers in src/core/load-fragment.c (v252):
//
//   - BindTo=, PropagateReloadTo=, PropagateReloadFrom= are aliases of
//     their new names in the gperf table (same parser, same field).
//   - RequiresOverridable= and RequisiteOverridable= are parsed by
//     config_parse_obsolete_unit_deps(), which adds a plain Requires= /
//     Requisite= dependency since systemd 228.
//   - ReadOnlyDirectories= and friends use config_parse_namespace_path_strv()
//     and the same field as ReadOnlyPaths= and friends.
//   - [Unit] StartLimitInterval= is an alias of StartLimitIntervalSec=.
//   - MemoryLimit= and MemoryMax= both use config_parse_memory_limit()
//     (bytes, K/M/G/T, N%, infinity); src/core/cgroup.c applies MemoryMax=
//     to memory.limit_in_bytes on cgroup v1 and MemoryLimit= to memory.max
//     on cgroup v2, so the renamed key limits the same memory on both.
//   - BlockIOAccounting= is a boolean like IOAccounting=; BlockIORead/
//     WriteBandwidth= and IORead/WriteBandwidthMax= both read "PATH BYTES"
//     with parse_size(base 1000), and cgroup.c translates between the
//     blkio and io controllers.
//   - [Service] FailureAction= and RebootArgument= moved to [Unit], where
//     they set the same unit fields.
//
// Not here, because the values mean something else: CPUShares= (1024 is
// the default; CPUWeight= 100), BlockIOWeight= and StartupBlockIOWeight=
// (500 vs 100), BlockIODeviceWeight=, OnFailureIsolate= (a boolean vs
// OnFailureJobMode=isolate), PermissionsStartOnly= (a "+" prefix on some
// commands), Capabilities=.
var safeRenames = map[string]rename{
	"BindTo":                  {to: "BindsTo"},
	"PropagateReloadTo":       {to: "PropagatesReloadTo"},
	"PropagateReloadFrom":     {to: "ReloadPropagatedFrom"},
	"RequiresOverridable":     {to: "Requires"},
	"RequisiteOverridable":    {to: "Requisite"},
	"ReadOnlyDirectories":     {to: "ReadOnlyPaths"},
	"ReadWriteDirectories":    {to: "ReadWritePaths"},
	"InaccessibleDirectories": {to: "InaccessiblePaths"},
	"Unit.StartLimitInterval": {to: "StartLimitIntervalSec"},
	"MemoryLimit":             {to: "MemoryMax"},
	"BlockIOAccounting":       {to: "IOAccounting"},
	"BlockIOReadBandwidth":    {to: "IOReadBandwidthMax"},
	"BlockIOWriteBandwidth":   {to: "IOWriteBandwidthMax"},
	"Service.FailureAction":   {to: "FailureAction", toUnit: true},
	"Service.RebootArgument":  {to: "RebootArgument", toUnit: true},
}

// renameOf is the safe rename of key in section, if there is one.
func renameOf(section, key string) (rename, bool) {
	if r, ok := safeRenames[section+"."+key]; ok {
		return r, true
	}
	r, ok := safeRenames[key]
	return r, ok
}

// renameFix is the fix for a deprecated or removed key d at entry e: the
// rename or move, when one is safe and the new key works at the target
// release; nil otherwise.
func renameFix(p *Pass, sec string, e *unitfile.Entry, d *catalog.Directive) ([]TextEdit, string) {
	r, ok := renameOf(sec, e.Key())
	if !ok {
		return nil, ""
	}
	toSec := sec
	if r.toUnit {
		toSec = "Unit"
	}
	nd, ok := catalog.Lookup(toSec, r.to)
	if !ok || nd.StatusIn(p.Version) != catalog.StatusCurrent {
		return nil, ""
	}
	if r.toUnit {
		if sec == "Unit" {
			return nil, ""
		}
		return moveToUnit(p, e, r.to), "[Unit] " + r.to + "="
	}
	return p.Replace(e.KeyPos(), e.KeyEnd(), r.to), r.to + "="
}

// replacementKnown reports whether the replacement text of d names keys
// that all work at release v, so that advising it makes sense: "MemoryMax="
// needs 231, "[Unit] StartLimitIntervalSec=" 230. Replacements that are
// not plain key names ("ExecStart= \"+\" prefix") count as known.
func replacementKnown(d *catalog.Directive, v catalog.Version) bool {
	rep := d.Replacement()
	if rep == "" {
		return false
	}
	sec := d.Section().String()
	if s, rest, ok := strings.Cut(rep, "] "); ok && strings.HasPrefix(s, "[") {
		sec, rep = s[1:], rest
	}
	if strings.ContainsAny(rep, " \"") {
		return true
	}
	for _, name := range strings.Split(rep, "/") {
		name = strings.TrimSuffix(name, "=")
		nd, ok := catalog.Lookup(sec, name)
		if ok && !nd.StatusIn(v).Known() {
			return false
		}
	}
	return true
}

// sinceText says when something happened: "since systemd 240", or "" for
// an unknown release.
func sinceText(v catalog.Version) string {
	if v.IsZero() || v.Unknown {
		return ""
	}
	if v.OrEarlier {
		return " since before systemd 219"
	}
	return " since systemd " + v.String()
}
