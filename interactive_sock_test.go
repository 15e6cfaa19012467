package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// scriptCondition answers the transcripts' own conditions: [ipv6] holds when
// the kernel can bind a socket to ::1.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "ipv6":
		fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return false, nil
		}
		defer unix.Close(fd)
		return unix.Bind(fd, &unix.SockaddrInet6{Addr: [16]byte{15: 1}}) == nil, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdListening waits until a TCP socket listens on PORT (as the kernel's
// /proc/net/tcp and tcp6 show), so that a transcript can start a client only
// once a background server is ready, without connecting to it (which would
// take its accept) and without guessing a sleep: listening PORT.
func cmdListening(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: listening PORT")
	}
	port, err := strconv.ParseUint(args[0], 10, 16)
	if err != nil {
		ts.Fatalf("listening: bad port %q", args[0])
	}
	suffix := fmt.Sprintf(":%04X", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, name := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
			data, _ := os.ReadFile(name)
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) > 3 && strings.HasSuffix(f[1], suffix) && f[3] == "0A" {
					return
				}
			}
		}
	}
	ts.Fatalf("nothing listens on port %d after 10s", port)
}
