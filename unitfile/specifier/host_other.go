//go:build !linux

package specifier

import "runtime"

// uname has no kernel release outside Linux; the architecture comes from
// the Go build.
func uname() (release, arch string) {
	return "", goArchNames[runtime.GOARCH]
}
