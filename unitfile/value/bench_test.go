package value

import "testing"

func BenchmarkParseSec(b *testing.B) {
	for b.Loop() {
		if _, err := ParseSec("1h 30min 15.5s"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatTimespan(b *testing.B) {
	for b.Loop() {
		_ = FormatTimespan(34882261001001, 0)
	}
}

func BenchmarkParseCalendar(b *testing.B) {
	for b.Loop() {
		c, err := ParseCalendar("Mon..Fri *-*-* 9..17:0/15")
		if err != nil {
			b.Fatal(err)
		}
		_ = c.String()
	}
}

func BenchmarkParseSize(b *testing.B) {
	for b.Loop() {
		if _, err := ParseSize("1G 512.5M"); err != nil {
			b.Fatal(err)
		}
	}
}
