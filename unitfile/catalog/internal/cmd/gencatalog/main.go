// Command gencatalog writes zz_catalog.go from data/*.tsv. It runs from
// the catalog package's directory, by go generate:
//
//	//go:generate go run ./internal/cmd/gencatalog
package main

import (
	"fmt"
	"os"

	"github.com/usvc/usvc/unitfile/catalog/internal/gencatalog"
)

func main() {
	src, err := gencatalog.Generate(os.DirFS("data"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(gencatalog.OutputFile, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}
