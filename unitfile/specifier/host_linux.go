//go:build linux

package specifier

import (
	"runtime"
	"syscall"
)

// uname is the kernel release and systemd's name for the architecture
// (uname_architecture()).
func uname() (release, arch string) {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return "", goArchNames[runtime.GOARCH]
	}
	release, machine := cstr(u.Release[:]), cstr(u.Machine[:])
	if a, ok := archNames[machine]; ok {
		return release, a
	}
	return release, goArchNames[runtime.GOARCH]
}

func cstr[T int8 | uint8](b []T) string {
	s := make([]byte, 0, len(b))
	for _, c := range b {
		if c == 0 {
			break
		}
		s = append(s, byte(c))
	}
	return string(s)
}

// archNames maps uname's machine field to systemd's architecture names
// (src/basic/architecture.c).
var archNames = map[string]string{
	"x86_64": "x86-64", "i386": "x86", "i486": "x86", "i586": "x86", "i686": "x86",
	"aarch64": "arm64", "aarch64_be": "arm64-be",
	"armv8l": "arm", "armv7l": "arm", "armv7ml": "arm", "armv6l": "arm", "armv5tel": "arm", "armv5tl": "arm", "armv4tl": "arm", "armv4l": "arm",
	"armv8b": "arm-be", "armv7b": "arm-be", "armv7mb": "arm-be", "armv6b": "arm-be", "armv5teb": "arm-be",
	"ppc64le": "ppc64-le", "ppc64": "ppc64", "ppcle": "ppc-le", "ppc": "ppc",
	"s390x": "s390x", "s390": "s390", "riscv64": "riscv64", "riscv32": "riscv32",
	"loongarch64": "loongarch64", "mips64": "mips64", "mips": "mips",
	"sparc64": "sparc64", "sparc": "sparc", "alpha": "alpha", "ia64": "ia64", "m68k": "m68k",
	"parisc": "parisc", "parisc64": "parisc64",
}
