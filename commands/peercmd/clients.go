package peercmd

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo"
	"sockshell/netinfo/loadgen"
)

// clientsCommands hold the load generator: many clients at once against
// an echo server, for the homework's "many clients" step.
var clientsCommands = []*commands.Command{
	{
		Name:    "clients",
		Section: commands.SecPeers,
		Params: []commands.Param{
			{Name: "N", Kind: commands.KindInt},
			{Name: "HOST", Kind: commands.KindHost},
			{Name: "PORT", Kind: commands.KindInt},
		},
		Options: []commands.Option{
			{Key: "message", Kind: commands.KindData, Meta: "TEXT"},
			{Key: "size", Kind: commands.KindInt, Meta: "BYTES"},
			{Key: "rounds", Kind: commands.KindInt, Meta: "R"},
			{Key: "timeout", Kind: commands.KindNumber, Meta: "S"},
		},
		Summary: "test an echo server with N clients at once",
		Help: `Starts N clients at once against the echo server at HOST PORT (yours, or
serve echo). Each connects, sends its message, reads the whole echo back
and compares it byte for byte, R times over (rounds=R), then closes. The result
is a table: how many connected, were echoed correctly, got wrong bytes,
saw the server close early, were refused, reset or timed out, with the
first failure of each kind, latencies and throughput.

  message=TEXT    what every client sends (str as UTF-8, or bytes);
                  without it each sends SIZE bytes of numbered lines
                  naming the client and the round
  size=BYTES      the generated message's length (default 64)
  rounds=R        messages per client, one after another (default 1)
  timeout=S       limit in seconds on the connect and on each round
                  (default 10)

When a client fails, clients prints the table and fails with
AssertionError (a script ends with status 1), so a script can check
homework; its e.result holds the figures. On a terminal a progress line
runs meanwhile and Ctrl-C stops every client and shows what was done.
docs/clients.md says which server bug causes which failure.

Example:
  sockshell> e = serve echo 0
  sockshell> r = clients 100 127.0.0.1 $e.port size=4096 rounds=3
  sockshell> r.passed, r.rounds
  (100, 300)`,
		Run: runClients,
	},
}

// Bounds of the options, beyond loadgen's own.
const (
	maxRounds         = 1_000_000
	maxClientsTimeout = 24 * 3600 // seconds
)

func runClients(c *commands.Call) (value.Value, error) {
	cfg, err := clientsConfig(c)
	if err != nil {
		return nil, err
	}
	if ip := cfg.Addr.Addr(); !ip.IsLoopback() && !ip.IsUnspecified() {
		c.S.Notef("warning: clients sends load to %s, not a loopback address: test only servers that are yours", addrPortValue(cfg.Addr).Repr())
	}
	ctx := c.Ctx
	// A script never hangs: its statement deadline bounds the run.
	scriptBound := false
	if d := c.S.StatementDeadline(); !d.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
		scriptBound = true
	}
	c.S.Flush()
	var status *statusHandle
	if c.S.Opts.Interactive && isTerminal(os.Stderr) {
		status = startStatus(c.S)
		defer status.stop() // should Run panic
		cfg.Progress = func(p loadgen.Progress) { status.set("clients: " + p.String()) }
	}
	res, err := loadgen.Run(ctx, cfg)
	status.stop()
	if err != nil {
		return nil, commands.Errorf(value.ValueError, "clients: %v", err)
	}
	r := &ClientsResult{res: res, cfg: cfg}
	switch {
	case c.Ctx.Err() != nil:
		c.S.Display(r)
		return nil, netinfo.ErrInterrupted
	case scriptBound && ctx.Err() != nil:
		c.S.Display(r)
		e := commands.Errorf(value.TimeoutError, "clients: the run took longer than the script's timeout of %s", c.S.Opts.Timeout)
		e.Hint = "sockshell --timeout=SECONDS changes the limit (0: none)"
		return nil, e
	case !res.Passed():
		c.S.Display(r)
		e := commands.Errorf(value.AssertionError, "%s", r.failure())
		e.Attrs = map[string]value.Value{"result": r}
		e.Hint = "each row is a kind of failure; docs/clients.md says which bug causes which"
		return nil, e
	}
	return r, nil
}

