package commands

import "testing"

// TestIncomplete covers which lines open a statement continued on the next
// line. Lines without any bracket are answered before lexing; the table
// checks that the shortcut agrees with the full rule on both sides of it.
func TestIncomplete(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"", false},
		{"recv conn 4096", false},
		{"sendall client b'message 1'", false},
		{"msg = b'no brackets, \\x28 escaped'", false},
		{"x = 1, 2", false},
		{"socket.AF_INET", false},
		{"sendall client b'('", false}, // a bracket inside quotes opens nothing
		{"connect s ('127.0.0.1', 80)", false},
		{"s = socket.socket(", true},
		{"s = socket.socket(socket.AF_INET,", true},
		{"s.connect(('127.0.0.1', 80)", true},
		{"x = [1,", true},
		{"d = {'a':", true},
		{"s.close()", false},
		{"recv conn 1; s = socket.socket(", true},
		{"s = socket.socket(; recv conn 1", false},
		{"s = socket.socket('unterminated", false}, // cannot be read: complete
	} {
		if got := Incomplete(tc.line); got != tc.want {
			t.Errorf("Incomplete(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}
