// Package value parses the logical value of one unit-file assignment the
// way systemd 252 does: booleans, integers, percentages, byte sizes, time
// spans and calendar events, plus a check for enumerated words.
//
// Every parser takes the value string exactly as the unit-file lexer hands
// it to systemd's per-key parser (continuations joined, surrounding space
// and tab removed) and reads nothing else. Each one cites the systemd
// function whose behaviour it reproduces; where systemd is surprising (it
// often is), the surprise is reproduced, not fixed, and pinned in a test.
//
// A rejected value gives an *Error whose Offset and Len mark the smallest
// bad part of the input, so a linter can underline it. Parsers never panic,
// whatever the input.
//
// Parsers named after a C function (ParseBool for parse_boolean, ParseSec
// for parse_sec, ParseSize for parse_size, ...) accept exactly what that
// function accepts; most of them refuse the empty string, as systemd does.
// Parsers named after a setting (ParseMemoryLimit, ParseTasksMax,
// ParseCPUQuota, ParseTristate) follow the config_parse_* function of that
// setting, including what an empty assignment means.
//
// Calendar events (OnCalendar=) may name a time zone. Whether a name is a
// zone depends on the tz database of the machine the unit runs on, and the
// local zone's abbreviations depend on its configured zone; see
// CalendarOptions for how both are decided here.
package value
