package unitname

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pieces are the parts the generated strings are made of: every class of
// byte the escaping treats differently, and escapes good and bad.
var pieces = []string{
	"a", "Z", "0", "9", ":", "_", ".", "-", "/", "//", "@", "\\", " ", "%",
	"\x01", "\x09", "\x0a", "\x1f", "\x7f", "\xff", "é", "日本", "\U0001F600",
	`\x2d`, `\x2D`, `\x2f`, `\xc3\xa9`, `\x41`, `\x`, `\x4`, `\xZZ`, `\X41`, `\x-1`,
	"..", "./", "/.", "~", "*", "?", "[", "]", "!", "=", "\"", "'", "$",
	"foo", "bar-baz", "dev", "sys", "home",
	".service", ".mount", ".device", ".socket", ".conf", "@.service", "@x.service",
}

// generated returns n strings made of random pieces, with no NUL byte
// (argv cannot carry one), seeded so that every run tests the same set.
func generated(n int) []string {
	r := rand.New(rand.NewPCG(252, 1))
	out := []string{
		"", ".", "..", "/", "-", ".hidden", "/.hidden", "a/", "/a", "/a/", "a//b",
		"/dev/sda1", "/dev", "/sys/class", "/dev/..", "/./dev/x", "/home/user/my dir",
		"foo.service", "foo", "@bar.service", "x@p@q.service", "-.service", "foo@.service",
		strings.Repeat("x", 300), "/dev/" + strings.Repeat("y", 260), "/" + strings.Repeat("z", 256),
		"/dev/disk/by-id/" + strings.Repeat("q", 240), strings.Repeat("a", 247) + ".service",
		strings.Repeat("a", 248) + ".service", "\x01", "\x0f", "\x10",
	}
	for len(out) < n {
		k := 1 + r.IntN(6)
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteString("/")
		}
		for range k {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// escapeTool runs systemd-escape with args and one input; ok is false
// when it fails. Its output ends with one "\n", which is cut.
func escapeTool(t *testing.T, tool string, args []string, in ...string) (string, bool) {
	t.Helper()
	var stdout bytes.Buffer
	cmd := exec.Command(tool, append(append(args, "--"), in...)...)
	cmd.Stdout = &stdout
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", tool, err)
	}
	return strings.TrimSuffix(stdout.String(), "\n"), err == nil
}

type toolResult struct {
	out string
	ok  bool
}

// escapeBatch runs systemd-escape on many inputs at once. It joins the
// results with one space, so a batch is split back only when it gives
// exactly one field per input, which means no result held a space; a
// batch that fails (one input fails) or holds a space is split in halves,
// down to single inputs.
func escapeBatch(t *testing.T, tool string, args []string, ins []string) []toolResult {
	t.Helper()
	if len(ins) == 0 {
		return nil
	}
	out, ok := escapeTool(t, tool, args, ins...)
	if ok {
		if f := strings.Split(out, " "); len(f) == len(ins) {
			res := make([]toolResult, len(f))
			for i := range f {
				res[i] = toolResult{f[i], true}
			}
			return res
		}
	}
	if len(ins) == 1 {
		return []toolResult{{out, ok}}
	}
	h := len(ins) / 2
	return append(escapeBatch(t, tool, args, ins[:h]), escapeBatch(t, tool, args, ins[h:])...)
}

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("differential test against systemd 252: %s not found", name)
	}
	return p
}

// TestSystemdEscape compares Escape, PathEscape, Unescape, PathUnescape,
// EscapeInstance, UnescapeInstance and Mangle with systemd-escape.
func TestSystemdEscape(t *testing.T) {
	tool := needTool(t, "systemd-escape")
	inputs := generated(300)
	// escaped forms are good inputs for the unescaping modes, the raw
	// strings bad ones
	var unescapeIn, instanceIn []string
	for i, s := range inputs {
		u := s
		switch i % 3 {
		case 1:
			u = Escape(s)
		case 2:
			if p, err := PathEscape(s); err == nil {
				u = p
			}
		}
		unescapeIn = append(unescapeIn, u)
		if i%4 == 0 {
			instanceIn = append(instanceIn, u) // maybe not a unit name
		} else {
			instanceIn = append(instanceIn, "foo@"+u+".service")
		}
	}

	type mode struct {
		name   string
		args   []string
		inputs []string
		ours   func(string) (string, error)
	}
	modes := []mode{
		{"escape", nil, inputs, func(s string) (string, error) { return Escape(s), nil }},
		{"escape --path", []string{"--path"}, inputs, PathEscape},
		{"escape --template", []string{"--template=foo@.service"}, inputs, func(s string) (string, error) {
			return EscapeInstance("foo@.service", s, false)
		}},
		{"escape --path --template", []string{"--path", "--template=foo@.service"}, inputs, func(s string) (string, error) {
			return EscapeInstance("foo@.service", s, true)
		}},
		{"unescape", []string{"--unescape"}, unescapeIn, Unescape},
		{"unescape --path", []string{"--unescape", "--path"}, unescapeIn, PathUnescape},
		{"unescape --template", []string{"--unescape", "--template=foo@.service"}, instanceIn, func(s string) (string, error) {
			return UnescapeInstance(s, "foo@.service", false)
		}},
		{"unescape --instance --path", []string{"--unescape", "--instance", "--path"}, instanceIn, func(s string) (string, error) {
			return UnescapeInstance(s, "", true)
		}},
		{"mangle", []string{"--mangle"}, append(append([]string{}, inputs...), instanceIn...), func(s string) (string, error) {
			m, _, err := Mangle(s, ".service", false)
			return m, err
		}},
	}
	total, agree := 0, 0
	for _, m := range modes {
		results := escapeBatch(t, tool, m.args, m.inputs)
		n, ok, refused := 0, 0, 0
		for i, in := range m.inputs {
			if !results[i].ok {
				refused++
			}
			want, wantOK := results[i].out, results[i].ok
			got, err := m.ours(in)
			n++
			switch {
			case wantOK != (err == nil):
				t.Errorf("%s %q: systemd-escape ok=%v %q; ours %q, %v", m.name, in, wantOK, want, got, err)
			case wantOK && got != want:
				t.Errorf("%s %q: systemd-escape %q; ours %q", m.name, in, want, got)
			default:
				ok++
			}
		}
		t.Logf("%-28s %4d/%d agree (systemd refused %d)", m.name, ok, n, refused)
		total += n
		agree += ok
	}
	t.Logf("systemd-escape: %d/%d agree", agree, total)
}

