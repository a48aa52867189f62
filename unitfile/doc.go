// Package unitfile reads, edits and writes systemd unit files without
// losing a byte.
//
// Parse builds a concrete syntax tree in which every byte of the input
// belongs to exactly one node, so (*File).Bytes gives back the input
// unchanged, whatever it holds: CRLF, lone CR or NUL line ends, a BOM,
// invalid UTF-8, lines systemd rejects. At the same time each node carries
// what systemd 252's lexer (src/shared/conf-parser.c: config_parse) makes of
// it: entries have the key and the logical value systemd hands to the
// per-key parser (continuations joined, comment lines inside a
// continuation skipped, only space and tab trimmed, "# text" after a value
// kept as part of the value), with positions of key, value and end that
// count lines the way systemd does.
//
// Everything systemd warns about or refuses is a Diagnostic with a
// position; Diagnostic.Fatal says whether systemd would stop reading the
// file there and refuse to load the unit. Parse returns an error only when
// no tree can be built at all (an input over 2 GiB).
//
// The edit methods (SetValue, Add, Delete, AddSection, InsertComment)
// change only the lines they touch; every other byte is kept.
package unitfile
