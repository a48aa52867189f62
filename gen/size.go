package gen

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/usvc/usvc/unitfile/value"
)

// ByteSize is a number of bytes.
type ByteSize uint64

// Binary units, as systemd's K, M, G and T suffixes mean them.
const (
	KiB ByteSize = 1 << (10 * (iota + 1))
	MiB
	GiB
	TiB
)

// String writes b the way systemd reads sizes: with the largest of the
// suffixes K, M, G, T, P, E that divides it exactly ("512M", "1536K"),
// or as a plain number of bytes.
func (b ByteSize) String() string {
	const suffixes = "KMGTPE"
	n, unit := uint64(b), -1
	for n != 0 && n%1024 == 0 && unit < len(suffixes)-1 {
		n /= 1024
		unit++
	}
	s := strconv.FormatUint(n, 10)
	if unit >= 0 {
		s += suffixes[unit : unit+1]
	}
	return s
}

// MemoryLimit is a value of MemoryMax=: a size, a share of the machine's
// physical memory, infinity, or no line at all. The zero value is
// DefaultMemoryMax. Build other values with MemoryBytes, MemoryPercent or
// ParseMemoryLimit.
type MemoryLimit struct {
	kind      memoryKind
	bytes     ByteSize
	permyriad int // ten-thousandths of physical memory
}

type memoryKind uint8

const (
	memoryDefault memoryKind = iota
	memoryUnset
	memoryInfinity
	memoryBytes
	memoryShare
)

var (
	// DefaultMemoryMax is the cap gen writes when Options.MemoryMax is
	// the zero value: MemoryMax=50%, half of the machine's physical memory.
	//
	// Why a cap at all: without one, a leaking user service grows until
	// the kernel's global OOM killer picks a victim, which may be the
	// user's desktop session or another service. With MemoryMax= the
	// kernel reclaims, then kills inside the service's own cgroup only,
	// and Restart=on-failure brings it back. Why a share rather than a
	// fixed size such as 512M: a fixed size small enough to protect a
	// 1 GiB board kills ordinary programs on a workstation (a JVM lets its
	// heap grow to a quarter of physical memory by default, so under load
	// it would be killed on any machine with more than 2 GiB), and the
	// reason is not obvious to whoever reads "status=9/KILL". Half of the memory never
	// stops a program that could run well on the machine, and still keeps
	// one runaway service from taking it all. The user manager of systemd
	// 252 gets the memory controller (user@.service: Delegate=pids memory
	// cpu), so the cap applies on cgroup v2 hosts; where memory is not
	// delegated it is accepted and has no effect.
	DefaultMemoryMax = MemoryLimit{kind: memoryShare, permyriad: 5000}
	// MemoryUnset writes no MemoryMax= line: systemd's default, no cap.
	MemoryUnset = MemoryLimit{kind: memoryUnset}
	// MemoryInfinity writes MemoryMax=infinity: no cap, said explicitly.
	MemoryInfinity = MemoryLimit{kind: memoryInfinity}
)

// MemoryBytes is a cap of n bytes.
func MemoryBytes(n ByteSize) MemoryLimit { return MemoryLimit{kind: memoryBytes, bytes: n} }

// MemoryPercent is a cap of percent of the machine's physical memory.
func MemoryPercent(percent int) MemoryLimit {
	return MemoryLimit{kind: memoryShare, permyriad: percent * 100}
}

// ParseMemoryLimit reads a MemoryMax= value as systemd 252 does ("512M",
// "1G 512M", "25%", "12.5%", "infinity"), or "unset" for MemoryUnset.
// The empty string, which systemd reads as infinity, is refused as
// ambiguous: say "infinity" or "unset".
func ParseMemoryLimit(s string) (MemoryLimit, error) {
	switch s {
	case "unset":
		return MemoryUnset, nil
	case "":
		return MemoryLimit{}, errors.New(`empty memory limit: use a size (512M), a share (25%), "infinity" or "unset"`)
	}
	m, err := value.ParseMemoryLimit("MemoryMax", s)
	if err != nil {
		return MemoryLimit{}, fmt.Errorf("memory limit %q: %w", s, err)
	}
	switch {
	case m.Infinity:
		return MemoryInfinity, nil
	case m.Percent:
		return MemoryLimit{kind: memoryShare, permyriad: m.Permyriad}, nil
	}
	return MemoryBytes(ByteSize(m.Bytes)), nil
}

// IsUnset reports whether m writes no MemoryMax= line.
func (m MemoryLimit) IsUnset() bool { return m.kind == memoryUnset }

// String is the MemoryMax= value m writes ("50%" for the zero value), or
// "unset".
func (m MemoryLimit) String() string {
	switch m.kind {
	case memoryDefault:
		return DefaultMemoryMax.String()
	case memoryUnset:
		return "unset"
	case memoryInfinity:
		return "infinity"
	case memoryBytes:
		return m.bytes.String()
	}
	s := strconv.Itoa(m.permyriad / 100)
	if f := m.permyriad % 100; f != 0 {
		s += "." + strconv.Itoa(f/10)
		if f%10 != 0 {
			s += strconv.Itoa(f % 10)
		}
	}
	return s + "%"
}

// check refuses what systemd 252 refuses (0, the largest size, more than
// 100%), by reading the written value back.
func (m MemoryLimit) check() error {
	if m.kind == memoryUnset {
		return nil
	}
	if m.kind == memoryShare && (m.permyriad <= 0 || m.permyriad > 10000) {
		return fmt.Errorf("memory limit %d.%02d%% is not above 0%% and at most 100%%", m.permyriad/100, m.permyriad%100)
	}
	if _, err := value.ParseMemoryLimit("MemoryMax", m.String()); err != nil {
		return fmt.Errorf("memory limit %s: %w", m, err)
	}
	return nil
}
