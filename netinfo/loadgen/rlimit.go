package loadgen

import (
	"fmt"
	"syscall"
)

// fdReserve is what a run leaves for the rest of the process (the shell's
// own sockets, files, a local server's listener) besides one fd a client.
const fdReserve = 64

// makeRoomForFiles raises the soft RLIMIT_NOFILE so that clients
// connections can be open at once, up to the hard limit (beyond it too
// when the process may raise the hard limit, as root may). Go already
// raises the soft limit to the hard one at start-up, so this rarely has
// anything to do. When the limit stays too low it returns a note saying
// how many clients fit; the others fail with "too many open files", which
// the run counts as OtherError.
//
// Raising the limit here means child processes started later inherit it,
// instead of the limit the process was started with (see syscall.Setrlimit).
func makeRoomForFiles(clients int) (note string) {
	want := uint64(clients) + fdReserve
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Sprintf("cannot read the open-file limit: %v", err)
	}
	if lim.Cur >= want {
		return ""
	}
	raised := syscall.Rlimit{Cur: want, Max: max(lim.Max, want)}
	if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised) == nil {
		return ""
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim) != nil {
			syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
		}
	}
	room := max(int(lim.Cur)-fdReserve, 0)
	return fmt.Sprintf("the open-file limit is %d (hard limit %d): about %d clients can be connected at once; raise it with ulimit -n",
		lim.Cur, lim.Max, room)
}
