package netinfo

import (
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SetsockoptInt sets an integer socket option (setsockopt(2) with an int),
// such as SOL_SOCKET SO_REUSEADDR 1.
func (s *Socket) SetsockoptInt(level, opt, value int) error {
	return s.control("setsockopt", func(fd int) error {
		err := unix.SetsockoptInt(fd, level, opt, value)
		s.record("setsockopt", 0, err, func() string {
			return callArgs(fd, fmtLevelOpt(level, opt), fmtOptInt(level, opt, value), "4")
		})
		return err
	})
}

// SetsockoptBytes sets an option from a raw buffer, as Python's setsockopt
// does when it is given bytes (a struct linger, say).
func (s *Socket) SetsockoptBytes(level, opt int, value []byte) error {
	return s.control("setsockopt", func(fd int) error {
		err := unix.SetsockoptString(fd, level, opt, string(value))
		s.record("setsockopt", 0, err, func() string {
			return callArgs(fd, fmtLevelOpt(level, opt), fmtData(value), strconv.Itoa(len(value)))
		})
		return err
	})
}

// GetsockoptInt reads an integer socket option.
func (s *Socket) GetsockoptInt(level, opt int) (int, error) {
	var v int
	err := s.control("getsockopt", func(fd int) error {
		var err error
		v, err = unix.GetsockoptInt(fd, level, opt)
		s.record("getsockopt", 0, err, func() string {
			if err != nil {
				return callArgs(fd, fmtLevelOpt(level, opt), "...", "[4]")
			}
			return callArgs(fd, fmtLevelOpt(level, opt), fmtOptInt(level, opt, v), "[4]")
		})
		return err
	})
	return v, err
}

// GetsockoptBytes reads an option into a buffer of buflen bytes and returns
// what the kernel wrote, as Python's getsockopt(level, opt, buflen) does.
func (s *Socket) GetsockoptBytes(level, opt, buflen int) ([]byte, error) {
	if buflen <= 0 || buflen > 1024 {
		return nil, &Error{Op: "getsockopt", Errno: unix.EINVAL}
	}
	buf := make([]byte, buflen)
	n := uint32(buflen)
	err := s.control("getsockopt", func(fd int) error {
		_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
			uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), 0)
		if e != 0 {
			s.record("getsockopt", 0, e, func() string {
				return callArgs(fd, fmtLevelOpt(level, opt), "...", "["+strconv.Itoa(buflen)+"]")
			})
			return e
		}
		s.record("getsockopt", 0, nil, func() string {
			return callArgs(fd, fmtLevelOpt(level, opt), fmtData(buf[:n]), "["+strconv.Itoa(int(n))+"]")
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}
