// Package proc reads a process's memory figures from /proc, for the
// benchmarks (bench and bench/vspython) that compare servers and shells.
package proc

import (
	"fmt"
	"os"
	"strings"
)

// Status reads one memory figure of /proc/PID/status ("VmRSS:", "VmHWM:"),
// in bytes.
func Status(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no %s in /proc", field)
}
