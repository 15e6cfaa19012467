// Package netinfo is sockshell's sockets and lookups layer: a thin wrapper
// over the BSD socket calls of golang.org/x/sys/unix and over the system's
// name and service databases.
//
// It makes real sockets with real file descriptors, so that what the shell
// shows (an fd, an unbound address, a backlog, the kernel's TCP state) is what
// the kernel holds. It never prints and never imports the shell's packages:
// every function returns values and typed errors that carry the errno or the
// resolver's error code, and the shell decides how to show them.
package netinfo
