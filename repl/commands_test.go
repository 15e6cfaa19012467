package repl

// The shell's lookups (getservbyname, getaddrinfo, get_constants, ...) are
// a command package that main imports; the lesson and these tests use
// them, so the tests import it as main does.
import _ "sockshell/commands/lookupcmd"
