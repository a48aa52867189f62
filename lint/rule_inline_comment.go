package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var inlineComment = &Rule{
	Name:     "inline-comment",
	Severity: Error,
	Summary:  "a '#' or ';' comment after a value, which systemd keeps as part of the value",
	Doc: `In a unit file '#' and ';' start a comment only at the beginning of a line.
After a value they are ordinary characters, so

    WorkingDirectory=/srv/app  # change this

sets the working directory to "/srv/app  # change this", which does not
exist, and the service fails with status 200/CHDIR. In an Exec line the
comment becomes arguments: "ExecStart=/usr/bin/app --serve # start it"
runs app with the arguments "--serve", "#", "start" and "it". In a
dependency list the words become units that do not exist. systemd-analyze
verify says nothing about either.

Put the comment on its own line, above the setting.

What counts as a comment: a '#' or ';' that follows a space or a tab. A '#'
inside a word ("https://example.com/#anchor", "C#") is not one. In Exec*=
lines and Environment=, whose values systemd splits into quoted words, a
word that starts with '#' or ';' is one (but not the ";" that separates
commands, and not a quoted "# text", which is an argument on purpose). In
Description=, free text, only '#' followed by a blank or the end counts,
and the finding is a warning. Keys starting with "X-" are not checked.`,
	Bad:  "[Service]\nExecStart=/usr/bin/python3 -m http.server 8080 # serve the site\nWorkingDirectory=/srv/www  # change this\n",
	Good: "[Service]\n# serve the site\nExecStart=/usr/bin/python3 -m http.server 8080\n# change this\nWorkingDirectory=/srv/www\n",
	Fix:  "moves the comment to its own line above the setting and removes it, with the blanks before it, from the value",
	Run:  runInlineComment,
}

func runInlineComment(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		v := ke.val
		if !hasCommentByte(v) || strings.HasPrefix(ke.key, "X-") {
			continue
		}
		kind := catalog.Kind(0)
		if d := ke.d; d != nil {
			kind = d.Kind()
		}
		at, how := commentStart(p, e, kind, v)
		if at < 0 {
			continue
		}
		comment := v[at:]
		pos, end := e.SpanAt(at, len(v))
		d := Diagnostic{Pos: pos, End: end, Fix: moveComment(p, e, at, how == commentArgs)}
		switch how {
		case commentArgs:
			d.Message = "systemd passes " + quoteText(comment) + " to the program as arguments; put the comment on its own line above " + ke.key + "="
		case commentWords:
			d.Message = "systemd reads " + quoteText(comment) + " as more values of " + ke.key + "=; put the comment on its own line above it"
		case commentText:
			d.Severity = Warning
			d.Message = quoteText(comment) + " is part of the " + ke.key + "= text; put the comment on its own line above it"
		default:
			d.Message = "systemd keeps " + quoteText(comment) + " as part of the " + ke.key + "= value; put the comment on its own line above it"
		}
		p.Report(d)
	}
}

// How a trailing comment is read, which decides the message.
const (
	commentValue = iota // part of a single value
	commentArgs         // Exec*=: more arguments
	commentWords        // a list of words: more words
	commentText         // free text
)

// commentStart is the index in v, the value of entry e, of the '#' or ';' that starts a
// trailing comment, or -1.
func commentStart(p *Pass, e *unitfile.Entry, kind catalog.Kind, v string) (int, int) {
	key := e.Key()
	switch {
	case kind == catalog.KindExecCommand:
		// see src/core/load-fragment.c: config_parse_exec(): the value is
		// split into quoted words; a lone ";" separates commands.
		ex := p.exec(e)
		first := true
		for _, c := range ex.Commands {
			for k := -1; k < len(c.Args); k++ {
				w := &c.PathWord
				if k >= 0 {
					w = &c.Args[k]
				} else if c.Prefix.End > c.Prefix.Start {
					w = &c.Prefix
				}
				if !first && w.End > w.Start && (v[w.Start] == '#' || v[w.Start] == ';') {
					return w.Start, commentArgs
				}
				first = false
			}
		}
		if len(ex.Commands) > 0 || !ex.Fatal {
			return -1, 0
		}
		// A value ParseExec cannot read at all: fall back to blanks.
	case kind == catalog.KindEnv:
		// see config_parse_environ(): quoted words, C escapes.
		ws, _ := words.Split(v, words.Whitespace, words.Unquote|words.CUnescape|words.UnescapeRelax|words.Relax)
		for i, w := range ws {
			if i > 0 && w.End > w.Start && (v[w.Start] == '#' || v[w.Start] == ';') {
				return w.Start, commentWords
			}
		}
		return -1, 0
	case key == "Description":
		for i := 1; i < len(v); i++ {
			if v[i] == '#' && isBlank(v[i-1]) && (i+1 == len(v) || isBlank(v[i+1])) {
				return i, commentText
			}
		}
		return -1, 0
	}
	how := commentValue
	switch kind {
	case catalog.KindUnitList, catalog.KindStringList, catalog.KindPathList, catalog.KindURLList, catalog.KindEnumList, catalog.KindExitStatusList:
		how = commentWords
	case catalog.KindExecCommand:
		how = commentArgs
	}
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && isBlank(v[i-1]) {
			return i, how
		}
	}
	return -1, 0
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// moveComment is the fix: the comment, from Value()[at:], goes on a line
// of its own above the entry, and the value loses it and the blanks
// before it (and in an Exec line a ";" that only separated it). It is nil when the comment does not sit on the entry's last
// line as written (a continuation runs through it).
func moveComment(p *Pass, e *unitfile.Entry, at int, exec bool) []TextEdit {
	v := e.Value()
	cut := at
	for cut > 0 && isBlank(v[cut-1]) {
		cut--
	}
	if exec && cut > 1 && v[cut-1] == ';' && isBlank(v[cut-2]) {
		// "a ; # comment": the ";" would separate a command that is no
		// longer there.
		for cut--; cut > 0 && isBlank(v[cut-1]); cut-- {
		}
	}
	pos, end := e.SpanAt(cut, len(v))
	if !p.valueIsSource(e, cut, len(v)) || end.Line != e.End().Line {
		return nil
	}
	return append(p.InsertAbove(e, v[at:]), TextEdit{Start: pos.Offset, End: e.End().Offset})
}

// quoteText quotes text from a file for a message, shortened.
func quoteText(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "..."
	}
	return quote(s)
}

// hasCommentByte reports whether v holds a '#' or ';', the bytes a
// comment after a value starts with. (strings.ContainsAny builds a set
// on every call; this runs on every value of every file.)
func hasCommentByte(v string) bool {
	return strings.IndexByte(v, '#') >= 0 || strings.IndexByte(v, ';') >= 0
}
