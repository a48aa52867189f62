package words

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
)

// The differential tests write one unit file per case, run
// `systemd-analyze verify` on all of them (under the lexical shim, which
// records the argv systemd builds, and plain, for its messages), and
// compare, case by case, with what the parsers here say.

// unitSpecifiers is the specifier table systemd uses for the case's unit
// as root in the system manager with HOME=/root (SYNTAX.md §9), for the
// letters the cases use.
func unitSpecifiers(unit string) SpecifierFunc {
	base := strings.TrimSuffix(unit, ".service")
	return func(c byte) (string, bool) {
		switch c {
		case 'n':
			return unit, true
		case 'N', 'p':
			return base, true
		case 'i', 'I':
			return "", true
		case 'h':
			return "/root", true
		case 't':
			return "/run", true
		}
		return "", false
	}
}

// lexable says whether v can stand as the value of one unit-file line and
// reach the per-key parser unchanged.
func lexable(v string) bool {
	return v != "" && !strings.ContainsAny(v, "\n\r\x00") && validUTF8(v) && !strings.HasSuffix(v, `\`) &&
		v == strings.Trim(v, " \t") && len(v) < 60000
}

// messages are the texts of the diagnostics, deduplicated the way
// oracle.Verify deduplicates systemd's lines. ok is false when a message
// cannot be compared line by line (it holds a line break, or is so long
// that systemd truncates it).
func messages(ds []Diagnostic) (out []string, ok bool) {
	seen := map[string]bool{}
	for _, d := range ds {
		if strings.ContainsAny(d.Message, "\n\r") || len(d.Message) > 1900 {
			return nil, false
		}
		if !seen[d.Message] {
			seen[d.Message] = true
			out = append(out, d.Message)
		}
	}
	return out, true
}

func lineWarnings(r *oracle.Result, line int) []string {
	var out []string
	for _, w := range r.Warnings {
		if w.Line == line {
			out = append(out, w.Text)
		}
	}
	return out
}

type oracleExecCase struct {
	label, value string
	argv         []string // for QuoteExec cases: the argv the command must run with
}

// genExecValues builds Exec*= values from tricky pieces.
func genExecValues(r *rand.Rand, n int) []string {
	firsts := []string{"/bin/echo", "echo", "-/bin/true", "@/bin/sh", "-@/bin/sh", ":/bin/echo", "+/bin/echo",
		"!/bin/echo", "!!/bin/echo", "+!/bin/echo", "!+/bin/echo", "@", "-", "--/bin/echo", "/usr//bin/./env",
		"bin/echo", "/bin/", `"/bin/echo"`, `"/bin/e cho"`, `/bin/\x41`, `/bin/\q`, `"/bin/echo`, "%t/x", "/bin/%z",
		"-/bin/%z", "%i", ";", `";"`, `\073`, `\;`, "/a/../b", "x;", "/bin/echo/.", "'/bin/ech'o", `/bin/a\sb`}
	args := []string{"a", `"a b"`, `'c d'`, `x"1 2"y`, `'ca''t'`, `\q`, `"\q"`, `\x41`, `\x00`, `\xff`, `\u00e9`,
		`\ud800`, `\U0001F4A9`, `\U0000FFFE`, `\101`, `\400`, `\s`, `\\`, `\"`, `\'`, `"\;"`, `\;`, `\\;`, ";", "';'",
		"x;", ";x", `\;x`, "%n", "%N", "%p", "%i", "%%", "%%n", `\x25n`, "%z", "a%zb", "%-", "100%", "$HOME",
		"${HOME}", "$$", "a$b", `"unterminated`, `'unterminated`, `a\`, "-", "@", ":", `"" ''`, "\t", "é", "\u2028"}
	var out []string
	for len(out) < n {
		var b strings.Builder
		b.WriteString(firsts[r.IntN(len(firsts))])
		for k := r.IntN(6); k > 0; k-- {
			if r.IntN(10) == 0 {
				b.WriteString(" ; ")
				b.WriteString(firsts[r.IntN(len(firsts))])
				continue
			}
			sep := []string{" ", " ", " ", "  ", "\t", ""}[r.IntN(6)]
			if strings.HasSuffix(b.String(), "%") {
				// Gluing "%" to the next piece could make a specifier the
				// table here does not know (%c, %a, ...).
				sep = " "
			}
			b.WriteString(sep)
			b.WriteString(args[r.IntN(len(args))])
		}
		if v := b.String(); lexable(v) {
			out = append(out, v)
		}
	}
	return out
}

// TestExecAgainstSystemd compares ParseExec with systemd 252's
// config_parse_exec(): the commands (flags, path, argv), a reset, whether
// the unit fails, and the messages. The cases are the table of
// TestParseExec, generated values, and QuoteExec's output for random argv,
// which must also give back the argv after the run-time "$" expansion.
func TestExecAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	t.Setenv("HOME", "/root")
	var cases []oracleExecCase
	for _, tc := range execTests {
		if lexable(tc.in) {
			cases = append(cases, oracleExecCase{label: "table", value: tc.in})
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for _, v := range genExecValues(r, 600) {
		cases = append(cases, oracleExecCase{label: "generated", value: v})
	}
	for quoted := 0; quoted < 400; {
		argv := randomArgv(r)
		q, err := QuoteExec(argv)
		if err != nil {
			continue
		}
		quoted++
		cases = append(cases, oracleExecCase{label: "QuoteExec", value: q, argv: argv})
	}

	dir := t.TempDir()
	var units []string
	for i, c := range cases {
		name := fmt.Sprintf("c%04d.service", i)
		src := "[Service]\nType=oneshot\nExecStart=" + c.value + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, filepath.Join(dir, name))
	}
	res := o.Verify(t, dir, units, false)

	agree := map[string]int{}
	total := map[string]int{}
	msgCompared := 0
	for i, c := range cases {
		name := fmt.Sprintf("c%04d.service", i)
		sr := res[filepath.Join(dir, name)]
		total[c.label]++
		if sr == nil || !sr.Parsed {
			t.Errorf("%s %q: systemd did not parse %s", c.label, c.value, name)
			continue
		}
		x := ParseExec(c.value, Options{Specifier: unitSpecifiers(name)})
		var problems []string

		type xrec struct {
			Flags int
			Path  string
			Argv  []string
		}
		var want, got []xrec
		for _, e := range sr.Execs {
			want = append(want, xrec{e.Flags, e.Path, e.Argv})
		}
		for _, cm := range x.Commands {
			got = append(got, xrec{int(cm.Flags), cm.Path, cm.Argv})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			problems = append(problems, "commands (-systemd +ours):\n"+diff)
		}
		if sysReset := len(sr.Resets) > 0; sysReset != x.Reset {
			problems = append(problems, fmt.Sprintf("reset: systemd %v, ours %v", sysReset, x.Reset))
		}
		if sysFatal := sr.Ret < 0; sysFatal != x.Fatal {
			problems = append(problems, fmt.Sprintf("fatal: systemd %v (config_parse %d), ours %v", sysFatal, sr.Ret, x.Fatal))
		}
		if mine, ok := messages(x.Diagnostics); ok {
			msgCompared++
			if diff := cmp.Diff(lineWarnings(sr, 3), mine); diff != "" {
				problems = append(problems, "messages (-systemd +ours):\n"+diff)
			}
		}
		if c.argv != nil {
			if len(x.Commands) != 1 {
				problems = append(problems, "QuoteExec value is not one command")
			} else if diff := cmp.Diff(c.argv, ExpandArgv(x.Commands[0].Argv, nil)); diff != "" {
				problems = append(problems, "QuoteExec argv after $ expansion (-want +got):\n"+diff)
			}
			if len(sr.Execs) == 1 {
				if diff := cmp.Diff(c.argv, ExpandArgv(sr.Execs[0].Argv, nil)); diff != "" {
					problems = append(problems, "QuoteExec argv from systemd after $ expansion (-want +got):\n"+diff)
				}
			}
		}
		if len(problems) > 0 {
			t.Errorf("%s case ExecStart=%s (%s):\n%s", c.label, c.value, name, strings.Join(problems, "\n"))
			continue
		}
		agree[c.label]++
	}
	for _, l := range []string{"table", "generated", "QuoteExec"} {
		t.Logf("ExecStart= %s cases: systemd agrees on %d of %d", l, agree[l], total[l])
	}
	t.Logf("messages compared for %d of %d cases", msgCompared, len(cases))
}

// dumpUnits runs `SYSTEMD_LOG_LEVEL=debug systemd-analyze verify`, which
// prints unit_dump() of each unit on stdout, and returns the dump of each
// unit by name.
func dumpUnits(t *testing.T, units []string) map[string]string {
	t.Helper()
	analyze := testenv.LookPath(t, "systemd-analyze")
	cmd := exec.Command(analyze, append([]string{"verify", "--man=no", "--recursive-errors=no"}, units...)...)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=debug", "SYSTEMD_LOG_COLOR=0", "XDG_RUNTIME_DIR="+t.TempDir())
	out, _ := cmd.Output() // verify exits non-zero whenever a unit has a problem
	head := regexp.MustCompile(`(?m)^\s*-> Unit ([^\s:]+):$`)
	res := map[string]string{}
	idx := head.FindAllStringSubmatchIndex(string(out), -1)
	for i, m := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		res[string(out[m[2]:m[3]])] = string(out[m[1]:end])
	}
	if len(res) == 0 {
		t.Fatalf("systemd-analyze verify dumped no unit; stdout:\n%.2000s", out)
	}
	return res
}

// dumpBlock is how a unit dump prints the entries of a list setting: one
// "\t\tFIELD: value" line each.
func dumpBlock(field string, values []string) string {
	var b strings.Builder
	for _, v := range values {
		b.WriteString("\t\t" + field + ": " + v + "\n")
	}
	return b.String()
}

type oracleEnvCase struct {
	label, key, value string
}

func genEnvValues(r *rand.Rand, n int) []string {
	pieces := []string{"A=b", `"A=b c"`, `B='x y'`, "=x", "bad", "9X=1", `C=\n`, `D=\q`, `E="unterminated`,
		"F=%n", "G=%z", "H=%%", `I=\x41`, `J=\xff`, `K=\u00e9`, "A=2", `L=a"b c"d`, "M=", `"N=1 2"`, "O=3",
		"P=$HOME", `Q=\;`, `R=\ud800`, "S=%i", `"T=\x00"`, "U=é", `V=\s`, "W=a=b", `X\x3dy`, "Y=%-", "Z=100%",
		`"A=1" A=3`, `'B=q'`, "_=1", "a.b=1", "A B", `C=\\`, `C=\"`, "%n=1", "x%z=1"}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for k := 1 + r.IntN(5); k > 0; k-- {
			if b.Len() > 0 {
				b.WriteString([]string{" ", "  ", "\t"}[r.IntN(3)])
			}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if v := b.String(); lexable(v) {
			out = append(out, v)
		}
	}
	return out
}