// clientsConfig reads the command's arguments and options into a run's
// configuration, with the shell's messages for a wrong one.
func clientsConfig(c *commands.Call) (loadgen.Config, error) {
	var cfg loadgen.Config
	n, err := c.Int(0, 0)
	if err != nil {
		return cfg, err
	}
	if n < 1 || n > loadgen.MaxClients {
		return cfg, commands.Errorf(value.ValueError, "clients: N must be 1 to %d, not %d", loadgen.MaxClients, n)
	}
	cfg.Clients = int(n)
	addr, err := clientsAddr(c)
	if err != nil {
		return cfg, err
	}
	cfg.Addr = addr
	if v := c.Opt("message"); v != nil {
		p, ok := value.BytesLike(v)
		if s, isStr := v.(value.Str); isStr {
			p, ok = []byte(s), true
		}
		if !ok || len(p) == 0 {
			return cfg, commands.Errorf(value.ValueError, "clients: message must not be empty")
		}
		if len(p) > loadgen.MaxSize {
			return cfg, commands.Errorf(value.ValueError, "clients: message is %d bytes, more than %d", len(p), loadgen.MaxSize)
		}
		if c.Opt("size") != nil {
			return cfg, commands.Errorf(value.ValueError, "clients: give message= or size=, not both")
		}
		cfg.Message = p
	}
	if v := c.Opt("size"); v != nil {
		size, _ := value.Index(v)
		if size < 1 || size > loadgen.MaxSize {
			return cfg, commands.Errorf(value.ValueError, "clients: size must be 1 to %d bytes, not %d", loadgen.MaxSize, size)
		}
		cfg.Size = int(size)
	}
	if v := c.Opt("rounds"); v != nil {
		rounds, _ := value.Index(v)
		if rounds < 1 || rounds > maxRounds {
			return cfg, commands.Errorf(value.ValueError, "clients: rounds must be 1 to %d, not %d", maxRounds, rounds)
		}
		cfg.Rounds = int(rounds)
	}
	if v := c.Opt("timeout"); v != nil {
		secs, ok := value.FloatOf(v)
		switch {
		case !ok || !(secs > 0):
			return cfg, commands.Errorf(value.ValueError, "clients: timeout must be more than 0 seconds")
		case secs > maxClientsTimeout:
			return cfg, commands.Errorf(value.ValueError, "clients: timeout must be at most %d seconds", maxClientsTimeout)
		}
		cfg.Timeout = time.Duration(secs * float64(time.Second))
	}
	return cfg, nil
}

// clientsAddr resolves HOST and PORT as Python resolves an address's host
// (a numeric address as it is, a name by its first answer).
func clientsAddr(c *commands.Call) (netip.AddrPort, error) {
	var host string
	switch h := c.Arg(1).(type) {
	case value.Str:
		host = string(h)
	case value.Bytes:
		host = string(h)
	default:
		return netip.AddrPort{}, commands.Errorf(value.TypeError, "clients: HOST must be a host name or address, not %s", value.TypeName(h))
	}
	port, err := c.Int(2, 0)
	if err != nil {
		return netip.AddrPort{}, err
	}
	if port < 1 || port > 65535 {
		return netip.AddrPort{}, commands.Errorf(value.OverflowError, "clients: port must be 1-65535.")
	}
	if host == "" {
		return netip.AddrPort{}, commands.Errorf(value.ValueError, "clients: HOST is empty; 127.0.0.1 is this machine")
	}
	a, err := netinfo.IPAddr(unix.AF_UNSPEC, host, int(port))
	if err != nil {
		return netip.AddrPort{}, err
	}
	ip := a.IP.Unmap()
	if a.ScopeID != 0 {
		ip = ip.WithZone(strconv.FormatUint(uint64(a.ScopeID), 10))
	}
	return netip.AddrPortFrom(ip, uint16(port)), nil
}

// ClientsResult is what a clients run measured, as a shell value: its repr
// is the table, and its attributes the figures a script checks
// (r.passed, r.failed, r.timed_out, ...).
type ClientsResult struct {
	res loadgen.Result
	cfg loadgen.Config
}

var clientsResultClass = &value.Class{Name: "ClientsResult", Module: "sockshell", Base: value.ObjectType}

// Type is the class of clients results.
func (r *ClientsResult) Type() *value.Class { return clientsResultClass }

// outcomeAttrs name each outcome's count as an attribute.
var outcomeAttrs = map[string]loadgen.Outcome{
	"wrong_bytes":  loadgen.WrongBytes,
	"closed_early": loadgen.ClosedEarly,
	"refused":      loadgen.Refused,
	"reset":        loadgen.Reset,
	"timed_out":    loadgen.TimedOut,
	"other_errors": loadgen.OtherError,
	"interrupted":  loadgen.Interrupted,
}

// Attr gives the run's figures: counts, latencies in seconds (None when
// nothing was measured), bytes, and the first failure of each kind.
func (r *ClientsResult) Attr(name string) (value.Value, bool) {
	res := &r.res
	if o, ok := outcomeAttrs[name]; ok {
		return value.Int(res.Count(o)), true
	}
	seconds := func(d time.Duration) value.Value {
		if res.RoundTrip.Count == 0 {
			return value.None
		}
		return value.Float(d.Seconds())
	}
	switch name {
	case "clients":
		return value.Int(res.Clients), true
	case "connected":
		return value.Int(res.Connected), true
	case "passed":
		return value.Int(res.Count(loadgen.OK)), true
	case "failed":
		return value.Int(res.Failed()), true
	case "ok":
		return value.BoolOf(res.Passed()), true
	case "rounds":
		return value.Int(res.Rounds), true
	case "p50":
		return seconds(res.RoundTrip.P50), true
	case "p99":
		return seconds(res.RoundTrip.P99), true
	case "sent":
		return value.Int(res.BytesSent), true
	case "received":
		return value.Int(res.BytesReceived), true
	case "throughput":
		return value.Float(res.Throughput()), true
	case "elapsed":
		return value.Float(res.Elapsed.Seconds()), true
	case "failures":
		d := value.NewDict()
		for _, o := range loadgen.Outcomes() {
			if s := res.Sample(o); s != nil {
				d.Set(value.Str(o.String()), value.Str(s.Error()))
			}
		}
		return d, true
	}
	return nil, false
}