// TestSystemdValidity uses `systemd-escape --mangle`, which returns a valid
// name unchanged and refuses or changes any other, as an oracle for
// unit_name_is_valid().
func TestSystemdValidity(t *testing.T) {
	tool := needTool(t, "systemd-escape")
	names := generated(300)
	for _, ty := range Types {
		names = append(names, "a."+ty, "a@."+ty, "a@b."+ty, "a."+strings.ToUpper(ty))
	}
	for _, s := range generated(200) {
		// candidate names: the generated text with a suffix
		names = append(names, s+".service", "x@"+s+".socket", Escape(s)+".mount")
	}
	agree, valid := 0, 0
	results := escapeBatch(t, tool, []string{"--mangle"}, names)
	for i, n := range names {
		out, ok := results[i].out, results[i].ok
		want := ok && out == n
		if want {
			valid++
		}
		if got := Valid(n, Any); got != want {
			t.Errorf("Valid(%q) = %v; systemd-escape --mangle gives %q ok=%v", n, got, out, ok)
			continue
		}
		if got := Check(n) == nil; got != want {
			t.Errorf("Check(%q) == nil is %v; want %v", n, got, want)
			continue
		}
		agree++
	}
	t.Logf("unit_name_is_valid via --mangle: %d/%d agree (%d valid)", agree, len(names), valid)
}

// TestSystemdDropIns checks the order of DropInNames with systemd-analyze:
// every directory of the chain holds "50-x.conf" setting Description= to
// its own name. The first directory in systemd's order wins; removing it
// and verifying again reveals the next one.
func TestSystemdDropIns(t *testing.T) {
	tool := needTool(t, "systemd-analyze")
	names := []string{
		"app-web-api.service", "app-web@inst.service", "app--x.service",
		"-foo-bar.service", "a-b@c-d.service", "x-y@p\\x2dq.service", "user-1000.slice",
	}
	agree, dirs := 0, 0
	for _, name := range names {
		chain, err := DropInNames(name)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		fragment := name
		if tmpl, err := TemplateOf(name); err == nil {
			fragment = tmpl
		}
		body := "[Unit]\nDescription=fragment\n"
		if Type(name) == "service" {
			body += "[Service]\nExecStart=/bin/true\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fragment), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, d := range chain {
			if err := os.MkdirAll(filepath.Join(dir, d+".d"), 0o755); err != nil {
				t.Fatal(err)
			}
			conf := "[Unit]\nDescription=" + d + "\n"
			if err := os.WriteFile(filepath.Join(dir, d+".d", "50-x.conf"), []byte(conf), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for range len(chain) + 1 {
			desc := verifyDescription(t, tool, filepath.Join(dir, name))
			if !slices.Contains(chain, desc) {
				// the fragment's, or one from a drop-in installed on
				// this machine (user-.slice.d/10-defaults.conf)
				break
			}
			got = append(got, desc)
			if err := os.Remove(filepath.Join(dir, desc+".d", "50-x.conf")); err != nil {
				t.Fatalf("%s: winner %q is not in the chain: %v", name, desc, err)
			}
		}
		if strings.Join(got, " ") != strings.Join(chain, " ") {
			t.Errorf("drop-in order of %s:\nsystemd: %q\nours:    %q", name, got, chain)
			continue
		}
		agree++
		dirs += len(chain)
	}
	t.Logf("drop-in chains: %d/%d names agree (%d directories in order)", agree, len(names), dirs)
}

func verifyDescription(t *testing.T, tool, unit string) string {
	t.Helper()
	cmd := exec.Command(tool, "verify", "--man=no", "--recursive-errors=no", unit)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=debug")
	out, _ := cmd.Output()
	for _, line := range strings.Split(string(out), "\n") {
		if d, ok := strings.CutPrefix(line, "\t\tDescription: "); ok {
			return d
		}
	}
	return ""
}
