package loadgen

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const fileLimitChild = "LOADGEN_TEST_FILE_LIMIT_CHILD"

// TestFileLimit changes the open-file limit, so it runs in a child
// process of its own (this test binary again).
func TestFileLimit(t *testing.T) {
	if os.Getenv(fileLimitChild) != "" {
		testFileLimitChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFileLimit$", "-test.v")
	cmd.Env = append(os.Environ(), fileLimitChild+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil && strings.Contains(string(out), "--- SKIP: TestFileLimit") {
		t.Skipf("child skipped:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: TestFileLimit") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

func testFileLimitChild(t *testing.T) {
	// Below the hard limit, the soft limit is raised as far as needed.
	setLimit(t, 100, 2000)
	if note := makeRoomForFiles(1000); note != "" {
		t.Errorf("raising 100 to 1064 under a hard limit of 2000: %s", note)
	}
	if cur, _ := getLimit(t); cur != 1000+fdReserve {
		t.Errorf("soft limit %d, want %d", cur, 1000+fdReserve)
	}

	// At a hard limit of 256 that this thread may not raise, the run says
	// so, and the clients beyond it fail with EMFILE.
	runtime.LockOSThread() // capabilities are per thread
	setLimit(t, 256, 256)
	if os.Geteuid() == 0 {
		dropSysResource(t)
	}
	// Nothing accepts: the connections that got an fd wait in the
	// listen queue until their round times out, holding their fd.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const clients = 400
	res, err := Run(context.Background(), Config{
		Addr: netip.MustParseAddrPort(ln.Addr().String()), Clients: clients, Timeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	other, timedOut := res.Count(OtherError), res.Count(TimedOut)
	if other < clients-256 || timedOut < 1 || other+timedOut != clients {
		t.Errorf("other errors %d, timed out %d; want at least %d and 1, %d in all", other, timedOut, clients-256, clients)
	}
	if s := res.Sample(OtherError); s == nil || !errors.Is(s, syscall.EMFILE) {
		t.Errorf("sample %v, want too many open files", s)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "the open-file limit is 256 (hard limit 256): about 192 clients") {
		t.Errorf("notes %q", res.Notes)
	}
}

func setLimit(t *testing.T, cur, max uint64) {
	t.Helper()
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: cur, Max: max}); err != nil {
		t.Skipf("cannot set the open-file limit to %d/%d: %v", cur, max, err)
	}
}

func getLimit(t *testing.T) (cur, max uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	return lim.Cur, lim.Max
}

// dropSysResource takes CAP_SYS_RESOURCE (which lets root raise a hard
// limit) from the calling thread.
func dropSysResource(t *testing.T) {
	t.Helper()
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		t.Skipf("capget: %v", err)
	}
	data[0].Effective &^= 1 << unix.CAP_SYS_RESOURCE
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		t.Skipf("capset: %v", err)
	}
}
