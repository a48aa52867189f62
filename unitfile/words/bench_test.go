package words

import "testing"

func BenchmarkParseExec(b *testing.B) {
	v := `-@/usr/bin/env env "A=b c" --flag='x y' \x41 %h/bin $HOME ${X} ; /bin/true \; "%%"`
	opt := Options{Specifier: testSpecifiers}
	b.SetBytes(int64(len(v)))
	for b.Loop() {
		ParseExec(v, opt)
	}
}

func BenchmarkParseEnvironment(b *testing.B) {
	v := `"A=b c" D=e F=g\nh 'X=%n' LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin`
	opt := Options{Specifier: testSpecifiers}
	b.SetBytes(int64(len(v)))
	for b.Loop() {
		ParseEnvironment(v, opt)
	}
}

func BenchmarkQuoteExec(b *testing.B) {
	argv := []string{"/usr/bin/env", "A=b c", `"quoted"`, "$HOME", "100%", ";", "tab\there", "é"}
	for b.Loop() {
		if _, err := QuoteExec(argv); err != nil {
			b.Fatal(err)
		}
	}
}
