package gen

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/words"
)

// FuzzService: whatever the command, description, environment value and
// working directory, Service either refuses them (never with an internal
// error) or writes a unit that parses without a diagnostic, has exactly
// one ExecStart= that reads back as the argv, and keeps every value on its
// own line.
func FuzzService(f *testing.F) {
	f.Add("/bin/echo", "a b\x00c\"d", "desc", "v", "")
	f.Add(testHome+"/bin/x", testHome+"/a b\x00--c="+testHome, "100% \\", "x\ny", testHome+"/w")
	f.Add("/usr/bin/env", "$HOME\x00%h\x00;\x00\x00\\;", "a\nb", "\"'", "/a/../b")
	f.Add("true", "\u2028\x00\x7f\x00\xff", " \t", "\xed\xa0\x80", "~")
	f.Add("/opt/$x/run", "'a b'\x00\"a b\"", "[Install]", "%", "/x\n[Service]")
	f.Fuzz(func(t *testing.T, argv0, args, desc, envValue, wd string) {
		argv := []string{argv0}
		if args != "" {
			argv = append(argv, strings.Split(args, "\x00")...)
		}
		o := Options{Name: "fuzz", Description: desc, ExecStart: argv, Home: testHome, LookPath: fakeLookPath,
			Environment: []EnvVar{{"V", envValue}}, WorkingDirectory: wd}
		u, err := Service(o)
		if err != nil {
			if errors.Is(err, ErrInternal) {
				t.Fatalf("Service(%q): %v", argv, err)
			}
			return
		}
		pf, err := unitfile.Parse("fuzz.service", u.Bytes())
		if err != nil || len(pf.Diagnostics) != 0 {
			t.Fatalf("unit does not parse cleanly: %v %v\n%s", err, pf.Diagnostics, u.Bytes())
		}
		n := 0
		for _, e := range pf.Entries() {
			if e.Continued() {
				t.Fatalf("%s= spans lines:\n%s", e.Key(), u.Bytes())
			}
			if e.Key() == "ExecStart" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d ExecStart= lines:\n%s", n, u.Bytes())
		}
		_, spec := userEnv("fuzz.service", testHome)
		want := slices.Clone(argv)
		if p, err := fakeLookPath(want[0]); err == nil {
			want[0] = p
		} else if strings.Contains(want[0], "/") && !strings.HasPrefix(want[0], "/") {
			abs, _ := filepath.Abs(want[0]) // a relative path is made absolute
			want[0] = abs
		}
		x := words.ParseExec(pf.Lookup("Service", "ExecStart").Value(), words.Options{Specifier: spec})
		if len(x.Commands) != 1 || !slices.Equal(words.ExpandArgv(x.Commands[0].Argv, nil), want) {
			t.Fatalf("ExecStart does not read back as %q:\n%s", want, u.Bytes())
		}
	})
}

// FuzzParseMemoryLimit: no panic, and what it accepts prints as a value
// that reads back the same.
func FuzzParseMemoryLimit(f *testing.F) {
	for _, s := range []string{"512M", "1G 512M", "25%", "12.5%", "infinity", "unset", "", "0", "1.5", "100%", "5‰", "10‱", "16E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMemoryLimit(s)
		if err != nil {
			return
		}
		back, err := ParseMemoryLimit(m.String())
		if err != nil || back != m {
			t.Fatalf("ParseMemoryLimit(%q) = %s, which reads back as %s, %v", s, m, back, err)
		}
		if err := m.check(); err != nil {
			t.Fatalf("ParseMemoryLimit(%q) = %s, which gen refuses: %v", s, m, err)
		}
	})
}

// FuzzParseSetting: no panic, and String gives back the input.
func FuzzParseSetting(f *testing.F) {
	for _, s := range []string{"Service.Nice=5", "Unit.X-A=b=c", "a.b.c=d", "=", ".=", "Service.Nice"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseSetting(s)
		if err != nil {
			return
		}
		if st.String() != s || st.Section == "" || st.Key == "" {
			t.Fatalf("ParseSetting(%q) = %+v", s, st)
		}
	})
}
