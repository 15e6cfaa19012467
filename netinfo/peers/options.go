package peers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Options make a local peer misbehave on purpose, for teaching: each one
// breaks an assumption that a first socket program tends to make (one recv
// gets one message, the peer answers at once, the peer never stops halfway,
// the peer reads what it is sent, the end of the answer is the end of the
// connection). The zero Options is a well-behaved peer.
//
// They apply to the TCP connections a server admits, never to its UDP
// answers, nor to the 503 the HTTP server gives a client turned away at
// the connection limit. Where an option has nothing to act on it is
// accepted and does nothing (see NoEffect): discard sends nothing, so
// split, delay, half_close and a close_after or reset_after of more than 0
// leave it unchanged; daytime never reads, so read=no changes nothing
// there.
//
// An "answer" is one write the service makes: one echo of what a read
// returned, one HTTP response, the daytime line, one chargen chunk (about
// 4.6 KiB); for a relay, what one read from the target returned. A relay
// applies the options to its side toward the client only (see relay.go).
//
// Over TLS (tls-echo, https) the options shape the plaintext, what the
// client's TLS library hands to its recv, and leave the handshake alone:
// it completes first, and the byte counts are of plaintext. Each of
// split's pieces goes out as TLS records of its own (in segments of their
// own), and since a read of crypto/tls or OpenSSL (Python's ssl) returns
// at most one record's data, the pieces stay apart even for a client that
// reads late. (crypto/tls's first records on a connection are about 1 KiB
// and grow, so an answer larger than that may reach the client's recv in
// pieces without split.) close_after and half_close send close_notify
// before their FIN, as a TLS server ends its side properly: the client
// reads a clean end of the stream, early, and no error; TLS can't tell it
// that the answer was cut short. Under TLS 1.2 a client is expected to
// answer close_notify by closing, so half_close's "send still works" is a
// TLS 1.3 lesson. reset_after sends no alert: the client's TLS library
// meets the TCP reset (crypto/tls returns ECONNRESET; Python's ssl, 3.11
// with OpenSSL 3 at least, raises SSLEOFError, as for a FIN without
// close_notify: an end that is not clean). read=no lets the handshake be
// read, then reads nothing. The 503 that HTTPS gives a client turned away
// goes over TLS, unshaped, and then lingers as HTTP's does.
//
// The chat broker ignores the options (NoEffect lists them all): its
// writes are deliveries paced against every other client (ChatGrace), and
// delaying or cutting them would have clients dropped as too slow rather
// than show what the options teach.
//
// One option is for the TLS peers only: cert=FLAW gives the server a
// certificate that is wrong on purpose (see CertFlaw), so that a client
// that verifies fails in the handshake, and one that does not verify goes
// on to meet the other options. A server without TLS refuses it (StartWith
// returns an error), since it has no certificate to spoil.
type Options struct {
	// Split sends each answer in pieces of at most Split bytes, each a
	// write of its own that leaves as a segment of its own (split=N; see
	// conn.pushPiece). 0 sends each answer in one write. Without Delay
	// the pieces leave back to back, so a client that reads late (as in
	// the shell, a command at a time) finds them merged again in its
	// receive buffer; a program that reads as they arrive sees them apart.
	Split int
	// Delay waits this long before each piece (or each answer, without
	// Split) (delay=SECONDS).
	Delay time.Duration
	// End ends the connection from the server's side once EndAfter bytes
	// have been sent on it, in the middle of an answer if need be
	// (close_after=N, reset_after=N). With EndAfter 0 it ends at once,
	// before the service has read or sent anything.
	End      Ending
	EndAfter int64
	// NoRead accepts connections and never reads from them (read=no):
	// the server's receive buffer fills, then the client's send buffer,
	// and then the client's send blocks. The server still notices when
	// the client closes (by poll(2), without reading), and closes after
	// the idle timeout.
	NoRead bool
	// HalfClose shuts down the server's write side after the first answer
	// (half_close): the client's recv returns b'' while the connection
	// stays open the other way; the server reads and drops what the client
	// still sends, until the client closes.
	HalfClose bool
	// Cert is the flaw of a TLS peer's certificate (cert=FLAW); Sound,
	// the zero value, is the session CA's good certificate.
	Cert CertFlaw
}

// Ending is how a server ends a connection by itself (Options.End).
type Ending int

// The endings.
const (
	KeepOpen   Ending = iota // the service decides when to close (the default)
	CloseAfter               // close(2): the client reads what was sent, then EOF (a FIN)
	ResetAfter               // SO_LINGER 0 and close(2): the client gets ECONNRESET (an RST)
)

// The limits on option values.
const (
	MaxSplit = 1 << 30
	MaxDelay = 60 * time.Second
)

// OptionDoc describes one option, for help.
type OptionDoc struct {
	Syntax  string // how it is written: "split=N"
	Teaches string // one line: what it does and what it teaches
}

// OptionDocs lists the options in the order help and String show them.
func OptionDocs() []OptionDoc {
	return []OptionDoc{
		{"split=N", "answers in pieces of N bytes, one write each: one recv may get less than was sent"},
		{"delay=SECONDS", "waits before each piece: recv blocks, and a timeout may fire before all has come"},
		{"close_after=N", "closes (FIN) after N bytes, even mid-message: recv returns b'' early"},
		{"reset_after=N", "resets (RST) after N bytes: recv raises ConnectionResetError, not b''"},
		{"read=no", "never reads: both sides' buffers fill up, then send blocks (or raises BlockingIOError)"},
		{"half_close", "shuts down its sending side after the first answer: recv gets b'', send still works"},
		{"cert=FLAW", "tls-echo and https only: a certificate that is " + flawList() + ": the client's verification fails"},
	}
}

