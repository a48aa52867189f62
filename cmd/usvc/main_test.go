package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCommands are the programs script tests can run: usvc itself, and
// fakes that other test files add in init functions (systemctl, loginctl
// recording their argv), so no test touches the real user manager.
var scriptCommands = map[string]func(){
	"usvc": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
}

func TestMain(m *testing.M) {
	testscript.Main(m, scriptCommands)
}

// TestScript runs testdata/script/*.txtar. Each script gets a fresh $WORK;
// HOME and the XDG directories point into it.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
			env.Setenv("XDG_RUNTIME_DIR", filepath.Join(env.WorkDir, "run"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("GITHUB_ACTIONS", "")
			return os.MkdirAll(home, 0o755)
		},
	})
}
