// Package peers runs sockshell's local peers: small servers for the
// classic test services (echo, discard, daytime, chargen) and a small
// HTTP/1.1 server, so that the lecture's client steps and its homework have
// something to talk to on a machine with no network; and relays (proxies)
// that put themselves between a client and any server.
//
// Unlike the rest of netinfo, the peers are built on Go's net package: they
// need speed and many concurrent connections, not a visible file descriptor.
// Each accepted connection is served by its own goroutine, so a slow or
// silent client never holds up the others, and every server enforces a
// limit on open connections and on idle time (see Limits).
//
// The TLS peers (tls-echo, https) run on crypto/tls with certificates
// from an Authority, a CA made in memory for the session on first use;
// Group.WriteCA writes its certificate where clients can be told to trust
// it, and CertFlaw picks a deliberately broken certificate for showing how
// verification fails. The chat peer relays lines among its clients, as
// ncat --broker does.
//
// A server can misbehave on purpose (see Options): send its answers in
// pieces, late, cut short by a FIN or an RST, never read, or shut down its
// sending side early, so that a lesson can show what a first client
// program gets wrong. A relay (Group.StartProxy) does the same to whatever
// server it relays to. Over TLS the options shape the plaintext: the
// handshake is left alone, split's pieces are TLS records of their own, and
// a close or half-close sends close_notify before its FIN (see Options).
// The chat broker ignores them.
//
// The counters (Stats) never lag behind what a client can see: once a
// client has received N bytes, Out is at least N. Over TLS they count
// plaintext.
//
// The package never prints. What happens on a connection is reported as
// Events to a function the caller installs with Group.SetLog; the caller
// decides how to show them. One server's events arrive in the order they
// happened (see order.go). Group.SetRecord installs a second function that
// gets the relays' events even while the log is off (for a diagram), and
// Group.Flush waits for the events of what has happened so far.
package peers
