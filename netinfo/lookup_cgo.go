//go:build cgo

package netinfo

/*
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

// The legacy lookups report failure in h_errno, which is per thread: read it
// in the same C call, on the same thread, as the lookup itself. CPython
// reports h_errno (not the *h_errnop out-parameter), so these do too.
static int sockshell_gethostbyname(const char *name, struct hostent *he,
		char *buf, size_t len, struct hostent **res, int *herr) {
	int dummy = 0;
	h_errno = 0;
	int rc = gethostbyname_r(name, he, buf, len, res, &dummy);
	*herr = h_errno;
	return rc;
}

static int sockshell_gethostbyaddr(const void *addr, socklen_t alen, int af,
		struct hostent *he, char *buf, size_t len, struct hostent **res, int *herr) {
	int dummy = 0;
	h_errno = 0;
	int rc = gethostbyaddr_r(addr, alen, af, he, buf, len, res, &dummy);
	*herr = h_errno;
	return rc;
}

static char *sockshell_hostent_alias(struct hostent *he, int i) { return he->h_aliases[i]; }
static char *sockshell_hostent_addr(struct hostent *he, int i) { return he->h_addr_list[i]; }
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// getaddrinfo calls glibc's getaddrinfo.
func getaddrinfo(host, service *string, h Hints) ([]AddrInfo, error) {
	var hints C.struct_addrinfo
	hints.ai_family = C.int(h.Family)
	hints.ai_socktype = C.int(h.Type)
	hints.ai_protocol = C.int(h.Proto)
	hints.ai_flags = C.int(h.Flags)
	var ch, cs *C.char
	if host != nil {
		ch = C.CString(*host)
		defer C.free(unsafe.Pointer(ch))
	}
	if service != nil {
		cs = C.CString(*service)
		defer C.free(unsafe.Pointer(cs))
	}
	var res *C.struct_addrinfo
	rc, errno := C.getaddrinfo(ch, cs, &hints, &res)
	if rc != 0 {
		return nil, gaiFailure("getaddrinfo", int(rc), errno)
	}
	defer C.freeaddrinfo(res)
	var out []AddrInfo
	for r := res; r != nil; r = r.ai_next {
		ai := AddrInfo{Family: int(r.ai_family), Type: int(r.ai_socktype), Proto: int(r.ai_protocol)}
		if r.ai_canonname != nil {
			ai.CanonName = C.GoString(r.ai_canonname)
		}
		ai.Addr = addrFromRaw(C.GoBytes(unsafe.Pointer(r.ai_addr), C.int(r.ai_addrlen)))
		out = append(out, ai)
	}
	return out, nil
}

// gaiFailure is the error for a resolver return code: EAI_SYSTEM carries
// the errno, as CPython reports it.
func gaiFailure(op string, rc int, errno error) error {
	if rc == EAISystem {
		var e syscall.Errno
		if errors.As(errno, &e) && e != 0 {
			return &Error{Op: op, Errno: e}
		}
	}
	return &GAIError{Code: rc, Msg: C.GoString(C.gai_strerror(C.int(rc)))}
}

// getnameinfo calls glibc's getnameinfo on a.
func getnameinfo(a Addr, flags int) (string, string, error) {
	raw := rawFromAddr(a)
	sa := C.CBytes(raw)
	defer C.free(sa)
	var host [C.NI_MAXHOST]C.char
	var serv [C.NI_MAXSERV]C.char
	rc, errno := C.getnameinfo((*C.struct_sockaddr)(sa), C.socklen_t(len(raw)),
		&host[0], C.socklen_t(len(host)), &serv[0], C.socklen_t(len(serv)), C.int(flags))
	if rc != 0 {
		return "", "", gaiFailure("getnameinfo", int(rc), errno)
	}
	return C.GoString(&host[0]), C.GoString(&serv[0]), nil
}

// hostentBuf is CPython's buffer size for the *_r calls; a larger one is
// tried if glibc says ERANGE.
const hostentBuf = 16384

// gethostbyname calls glibc's gethostbyname_r and returns the entry and its
// address family.
func gethostbyname(name string) (HostEntry, int, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return callHostent(func(he *C.struct_hostent, buf *C.char, n C.size_t, res **C.struct_hostent, herr *C.int) C.int {
		return C.sockshell_gethostbyname(cname, he, buf, n, res, herr)
	})
}

// gethostbyaddr calls glibc's gethostbyaddr_r for a.
func gethostbyaddr(a netip.Addr) (HostEntry, error) {
	af := C.int(unix.AF_INET6)
	b := a.AsSlice()
	if a.Is4() {
		af = unix.AF_INET
	}
	addr := C.CBytes(b)
	defer C.free(addr)
	he, family, err := callHostent(func(he *C.struct_hostent, buf *C.char, n C.size_t, res **C.struct_hostent, herr *C.int) C.int {
		return C.sockshell_gethostbyaddr(addr, C.socklen_t(len(b)), af, he, buf, n, res, herr)
	})
	if err == nil && family != int(af) {
		return HostEntry{}, &Error{Op: "gethostbyaddr", Errno: unix.EAFNOSUPPORT}
	}
	return he, err
}

// callHostent runs one *_r lookup with C-allocated buffers (the hostent
// points into the buffer, so neither may live in Go memory) and copies the
// answer out.
func callHostent(call func(*C.struct_hostent, *C.char, C.size_t, **C.struct_hostent, *C.int) C.int) (HostEntry, int, error) {
	he := (*C.struct_hostent)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_hostent{}))))
	defer C.free(unsafe.Pointer(he))
	for size := hostentBuf; ; size *= 2 {
		buf := (*C.char)(C.malloc(C.size_t(size)))
		var res *C.struct_hostent
		var herr C.int
		rc := call(he, buf, C.size_t(size), &res, &herr)
		if rc == C.ERANGE && size < 1<<22 {
			C.free(unsafe.Pointer(buf))
			continue
		}
		defer C.free(unsafe.Pointer(buf))
		if res == nil {
			return HostEntry{}, 0, hostError(int(herr))
		}
		return copyHostent(res), int(res.h_addrtype), nil
	}
}

func copyHostent(h *C.struct_hostent) HostEntry {
	e := HostEntry{Name: C.GoString(h.h_name)}
	for i := C.int(0); h.h_aliases != nil; i++ {
		p := C.sockshell_hostent_alias(h, i)
		if p == nil {
			break
		}
		e.Aliases = append(e.Aliases, C.GoString(p))
	}
	for i := C.int(0); h.h_addr_list != nil; i++ {
		p := C.sockshell_hostent_addr(h, i)
		if p == nil {
			break
		}
		if a, ok := netip.AddrFromSlice(C.GoBytes(unsafe.Pointer(p), h.h_length)); ok {
			e.Addrs = append(e.Addrs, a)
		}
	}
	return e
}

// addrFromRaw reads a struct sockaddr_in or sockaddr_in6 as the kernel lays
// it out: family in host order, port and flow info in network order.
func addrFromRaw(b []byte) Addr {
	if len(b) < 2 {
		return Addr{}
	}
	family := int(binary.NativeEndian.Uint16(b))
	switch {
	case family == unix.AF_INET && len(b) >= 8:
		return Addr{Family: family, Port: int(binary.BigEndian.Uint16(b[2:])), IP: netip.AddrFrom4([4]byte(b[4:8]))}
	case family == unix.AF_INET6 && len(b) >= 28:
		return Addr{
			Family:   family,
			Port:     int(binary.BigEndian.Uint16(b[2:])),
			FlowInfo: binary.BigEndian.Uint32(b[4:]),
			IP:       netip.AddrFrom16([16]byte(b[8:24])),
			ScopeID:  binary.NativeEndian.Uint32(b[24:]),
		}
	}
	return Addr{Family: family}
}

// rawFromAddr is addrFromRaw's inverse.
func rawFromAddr(a Addr) []byte {
	if a.Family == unix.AF_INET {
		b := make([]byte, 16)
		binary.NativeEndian.PutUint16(b, unix.AF_INET)
		binary.BigEndian.PutUint16(b[2:], uint16(a.Port))
		ip := a.IP.As4()
		copy(b[4:], ip[:])
		return b
	}
	b := make([]byte, 28)
	binary.NativeEndian.PutUint16(b, unix.AF_INET6)
	binary.BigEndian.PutUint16(b[2:], uint16(a.Port))
	binary.BigEndian.PutUint32(b[4:], a.FlowInfo)
	ip := a.IP.As16()
	copy(b[8:], ip[:])
	binary.NativeEndian.PutUint32(b[24:], a.ScopeID)
	return b
}
