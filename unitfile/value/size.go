package value

import (
	"fmt"
	"math"
	"strings"
)

// sizeSuffix is one row of parse_size()'s suffix tables.
type sizeSuffix struct {
	suffix string
	factor uint64
}

// The tables of parse_size() (src/basic/parse-util.c), largest first; ""
// (no suffix) is last and matches anything.
var (
	iecSuffixes = []sizeSuffix{
		{"E", 1 << 60}, {"P", 1 << 50}, {"T", 1 << 40}, {"G", 1 << 30},
		{"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}, {"", 1},
	}
	siSuffixes = []sizeSuffix{
		{"E", 1e18}, {"P", 1e15}, {"T", 1e12}, {"G", 1e9},
		{"M", 1e6}, {"K", 1e3}, {"B", 1}, {"", 1},
	}
)

// ParseSize reads a byte size the way parse_size(s, 1024) does (used by
// config_parse_iec_size() and config_parse_memory_limit()): a number with
// an optional fraction and one of the suffixes K, M, G, T, P, E (powers of
// 1024, upper case only) or B. Several parts add up, each with a smaller
// suffix than the one before: "1G 512M" is 1.5 GiB, and so is "1G512M".
//
// A suffix is a single letter: "1KB" and "1KiB" are refused, and so is
// "1k". Fractions are computed in floating point and rounded down, exactly
// as systemd does ("1.5" is 1 byte, "0.5K" is 512). "infinity" is not a
// size; the callers that take it check for it first.
func ParseSize(s string) (uint64, error) {
	return parseSize(s, iecSuffixes)
}

// ParseSizeSI is parse_size(s, 1000): ParseSize with powers of 1000, as
// config_parse_si_uint64() uses it.
func ParseSizeSI(s string) (uint64, error) {
	return parseSize(s, siSuffixes)
}

func parseSize(s string, table []sizeSuffix) (uint64, error) {
	// see src/basic/parse-util.c: parse_size()
	var r uint64
	startPos := 0
	p := 0
	for {
		p = skipWhitespace(s, p)
		l, e, erange := strtoull(s, p, 10)
		if erange {
			return 0, errAt(s, p, e, "number too large")
		}
		if e == p {
			if p == len(s) {
				if p == 0 {
					return 0, errAt(s, 0, 0, "missing size")
				}
				return 0, errAt(s, p, p, "missing number")
			}
			w := quoteHead(s[p:wordEnd(s, p)])
			switch {
			case startPos == len(table):
				// the number before had no suffix, so this is one
				// parse_size() does not know ("5k", "5 KiB")
				return 0, errAt(s, p, wordEnd(s, p), fmt.Sprintf("unknown size suffix %s: use K, M, G, T, P, E or B", w))
			case startPos > 0:
				// a second suffix, as in "1KB"
				return 0, errAt(s, p, wordEnd(s, p), fmt.Sprintf("unexpected %s after the suffix: a size takes one of K, M, G, T, P, E or B", w))
			}
			return 0, errAt(s, p, wordEnd(s, p), fmt.Sprintf("%s is not a size", w))
		}
		// strtoull() takes "-5" as 2^64-5; systemd refuses a leading '-'
		// (but not one behind \v or \f, which strtoull() skips).
		if s[p] == '-' {
			return 0, errAt(s, p, e, "negative size not allowed")
		}
		numStart := p
		frac := 0.0
		if e < len(s) && s[e] == '.' {
			e++
			// strtoull() itself would accept space/+/-
			if e < len(s) && isDigit(s[e]) {
				l2, e2, erange := strtoull(s, e, 10)
				if erange {
					return 0, errAt(s, e, e2, "too many digits after the decimal point")
				}
				// Ignore failure. E.g. 10.M is valid
				frac = float64(l2)
				for ; e < e2; e++ {
					frac /= 10
				}
			}
		}
		e = skipWhitespace(s, e)
		i := startPos
		for ; i < len(table); i++ {
			if strings.HasPrefix(s[e:], table[i].suffix) {
				break
			}
		}
		if i >= len(table) {
			// only reached after an earlier part used no suffix
			return 0, errAt(s, numStart, wordEnd(s, numStart), "unexpected number after a number without suffix")
		}
		f := table[i].factor
		inc := l
		if frac > 0 {
			inc++
		}
		// l+1 wraps to 0 for l = 2^64-1, and the check passes, as in C
		if inc > math.MaxUint64/f {
			return 0, errAt(s, numStart, e+len(table[i].suffix), "size too large")
		}
		tmp := l*f + uint64(frac*float64(f))
		if tmp > math.MaxUint64-r {
			return 0, errAt(s, numStart, e+len(table[i].suffix), "size too large")
		}
		r += tmp
		p = e + len(table[i].suffix)
		startPos = i + 1
		if p >= len(s) {
			return r, nil
		}
	}
}

// ParseIECSize reads a setting parsed by config_parse_iec_size() (PipeSize=,
// ReceiveBuffer=, SendBuffer=): ParseSize, with no empty value.
func ParseIECSize(s string) (uint64, error) { return ParseSize(s) }

// MemoryLimit is a value of MemoryMax= and the other settings parsed by
// config_parse_memory_limit(): either Infinity, or Bytes, or, when Percent
// is set, Permyriad ten-thousandths of the machine's physical memory.
type MemoryLimit struct {
	Infinity  bool
	Bytes     uint64
	Percent   bool
	Permyriad int
}

// memoryZeroAllowed are the settings for which config_parse_memory_limit()
// accepts 0 bytes; memoryEmptyIsMin those for which an empty assignment
// means 0 rather than no limit.
var (
	memoryZeroAllowed = map[string]bool{"MemorySwapMax": true, "MemoryLow": true, "MemoryMin": true, "DefaultMemoryLow": true, "DefaultMemoryMin": true}
	memoryEmptyIsMin  = map[string]bool{"DefaultMemoryLow": true, "DefaultMemoryMin": true, "MemoryLow": true, "MemoryMin": true}
)

// ParseMemoryLimit reads the value of key (MemoryMax=, MemoryHigh=,
// MemoryLow=, MemoryMin=, MemorySwapMax=, MemoryLimit=, DefaultMemoryLow=,
// DefaultMemoryMin=) as config_parse_memory_limit()
// (src/core/load-fragment.c) does in systemd 252:
//
//   - "" resets: to 0 bytes for MemoryLow=, MemoryMin=, DefaultMemoryLow=
//     and DefaultMemoryMin=, to Infinity for the others;
//   - "infinity" (exactly) is Infinity;
//   - a percentage for ParsePermyriad ("50%", "12.5%", "5‰", "10‱") is a
//     share of physical memory;
//   - anything else must be a size for ParseSize.
//
// 0 bytes (or 0%) is refused except for MemorySwapMax=, MemoryLow=,
// MemoryMin=, DefaultMemoryLow= and DefaultMemoryMin=, and the largest
// size (2^64-1) is refused everywhere. Other keys are treated like
// MemoryMax=.
func ParseMemoryLimit(key, s string) (MemoryLimit, error) {
	if s == "" {
		if memoryEmptyIsMin[key] {
			return MemoryLimit{}, nil
		}
		return MemoryLimit{Infinity: true}, nil
	}
	if s == "infinity" {
		return MemoryLimit{Infinity: true}, nil
	}
	if pm, err := ParsePermyriad(s); err == nil {
		if pm == 0 && !memoryZeroAllowed[key] {
			return MemoryLimit{}, errAll(s, fmt.Sprintf("the limit must be more than 0%% for %s=", key))
		}
		return MemoryLimit{Percent: true, Permyriad: pm}, nil
	}
	b, err := ParseSize(s)
	if err != nil {
		if strings.HasSuffix(s, "%") || strings.HasSuffix(s, permilleSign) || strings.HasSuffix(s, permyriadSign) {
			// systemd falls back to parse_size(), whose complaint about
			// the % sign would be beside the point
			_, perr := ParsePermyriad(s)
			return MemoryLimit{}, perr
		}
		return MemoryLimit{}, err
	}
	if b == math.MaxUint64 {
		return MemoryLimit{}, errAll(s, "memory limit out of range")
	}
	if b == 0 && !memoryZeroAllowed[key] {
		return MemoryLimit{}, errAll(s, fmt.Sprintf("the limit must be more than 0 bytes for %s=", key))
	}
	return MemoryLimit{Bytes: b}, nil
}

// Scale resolves a percentage limit on a machine with physicalMemory bytes
// and pages of pageSize bytes, as physical_memory_scale()
// (src/basic/limits-util.c) does: rounded down to whole pages, 100% being
// all of physicalMemory. For a limit that is not a percentage it returns
// Bytes, or MaxUint64 for Infinity.
func (m MemoryLimit) Scale(physicalMemory, pageSize uint64) uint64 {
	switch {
	case m.Infinity:
		return math.MaxUint64
	case !m.Percent:
		return m.Bytes
	case m.Permyriad == 0:
		return 0
	case m.Permyriad == 10000:
		return physicalMemory
	case pageSize == 0:
		return 0
	}
	v := uint64(m.Permyriad)
	p := physicalMemory / pageSize
	if p > 0 && v > math.MaxUint64/p {
		return math.MaxUint64
	}
	q := p * v / 10000
	if q > math.MaxUint64/pageSize {
		return math.MaxUint64
	}
	return q * pageSize
}

// TasksMax is a value of TasksMax=: a number of tasks, or, when Scale is
// 10000, Value ten-thousandths of the system's limit. Infinity is
// {Value: MaxUint64}, systemd's TASKS_MAX_UNSET. Default is set for the
// empty assignment, which means the manager's DefaultTasksMax=.
type TasksMax struct {
	Value   uint64
	Scale   uint64
	Default bool
}

// ParseTasksMax reads TasksMax= as config_parse_tasks_max()
// (src/core/load-fragment.c) does: "" (Default), "infinity", a percentage
// for ParsePermyriad (0% included), or a count for ParseUint(s, 64) from 1
// to 2^64-2.
func ParseTasksMax(s string) (TasksMax, error) {
	if s == "" {
		return TasksMax{Default: true}, nil
	}
	if s == "infinity" {
		return TasksMax{Value: math.MaxUint64}, nil
	}
	if pm, err := ParsePermyriad(s); err == nil {
		return TasksMax{Value: uint64(pm), Scale: 10000}, nil
	}
	v, err := ParseUint(s, 64)
	if err != nil {
		if strings.HasSuffix(s, "%") || strings.HasSuffix(s, permilleSign) || strings.HasSuffix(s, permyriadSign) {
			_, perr := ParsePermyriad(s)
			return TasksMax{}, perr
		}
		return TasksMax{}, err
	}
	if v == 0 || v == math.MaxUint64 {
		return TasksMax{}, errAll(s, "maximum tasks value out of range: use 1 or more, or infinity")
	}
	return TasksMax{Value: v}, nil
}
