// Package explaincmd is the explain command: an errno, a resolver error,
// an exception or a pasted message told in plain words (what it means,
// its usual causes in the lecture's exercises, what to try), the last
// error of the session with no argument, and the list of what it knows.
// Other command packages add stories of their own (RegisterExplainer).
package explaincmd

import "sockshell/commands"

func init() { commands.Register(explainCommands...) }
