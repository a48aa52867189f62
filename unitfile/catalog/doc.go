// Package catalog is what usvc knows about systemd's unit-file keys: for
// each (section, key), the unit types that accept it, the syntax of its
// value, whether repeated assignments accumulate, and its history from
// v219 to v261.2 (since, backported, deprecated, ignored or removed, with
// a replacement); how the per-user manager treats settings and units; and
// the % specifiers.
//
// The linter, gen and the unit loader share it:
//
//	d, ok := catalog.Lookup("Service", "MemoryLimit") // allocation-free
//	d.Status()                 // StatusIgnored (since 258; deprecated since 232)
//	d.Replacement()            // "MemoryMax="
//	d.StatusIn(catalog.V(252)) // StatusDeprecated
//	catalog.SectionsOf("WantedBy")        // [Install]: for "wrong section" hints
//	catalog.Suggest("Service", "ExecStrat") // ["ExecStart"]
//	catalog.UserUnit("network-online.target") // CategorySystemOnlyTarget
//
// # Data
//
// The tables come from data/directives.tsv, data/user-manager.tsv and
// data/specifiers.tsv, verbatim copies of the project's shared systemd
// catalogue (see its README for how they were derived from systemd's git
// history and man pages). "go generate" turns them into zz_catalog.go;
// a test fails when that file is stale or data/ differs from the shared
// copy.
//
// Conventions carried over from the data: a Version with OrEarlier is a
// "<=219" cell (present at v219, where the data starts; perhaps older); a
// Version with Unknown is a "yes" deprecation (before v219 or in an
// unknown release). Allowed values are those of the newest release, not
// of each release: the data does not track the history of values.
//
// Everything this package returns points into shared read-only tables.
// Callers must not modify what they get.
package catalog

//go:generate go run ./internal/cmd/gencatalog
