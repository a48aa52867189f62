package value_test

import (
	"errors"
	"fmt"

	"github.com/usvc/usvc/unitfile/value"
)

func ExampleParseSec() {
	for _, s := range []string{"1h30m", "90", "1.5min", "5secs"} {
		t, err := value.ParseSec(s)
		if err != nil {
			var e *value.Error
			errors.As(err, &e)
			fmt.Printf("%s: %v at %d+%d\n", s, err, e.Offset, e.Len)
			continue
		}
		fmt.Printf("%s: %d µs, %s\n", s, uint64(t), t)
	}
	// Output:
	// 1h30m: 5400000000 µs, 1h 30min
	// 90: 90000000 µs, 1min 30s
	// 1.5min: 90000000 µs, 1min 30s
	// 5secs: unknown time unit "secs": use us, ms, s, min, h, d, w, M or y at 1+4
}

func ExampleParseCalendar() {
	for _, s := range []string{"mon..fri 9..17:0/15", "weekly", "*-*~1,28"} {
		c, err := value.ParseCalendar(s)
		if err != nil {
			fmt.Printf("%s: %v\n", s, err)
			continue
		}
		fmt.Printf("%s: %s\n", s, c)
	}
	// Output:
	// mon..fri 9..17:0/15: Mon..Fri *-*-* 09..17:00/15:00
	// weekly: Mon *-*-* 00:00:00
	// *-*~1,28: day ~28 is out of range: counted from the end of the month it must be 1..25 here
}

func ExampleParseMemoryLimit() {
	for _, s := range []string{"1G", "50%", "1KB", "0"} {
		m, err := value.ParseMemoryLimit("MemoryMax", s)
		fmt.Printf("%s: %+v %v\n", s, m, err)
	}
	// Output:
	// 1G: {Infinity:false Bytes:1073741824 Percent:false Permyriad:0} <nil>
	// 50%: {Infinity:false Bytes:0 Percent:true Permyriad:5000} <nil>
	// 1KB: {Infinity:false Bytes:0 Percent:false Permyriad:0} unexpected "B" after the suffix: a size takes one of K, M, G, T, P, E or B
	// 0: {Infinity:false Bytes:0 Percent:false Permyriad:0} the limit must be more than 0 bytes for MemoryMax=
}
