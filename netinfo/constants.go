package netinfo

import (
	"sort"
	"strings"
)

// Class tells which Python type a constant belongs to, which decides how the
// shell prints it: an enum member such as <AddressFamily.AF_INET: 2>, or a
// plain int.
type Class int

// The classes of Python's socket module constants.
const (
	ClassInt Class = iota
	ClassAddressFamily
	ClassSocketKind
	ClassMsgFlag
	ClassAddressInfo
)

// String returns the Python class name ("AddressFamily", ...), or "int".
func (c Class) String() string {
	switch c {
	case ClassAddressFamily:
		return "AddressFamily"
	case ClassSocketKind:
		return "SocketKind"
	case ClassMsgFlag:
		return "MsgFlag"
	case ClassAddressInfo:
		return "AddressInfo"
	}
	return "int"
}

// Constant is one named socket constant of this platform.
type Constant struct {
	Name  string
	Value int64
	Class Class
}

var constantByName = func() map[string]Constant {
	m := make(map[string]Constant, len(constants))
	for _, c := range constants {
		m[c.Name] = c
	}
	return m
}()

// LookupConstant returns the constant called name (AF_INET, SO_REUSEADDR, ...).
func LookupConstant(name string) (Constant, bool) {
	c, ok := constantByName[name]
	return c, ok
}

// Constants returns every constant whose name starts with prefix, in the
// order Python's dir(socket) lists them (sorted by name).
func Constants(prefix string) []Constant {
	var out []Constant
	for _, c := range constants {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ConstantNames returns the names of all constants, sorted.
func ConstantNames() []string {
	names := make([]string, len(constants))
	for i, c := range constants {
		names[i] = c.Name
	}
	sort.Strings(names)
	return names
}

// EnumName returns the name Python's enum shows for value in class: when
// several names share a value (AF_NETLINK and AF_ROUTE) the alphabetically
// first is the member and the others are aliases. ok is false when class has
// no member with that value (Python then shows a plain int).
func EnumName(class Class, value int64) (name string, ok bool) {
	if class == ClassInt {
		return "", false
	}
	for _, c := range constants {
		if c.Class == class && c.Value == value && (!ok || c.Name < name) {
			name, ok = c.Name, true
		}
	}
	return name, ok
}
