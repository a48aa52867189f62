package install

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestDisableKeepsLinkedDirectory: a .wants directory that is itself a
// link is neither entered nor removed, as remove_marked_symlinks_fd()
// descends into real directories only; a real one left empty is removed.
func TestDisableKeepsLinkedDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipped: symlinks need privileges on Windows")
	}
	root := t.TempDir()
	ud := filepath.Join(root, "home", "iman", ".config", "systemd", "user")
	shared := filepath.Join(root, "srv", "wants")
	os.MkdirAll(shared, 0o755)
	os.MkdirAll(ud, 0o755)
	os.WriteFile(filepath.Join(ud, "web.service"), []byte("[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target timers.target\n"), 0o644)
	os.Symlink("/srv/wants", filepath.Join(ud, "default.target.wants"))
	tg := &Target{Root: root, User: Account{Name: "iman", Home: "/home/iman"}}
	plan, err := tg.PlanEnable([]string{"web.service"}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tg.Apply(plan); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(shared, "web.service")); err != nil {
		t.Fatalf("the link did not go through the linked directory: %v", err)
	}
	dp, err := tg.PlanDisable([]string{"web.service"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tg.ApplyDisable(dp); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(ud, "default.target.wants")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the linked .wants directory was removed: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(shared, "web.service")); err != nil {
		t.Errorf("the link behind the linked directory was removed (systemctl disable does not go there): %v", err)
	}
	if _, err := os.Lstat(filepath.Join(ud, "timers.target.wants")); !os.IsNotExist(err) {
		t.Errorf("the real, now empty timers.target.wants is still there: %v", err)
	}
}
