package netinfo

import (
	"os"

	"golang.org/x/sys/unix"
)

// pythonFDs is how many descriptor numbers from 3 up StartPoller keeps
// free for sockets.
const pythonFDs = 32

// StartPoller starts Go's poller (its epoll instance and wake-up eventfd)
// with its descriptors above the first pythonFDs free numbers, and should
// run before anything else opens a file.
//
// Why: the kernel gives each new descriptor the lowest free number, and
// Go's runtime opens its two the first time any file is opened or any
// socket has to wait. Left alone, they would take whatever numbers are
// lowest at that moment, so a socket's fd would depend on whether a lookup
// read /etc/services before it, or a recv happened to wait before it.
// Started here, above a reserved range, they never move: sockets get the
// numbers Python gives them (the first is 3), the same in every run.
//
// It is best effort: if descriptors run out, the poller starts wherever it
// can, which changes numbers but nothing else.
func StartPoller() {
	var held [pythonFDs]int
	n := 0
	if fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
		held[0], n = fd, 1
		for n < len(held) { // dup is cheaper than opening the file again
			if held[n], err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0); err != nil {
				break
			}
			n++
		}
	}
	// Opening any file through os starts the poller, whose descriptors
	// then land above the held ones.
	if f, err := os.Open(os.DevNull); err == nil {
		f.Close()
	}
	for _, fd := range held[:n] {
		unix.Close(fd)
	}
}
