package selectmod

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sockshell/commands"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// Python's selectors module, as Python 3.11 writes it in selectors.py:
// SelectSelector, PollSelector and EpollSelector (the DefaultSelector on
// Linux), their keys and their mapping, with the same results, order and
// messages (the messages name the classes selectors.py defines the
// methods in, as Python's do). An EpollSelector holds a real epoll
// instance (netinfo.Epoll): its descriptor takes the number it takes in
// Python, and the kernel's interest list decides what is ready.

// The selectors module's events.
const (
	eventRead  = 1
	eventWrite = 2
)

// selectorKind is which of selectors.py's classes a selector is.
type selectorKind int

const (
	selectKind selectorKind = iota // SelectSelector: select.select
	pollKind                       // PollSelector: select.poll
	epollKind                      // EpollSelector: select.epoll
)

// selectorObj is a selector: its keys by fd, in the order Python's dict
// keeps them (registration order), and for an EpollSelector the epoll
// instance.
type selectorObj struct {
	s       *commands.Session
	kind    selectorKind
	fds     []int
	keys    map[int]*selectorKey
	ep      *netinfo.Epoll
	mapping *selectorMapping // nil once closed: get_map() is None
}

// selectorClasses are the selectors module's classes, made once per
// session (their methods need the session).
type selectorClasses struct {
	base, key, mapping *value.Class
	kinds              [3]*value.Class
}

func (v *selectorObj) Type() *value.Class { return classesOf(v.s).kinds[v.kind] }

func (v *selectorObj) Repr() string {
	return fmt.Sprintf("<selectors.%s object at %p>", value.TypeName(v), v)
}

// Holds gives what the selector keeps alive: its keys' file objects and
// data (a callback, say), for the session's bookkeeping of sockets.
func (v *selectorObj) Holds() []value.Value {
	var out []value.Value
	for _, fd := range v.fds {
		out = append(out, v.keys[fd])
	}
	return out
}

// Enter and Exit make `with selectors.DefaultSelector() as sel:` close the
// selector at the end of the block, as BaseSelector.__exit__ does.
func (v *selectorObj) Enter(ctx context.Context) (value.Value, error) { return v, nil }

// Exit closes the selector.
func (v *selectorObj) Exit(ctx context.Context, exc *value.Exception) error {
	v.close()
	return nil
}

// closeResource and resourceOpen make an EpollSelector's descriptor a
// resource of the session (lifetime.go).
func (v *selectorObj) CloseResource() { v.close() }

func (v *selectorObj) ResourceOpen() bool { return v.ep != nil && !v.ep.Closed() }

func (v *selectorObj) close() {
	if v.ep != nil {
		v.ep.Close()
	}
	v.fds, v.keys = nil, map[int]*selectorKey{}
	v.mapping = nil
}

// qual is the name Python's messages give a method: the class of
// selectors.py that defines it for this kind of selector.
func (v *selectorObj) qual(method string) string {
	owner := map[string][3]string{
		"__init__":   {"SelectSelector", "_PollLikeSelector", "_PollLikeSelector"},
		"register":   {"SelectSelector", "_PollLikeSelector", "_PollLikeSelector"},
		"unregister": {"SelectSelector", "_PollLikeSelector", "_PollLikeSelector"},
		"modify":     {"_BaseSelectorImpl", "_PollLikeSelector", "_PollLikeSelector"},
		"select":     {"SelectSelector", "_PollLikeSelector", "EpollSelector"},
		"close":      {"_BaseSelectorImpl", "_BaseSelectorImpl", "EpollSelector"},
		"get_map":    {"_BaseSelectorImpl", "_BaseSelectorImpl", "_BaseSelectorImpl"},
		"fileno":     {"", "", "EpollSelector"},
	}[method][v.kind]
	if owner == "" {
		owner = "BaseSelector"
	}
	return owner + "." + method
}

