package loadgen

import (
	"fmt"
	"net/netip"
	"time"
)

// Config describes a run. The zero value of every field but Addr and
// Clients means the default.
type Config struct {
	// Addr is the echo server's address. The caller resolves host names
	// (the shell does it with its getaddrinfo).
	Addr netip.AddrPort

	// Local, when valid, is the source address the clients bind to
	// (port chosen by the kernel). It must be of Addr's family.
	Local netip.Addr

	// Clients is how many clients run at once, each on its own
	// connection, all started together (1 to MaxClients).
	Clients int

	// Message is what every client sends each round. When it is empty,
	// each client sends a generated message of Size bytes instead (see
	// Pattern); setting both is an error.
	Message []byte

	// Size is the length of the generated message: DefaultSize when 0,
	// at most MaxSize.
	Size int

	// Rounds is how many times each client sends the message and reads
	// its echo, one after the other on the same connection: 1 when 0.
	Rounds int

	// Timeout bounds each step of a client: the connect, then each round
	// (sending the message and reading the whole echo back). A client
	// whose step takes longer is counted TimedOut. DefaultTimeout when 0.
	Timeout time.Duration

	// Progress, when set, is called while the run goes on, at most every
	// ProgressInterval, from one goroutine at a time, and never after Run
	// has returned. It must not block for long.
	Progress func(Progress)
}

// Defaults and bounds of a Config.
const (
	DefaultSize      = 64
	DefaultTimeout   = 10 * time.Second
	MaxClients       = 100_000
	MaxSize          = 64 << 20 // one shared buffer, but it is sent by every client
	ProgressInterval = 100 * time.Millisecond
)

// ConfigError is a Config that Run refuses: Field names the field and Msg
// says why.
type ConfigError struct {
	Field string
	Msg   string
}

func (e *ConfigError) Error() string { return "loadgen: " + e.Field + ": " + e.Msg }

// withDefaults checks c and fills in the defaults.
func (c Config) withDefaults() (Config, error) {
	bad := func(field, format string, args ...any) (Config, error) {
		return c, &ConfigError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case !c.Addr.IsValid() || c.Addr.Port() == 0:
		return bad("Addr", "an address and a port are needed, got %v", c.Addr)
	case c.Local.IsValid() && c.Local.Unmap().Is4() != c.Addr.Addr().Unmap().Is4():
		return bad("Local", "%v is not of the same family as %v", c.Local, c.Addr.Addr())
	case c.Clients < 1 || c.Clients > MaxClients:
		return bad("Clients", "%d is not between 1 and %d", c.Clients, MaxClients)
	case len(c.Message) > 0 && c.Size != 0:
		return bad("Size", "a message and a size were both given")
	case c.Size < 0 || c.Size > MaxSize:
		return bad("Size", "%d is not between 1 and %d", c.Size, MaxSize)
	case len(c.Message) > MaxSize:
		return bad("Message", "%d bytes is more than %d", len(c.Message), MaxSize)
	case c.Rounds < 0:
		return bad("Rounds", "%d is negative", c.Rounds)
	case c.Timeout < 0:
		return bad("Timeout", "%v is negative", c.Timeout)
	}
	if len(c.Message) == 0 && c.Size == 0 {
		c.Size = DefaultSize
	}
	if c.Rounds == 0 {
		c.Rounds = 1
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	return c, nil
}

// Progress is a snapshot of a run under way.
type Progress struct {
	Clients   int           // clients in the run
	Connected int           // clients whose connect succeeded so far
	Open      int           // connections open now
	Done      int           // clients finished, whatever their outcome
	OK        int           // clients finished with every round echoed correctly
	Rounds    int64         // rounds echoed correctly so far, all clients together
	Elapsed   time.Duration // since the run started
}

// Failed is the number of clients finished with an outcome other than OK.
func (p Progress) Failed() int { return p.Done - p.OK }

// String is the progress as one line of plain text, for a terminal's
// status line: "412/1000 done, 400 ok, 12 failed, 588 open, 1.23s".
func (p Progress) String() string {
	return fmt.Sprintf("%d/%d done, %d ok, %d failed, %d open, %s",
		p.Done, p.Clients, p.OK, p.Failed(), p.Open, durationText(p.Elapsed))
}
