// Package words splits the value of one unit-file assignment into words
// the way systemd 252 does, and says what systemd makes of them.
//
// The input is always the logical value of one assignment as the lexer
// hands it to systemd's per-key parser: continuations joined, surrounding
// whitespace trimmed. Every Word carries the byte offsets of its raw text
// in that input, and Word.Span maps any part of the decoded text back to
// the input, so callers can point at the exact bytes of a problem.
//
// The layers, each faithful to a systemd function:
//
//   - Splitter, Split and Words: src/basic/extract-word.c: extract_first_word(),
//     with the ExtractFlags that matter for unit files (Unquote, CUnescape,
//     UnescapeRelax, RetainEscape, ...), and the C escapes of
//     src/basic/escape.c: cunescape_one().
//   - ParseExec: src/core/load-fragment.c: config_parse_exec(), for
//     ExecStart= and the other Exec*= settings: prefixes, ";" separators,
//     path checks, specifiers, what is fatal and what is a warning.
//     ExpandArgv is src/basic/env-util.c: replace_env_argv(), what the
//     service manager does to argv right before exec.
//   - ParseEnvironment, ParseEnvironmentFile, ParsePassEnvironment,
//     ParseUnsetEnvironment: config_parse_environ() and friends.
//   - ParseUnitList (After=, Wants=, ...: config_parse_unit_deps()) and
//     ParseStrv (config_parse_strv()).
//   - QuoteExec and QuoteEnvironment go the other way: they build values
//     that systemd splits back into exactly the given argv or assignment.
//
// Specifiers (%n, %h, ...) belong to another package. Here they are only
// located (Word.Specifiers) and, when the caller passes
// Options.Specifier, expanded the way src/shared/specifier.c:
// specifier_printf() does, so that the checks systemd runs on expanded
// values can run here too.
//
// Diagnostics use systemd's own wording, so that they can be compared with
// what systemd-analyze verify prints; Diagnostic.Fatal says when systemd
// refuses to load the unit because of the assignment.
//
// Values are C strings in systemd: a NUL byte ends them. The functions
// here treat a NUL byte in their input as the end of the input.
package words