// closedEpoll is what an EpollSelector's calls on its closed epoll
// instance raise.
func closedEpoll() error {
	return commands.Errorf(value.ValueError, "I/O operation on closed epoll object")
}

// fileobjFD is selectors.py's _fileobj_lookup: the fd of a file object
// (an int, or a socket's fileno()), else, for a closed socket, the fd it
// was registered with; else Python's ValueError.
func (v *selectorObj) fileobjFD(obj value.Value) (int, error) {
	fd, err := fileobjToFD(obj)
	if err == nil {
		return fd, nil
	}
	for _, k := range v.keys {
		if k.fileobj == obj {
			n, _ := value.Index(k.fd)
			return int(n), nil
		}
	}
	return 0, err
}

// fileobjToFD is selectors.py's _fileobj_to_fd.
func fileobjToFD(obj value.Value) (int, error) {
	var n int64
	switch x := obj.(type) {
	case *commands.Socket:
		n = int64(x.Sock().FD())
	case value.Int, value.Bool, value.Enum, *value.BigInt:
		n, _ = value.Index(x)
	default:
		if value.HasAttr(obj, "fileno") {
			return 0, commands.Errorf(value.NotImplementedErr, "registering a %s is not supported in sockshell; register a socket or its fileno()", value.TypeName(obj))
		}
		return 0, commands.Errorf(value.ValueError, "Invalid file object: %s", obj.Repr())
	}
	if n < 0 {
		return 0, commands.Errorf(value.ValueError, "Invalid file descriptor: %d", n)
	}
	if n > math.MaxInt32 {
		return 0, commands.Errorf(value.OverflowError, "Python int too large to convert to C int")
	}
	return int(n), nil
}

func notRegistered(obj value.Value) error {
	return value.Raise(value.KeyError, value.Str(obj.Repr()+" is not registered"))
}

// register is BaseSelector.register(fileobj, events, data=None).
func (v *selectorObj) register(obj, events, data value.Value) (value.Value, error) {
	if !value.Truth(events) {
		return nil, commands.Errorf(value.ValueError, "Invalid events: %s", events.Repr())
	}
	other, err := value.Binary("&", events, value.Int(^(eventRead | eventWrite)))
	if err != nil {
		return nil, err
	}
	if value.Truth(other) {
		return nil, commands.Errorf(value.ValueError, "Invalid events: %s", events.Repr())
	}
	fd, err := v.fileobjFD(obj)
	if err != nil {
		return nil, err
	}
	if _, ok := v.keys[fd]; ok {
		return nil, value.Raise(value.KeyError, value.Str(fmt.Sprintf("%s (FD %d) is already registered", obj.Repr(), fd)))
	}
	key := &selectorKey{cls: classesOf(v.s).key, fileobj: obj, fd: value.Int(fd), events: events, data: data}
	if v.kind != selectKind {
		// The poller's own register, after the key is in the map (and
		// taken out again when it fails), as selectors.py does it.
		mask, err := v.pollerEvents(events)
		if err != nil {
			return nil, err
		}
		if err := v.pollerRegister(fd, mask, false); err != nil {
			return nil, err
		}
	} else if _, err := fdSocket(v.s, fd); err != nil {
		return nil, err
	}
	v.fds = append(v.fds, fd)
	v.keys[fd] = key
	return key, nil
}

// pollerEvents is the poll or epoll mask for selectors' events.
func (v *selectorObj) pollerEvents(events value.Value) (uint32, error) {
	var mask uint32
	for _, e := range []struct {
		ev   int64
		bits uint32
	}{{eventRead, unix.POLLIN}, {eventWrite, unix.POLLOUT}} { // EPOLLIN and EPOLLOUT are the same bits
		x, err := value.Binary("&", events, value.Int(e.ev))
		if err != nil {
			return 0, err
		}
		if value.Truth(x) {
			mask |= e.bits
		}
	}
	return mask, nil
}

