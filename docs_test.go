package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/repl"
)

var update = flag.Bool("update", false, "rewrite docs/commands.md from the command table, and docs transcripts from what sockshell prints")

// TestCommandReference checks that docs/commands.md is what the command
// table generates, so that the manual and `help` are one list.
func TestCommandReference(t *testing.T) {
	const path = "docs/commands.md"
	want := commands.ReferenceMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with: go test . -run TestCommandReference -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is not what the command table generates; regenerate it with:\n\tgo test . -run TestCommandReference -update\nfirst difference: %s",
			path, firstDiff(string(got), want))
	}
}

// A docBlock is one fenced block of a page whose lines start with the
// prompt: the commands to type and, under each, what the shell prints.
type docBlock struct {
	line  int      // line of the page where the block's first line is
	lines []string // the block, without its fences
}

// readDocBlocks returns the runnable blocks of a Markdown page: fenced with
// ``` (no info string) or ```sockshell, and holding at least one line that
// starts with "sockshell> ". Blocks with another info string (```text,
// ```sh, ...) are shown, not run.
func readDocBlocks(page string) ([]docBlock, error) {
	f, err := os.Open(page)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var blocks []docBlock
	var cur *docBlock
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			info := strings.TrimSpace(strings.TrimLeft(trimmed, "`"))
			cur = &docBlock{line: n + 1}
			if info != "" && info != "sockshell" {
				cur.line = -1 // not run
			}
		case cur != nil && trimmed == "```":
			if cur.line > 0 && len(cur.lines) > 0 && strings.HasPrefix(cur.lines[0], "sockshell> ") {
				blocks = append(blocks, *cur)
			}
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("%s: a fenced block is never closed", page)
	}
	return blocks, sc.Err()
}

// blockMarker is a comment fed between two blocks of a page; its echo shows
// where one block's output ends.
const blockMarker = "# ---- docs block %d ----"

// TestDocs runs every transcript of docs/*.md through the real program,
// one session per page (so variables carry from block to block, as for a
// reader typing along), with --echo, stdout and stderr into one file, and
// checks that each block's text is exactly what the shell prints.
func TestDocs(t *testing.T) {
	pages, _ := filepath.Glob("docs/*.md")
	if len(pages) == 0 {
		t.Fatal("no docs/*.md")
	}
	bin := sockshellBin(t)
	for _, page := range pages {
		blocks, err := readDocBlocks(page)
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) == 0 {
			continue
		}
		t.Run(filepath.Base(page), func(t *testing.T) {
			t.Parallel()
			runDocPage(t, bin, page, blocks)
		})
	}
}

func runDocPage(t *testing.T, bin, page string, blocks []docBlock) {
	var script strings.Builder
	for i, b := range blocks {
		fmt.Fprintf(&script, blockMarker+"\n", i)
		for _, line := range b.lines {
			// A call continued over several lines is typed under the
			// continuation prompt.
			if cmd, ok := strings.CutPrefix(line, repl.Prompt); ok {
				script.WriteString(cmd + "\n")
			} else if cmd, ok := strings.CutPrefix(line, repl.ContinuePrompt); ok {
				script.WriteString(cmd + "\n")
			} else if line == strings.TrimRight(repl.ContinuePrompt, " ") {
				script.WriteString("\n") // the blank line that ends a block
			}
		}
	}
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--echo")
	cmd.Dir = dir
	// COLUMNS empty: the tables keep their full width, whatever the
	// terminal the tests run from.
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1", "COLUMNS=")
	cmd.Stdin = strings.NewReader(script.String())
	cmd.Stdout, cmd.Stderr = out, out // one file: the two streams keep their order
	runErr := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish in time", page)
	}
	data, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	got := splitByMarkers(string(data), len(blocks))
	if *update {
		if err := rewriteBlocks(page, blocks, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	for i, b := range blocks {
		want := strings.Join(b.lines, "\n") + "\n"
		if got[i] != want {
			t.Errorf("%s:%d: the block differs from what sockshell prints (first difference: %s)\n--- page\n%s--- sockshell\n%s",
				page, b.line, firstDiff(want, got[i]), want, got[i])
		}
	}
	if t.Failed() {
		t.Logf("exit: %v", runErr)
	}
}

// rewriteBlocks replaces each block of page with what sockshell printed for
// it (go test . -run TestDocs -update); review the diff before committing.
func rewriteBlocks(page string, blocks []docBlock, got []string) error {
	data, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		start := b.line - 1
		repl := strings.Split(strings.TrimSuffix(got[i], "\n"), "\n")
		lines = append(lines[:start], append(repl, lines[start+len(b.lines):]...)...)
	}
	return os.WriteFile(page, []byte(strings.Join(lines, "\n")), 0o644)
}

// splitByMarkers cuts the transcript of a page at the echoed markers.
func splitByMarkers(all string, n int) []string {
	parts := make([]string, n)
	rest := all
	for i := 0; i < n; i++ {
		start := "sockshell> " + fmt.Sprintf(blockMarker, i) + "\n"
		j := strings.Index(rest, start)
		if j < 0 {
			return parts
		}
		rest = rest[j+len(start):]
		end := len(rest)
		if k := strings.Index(rest, "sockshell> "+fmt.Sprintf(blockMarker, i+1)+"\n"); k >= 0 {
			end = k
		}
		parts[i] = rest[:end]
	}
	return parts
}

// firstDiff describes where two texts first differ, by line.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || i >= len(al) || i >= len(bl) {
			return fmt.Sprintf("line %d: %q vs %q", i+1, x, y)
		}
	}
	return "none"
}
