package syntax

import "testing"

// fixedNames knows a few commands and no variables.
type fixedNames map[string]bool

func (n fixedNames) IsCommand(name string) bool { return n[name] }
func (n fixedNames) IsVariable(string) bool     { return false }

// TestParserReuses pins the Parser's contract: a line of one shell
// command is read into the Parser's own statement, which the next Parse
// reads the next line into (so a loop must run a line's statements before
// it reads the next); anything else is read as Parse reads it, afresh.
func TestParserReuses(t *testing.T) {
	p := &Parser{Names: fixedNames{"sendall": true, "recv": true}}
	a, err := p.Parse("sendall c b'one'", 1)
	if err != nil || len(a) != 1 {
		t.Fatal(a, err)
	}
	first := a[0].Stmt.(*Shell)
	if first.Name != "sendall" || len(first.Args) != 2 || a[0].Src != "sendall c b'one'" {
		t.Fatalf("read %+v", a[0])
	}
	b, err := p.Parse("x = recv c 10  # a comment", 2)
	if err != nil {
		t.Fatal(err)
	}
	second := b[0].Stmt.(*Shell)
	if second != first || second.Name != "recv" || len(second.Targets) != 1 || b[0].Src != "x = recv c 10" || b[0].Line != 2 {
		t.Errorf("the second line was not read into the same statement: %+v", b[0])
	}
	// Two statements on a line, Python, and errors go the general way:
	// their trees are their own.
	for _, src := range []string{"sendall c b'a'; sendall c b'b'", "x = 1", "sendall c b'unterminated"} {
		tops, err := p.Parse(src, 1)
		if err == nil && len(tops) > 0 && tops[0].Stmt == Stmt(first) {
			t.Errorf("%q was read into the Parser's own statement", src)
		}
		want, wantErr := Parse(src, 1, p.Names)
		if (err == nil) != (wantErr == nil) || len(tops) != len(want) {
			t.Errorf("%q: Parser gives %v, %v; Parse gives %v, %v", src, tops, err, want, wantErr)
		}
	}
}