// AttrNames lists the result's attributes.
func (r *ClientsResult) AttrNames() []string {
	return []string{"clients", "closed_early", "connected", "elapsed", "failed", "failures",
		"interrupted", "ok", "other_errors", "p50", "p99", "passed", "received", "refused",
		"reset", "rounds", "sent", "throughput", "timed_out", "wrong_bytes"}
}

// Repr is the result's table, as a DataFrame's repr is its table: the
// server, the run, one row per outcome with its first failure, the
// latencies and throughput, and the verdict. Every line fits 80 columns.
func (r *ClientsResult) Repr() string { return r.ReprWidth(80) }

// ReprWidth is the table laid out for a terminal width columns wide.
func (r *ClientsResult) ReprWidth(width int) string {
	rows := []loadgen.Row{{Label: "server", Value: addrPortValue(r.cfg.Addr).Repr()}}
	for _, row := range r.res.Table() {
		if row.Label == "clients" {
			row.Value += " at once, " + r.runText()
		}
		rows = append(rows, row)
	}
	rows = append(rows, loadgen.Row{Label: "result", Value: r.verdict()})
	return layoutRows(rows, width)
}

// runText describes each client's conversation: "1 round of 64 bytes,
// timeout 10s".
func (r *ClientsResult) runText() string {
	size := len(r.cfg.Message)
	if size == 0 {
		size = r.cfg.Size
	}
	if size == 0 {
		size = loadgen.DefaultSize
	}
	rounds := max(r.cfg.Rounds, 1)
	timeout := r.cfg.Timeout
	if timeout == 0 {
		timeout = loadgen.DefaultTimeout
	}
	return fmt.Sprintf("%d round%s of %d byte%s each, timeout %v",
		rounds, value.Plural(rounds), size, value.Plural(size), timeout)
}

// verdict is the table's last line: PASSED or FAILED in words, so that
// it does not rest on colour.
func (r *ClientsResult) verdict() string {
	res := &r.res
	switch {
	case res.Passed():
		if res.Clients == 1 {
			return "PASSED: the client was echoed correctly"
		}
		return fmt.Sprintf("PASSED: all %d clients were echoed correctly", res.Clients)
	case res.Count(loadgen.Interrupted) > 0:
		return fmt.Sprintf("INTERRUPTED: %d of %d clients had not finished", res.Count(loadgen.Interrupted), res.Clients)
	}
	return fmt.Sprintf("FAILED: %d of %d clients", res.Failed(), res.Clients)
}

// failure is the message of a failed run's error: how many failed and,
// when it fits, how ("clients: 3 of 100 clients failed: 2 timed out, 1
// reset").
func (r *ClientsResult) failure() string {
	res := &r.res
	msg := fmt.Sprintf("clients: %d of %d clients failed", res.Failed(), res.Clients)
	var kinds []string
	for _, o := range loadgen.Outcomes()[1:] {
		if n := res.Count(o); n > 0 {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, o))
		}
	}
	// A script's error line starts with its place and the class
	// (check.ss:12: AssertionError: ), so the message keeps to about 50
	// columns and the table says the rest.
	if detail := ": " + strings.Join(kinds, ", "); len(msg)+len(detail) <= 50 {
		return msg + detail
	}
	return msg + " (see the table)"
}

// layoutRows lays the rows out in columns: the label, the value, and the
// note beside the value, its words wrapped under itself so that no line
// is wider than width.
func layoutRows(rows []loadgen.Row, width int) string {
	// The notes start in one column from table to table: a value beside
	// a note is a count or a throughput ("1.23 MB/s"), so 9 wide at most
	// in practice.
	labelW, valueW := 0, 9
	for _, row := range rows {
		labelW = max(labelW, utf8.RuneCountInString(row.Label))
		if row.Note != "" {
			valueW = max(valueW, utf8.RuneCountInString(row.Value))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		label := value.Safe(row.Label, "")
		b.WriteString(label + strings.Repeat(" ", labelW+2-utf8.RuneCountInString(label)))
		val := value.Safe(row.Value, "")
		if row.Note == "" && labelW+2+utf8.RuneCountInString(val) > width {
			// A long value alone on its row (a note on the run) wraps
			// under itself.
			b.WriteString(strings.Join(layout.CutWords(val, width-labelW-2), "\n"+strings.Repeat(" ", labelW+2)))
		} else {
			b.WriteString(val)
		}
		if row.Note != "" {
			col := labelW + 2 + valueW + 2
			b.WriteString(strings.Repeat(" ", valueW+2-utf8.RuneCountInString(val)))
			for i, line := range layout.CutWords(value.Safe(row.Note, ""), width-col) {
				if i > 0 {
					b.WriteString("\n" + strings.Repeat(" ", col))
				}
				b.WriteString(line)
			}
		}
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}
