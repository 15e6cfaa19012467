// Package loadgen is sockshell's load generator: it starts many TCP
// clients at once against an echo server (typically a student's own, from
// the lecture's homework), has each send a message and read the whole echo
// back, and tells, client by client, what went wrong: the bytes that came
// back were wrong, the server closed early, refused or reset the
// connection, or went silent.
//
// A run is described by a Config and made by Run, which returns a Result:
// counters per Outcome, a sample failure for each kind, connect and
// round-trip latencies, bytes and throughput. Result.Table gives the
// figures as labelled rows for the shell to lay out. Like the local peers
// (netinfo/peers), the clients use Go's net package: they need speed and
// many concurrent connections, not a visible file descriptor.
//
// The package never prints. Progress is reported to a function the caller
// installs in the Config.
package loadgen
