package words

import (
	"fmt"
	"github.com/usvc/usvc/internal/sdutf8"
	"strings"
)

// EnvNameIsValid is systemd's env_name_is_valid() (src/basic/env-util.c):
// a non-empty name of letters, digits and "_" that does not start with a
// digit (bash's rules).
func EnvNameIsValid(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' || len(name) > ArgMax-2 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return false
		}
	}
	return true
}

// EnvValueIsValid is systemd's env_value_is_valid(): valid UTF-8 (by
// systemd's rules, which refuse noncharacters), of at most ArgMax-3 bytes.
// Control characters, newlines included, are allowed.
func EnvValueIsValid(value string) bool {
	return !strings.Contains(value, "\x00") && validUTF8(value) && len(value) <= ArgMax-3
}

// EnvAssignmentIsValid is systemd's env_assignment_is_valid(): NAME=VALUE
// with a valid name and value. The first "=" splits.
func EnvAssignmentIsValid(s string) bool {
	eq := strings.IndexByte(s, '=')
	if eq < 0 {
		return false
	}
	return EnvNameIsValid(s[:eq]) && EnvValueIsValid(s[eq+1:]) && len(s) <= ArgMax-1
}

// Assignment is one NAME=VALUE of an Environment= value.
type Assignment struct {
	// Name and Value are the assignment after unquoting, unescaping and
	// specifier expansion.
	Name, Value string
	// Word is the word it comes from (Text before specifier expansion).
	Word Word
}

// Environment is what config_parse_environ() makes of an Environment=
// value.
type Environment struct {
	// Reset is an empty value: the variables set so far are dropped.
	Reset bool
	// Assignments are the valid assignments, in order. Apply them with
	// MergeEnvironment: a later one replaces an earlier one of the same
	// name in place.
	Assignments []Assignment
	// Diagnostics are systemd's warnings, in order. None is fatal.
	Diagnostics []Diagnostic
}

// ParseEnvironment reads the value of Environment= as
// src/core/load-fragment.c: config_parse_environ() does. Words are
// unquoted and C-unescaped (an unknown escape is an error here), then
// specifier-expanded, then checked with EnvAssignmentIsValid. A word that
// fails the specifier expansion or the check is skipped with a warning. A
// word that cannot be read (unbalanced quote, bad escape) gives
// "Invalid syntax" and ends the value: the words before it are kept.
func ParseEnvironment(value string, opt Options) Environment {
	// see src/core/load-fragment.c: config_parse_environ()
	value = cstring(value)
	var env Environment
	if value == "" {
		env.Reset = true
		return env
	}
	sp := NewSplitter(value, Whitespace, CUnescape|Unquote)
	for {
		w, ok, err := sp.Next()
		if err != nil {
			s, e := errSpan(err)
			env.Diagnostics = append(env.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning,
				Code: CodeInvalidSyntax, Message: "Invalid syntax, ignoring: " + value})
			return env
		}
		if !ok {
			return env
		}
		resolved, err := ExpandSpecifiers(w.Text, opt.Specifier, ArgMax)
		if err != nil {
			s, e := specifierSpan(w, err)
			env.Diagnostics = append(env.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning,
				Code: CodeSpecifier, Message: "Failed to resolve specifiers in " + w.Text + ", ignoring: " + errText(err)})
			continue
		}
		eq := strings.IndexByte(resolved, '=')
		unknown := opt.Specifier == nil && (eq < 0 && hasSpecifier(resolved) || eq >= 0 && hasSpecifier(resolved[:eq]))
		if !unknown && !EnvAssignmentIsValid(resolved) {
			env.Diagnostics = append(env.Diagnostics, Diagnostic{Start: w.Start, End: w.End, Severity: Warning,
				Code: CodeInvalidAssignment, Message: "Invalid environment assignment, ignoring: " + resolved})
			continue
		}
		a := Assignment{Word: w, Name: resolved, Value: ""}
		if eq >= 0 {
			a.Name, a.Value = resolved[:eq], resolved[eq+1:]
		}
		env.Assignments = append(env.Assignments, a)
	}
}

// errSpan is where a SyntaxError lies.
func errSpan(err error) (int, int) {
	if se, ok := err.(*SyntaxError); ok {
		return se.Offset, se.End
	}
	return 0, 0
}

// MergeEnvironment applies assignments to env (NAME=VALUE entries) as
// systemd's strv_env_replace_consume() does for each: an assignment
// replaces the first entry of the same name in place and removes the
// later ones, or else is appended. env is not modified.
func MergeEnvironment(env []string, assignments ...Assignment) []string {
	out := append([]string(nil), env...)
	for _, a := range assignments {
		entry := a.Name + "=" + a.Value
		found := -1
		for i, e := range out {
			if strings.HasPrefix(e, a.Name+"=") {
				found = i
				break
			}
		}
		if found < 0 {
			out = append(out, entry)
			continue
		}
		out[found] = entry
		kept := out[:found+1]
		for _, e := range out[found+1:] {
			if !strings.HasPrefix(e, a.Name+"=") {
				kept = append(kept, e)
			}
		}
		out = kept
	}
	return out
}