// TestEnvironmentAgainstSystemd compares ParseEnvironment,
// ParseEnvironmentFile, ParsePassEnvironment and ParseUnsetEnvironment with
// systemd 252: the entries systemd stores (read from the unit dump of
// `SYSTEMD_LOG_LEVEL=debug systemd-analyze verify`) and its messages. For
// ParseUnitList (After=) only the messages can be compared: verify does not
// dump dependencies.
func TestEnvironmentAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	t.Setenv("HOME", "/root")
	var cases []oracleEnvCase
	// SYNTAX.md §8 and §7.
	for _, v := range []string{`"A=b c" D=e F=g`, `P=1 bad Q=2 =x R="3 S=4`, `T=\q U=1`, `P=1 Q=2 P=3`,
		`x"1 2"y A=1`, `'A=\a'`, `A=""`, `""`} {
		cases = append(cases, oracleEnvCase{"syntax", "Environment", v})
	}
	r := rand.New(rand.NewPCG(9, 10))
	for _, v := range genEnvValues(r, 400) {
		cases = append(cases, oracleEnvCase{"generated", "Environment", v})
	}
	names := []string{"A", "FOO_BAR", "_x", "a1"}
	for n := 0; n < 200; {
		q, err := QuoteEnvironment(names[r.IntN(len(names))], randomArg(r))
		if err != nil || !lexable(q) {
			continue
		}
		n++
		cases = append(cases, oracleEnvCase{"QuoteEnvironment", "Environment", q})
	}
	for _, v := range []string{"/etc/x", "-/etc/x", "etc/x", "-etc/x", "/a/../b", "/a//b/./c/", `"/etc/x"`, "-",
		"--/x", "-%h/x", "%t/%n", "%z", "/" + strings.Repeat("x", 256), "/" + strings.Repeat("x/", 2100), "/a/.", "/.."} {
		cases = append(cases, oracleEnvCase{"file", "EnvironmentFile", v})
	}
	for _, v := range []string{"A B", "A 9B", `"A B" C`, `A\ B`, `"A`, "A A", "%n", "A%z B", `A\x41`, "a_1 =A", "A=1"} {
		cases = append(cases, oracleEnvCase{"pass", "PassEnvironment", v})
		cases = append(cases, oracleEnvCase{"unset", "UnsetEnvironment", v})
	}
	for _, v := range []string{"A=1 B", `"A=1 2" 9=x`, `A\x3d1`, `"A`, `A=\q`, "%n", "A=%z B"} {
		cases = append(cases, oracleEnvCase{"unset", "UnsetEnvironment", v})
	}

	for _, v := range []string{"a.service b.target", `"b c".service x\x2dy.service`, "%p-z.service x-%I.service %n",
		"%h.service %t.service %i%N.target", "%z.service a.service", "%%.service"} {
		cases = append(cases, oracleEnvCase{"deps", "After", v})
	}

	dir := t.TempDir()
	var units []string
	for i, c := range cases {
		name := fmt.Sprintf("e%04d.service", i)
		src := "[Service]\n" + c.key + "=" + c.value + "\nExecStart=/bin/true\n"
		if c.key == "After" {
			src = "[Unit]\n" + c.key + "=" + c.value + "\n[Service]\nExecStart=/bin/true\n"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, filepath.Join(dir, name))
	}
	res := o.Verify(t, dir, units, false)
	dumps := dumpUnits(t, units)

	agree := map[string]int{}
	total := map[string]int{}
	for i, c := range cases {
		name := fmt.Sprintf("e%04d.service", i)
		total[c.label]++
		sr, dump := res[filepath.Join(dir, name)], dumps[name]
		if sr == nil || dump == "" {
			t.Errorf("%s=%s: systemd did not parse or dump %s", c.key, c.value, name)
			continue
		}
		opt := Options{Specifier: unitSpecifiers(name)}
		var entries []string
		var diags []Diagnostic
		switch c.key {
		case "Environment":
			env := ParseEnvironment(c.value, opt)
			entries, diags = MergeEnvironment(nil, env.Assignments...), env.Diagnostics
		case "EnvironmentFile":
			f := ParseEnvironmentFile(c.value, opt)
			if f.Ok {
				p := f.Path
				if f.Optional {
					p = "-" + p
				}
				entries = []string{p}
			}
			diags = f.Diagnostics
		case "PassEnvironment":
			l := ParsePassEnvironment(c.value, opt)
			entries, diags = uniq(l.Values()), l.Diagnostics
		case "UnsetEnvironment":
			l := ParseUnsetEnvironment(c.value, opt)
			entries, diags = uniq(l.Values()), l.Diagnostics
		case "After":
			// The unit name table: %h, %t and %I are invalid slots there.
			spec := unitSpecifiers(name)
			l := ParseUnitList(c.value, Options{Specifier: func(c byte) (string, bool) {
				if strings.IndexByte("inNp", c) < 0 {
					return "", false
				}
				return spec(c)
			}})
			// verify does not dump dependencies: only the messages are
			// compared.
			diags = l.Diagnostics
		}
		var problems []string
		block := dumpBlock(c.key, entries)
		if n := strings.Count(dump, "\t\t"+c.key+": "); c.key != "After" && (n != len(entries) || !strings.Contains(dump, block)) {
			var sys []string
			for _, l := range strings.Split(dump, "\n") {
				if strings.HasPrefix(l, "\t\t"+c.key+": ") {
					sys = append(sys, strings.TrimPrefix(l, "\t\t"+c.key+": "))
				}
			}
			problems = append(problems, fmt.Sprintf("entries: systemd %q, ours %q", sys, entries))
		}
		if mine, ok := messages(diags); ok {
			if diff := cmp.Diff(lineWarnings(sr, 2), mine); diff != "" {
				problems = append(problems, "messages (-systemd +ours):\n"+diff)
			}
		}
		if sr.Ret < 0 {
			problems = append(problems, fmt.Sprintf("systemd failed the file (%d); no environment setting is fatal here", sr.Ret))
		}
		if len(problems) > 0 {
			t.Errorf("%s case %s=%s (%s):\n%s", c.label, c.key, c.value, name, strings.Join(problems, "\n"))
			continue
		}
		agree[c.label]++
	}
	for _, l := range []string{"syntax", "generated", "QuoteEnvironment", "file", "pass", "unset", "deps"} {
		t.Logf("%s cases: systemd agrees on %d of %d", l, agree[l], total[l])
	}
}

// uniq drops repeated entries, as strv_extend_strv(..., true) does.
func uniq(l []string) []string {
	var out []string
	for _, s := range l {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
