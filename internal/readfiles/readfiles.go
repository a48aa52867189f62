// Package readfiles reads many files at once, in parallel, keeping their
// order.
//
// Reading the files dominates linting a directory: each file costs a few
// system calls (open, read, close) that wait on the kernel and do little
// on the CPU. Reading several files at once hides that latency behind
// the other reads.
package readfiles

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// minPerWorker is how many files a goroutine must have to be worth
// starting: below it, starting and joining goroutines costs more than
// the reads it overlaps.
const minPerWorker = 4

// ReadRegular reads the named files, which the caller knows are regular
// files (a directory walk says so), on up to runtime.GOMAXPROCS(0)
// goroutines (one, for a few files). data[i] and errs[i] are the content
// and the error of paths[i], whatever order the reads finish in; the
// content is what os.ReadFile reads, the error an *fs.PathError naming
// the file. On Linux a file costs three system calls (open, read,
// close), since a short read is its end; a path that is not a regular
// file may come back cut short. The contents come as strings, each
// copied once from the read buffer, for unitfile.ParseText to keep as
// they are.
func ReadRegular(paths []string) (data []string, errs []error) {
	return readAll(paths, runtime.GOMAXPROCS(0))
}

// readAll is ReadRegular on at most workers goroutines.
func readAll(paths []string, workers int) ([]string, []error) {
	data := make([]string, len(paths))
	errs := make([]error, len(paths))
	workers = min(workers, len(paths)/minPerWorker)
	if workers <= 1 {
		r := newReader()
		defer r.close()
		for i, p := range paths {
			data[i], errs[i] = r.readRegular(p)
		}
		return data, errs
	}
	// Each goroutine takes the next unread file: files differ in size
	// and in where they are, so a fixed split could leave one goroutine
	// with the slow ones. Every index is written by one goroutine only.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newReader()
			defer r.close()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				data[i], errs[i] = r.readRegular(paths[i])
			}
		}()
	}
	wg.Wait()
	return data, errs
}
