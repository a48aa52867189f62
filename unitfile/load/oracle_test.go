package load

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/value"
)

// dump is what `SYSTEMD_LOG_LEVEL=debug systemd-analyze verify` prints
// of a unit (unit_dump()), reduced to what the comparison needs.
type dump struct {
	Loaded           bool // a dump was printed: the unit loaded
	Description      string
	Fragment         string
	DropIns          []string
	WorkingDirectory string
	Environment      []string
	ExecStart        []string // Command Line: of each ExecStart= command
	Restart          string
	RestartSec       string // format_timespan(, USEC_PER_SEC)
	MemoryMax        string // bytes; infinity is UINT64_MAX
}

// verifyDump runs systemd-analyze verify on file (with extra directories
// after the file's own in the search path) and reads the dump of unit.
func verifyDump(t *testing.T, analyze, file, unit string, extra []string, scope Scope, runtimeDir string) dump {
	t.Helper()
	args := []string{"verify", "--man=no", "--recursive-errors=no", file}
	if scope == User {
		args = append([]string{"--user"}, args...)
	}
	cmd := exec.Command(analyze, args...)
	// Run in "/" like a manager: systemd judges relative links to
	// drop-in directories against the working directory.
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=debug", "SYSTEMD_LOG_COLOR=0", "XDG_RUNTIME_DIR="+runtimeDir)
	if len(extra) > 0 {
		cmd.Env = append(cmd.Env, "SYSTEMD_UNIT_PATH="+strings.Join(extra, ":")+":")
	}
	out, _ := cmd.Output() // verify exits non-zero for many harmless reasons
	var d dump
	in, exec := false, false
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\t-> Unit ") {
			in = strings.TrimSuffix(strings.TrimPrefix(line, "\t-> Unit "), ":") == unit
			if in {
				d.Loaded = true
			}
			continue
		}
		if !in {
			continue
		}
		switch {
		case strings.HasPrefix(line, "\t\t-> "):
			exec = line == "\t\t-> ExecStart:"
		case exec && strings.HasPrefix(line, "\t\t\tCommand Line: "):
			d.ExecStart = append(d.ExecStart, strings.TrimPrefix(line, "\t\t\tCommand Line: "))
		case strings.HasPrefix(line, "\t\tDescription: "):
			d.Description = strings.TrimPrefix(line, "\t\tDescription: ")
		case strings.HasPrefix(line, "\t\tFragment Path: "):
			d.Fragment = strings.TrimPrefix(line, "\t\tFragment Path: ")
		case strings.HasPrefix(line, "\t\tDropIn Path: "):
			d.DropIns = append(d.DropIns, strings.TrimPrefix(line, "\t\tDropIn Path: "))
		case strings.HasPrefix(line, "\t\tWorkingDirectory: "):
			d.WorkingDirectory = strings.TrimPrefix(line, "\t\tWorkingDirectory: ")
		case strings.HasPrefix(line, "\t\tRestart: "):
			d.Restart = strings.TrimPrefix(line, "\t\tRestart: ")
		case strings.HasPrefix(line, "\t\tRestartSec: "):
			d.RestartSec = strings.TrimPrefix(line, "\t\tRestartSec: ")
		case strings.HasPrefix(line, "\t\tMemoryMax: "):
			d.MemoryMax = strings.TrimPrefix(line, "\t\tMemoryMax: ")
		case strings.HasPrefix(line, "\t\tEnvironment: "):
			d.Environment = append(d.Environment, strings.TrimPrefix(line, "\t\tEnvironment: "))
		}
	}
	return d
}

// ourDump is the same reading of our loader's result. home is the
// working directory a user manager gives a unit without one
// (src/core/unit.c: unit_patch_contexts()), "" for the system manager.
func ourDump(u *Unit, home string) dump {
	if u.State != Loaded {
		return dump{}
	}
	s, _ := u.Service()
	d := dump{Loaded: true, Description: u.ID, Fragment: u.Fragment.Path, WorkingDirectory: "/",
		Restart: "no", RestartSec: "100ms", MemoryMax: fmt.Sprint(uint64(math.MaxUint64))}
	if s.Restart.IsSet() {
		d.Restart = s.Restart.Value
	}
	if s.RestartSec.IsSet() {
		d.RestartSec = value.FormatTimespan(s.RestartSec.Value, value.Second)
	}
	if m := s.MemoryMax.Value; s.MemoryMax.IsSet() && !m.Infinity {
		d.MemoryMax = fmt.Sprint(m.Bytes)
	}
	if s.Description.Value != "" {
		d.Description = s.Description.Value
	}
	for _, f := range u.DropIns {
		d.DropIns = append(d.DropIns, f.Path)
	}
	if w := s.WorkingDirectory.Value; w.Path != "" {
		d.WorkingDirectory = w.Path
	} else if home != "" {
		d.WorkingDirectory = home
	}
	for _, e := range s.Environment {
		d.Environment = append(d.Environment, e.Value.Name+"="+e.Value.Value)
	}
	for _, c := range s.ExecStart {
		d.ExecStart = append(d.ExecStart, quoteCommandLine(c.Value.Argv))
	}
	return d
}