// EnvironmentFile is what config_parse_unit_env_file() makes of an
// EnvironmentFile= value.
type EnvironmentFile struct {
	// Reset is an empty value: the files listed so far are dropped.
	Reset bool
	// Ok means systemd adds the file to the list.
	Ok bool
	// Optional is the "-" prefix: a missing file is not an error.
	Optional bool
	// Path is the file, specifier-expanded and path_simplify'd.
	Path string
	// Diagnostics are systemd's messages. None is fatal.
	Diagnostics []Diagnostic
}

// ParseEnvironmentFile reads the value of EnvironmentFile= as
// config_parse_unit_env_file() does: no unquoting or unescaping;
// specifiers are expanded in the whole value, then an optional "-" prefix
// is taken off and the path must be absolute, valid and normalized (no
// "..", which path_simplify keeps). A bad path is logged at LOG_ERR and
// ignored; it is not fatal.
func ParseEnvironmentFile(value string, opt Options) EnvironmentFile {
	// see src/core/load-fragment.c: config_parse_unit_env_file()
	value = cstring(value)
	var f EnvironmentFile
	if value == "" {
		f.Reset = true
		return f
	}
	key := opt.Key
	if key == "" {
		key = "EnvironmentFile"
	}
	report := func(sev Severity, code Code, msg string) EnvironmentFile {
		f.Diagnostics = append(f.Diagnostics, Diagnostic{Start: 0, End: len(value), Severity: sev, Code: code, Message: msg})
		return f
	}
	n, err := ExpandSpecifiers(value, opt.Specifier, PathMax)
	if err != nil {
		w := Word{Text: value, Start: 0, End: len(value), src: identitySpans(0, len(value))}
		s, e := specifierSpan(w, err)
		f.Diagnostics = append(f.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeSpecifier,
			Message: "Failed to resolve unit specifiers in '" + value + "', ignoring: " + errText(err)})
		return f
	}
	p := n
	if strings.HasPrefix(n, "-") {
		f.Optional = true
		p = n[1:]
	}
	if opt.Specifier == nil && hasSpecifier(p) {
		// The checks need the expanded path.
		f.Ok, f.Path = true, p
		return f
	}
	// see src/shared/parse-helpers.c: path_simplify_and_warn(..., PATH_CHECK_ABSOLUTE, ...)
	if !validUTF8(p) {
		return report(Error, CodeInvalidUTF8, "String is not UTF-8 clean, ignoring assignment: "+escapeInvalidUTF8(p))
	}
	if !strings.HasPrefix(p, "/") {
		return report(Error, CodePathNotAbsolute, key+"= path is not absolute, ignoring: "+p)
	}
	p = PathSimplify(p)
	if !PathIsValid(p) {
		return report(Error, CodePathLength, fmt.Sprintf("%s= path has invalid length (%d bytes), ignoring.", key, len(p)))
	}
	if !pathIsNormalized(p) {
		return report(Error, CodePathNotNormalized, key+"= path is not normalized, ignoring: "+p)
	}
	f.Ok, f.Path = true, p
	return f
}

// identitySpans maps each byte of input[from:to] to itself.
func identitySpans(from, to int) []span {
	out := make([]span, to-from)
	for i := range out {
		out[i] = span{int32(from + i), int32(from + i + 1)}
	}
	return out
}

// escapeInvalidUTF8 is utf8_escape_invalid(): every byte that does not
// start a valid character becomes U+FFFD.
func escapeInvalidUTF8(s string) string { return sdutf8.EscapeInvalid(s) }

// Item is one word of a list setting.
type Item struct {
	// Word is the word as read (Text before specifier expansion).
	Word Word
	// Value is the word after specifier expansion.
	Value string
}

// List is what a list setting's parser makes of its value.
type List struct {
	// Reset is an empty value that clears the list. Dependency lists never
	// reset.
	Reset bool
	// Items are the words systemd keeps, in order.
	Items []Item
	// Diagnostics are systemd's warnings, in order. None is fatal.
	Diagnostics []Diagnostic
}

// Values returns the Value of each item.
func (l List) Values() []string {
	if l.Items == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.Value
	}
	return out
}

// ParsePassEnvironment reads the value of PassEnvironment= as
// config_parse_pass_environ() does: words are unquoted but not
// C-unescaped (a backslash is dropped and the byte after it kept), then
// specifier-expanded, then must be valid names. A word that cannot be read
// ends the value with "Trailing garbage"; the names before it are kept.
func ParsePassEnvironment(value string, opt Options) List {
	// see src/core/load-fragment.c: config_parse_pass_environ()
	key := opt.Key
	if key == "" {
		key = "PassEnvironment"
	}
	return parseEnvList(value, opt, Unquote, "Failed to resolve specifiers in ", func(it Item) (string, bool) {
		if EnvNameIsValid(it.Value) {
			return "", true
		}
		return "Invalid environment name for " + key + ", ignoring: " + it.Value, false
	}, key)
}

