// Package commands is the shell's core: the session (its variables, its
// sockets and its output), the command table (one entry per command, with
// its usage, help, Python signature and handler side by side), argument
// conversion for both syntaxes in one place (call.go), the socket module
// the Python form imports, and the values that wrap real sockets.
//
// A line's life: package repl reads it; Session.Parse reads it into
// statements (package syntax); Session.Exec runs each one (package
// interp); a shell command, or a Python call of a socket function or
// method, lands in one Call (call.go), which converts its arguments by the
// command's Params and runs its handler; the handler calls netinfo; the
// result comes back as a value (package value) and Display prints it.
//
// What the shell can do lives in command packages beside this one, each a
// section of the lecture or a tool of its own, which register their
// commands, modules and explain stories into this package's table from
// their init (Register, RegisterModule), keep their per-session state in
// Session.State, and reach sockets through Call.Sock and the Socket
// value. main.go imports them all:
//
//   - sockcmd: the socket calls (socket, bind, listen, connect, accept,
//     send and recv, options, close, the sockets table);
//   - lookupcmd: services, host names, constants, getaddrinfo;
//   - peercmd: the local servers, proxy and clients;
//   - linecmd: recvline and the other line and byte helpers, interact;
//   - selectmod: the select and selectors modules;
//   - tlscmd: the ssl module and the tls commands;
//   - diagramcmd: the ladder diagram of the conversation;
//   - explaincmd: explain, errors in plain words.
//
// The split keeps this package to the machinery every command shares, so
// that a command's whole life is its table entry and handler in its own
// package plus call.go here; the session's own commands (help, exit,
// trace, view, hexdump, step, lesson, record) stay, since they are the
// shell's rather than the lecture's. Package shelltest runs lines in a
// real session for the command packages' tests.
package commands
