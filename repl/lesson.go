package repl

import (
	"embed"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"sockshell/commands"
	"sockshell/commands/value"
)

// The lesson is a set of scripts, one per part of the lecture, in files
// named NN-name.ss: NN gives the order and name is what lesson SECTION
// takes. Each file's first line is `## Title`.
//
//go:embed lesson/*.ss lesson/next.txt
var lessonFiles embed.FS

// LessonSection is one part of the built-in lesson.
type LessonSection struct {
	Name   string // what lesson SECTION takes: services, hosts, ...
	Title  string // the heading
	Source string // where its lines come from, for error locations: lesson/01-services.ss
	Text   string // the script
}

// LessonSections returns the lesson's sections in order.
func LessonSections() []LessonSection {
	entries, err := fs.Glob(lessonFiles, "lesson/*.ss")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	secs := make([]LessonSection, 0, len(entries))
	for _, file := range entries { // Glob sorts: the NN prefix orders them
		data, err := lessonFiles.ReadFile(file)
		if err != nil {
			panic(err) // embedded at build time
		}
		text := string(data)
		first, _, _ := strings.Cut(text, "\n")
		base := strings.TrimSuffix(path.Base(file), ".ss")
		_, name, _ := strings.Cut(base, "-")
		secs = append(secs, LessonSection{
			Name:   name,
			Title:  strings.TrimSpace(strings.TrimPrefix(first, "##")),
			Source: file,
			Text:   text,
		})
	}
	return secs
}

func init() {
	var names []string
	for _, s := range LessonSections() {
		names = append(names, s.Name)
	}
	commands.SetChoices("lesson", 0, names)
}

// LessonNext is what the lesson says at its end: what to try next.
func LessonNext() string {
	data, err := lessonFiles.ReadFile("lesson/next.txt")
	if err != nil {
		panic(err) // embedded at build time
	}
	return strings.TrimRight(string(data), "\n")
}

// findSection returns the index of the lesson section named by key: its
// number (1-8), its name, or the start of one name.
func findSection(key string) (int, error) {
	secs := LessonSections()
	if n, err := strconv.Atoi(key); err == nil {
		if n >= 1 && n <= len(secs) {
			return n - 1, nil
		}
		return 0, value.Errorf(value.ValueError, "the lesson has sections 1 to %d, not %d", len(secs), n)
	}
	found := -1
	var names []string
	for i, s := range secs {
		names = append(names, s.Name)
		if s.Name == key {
			return i, nil
		}
		if key != "" && strings.HasPrefix(s.Name, key) {
			if found >= 0 {
				return 0, value.Errorf(value.ValueError, "'%s' could be %s or %s; type more of the name", value.ForMessage(key), secs[found].Name, s.Name)
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	e := value.Errorf(value.ValueError, "the lesson has no section '%s' (sections: %s)", value.ForMessage(key), strings.Join(names, ", "))
	if sug := value.Suggest(key, names); sug != "" {
		e.Args[0] = value.Str(value.StrOf(e.Args[0]) + "; did you mean " + sug + "?")
	}
	return 0, e
}
