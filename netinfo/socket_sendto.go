package netinfo

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendto makes the sendto(2) system call, the one Python's send, sendall
// and sendto make, and returns how many bytes went. The unix package's
// Sendto does not return that count (a stream socket may take fewer bytes
// than given), so the call is made here; to is nil for send.
func sendto(fd int, p []byte, flags int, to *Addr) (int, error) {
	var ptr unsafe.Pointer
	var size uintptr
	var raw rawSockaddr
	if to != nil {
		var err error
		if ptr, size, err = raw.set(*to); err != nil {
			return 0, err
		}
	}
	return dataCall(unix.SYS_SENDTO, fd, p, flags, ptr, size)
}

// dataCall makes sendto(2) or recvfrom(2) (trap) on fd with the data
// buffer p and the address arguments addr and addrLen, and returns how
// many bytes moved.
//
// It is a raw system call (unix.RawSyscall6), made without telling Go's
// scheduler: every socket of the shell is non-blocking, so the call never
// sleeps in the kernel, and the scheduler's bookkeeping around a system
// call that might (entersyscall and exitsyscall) is pure cost: 0.6 µs of a
// sendto+recvfrom pair's 7.4 µs on loopback, measured alone on the
// development machine, and about 2% of docs/performance.md's piped
// session. The price: while a large send copies its megabytes, this
// goroutine keeps its processor. The pointers become uintptrs only in the
// argument list of the assembly call, where Go keeps what they point to
// alive and in place.
func dataCall(trap uintptr, fd int, p []byte, flags int, addr unsafe.Pointer, addrLen uintptr) (int, error) {
	var buf unsafe.Pointer
	if len(p) > 0 {
		buf = unsafe.Pointer(&p[0])
	}
	n, _, e := unix.RawSyscall6(trap, uintptr(fd), uintptr(buf), uintptr(len(p)), uintptr(flags), uintptr(addr), addrLen)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
