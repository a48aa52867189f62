// Package load loads units the way systemd 252 does: it computes the unit
// search path, finds a unit's fragment (following aliases, using the
// template for an instance, noticing masks), finds its drop-ins, parses
// every file with unitfile, and merges them into the effective unit, in
// which every value knows the file and entry that set it.
//
// Each step mirrors a systemd function and says which:
//
//   - SearchPath: src/basic/path-lookup.c: lookup_paths_init(), for the
//     user and the system manager, from an Env the caller fills (HostEnv
//     reads this process's).
//   - Loader.Load and Loader.LoadFile: src/basic/unit-file.c:
//     unit_file_build_name_map() and unit_file_find_fragment(),
//     src/core/load-fragment.c: unit_load_fragment(); LoadFile puts the
//     file's directory first, as `systemd-analyze verify` does.
//   - Drop-ins: src/shared/dropin.c: unit_file_find_dropin_paths() and
//     src/basic/conf-files.c: conf_files_list_strv(): NAME.d, the
//     template's and the prefixes' directories (unitname.DropInNames), then
//     TYPE.d; a file name is taken by the first directory that has it, and
//     the files are applied sorted by name, whatever their directory.
//   - Unit.Assignments and Unit.Effective: what config_parse() hands to the
//     per-key parsers, file after file, each up to a fatal error, and the
//     list semantics of the catalog on top.
//   - Unit.Service, Timer, Socket, Path, Target: typed views that judge the
//     values as the per-key parsers do and report those systemd rejects.
//
// A Loader reads a root directory standing for the machine ("" for this
// one): absolute symlink targets start again at the root and ".." stops
// there, so nothing outside it is read.
package load
