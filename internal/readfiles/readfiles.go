// Package readfiles reads many files at once, in parallel, keeping their
// order.
//
// Reading the files dominates linting a directory: each file costs a few
// system calls (open, fstat, read, close) that wait on the kernel and do
// little on the CPU. Reading several files at once hides that latency
// behind the other reads.
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

// Read reads the named files on up to runtime.GOMAXPROCS(0) goroutines
// (one, for a few files) and returns what os.ReadFile returns for each,
// indexed like paths: data[i] and errs[i] are the content and the error
// of paths[i], whatever order the reads finish in. Both slices have
// len(paths) elements; errs[i] is nil when paths[i] was read.
func Read(paths []string) (data [][]byte, errs []error) {
	return read(paths, runtime.GOMAXPROCS(0))
}

// ReadRegular is Read for paths the caller knows are regular files (a
// directory walk says so): on Linux a file then costs three system calls
// (open, read, close) instead of five, since a short read is its end. A
// path that is not a regular file may come back cut short.
// The contents come as strings, each copied once from the read buffer,
// for unitfile.ParseText to keep as they are.
func ReadRegular(paths []string) (data []string, errs []error) {
	return readAll(paths, runtime.GOMAXPROCS(0), (*reader).readRegular)
}

// read is Read on at most workers goroutines.
func read(paths []string, workers int) ([][]byte, []error) {
	return readAll(paths, workers, (*reader).read)
}

// readAll reads paths with readOne on at most workers goroutines.
func readAll[T any](paths []string, workers int, readOne func(*reader, string) (T, error)) ([]T, []error) {
	data := make([]T, len(paths))
	errs := make([]error, len(paths))
	workers = min(workers, len(paths)/minPerWorker)
	if workers <= 1 {
		r := newReader()
		defer r.close()
		for i, p := range paths {
			data[i], errs[i] = readOne(r, p)
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
				data[i], errs[i] = readOne(r, paths[i])
			}
		}()
	}
	wg.Wait()
	return data, errs
}