// pollerRegister registers fd with the selector's poll or epoll instance
// (modify: changes what it is registered for).
func (v *selectorObj) pollerRegister(fd int, mask uint32, modify bool) error {
	sk, err := fdSocket(v.s, fd)
	if err != nil {
		return err
	}
	if v.kind == pollKind {
		return nil // select.poll takes any number, and reports POLLNVAL
	}
	switch {
	case v.ep.Closed():
		return closedEpoll()
	case sk == nil:
		return commands.ErrnoException(unix.EBADF)
	case modify:
		return v.ep.Modify(sk.Sock(), mask)
	}
	return v.ep.Add(sk.Sock(), mask)
}

// unregister is BaseSelector.unregister(fileobj).
func (v *selectorObj) unregister(obj value.Value) (*selectorKey, error) {
	fd, err := v.fileobjFD(obj)
	if err != nil {
		return nil, err
	}
	key, ok := v.keys[fd]
	if !ok {
		return nil, notRegistered(obj)
	}
	v.drop(fd)
	if v.kind == epollKind && !v.ep.Closed() {
		v.ep.Delete(fd) // fails when the socket was closed since: ignored, as in Python
	}
	return key, nil
}

func (v *selectorObj) drop(fd int) {
	delete(v.keys, fd)
	v.fds = slices.DeleteFunc(v.fds, func(x int) bool { return x == fd })
}

// modify is BaseSelector.modify(fileobj, events, data=None).
func (v *selectorObj) modify(obj, events, data value.Value) (value.Value, error) {
	fd, err := v.fileobjFD(obj)
	if err != nil {
		return nil, err
	}
	key, ok := v.keys[fd]
	if !ok {
		return nil, notRegistered(obj)
	}
	if v.kind == selectKind {
		// _BaseSelectorImpl.modify: unregister and register again.
		switch {
		case !value.Equal(events, key.events):
			if _, err := v.unregister(obj); err != nil {
				return nil, err
			}
			return v.register(obj, events, data)
		case !value.Equal(data, key.data):
			nk := *key
			nk.data = data
			v.keys[fd] = &nk
			return &nk, nil
		}
		return key, nil
	}
	changed := false
	if !value.Equal(events, key.events) {
		mask, err := v.pollerEvents(events)
		if err != nil {
			return nil, err
		}
		if err := v.pollerRegister(fd, mask, true); err != nil {
			v.drop(fd)
			return nil, err
		}
		changed = true
	}
	if changed || !value.Equal(data, key.data) {
		nk := *key
		nk.events, nk.data = events, data
		v.keys[fd] = &nk
		return &nk, nil
	}
	return key, nil
}

