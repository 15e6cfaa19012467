// Package tlscmd is TLS in the shell: Python's ssl module (contexts,
// wrap_socket, SSLSocket with Python's reprs and errors, certificates
// verified in OpenSSL's order and words), the tls, tlsinfo and cafile
// commands, and explain's stories of the ways a certificate is refused.
// A TLS socket is a session socket with a layer on it (commands.Layer):
// crypto/tls runs over the socket's own recv and send, so the trace shows
// the records and Ctrl-C and timeouts end its waits as any other's. Its
// init adds the commands, the module and the stories to the shell.
package tlscmd

import (
	"io"

	"sockshell/commands"
	"sockshell/commands/explaincmd"
)

func init() {
	commands.Register(tlsCommands...)
	commands.RegisterModule("ssl", sslModule)
	explaincmd.RegisterExplainer(stories{})
}

// stories are the TLS failures explain knows (explaincmd.Explainer).
type stories struct{}

func (stories) Explain(w io.Writer, text string) bool { return explainTLS(w, text) }
func (stories) List(w io.Writer, width int)           { listTLSExplained(w, width) }
func (stories) Names() []string                       { return tlsStoryNames() }
