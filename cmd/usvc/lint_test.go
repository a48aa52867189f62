package main

import (
	"fmt"
	"os"
)

// statmode prints the permission bits of each file named, in octal, for
// scripts that check that a rewrite kept a file's mode.
func statmode() {
	code := 0
	for _, p := range os.Args[1:] {
		fi, err := os.Stat(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
			continue
		}
		fmt.Printf("%s %04o\n", p, fi.Mode().Perm())
	}
	os.Exit(code)
}

func init() { scriptCommands["statmode"] = statmode }