// selectTimeout reads BaseSelector.select's timeout: None waits with no
// bound, zero or less only looks; else it is rounded up to milliseconds,
// as the poll and epoll selectors do (select.select rounds it itself).
func (v *selectorObj) timeout(t value.Value) (time.Duration, error) {
	if t == nil || t == value.None {
		return netinfo.NoTimeout, nil
	}
	if v.kind == selectKind {
		// max(timeout, 0), then select.select's own reading.
		if _, err := value.Compare(">", value.Int(0), t); err != nil {
			return 0, err
		}
		if neg, _ := value.Compare("<", t, value.Int(0)); neg {
			return 0, nil
		}
		return selectTimeout(t)
	}
	le, err := value.Compare("<=", t, value.Int(0))
	if err != nil {
		return 0, err
	}
	if le {
		return 0, nil
	}
	secs, ok := value.FloatOf(t)
	if !ok {
		return 0, commands.Errorf(value.TypeError, "must be real number, not %s", value.TypeName(t))
	}
	ms := math.Ceil(secs * 1e3)
	if ms > math.MaxInt32 {
		return 0, commands.Errorf(value.OverflowError, "timeout is too large")
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// sel is BaseSelector.select(timeout=None): [(key, events)] for the file
// objects ready, in the order the system call reports them.
func (v *selectorObj) sel(ctx context.Context, t value.Value) (value.Value, error) {
	timeout, err := v.timeout(t)
	if err != nil {
		return nil, err
	}
	if v.kind == epollKind && v.ep.Closed() {
		return nil, closedEpoll()
	}
	var ready []fdReady // what each fd is ready for, as EVENT_ bits
	switch v.kind {
	case selectKind:
		if ready, err = v.selectReady(ctx, timeout); err != nil {
			return nil, err
		}
	case pollKind:
		mask := map[int]int16{}
		for _, fd := range v.fds {
			m, _ := v.pollerEvents(v.keys[fd].events)
			mask[fd] = int16(m)
		}
		got, err := pollFDs(v.s, ctx, v.fds, mask, timeout)
		if err != nil {
			return nil, err
		}
		for _, r := range got {
			ready = append(ready, fdReady{r.fd, pollEvents(uint32(uint16(r.revents)))})
		}
	case epollKind:
		var got []netinfo.EpollEvent
		err := waitReady(v.s, ctx, timeout, v.waitingFor(), func(ctx context.Context, d time.Duration) (bool, error) {
			var err error
			got, err = v.ep.Wait(ctx, max(len(v.keys), 1), d)
			return len(got) > 0, err
		})
		if err != nil {
			return nil, err
		}
		for _, e := range got {
			ready = append(ready, fdReady{e.FD, pollEvents(e.Events)})
		}
	}
	out := []value.Value{}
	for _, r := range ready {
		key, ok := v.keys[r.fd]
		if !ok {
			continue
		}
		ev, err := value.Binary("&", value.Int(r.revents), key.events)
		if err != nil {
			return nil, err
		}
		out = append(out, value.Tuple{key, ev})
	}
	return value.NewList(out), nil
}

// pollEvents is selectors.py's reading of a poll or epoll event: anything
// but POLLIN counts as writable, anything but POLLOUT as readable (so an
// error or hang-up wakes both).
func pollEvents(ev uint32) int16 {
	var e int16
	if ev&^unix.POLLIN != 0 {
		e |= eventWrite
	}
	if ev&^unix.POLLOUT != 0 {
		e |= eventRead
	}
	return e
}

// selectReady is SelectSelector.select's call of select.select over its
// readers and writers, as EVENT_ bits by fd, fds in increasing order (as
// Python's set of small ints iterates).
func (v *selectorObj) selectReady(ctx context.Context, timeout time.Duration) ([]fdReady, error) {
	var items []netinfo.PollItem
	for _, fd := range slices.Sorted(func(yield func(int) bool) {
		for fd := range v.keys {
			if !yield(fd) {
				return
			}
		}
	}) {
		mask, err := v.pollerEvents(v.keys[fd].events)
		if err != nil {
			return nil, err
		}
		if fd >= fdSetSize {
			return nil, commands.Errorf(value.ValueError, "filedescriptor out of range in select()")
		}
		sk, err := fdSocket(v.s, fd)
		if err != nil {
			return nil, err
		}
		if sk == nil {
			return nil, commands.ErrnoException(unix.EBADF)
		}
		items = append(items, netinfo.PollItem{Socket: sk.Sock(), Events: int16(mask)})
	}
	got, err := selectWait(v.s, ctx, items, timeout)
	if err != nil {
		return nil, err
	}
	var out []fdReady
	for _, it := range items {
		fd := it.Socket.FD()
		var e int16
		if it.Events&unix.POLLIN != 0 && got[fd]&selectIn != 0 {
			e |= eventRead
		}
		if it.Events&unix.POLLOUT != 0 && got[fd]&selectOut != 0 {
			e |= eventWrite
		}
		if e != 0 {
			out = append(out, fdReady{fd, e})
		}
	}
	return out, nil
}

// waitingFor says what an EpollSelector's select waits for, for the note
// a terminal shows.
func (v *selectorObj) waitingFor() string {
	var items []netinfo.PollItem
	for _, fd := range v.fds {
		if sk, _ := fdSocket(v.s, fd); sk != nil {
			items = append(items, netinfo.PollItem{Socket: sk.Sock()})
		}
	}
	return waitingFor(items)
}

// getKey is BaseSelector.get_key(fileobj).
func (v *selectorObj) getKey(obj value.Value) (value.Value, error) {
	if v.mapping == nil {
		return nil, commands.Errorf(value.RuntimeError, "Selector is closed")
	}
	k, err := v.mapping.GetItem(obj)
	if e, ok := err.(*value.Exception); ok && e.Class == value.KeyError {
		return nil, notRegistered(obj)
	}
	return k, err
}

// selectorKey is a SelectorKey, the namedtuple (fileobj, fd, events,
// data) register returns.
type selectorKey struct {
	cls                       *value.Class
	fileobj, fd, events, data value.Value
}

func (k *selectorKey) Type() *value.Class { return k.cls }

func (k *selectorKey) Repr() string {
	return "SelectorKey(fileobj=" + k.fileobj.Repr() + ", fd=" + k.fd.Repr() + ", events=" + k.events.Repr() + ", data=" + k.data.Repr() + ")"
}

func (k *selectorKey) tuple() value.Tuple { return value.Tuple{k.fileobj, k.fd, k.events, k.data} }

// Attr gives the key's fields by name.
func (k *selectorKey) Attr(name string) (value.Value, bool) {
	switch name {
	case "fileobj":
		return k.fileobj, true
	case "fd":
		return k.fd, true
	case "events":
		return k.events, true
	case "data":
		return k.data, true
	case "_fields":
		return value.Tuple{value.Str("fileobj"), value.Str("fd"), value.Str("events"), value.Str("data")}, true
	}
	return nil, false
}

// AttrNames lists the key's fields.
func (k *selectorKey) AttrNames() []string { return []string{"data", "events", "fd", "fileobj"} }

// Len, Iter, GetItem and Contains make the key the tuple it is; Holds
// gives what it keeps alive, for the session's bookkeeping.
func (k *selectorKey) Len() int                                   { return 4 }
func (k *selectorKey) Iter() (value.Next, error)                  { return value.Iter(k.tuple()) }
func (k *selectorKey) GetItem(i value.Value) (value.Value, error) { return value.GetItem(k.tuple(), i) }
func (k *selectorKey) Contains(x value.Value) (bool, error)       { return value.Contains(k.tuple(), x) }
func (k *selectorKey) Holds() []value.Value                       { return k.tuple() }

// selectorMapping is what get_map() returns: a read-only, live view of
// the selector's keys by fd (or by file object), iterated in the order
// the file objects were registered.
type selectorMapping struct{ sel *selectorObj }

func (m *selectorMapping) Type() *value.Class { return classesOf(m.sel.s).mapping }

func (m *selectorMapping) Repr() string {
	return fmt.Sprintf("<selectors._SelectorMapping object at %p>", m)
}

// Len, Iter and Contains are Mapping's len(), iteration (over the fds)
// and `in`; Holds keeps the selector alive while the mapping is.
func (m *selectorMapping) Len() int                             { return len(m.sel.keys) }
func (m *selectorMapping) Iter() (value.Next, error)            { return value.Iter(m.list(keyFD)) }
func (m *selectorMapping) Contains(x value.Value) (bool, error) { return m.has(x) }
func (m *selectorMapping) Holds() []value.Value                 { return []value.Value{m.sel} }

func keyFD(k *selectorKey) value.Value     { return k.fd }
func keyItself(k *selectorKey) value.Value { return k }
func keyItem(k *selectorKey) value.Value   { return value.Tuple{k.fd, k} }

// list is f of each key, in the mapping's order.
func (m *selectorMapping) list(f func(*selectorKey) value.Value) value.Tuple {
	out := make(value.Tuple, len(m.sel.fds))
	for i, fd := range m.sel.fds {
		out[i] = f(m.sel.keys[fd])
	}
	return out
}

// GetItem is mapping[fileobj]: the key of a file object or fd.
func (m *selectorMapping) GetItem(obj value.Value) (value.Value, error) {
	fd, err := m.sel.fileobjFD(obj)
	if err != nil {
		return nil, err
	}
	if k, ok := m.sel.keys[fd]; ok {
		return k, nil
	}
	return nil, notRegistered(obj)
}

// has is Mapping.__contains__: a KeyError means no.
func (m *selectorMapping) has(obj value.Value) (bool, error) {
	_, err := m.GetItem(obj)
	if e, ok := err.(*value.Exception); ok && e.Class == value.KeyError {
		return false, nil
	}
	return err == nil, err
}

// classesOf returns the selectors module's classes, made once a session.
func classesOf(s *commands.Session) *selectorClasses {
	return s.State(classesKey{}, func() any { return makeClasses(s) }).(*selectorClasses)
}

type classesKey struct{}

// makeClasses makes the selectors module's classes.
func makeClasses(s *commands.Session) *selectorClasses {
	c := &selectorClasses{}
	c.base = &value.Class{Name: "BaseSelector", Module: "selectors", Base: value.ObjectType,
		New: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return nil, commands.Errorf(value.TypeError, "Can't instantiate abstract class BaseSelector with abstract methods get_map, register, select, unregister")
		}}
	c.base.Methods = selectorMethods()
	for kind, name := range []string{"SelectSelector", "PollSelector", "EpollSelector"} {
		kind := selectorKind(kind)
		cls := &value.Class{Name: name, Module: "selectors", Base: c.base}
		cls.New = func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			v := &selectorObj{s: s, kind: kind, keys: map[int]*selectorKey{}}
			if _, err := value.BindDef(v.qual("__init__"), nil, 1, args, kw); err != nil {
				return nil, err
			}
			v.mapping = &selectorMapping{sel: v}
			if kind == epollKind {
				ep, err := netinfo.NewEpoll(s.Tracer())
				if err != nil {
					return nil, err
				}
				v.ep = ep
				s.AddResource(v)
			}
			return v, nil
		}
		c.kinds[kind] = cls
	}
	c.kinds[epollKind].Methods = epollMethods()
	c.key = &value.Class{Name: "SelectorKey", Module: "selectors", Base: value.TupleType, Attrs: map[string]value.Value{},
		New: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("SelectorKey.__new__", []value.DefParam{{Name: "fileobj"}, {Name: "fd"}, {Name: "events"}, {Name: "data"}}, 1, args, kw)
			if err != nil {
				return nil, err
			}
			return &selectorKey{cls: c.key, fileobj: a[0], fd: a[1], events: a[2], data: a[3]}, nil
		}}
	c.key.Methods = map[string]value.Method{}
	// A tuple's methods (count, index), on the key's items.
	for name, m := range value.TupleType.Methods {
		c.key.Methods[name] = func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
			return m(ctx, recv.(*selectorKey).tuple(), args, kw)
		}
	}
	c.key.Methods["_replace"] = func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
		k := *recv.(*selectorKey)
		if len(args) > 0 {
			return nil, commands.Errorf(value.TypeError, "SelectorKey._replace() takes 1 positional argument but %d were given", len(args)+1)
		}
		var bad []string
		for _, a := range kw {
			switch a.Name {
			case "fileobj":
				k.fileobj = a.V
			case "fd":
				k.fd = a.V
			case "events":
				k.events = a.V
			case "data":
				k.data = a.V
			default:
				bad = append(bad, "'"+a.Name+"'")
			}
		}
		if len(bad) > 0 {
			return nil, commands.Errorf(value.ValueError, "Got unexpected field names: [%s]", strings.Join(bad, ", "))
		}
		return &k, nil
	}
	c.mapping = &value.Class{Name: "_SelectorMapping", Module: "selectors", Base: value.ObjectType,
		Methods: map[string]value.Method{
			"keys": func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
				return value.NewList(recv.(*selectorMapping).list(keyFD)), nil
			},
			"values": func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
				return value.NewList(recv.(*selectorMapping).list(keyItself)), nil
			},
			"items": func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
				return value.NewList(recv.(*selectorMapping).list(keyItem)), nil
			},
			"get": func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
				a, err := value.BindDef("Mapping.get", []value.DefParam{{Name: "key"}, {Name: "default", HasDefault: true}}, 1, args, kw)
				if err != nil {
					return nil, err
				}
				k, err := recv.(*selectorMapping).GetItem(a[0])
				if e, ok := err.(*value.Exception); ok && e.Class == value.KeyError {
					if a[1] == nil {
						return value.None, nil
					}
					return a[1], nil
				}
				return k, err
			},
		}}
	return c
}

