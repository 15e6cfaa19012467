package peercmd

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo/peers"
)

// The TLS peers present certificates signed by a certificate authority
// made for the session, in memory. A client trusts them once it is given
// the CA's certificate, so serve writes it to a file: where the user says
// (ca=FILE), or else to the session's own file, ca.pem in a directory made
// for the session under $TMPDIR (or /tmp) and removed when the session
// ends. A per-session file, rather than one fixed path, because two
// sessions have two CAs: a shared path would have the second session's
// certificate silently replace the first's while the first still serves.
// The CA's key is never written.

// caFileName is the name of the session's CA file in its directory.
const caFileName = "ca.pem"

// WriteCA writes the certificate of s's CA for a TLS server (serve's
// ca=FILE, cafile) and returns the path to show: name, or for "" the
// session's own file, made on first use and removed when s ends.
func WriteCA(s *commands.Session, name string) (string, error) {
	ps := sessionPeers(s)
	if name == "" {
		if ps.caDefault != "" {
			return ps.caDefault, nil
		}
		dir, err := os.MkdirTemp("", "sockshell-")
		if err != nil {
			return "", err
		}
		path := filepath.Join(dir, caFileName)
		if _, err := ps.group.WriteCA(path); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
		ps.caDefault = path
		s.OnClose(func() { os.RemoveAll(dir) })
		if s.Opts.Interactive {
			// The result is often assigned, and then not shown: say
			// once where the file is, since other terminals need it.
			note := "note: the session's CA certificate is in " + value.Safe(path, "") +
				" until the session ends; clients trust the TLS servers with it (curl --cacert FILE)"
			s.NoteFit("%s", note)
		}
		return path, nil
	}
	a, err := ps.group.Authority()
	if err != nil {
		return "", err
	}
	path := expandHome(name)
	same, err := checkCAFile(path, name, a.CertPEM())
	if err != nil || same {
		return name, err
	}
	if _, err := ps.group.WriteCA(path); err != nil {
		return "", commands.FileError(err, name)
	}
	return name, nil
}

// checkCAFile says whether the CA certificate may be written to path: it
// may when nothing is there, or a CA certificate made by sockshell (an
// earlier session's is of no use once that session has ended); same is
// true when the file holds this session's already. Anything else is left
// alone: a symbolic link, a directory, a file of the user's.
func checkCAFile(path, name string, mine []byte) (same bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, commands.FileError(err, name)
	case fi.IsDir():
		return false, commands.FileError(unix.EISDIR, name)
	case fi.Mode()&fs.ModeSymlink != 0:
		return false, commands.Errorf(value.FileExistsError, "serve: ca=%s is a symbolic link; name the file itself, or a new one", value.ForMessage(name))
	}
	const maxCAFile = 64 << 10 // far more than a certificate's PEM
	var data []byte
	if fi.Mode().IsRegular() && fi.Size() <= maxCAFile {
		if data, err = os.ReadFile(path); err != nil {
			return false, commands.FileError(err, name)
		}
	}
	switch {
	case bytes.Equal(data, mine):
		return true, nil
	case peers.IsAuthorityCert(data):
		return false, nil
	}
	e := commands.Errorf(value.FileExistsError, "serve: ca=%s: the file exists and is not a CA certificate from sockshell; name a new file", value.ForMessage(name))
	e.Hint = "serve replaces a CA file it wrote in an earlier session, but nothing else"
	return false, e
}

// expandHome reads a leading ~/ as the home directory, as a shell would:
// ca=~/ca.pem.
func expandHome(name string) string {
	rest, ok := strings.CutPrefix(name, "~/")
	if !ok {
		return name
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return name
	}
	return filepath.Join(home, rest)
}

// Authority is s's own certificate authority, the one the TLS servers'
// certificates come from (made on first use).
func Authority(s *commands.Session) (*peers.Authority, error) {
	return sessionPeers(s).group.Authority()
}