// quoteCommandLine is src/basic/escape.c: quote_command_line() with
// SHELL_ESCAPE_EMPTY, as unit_dump() prints argv.
func quoteCommandLine(argv []string) string {
	const needQuotes = " \t\n\r\"\\`$*?['()<>|&;!"
	const needEscape = "\"\\`$"
	var b strings.Builder
	for i, a := range argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" {
			b.WriteString(`""`)
			continue
		}
		j := 0
		for j < len(a) {
			r, n := utf8.DecodeRuneInString(a[j:])
			if a[j] < ' ' || a[j] == 0x7f || (r == utf8.RuneError && n == 1) || strings.IndexByte(needQuotes, a[j]) >= 0 {
				break
			}
			j += n
		}
		if j == len(a) {
			b.WriteString(a)
			continue
		}
		b.WriteByte('"')
		b.WriteString(a[:j])
		for k := j; k < len(a); k++ {
			if strings.IndexByte(needEscape, a[k]) >= 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(a[k])
		}
		b.WriteByte('"')
	}
	return b.String()
}

// scenario is one random fixture: a unit file in dir u, drop-ins spread
// over u, d1 and d2.
type scenario struct {
	unit  string // the name loaded ("x@i.service" for an instance)
	file  string // the fragment's name
	files tree
}

var dropInSnippets = []string{
	"[Unit]\nDescription=desc %d\n",
	"[Service]\nEnvironment=A=%d\n",
	"[Service]\nEnvironment=\"B=b %d\" C=%d\n",
	"[Service]\nEnvironment=\nEnvironment=D=%d\n",
	"[Service]\nExecStart=\nExecStart=/bin/echo reset %d\n",
	"[Service]\nExecStart=/bin/echo \"more %d\" 'x y'\n",
	"[Service]\nWorkingDirectory=/tmp/w%d\n",
	"[Service]\nWorkingDirectory=-/var//tmp/./w%d/\n",
	"[Service]\nWorkingDirectory=~\n",
	"[Service]\nWorkingDirectory=\n",
	"[Unit]\nDescription=\n",
	// fatal errors stop the drop-in
	"[Service]\nEnvironment=E=%d\nExecStartPre=rel/ative\nEnvironment=F=%d\n",
	"[Service]\nEnvironment=G=%d\n[Service\nEnvironment=H=%d\n",
	"[Service]\nEnvironment=I=%d\nWorkingDirectory=not/absolute\nEnvironment=J=%d\n",
	// comments, continuations, sections of other types
	"# comment\n[Service]\nEnvironment=K=%d \\\n  L=%d\n[Socket]\nListenStream=1\n",
	"",             // empty: masks lower drop-ins of its name
	"-> /dev/null", // likewise
	"-> /nonexistent.conf",
}

