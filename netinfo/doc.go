// Package netinfo is sockshell's sockets and lookups layer: a thin wrapper
// over the BSD socket calls of golang.org/x/sys/unix and over the system's
// name and service databases.
//
// It makes real sockets with real file descriptors, so that what the shell
// shows (an fd, an unbound address, a backlog, the kernel's TCP state) is what
// the kernel holds. It never prints and never imports the shell's packages:
// every function returns values and typed errors that carry the errno or the
// resolver's error code, and the shell decides how to show them.
//
// Besides the calls Python's socket module makes, a Socket has receives
// of many recv calls, bounded in time and size, that keep every byte they
// got when they end early (RecvAll; RecvUntil, RecvLine and RecvN, which
// read ahead into the socket's own buffer, see Buffered), a net.Conn over
// its own recv and send for crypto/tls (NetConn), and a bounded history of
// its conversation for a ladder diagram (History), with the TCP states the
// kernel reported when asked (NoteStates). Poll waits on many sockets at
// once, as select and selectors do. The kernel's table of TCP connections,
// those a closed socket leaves behind (TIME_WAIT) included, is read
// through sock_diag (Lingering, TCPConnsOnPort), as ss does.
package netinfo