// OptionError is an option word that ParseOptions does not take.
type OptionError struct {
	Word   string // the word as given
	Reason string // what is wrong with it
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("option %s: %s", strconv.Quote(e.Word), e.Reason)
}

// ParseOptions reads option words, such as the ones after the port in
// `serve echo 127.0.0.1 30000 split=1 delay=0.2`. Each option may be given
// once; close_after and reset_after exclude each other.
func ParseOptions(words []string) (Options, error) {
	var o Options
	seen := make(map[string]bool)
	for _, w := range words {
		name, value, hasValue := strings.Cut(w, "=")
		name = strings.ToLower(name)
		bad := func(format string, args ...any) error {
			return &OptionError{Word: w, Reason: fmt.Sprintf(format, args...)}
		}
		switch {
		case !isOptionName(name):
			return Options{}, bad("no such option (the options are %s)", optionList())
		case seen[name]:
			return Options{}, bad("given twice")
		case name == "half_close" && hasValue:
			return Options{}, bad("half_close takes no value")
		case name != "half_close" && !hasValue:
			return Options{}, bad("needs a value: %s", optionSyntax(name))
		}
		seen[name] = true
		switch name {
		case "split":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > MaxSplit {
				return Options{}, bad("split must be a whole number of bytes from 1 to %d", MaxSplit)
			}
			o.Split = n
		case "delay":
			secs, err := strconv.ParseFloat(value, 64)
			if err != nil || math.IsNaN(secs) || secs < 0 || secs > MaxDelay.Seconds() {
				return Options{}, bad("delay must be a number of seconds from 0 to %g", MaxDelay.Seconds())
			}
			o.Delay = time.Duration(secs * float64(time.Second))
		case "close_after", "reset_after":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return Options{}, bad("%s must be a whole number of bytes, 0 or more", name)
			}
			if o.End != KeepOpen {
				return Options{}, bad("close_after and reset_after can't both be given")
			}
			o.End, o.EndAfter = CloseAfter, n
			if name == "reset_after" {
				o.End = ResetAfter
			}
		case "read":
			switch strings.ToLower(value) {
			case "no":
				o.NoRead = true
			case "yes":
			default:
				return Options{}, bad("read must be no (or yes, the default)")
			}
		case "half_close":
			o.HalfClose = true
		case "cert":
			f, ok := ParseCertFlaw(value)
			if !ok {
				return Options{}, bad("cert must be %s (or sound, the default)", flawList())
			}
			o.Cert = f
		}
	}
	return o, nil
}

// String gives the options back as words, in the order of OptionDocs
// ("split=1 delay=0.2"); "" for none.
func (o Options) String() string {
	return strings.Join(o.words(), " ")
}

// words is the options as the words that ParseOptions reads.
func (o Options) words() []string {
	var w []string
	if o.Split > 0 {
		w = append(w, "split="+strconv.Itoa(o.Split))
	}
	if o.Delay > 0 {
		w = append(w, "delay="+strconv.FormatFloat(o.Delay.Seconds(), 'f', -1, 64))
	}
	switch o.End {
	case CloseAfter:
		w = append(w, "close_after="+strconv.FormatInt(o.EndAfter, 10))
	case ResetAfter:
		w = append(w, "reset_after="+strconv.FormatInt(o.EndAfter, 10))
	}
	if o.NoRead {
		w = append(w, "read=no")
	}
	if o.HalfClose {
		w = append(w, "half_close")
	}
	if o.Cert != Sound {
		w = append(w, "cert="+o.Cert.String())
	}
	return w
}

// NoEffect lists (as their words) the options that change nothing on a
// server of kind, so that a caller can say so. cert is never listed: a
// server without TLS refuses it instead.
func (o Options) NoEffect(kind Kind) []string {
	var none []string
	for _, w := range o.words() {
		name, _, _ := strings.Cut(w, "=")
		switch {
		case name == "cert":
		case kind == Chat,
			kind == Discard && (name == "split" || name == "delay" || name == "half_close"),
			kind == Discard && (name == "close_after" || name == "reset_after") && o.EndAfter > 0,
			kind == Daytime && name == "read":
			none = append(none, w)
		}
	}
	return none
}

// shapesWrites reports whether the options change how answers are written.
func (o Options) shapesWrites() bool {
	return o.Split > 0 || o.Delay > 0 || o.End != KeepOpen || o.HalfClose
}

func isOptionName(name string) bool { return optionSyntax(name) != "" }

// optionSyntax is how the option called name is written ("" if there is
// no such option).
func optionSyntax(name string) string {
	for _, d := range OptionDocs() {
		if n, _, _ := strings.Cut(d.Syntax, "="); n == name {
			return d.Syntax
		}
	}
	return ""
}

// flawList is the names of the certificate flaws, for help and errors:
// "expired, wrong-host, unknown-ca or self-signed".
func flawList() string {
	var names []string
	for _, f := range CertFlaws()[1:] { // Sound is the default, not a flaw
		names = append(names, f.String())
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// optionList is the options' syntax, for an error message.
func optionList() string {
	var s []string
	for _, d := range OptionDocs() {
		s = append(s, d.Syntax)
	}
	return strings.Join(s, ", ")
}
