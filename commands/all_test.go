package commands_test

// The command packages register their commands into this package's table
// when they are imported. Importing them all here puts them in the table
// of this package's tests too, so that the whole-table checks (TestTable,
// the Python signatures, help per command) and FuzzDispatch cover every
// command the shell has, not only the core's.
import (
	_ "sockshell/commands/diagramcmd"
	_ "sockshell/commands/explaincmd"
	_ "sockshell/commands/linecmd"
	_ "sockshell/commands/lookupcmd"
	_ "sockshell/commands/peercmd"
	_ "sockshell/commands/selectmod"
	_ "sockshell/commands/sockcmd"
	_ "sockshell/commands/tlscmd"
)
