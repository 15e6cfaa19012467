// Package selectmod is Python's select and selectors modules for the
// shell's Python form: select.select and select.poll on the session's
// sockets (traced as the poll system call), and the selectors API
// (DefaultSelector is a real epoll instance), waiting as the shell waits
// (Ctrl-C, the script's timeout). Its init makes `import select` and
// `import selectors` find them.
package selectmod

import "sockshell/commands"

func init() {
	commands.RegisterModule("select", selectModule)
	commands.RegisterModule("selectors", selectorsModule)
}