// ParseUnsetEnvironment reads the value of UnsetEnvironment= as
// config_parse_unset_environ() does: like PassEnvironment=, but words are
// C-unescaped too, and each may be a name or a NAME=VALUE assignment.
func ParseUnsetEnvironment(value string, opt Options) List {
	// see src/core/load-fragment.c: config_parse_unset_environ()
	key := opt.Key
	if key == "" {
		key = "UnsetEnvironment"
	}
	return parseEnvList(value, opt, CUnescape|Unquote, "Failed to resolve unit specifiers in ", func(it Item) (string, bool) {
		if EnvAssignmentIsValid(it.Value) || EnvNameIsValid(it.Value) {
			return "", true
		}
		return "Invalid environment name or assignment " + key + ", ignoring: " + it.Value, false
	}, key)
}

func parseEnvList(value string, opt Options, flags Flags, specMsg string, check func(Item) (string, bool), key string) List {
	value = cstring(value)
	var l List
	if value == "" {
		l.Reset = true
		return l
	}
	sp := NewSplitter(value, Whitespace, flags)
	for {
		w, ok, err := sp.Next()
		if err != nil {
			s, e := errSpan(err)
			l.Diagnostics = append(l.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeInvalidSyntax,
				Message: "Trailing garbage in " + key + ", ignoring: " + value})
			return l
		}
		if !ok {
			return l
		}
		v, err := ExpandSpecifiers(w.Text, opt.Specifier, ArgMax)
		if err != nil {
			s, e := specifierSpan(w, err)
			l.Diagnostics = append(l.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeSpecifier,
				Message: specMsg + w.Text + ", ignoring: " + errText(err)})
			continue
		}
		it := Item{Word: w, Value: v}
		if opt.Specifier != nil || !hasSpecifier(v) {
			if msg, good := check(it); !good {
				l.Diagnostics = append(l.Diagnostics, Diagnostic{Start: w.Start, End: w.End, Severity: Warning,
					Code: CodeInvalidName, Message: msg})
				continue
			}
		}
		l.Items = append(l.Items, it)
	}
}

// ParseUnitList reads the value of a dependency setting (After=, Wants=,
// Requires=, ...) as config_parse_unit_deps() does: whitespace separates
// words, and quotes and backslashes are ordinary characters
// (EXTRACT_RETAIN_ESCAPE). Each word is specifier-expanded with the unit
// name table (pass a SpecifierFunc that knows only those letters); a word
// that fails is skipped with a warning. An empty value does nothing: a
// dependency cannot be removed. Whether a word is a valid unit name is not
// checked here.
func ParseUnitList(value string, opt Options) List {
	// see src/core/load-fragment.c: config_parse_unit_deps()
	value = cstring(value)
	var l List
	sp := NewSplitter(value, Whitespace, RetainEscape)
	for {
		// With neither quotes nor escapes recognised nothing can fail.
		w, ok, _ := sp.Next()
		if !ok {
			return l
		}
		v, err := ExpandSpecifiers(w.Text, opt.Specifier, UnitNameMax)
		if err != nil {
			s, e := specifierSpan(w, err)
			l.Diagnostics = append(l.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeSpecifier,
				Message: "Failed to resolve unit specifiers in '" + w.Text + "', ignoring: " + errText(err)})
			continue
		}
		l.Items = append(l.Items, Item{Word: w, Value: v})
	}
}

// ParseStrv splits the value of a generic string list (Documentation= and
// other config_parse_strv() settings) as config_parse_strv() does: quotes
// are removed and group words, backslashes are kept
// (EXTRACT_UNQUOTE|EXTRACT_RETAIN_ESCAPE). An unbalanced quote gives
// "Invalid syntax" and ends the value; the words before it are kept.
//
// systemd expands specifiers in the whole value before it splits
// (config_parse_unit_strv_printf()); to follow it exactly, expand the
// value first with ExpandSpecifiers and split the result, whose offsets
// then refer to the expanded value. ParseStrv itself does not expand, so
// that offsets refer to the value as written.
func ParseStrv(value string) List {
	// see src/shared/conf-parser.c: config_parse_strv()
	value = cstring(value)
	var l List
	if value == "" {
		l.Reset = true
		return l
	}
	sp := NewSplitter(value, Whitespace, Unquote|RetainEscape)
	for {
		w, ok, err := sp.Next()
		if err != nil {
			s, e := errSpan(err)
			l.Diagnostics = append(l.Diagnostics, Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeInvalidSyntax,
				Message: "Invalid syntax, ignoring: " + value})
			return l
		}
		if !ok {
			return l
		}
		l.Items = append(l.Items, Item{Word: w, Value: w.Text})
	}
}
