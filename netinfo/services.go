package netinfo

import (
	"bufio"
	"errors"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ServicesFile is the services database. glibc's "files" backend reads the
// same file, so reading it here gives the answers Python's getservbyname and
// getservbyport give, in builds with or without cgo.
var ServicesFile = "/etc/services"

// Service is one line of the services database: a name, the port and
// protocol it stands for, and its other names.
type Service struct {
	Name    string
	Port    int
	Proto   string
	Aliases []string
}

// ErrPortRange is getservbyport's refusal of a port outside 0-65535, in
// Python's words (Python raises it as OverflowError).
var ErrPortRange = errors.New("getservbyport: port must be 0-65535.")

// Services returns every entry of the services database, in file order.
// The file is read on each call: it is small, and an edit shows at once.
func Services() ([]Service, error) {
	f, err := os.Open(ServicesFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Service
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		if s, ok := parseServiceLine(sc.Text()); ok {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// parseServiceLine reads "name port/proto [alias...] [# comment]" the way
// glibc's parser does: a malformed line is skipped, not an error.
func parseServiceLine(line string) (Service, bool) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return Service{}, false
	}
	num, proto, ok := strings.Cut(f[1], "/")
	if !ok || proto == "" {
		return Service{}, false
	}
	// glibc reads the port with strtoul(..., 0) and keeps its low 16 bits.
	port, err := strconv.ParseUint(num, 0, 64)
	if err != nil {
		return Service{}, false
	}
	return Service{Name: f[0], Port: int(port & 0xffff), Proto: proto, Aliases: f[2:]}, true
}

// matchProto is glibc's test of an entry's protocol: nil (Python's None)
// matches any, otherwise the names must be equal (so "" matches nothing).
func matchProto(s Service, proto *string) bool {
	return proto == nil || s.Proto == *proto
}

// ServByName returns the port of the first entry called name (or having it
// as an alias) for proto; a nil proto means any protocol. A miss is a
// *NotFoundError with Python's message.
func ServByName(name string, proto *string) (int, error) {
	all, err := Services()
	if err != nil {
		return 0, err
	}
	for _, s := range all {
		if matchProto(s, proto) && (s.Name == name || slices.Contains(s.Aliases, name)) {
			return s.Port, nil
		}
	}
	return 0, &NotFoundError{Msg: "service/proto not found"}
}

// ServByPort returns the name of the first entry for port and proto (nil:
// any protocol). A port outside 0-65535 gives ErrPortRange.
func ServByPort(port int, proto *string) (string, error) {
	if port < 0 || port > 0xffff {
		return "", ErrPortRange
	}
	all, err := Services()
	if err != nil {
		return "", err
	}
	for _, s := range all {
		if s.Port == port && matchProto(s, proto) {
			return s.Name, nil
		}
	}
	return "", &NotFoundError{Msg: "port/proto not found"}
}

// ServicesInRange returns the entries whose port lies in low..high, sorted by
// port and, within a port, in file order (tcp before udp, as the file has
// them). The bounds must be valid ports with low <= high.
func ServicesInRange(low, high int) ([]Service, error) {
	if low < 0 || low > 0xffff || high < 0 || high > 0xffff {
		return nil, ErrPortRange
	}
	if low > high {
		return nil, errors.New("the lower bound is above the upper bound")
	}
	all, err := Services()
	if err != nil {
		return nil, err
	}
	var out []Service
	for _, s := range all {
		if s.Port >= low && s.Port <= high {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Port < out[j].Port })
	return out, nil
}
