package specifier

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/usvc/usvc/unitfile/unitname"
)

// TestSystemctlEnable compares the Install context with what
// `systemctl --root=DIR enable` makes of WantedBy=: each word
// "tK-%x.target" becomes a directory "tK-VALUE.target.wants".
func TestSystemctlEnable(t *testing.T) {
	tool, err := exec.LookPath("systemctl")
	if err != nil {
		t.Skip("differential test against systemd 252: systemctl not found")
	}
	specs := []string{"%n", "%N", "%p", "%i", "%j", "%u", "%U", "%g", "%G", "%H", "%l"}
	tests := []struct {
		file, defaultInstance, enable string
	}{
		{"ab-cd@.service", `d\x2dinst`, "ab-cd@.service"},
		{"ab-cd@.service", `d\x2dinst`, `ab-cd@real\x2dx.service`}, // DefaultInstance= ignored
		{"x-y-z.service", "q", "x-y-z.service"},                    // ignored with a warning
		{"tt@.service", "", "tt@abc.service"},
		{"foo-.service", "", "foo-.service"},
		{"foo-@.socket", "i", "foo-@.socket"},
		{"a@.service", "%p", "a@.service"}, // DefaultInstance= resolves its own specifiers
	}
	wantsDir := regexp.MustCompile(`^t(\d+)-(.*)\.target\.wants$`)
	agree, total := 0, 0
	for _, tc := range tests {
		root := t.TempDir()
		sysdir := filepath.Join(root, "etc", "systemd", "system")
		if err := os.MkdirAll(sysdir, 0o755); err != nil {
			t.Fatal(err)
		}
		var words []string
		for k, sp := range specs {
			words = append(words, fmt.Sprintf("t%d-%s.target", k, sp))
		}
		body := "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=" + strings.Join(words, " ") + "\n"
		if strings.HasSuffix(tc.file, ".socket") {
			body = "[Socket]\nListenStream=/run/x\n[Install]\nWantedBy=" + strings.Join(words, " ") + "\n"
		}
		if tc.defaultInstance != "" {
			body += "DefaultInstance=" + tc.defaultInstance + "\n"
		}
		if err := os.WriteFile(filepath.Join(sysdir, tc.file), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(tool, "--root="+root, "enable", tc.enable)
		out, _ := cmd.CombinedOutput() // compared below through the links it made
		got := map[int]string{}
		entries, _ := os.ReadDir(sysdir)
		for _, e := range entries {
			if m := wantsDir.FindStringSubmatch(e.Name()); m != nil {
				k, _ := strconv.Atoi(m[1])
				got[k] = m[2]
			}
		}

		env, err := FromHost(System, 252, tc.enable)
		if err != nil {
			t.Fatal(err)
		}
		// DefaultInstance= goes through install_name_printf() first
		if tc.defaultInstance != "" && unitname.Valid(tc.enable, unitname.Template) {
			d, err := env.Expand(tc.defaultInstance, Install.Set(252), MaxName)
			if err != nil {
				t.Fatal(err)
			}
			env.DefaultInstance = d
		} else {
			env.DefaultInstance = tc.defaultInstance // must be ignored
		}
		for k, sp := range specs {
			total++
			ours, err := env.Expand(sp, Install.Set(252), MaxName)
			if err != nil {
				ours = "<error: " + err.Error() + ">"
			}
			systemd, ok := got[k]
			if !ok {
				systemd = "<no symlink>"
			}
			if ours != systemd {
				t.Errorf("enable %s (DefaultInstance=%s) %s:\nsystemd: %q\nours:    %q\n%s", tc.enable, tc.defaultInstance, sp, systemd, ours, out)
				continue
			}
			agree++
		}
	}
	t.Logf("systemctl enable: %d/%d agree", agree, total)
}