// selectorMethods are BaseSelector's methods, as each kind of selector
// has them.
func selectorMethods() map[string]value.Method {
	type method func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error)
	def := func(name string, params []value.DefParam, f method) value.Method {
		return func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
			v, ok := recv.(*selectorObj)
			if !ok {
				return nil, commands.Errorf(value.TypeError, "descriptor '%s' for 'BaseSelector' objects doesn't apply to a '%s' object", name, value.TypeName(recv))
			}
			a, err := value.BindDef(v.qual(name), params, 1, args, kw)
			if err != nil {
				return nil, err
			}
			for i := range a {
				if a[i] == nil {
					a[i] = value.None
				}
			}
			return f(ctx, v, a)
		}
	}
	three := []value.DefParam{{Name: "fileobj"}, {Name: "events"}, {Name: "data", HasDefault: true}}
	one := []value.DefParam{{Name: "fileobj"}}
	return map[string]value.Method{
		"register": def("register", three, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v.register(a[0], a[1], a[2])
		}),
		"unregister": def("unregister", one, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v.unregister(a[0])
		}),
		"modify": def("modify", three, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v.modify(a[0], a[1], a[2])
		}),
		"select": def("select", []value.DefParam{{Name: "timeout", HasDefault: true}}, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v.sel(ctx, a[0])
		}),
		"get_key": def("get_key", one, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v.getKey(a[0])
		}),
		"get_map": def("get_map", nil, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			if v.mapping == nil {
				return value.None, nil
			}
			return v.mapping, nil
		}),
		"close": def("close", nil, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			v.close()
			return value.None, nil
		}),
		"__enter__": def("__enter__", nil, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			return v, nil
		}),
		"__exit__": def("__exit__", []value.DefParam{{Name: "args", Star: 1}}, func(ctx context.Context, v *selectorObj, a []value.Value) (value.Value, error) {
			v.close()
			return value.None, nil
		}),
	}
}

// epollMethods is what EpollSelector adds: fileno().
func epollMethods() map[string]value.Method {
	return map[string]value.Method{
		"fileno": func(ctx context.Context, recv value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
			v := recv.(*selectorObj)
			if _, err := value.BindDef(v.qual("fileno"), nil, 1, args, kw); err != nil {
				return nil, err
			}
			if v.ep.Closed() {
				return nil, closedEpoll()
			}
			return value.Int(v.ep.FD()), nil
		},
	}
}

// selectorsModule is Python's selectors module.
func selectorsModule(s *commands.Session) *value.Module {
	c := classesOf(s)
	m := &value.Module{Name: "selectors", Names: map[string]value.Value{
		"EVENT_READ":      value.Int(eventRead),
		"EVENT_WRITE":     value.Int(eventWrite),
		"BaseSelector":    c.base,
		"SelectSelector":  c.kinds[selectKind],
		"PollSelector":    c.kinds[pollKind],
		"EpollSelector":   c.kinds[epollKind],
		"DefaultSelector": c.kinds[epollKind],
		"SelectorKey":     c.key,
	}}
	return m
}
