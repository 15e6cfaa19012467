package ladder

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestTextGolden draws the scenarios and compares them with the drawings
// in testdata/, which a person has read and found right (go test -update
// rewrites them; then read the diff).
func TestTextGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    *Diagram
		o    TextOptions
	}{
		{"lecture-80", lecture(), TextOptions{Width: 80}},
		{"lecture-40", lecture(), TextOptions{Width: 40}},
		{"lecture-80-ascii", lecture(), TextOptions{Width: 80, ASCII: true}},
		{"reset-80", reset(), TextOptions{Width: 80}},
		{"outside-80", outside(), TextOptions{Width: 80}},
		{"outside-40-ascii", outside(), TextOptions{Width: 40, ASCII: true}},
		{"four-80", four(), TextOptions{Width: 80}},
		{"four-40", four(), TextOptions{Width: 40}},
		{"four-19-list", four(), TextOptions{Width: 19}},
		{"long-80", long(), TextOptions{Width: 80}},
		{"long-40", long(), TextOptions{Width: 40}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name+".txt", []byte(tc.d.Text(tc.o)))
		})
	}
}

// TestSVGGolden keeps one SVG in testdata/, to be looked at in a browser.
func TestSVGGolden(t *testing.T) {
	golden(t, "lecture.svg", lecture().SVG())
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from its golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}
