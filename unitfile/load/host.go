package load

import (
	"os"
	"os/user"
	"path/filepath"
)

// HostEnv is the Env of this process: its environment, its working
// directory, and its user's home directory ("/root" for uid 0, as systemd
// hard-codes it).
func HostEnv() Env {
	e := Env{LookupEnv: os.LookupEnv}
	if os.Getuid() == 0 {
		e.Home = "/root"
	} else if u, err := user.Current(); err == nil {
		e.Home = filepath.ToSlash(u.HomeDir)
	}
	if wd, err := os.Getwd(); err == nil {
		e.Cwd = filepath.ToSlash(wd)
	}
	return e
}