func randomScenario(r *rand.Rand, base string) scenario {
	names := []string{"usvct-a-b.service", "usvct-a.service", "usvct-q@x.service", "usvct-w-v@x.service", "usvctplain.service"}
	sc := scenario{unit: names[r.IntN(len(names))], files: tree{}}
	sc.file = sc.unit
	if tmpl, err := unitname.TemplateOf(sc.unit); err == nil && r.IntN(4) != 0 {
		sc.file = tmpl
	}
	dirs := []string{base + "/u", base + "/d1", base + "/d2"}
	// Type=oneshot and RemainAfterExit=yes keep systemd's after-load checks quiet
	// whatever the drop-ins do to ExecStart=.
	frag := "[Unit]\nDescription=fragment\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/echo frag\n"
	if r.IntN(2) == 0 {
		frag += "Environment=A=frag C=frag\n"
	}
	if r.IntN(3) == 0 {
		frag += "WorkingDirectory=/srv\n"
	}
	if r.IntN(10) == 0 {
		// a fatal setting: the unit fails, its drop-ins do not matter
		frag += "ExecStartPost=rel/ative\n"
	}
	sc.files[dirs[0]+"/"+sc.file] = frag
	chain, _ := unitname.DropInNames(sc.unit)
	chain = append(chain, "service")
	if r.IntN(3) == 0 {
		// an alias in another directory: its drop-in directories count
		alias, aliasUnit := "usvct-al.service", "usvct-al.service"
		if inst, kind, _ := unitname.InstanceOf(sc.unit); kind == unitname.Instance {
			aliasUnit = "usvct-al@" + inst + ".service"
			alias = aliasUnit
			if sc.file != sc.unit {
				alias = "usvct-al@.service"
			}
		}
		sc.files[dirs[1+r.IntN(2)]+"/"+alias] = "-> " + dirs[0] + "/" + sc.file
		ac, _ := unitname.DropInNames(aliasUnit)
		chain = append(chain, ac...)
	}
	n := 1 + r.IntN(6)
	confs := []string{"10-a.conf", "50-b.conf", "50-b.conf", "90-c.conf", "z.conf", "00.conf"}
	for i := range n {
		d := dirs[r.IntN(len(dirs))] + "/" + chain[r.IntN(len(chain))] + ".d/" + confs[r.IntN(len(confs))]
		s := dropInSnippets[r.IntN(len(dropInSnippets))]
		if !strings.HasPrefix(s, "-> ") {
			s = strings.ReplaceAll(s, "%d", fmt.Sprint(i))
		}
		sc.files[d] = s
	}
	if r.IntN(8) == 0 {
		// a hidden drop-in and a non-.conf file are never read
		sc.files[dirs[0]+"/"+sc.unit+".d/.hidden.conf"] = "[Unit]\nDescription=hidden\n"
		sc.files[dirs[1]+"/"+sc.unit+".d/x.conf.bak"] = "[Unit]\nDescription=backup\n"
	}
	return sc
}

// TestVerifyOracle loads random units with drop-ins both with our loader
// and with `systemd-analyze verify` and compares the drop-ins found, their
// order, the description, environment, ExecStart= command lines and
// working directory systemd ends up with.
func TestVerifyOracle(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: systemd-analyze runs on Linux only")
	}
	analyze := testenv.LookPath(t, "systemd-analyze")
	n := 150
	if testing.Short() {
		n = 30
	}
	r := rand.New(rand.NewPCG(252, 1))
	agree, loaded := 0, 0
	for i := range n {
		base := filepath.ToSlash(t.TempDir())
		sc := randomScenario(r, base)
		build(t, "/", sc.files)
		extra := []string{base + "/d1", base + "/d2"}
		// Every other unit is a user unit: the user manager's search
		// path follows, and the loading is the same.
		scope := Scope(i % 2)
		runtimeDir := base + "/run"
		if err := os.Mkdir(runtimeDir, 0o700); err != nil {
			t.Fatal(err)
		}
		want := verifyDump(t, analyze, base+"/u/"+sc.unit, sc.unit, extra, scope, runtimeDir)

		env := envOf(HostEnv().Home, "/", "SYSTEMD_UNIT_PATH="+strings.Join(extra, ":")+":", "XDG_RUNTIME_DIR="+runtimeDir,
			"HOME="+os.Getenv("HOME"))
		dirs, err := SearchPath(scope, env)
		if err != nil {
			t.Fatal(err)
		}
		l, err := NewLoader("", dirs)
		if err != nil {
			t.Fatal(err)
		}
		u, err := l.LoadFile(base + "/u/" + sc.unit)
		if err != nil {
			t.Fatal(err)
		}
		home := ""
		if scope == User {
			// get_home_dir(): $HOME first, as verify sees it
			home, _ = homeDir(envOf(HostEnv().Home, "/", "HOME="+os.Getenv("HOME")))
		}
		got := ourDump(u, home)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("scenario %d (%s, %s) differs from systemd (-systemd +ours):\n%s\nfiles:\n%s", i, sc.unit, scope, diff, describe(sc.files))
			continue
		}
		agree++
		if want.Loaded {
			loaded++
		}
	}
	t.Logf("verify oracle (system and --user): %d of %d random units agree with systemd-analyze verify (%d loaded, %d refused)", agree, n, loaded, agree-loaded)
}

func describe(tr tree) string {
	var b strings.Builder
	for _, k := range sortedKeys(tr) {
		fmt.Fprintf(&b, "  %s: %q\n", path.Base(path.Dir(k))+"/"+path.Base(k), tr[k])
	}
	return b.String()
}

func sortedKeys(tr tree) []string {
	ks := make([]string, 0, len(tr))
	for k := range tr {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}
