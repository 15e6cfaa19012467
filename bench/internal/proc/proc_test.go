package proc

import (
	"os"
	"testing"
)

func TestStatus(t *testing.T) {
	rss, err := Status(os.Getpid(), "VmRSS:")
	if err != nil || rss < 1<<20 || rss%1024 != 0 {
		t.Errorf("VmRSS of this test = %d, %v; want some MiB in bytes", rss, err)
	}
	if _, err := Status(os.Getpid(), "NoSuchField:"); err == nil {
		t.Errorf("a field /proc does not have gave no error")
	}
	if _, err := Status(-1, "VmRSS:"); err == nil {
		t.Errorf("a process that does not exist gave no error")
	}
}
