package peers

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The CA file must be what the usual clients accept: curl, openssl
// s_client and Python's ssl module, each given only the file the group
// wrote. Each flawed certificate must fail with the client's own words for
// the flaw. A tool that is not installed skips its part.

// tool returns the path of name, or skips the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed: skipping the check with it", name)
	}
	return path
}

// runTool runs argv with stdin, bounded in time, and returns its exit code
// and output.
func runTool(t *testing.T, stdin string, argv ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish in 20s", filepath.Base(argv[0]))
	}
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("running %s: %v", argv[0], err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// flawCase is one certificate and what a client says of it; want is empty
// for the sound certificate.
type flawCase struct {
	flaw CertFlaw
	want *regexp.Regexp
}

// toolServers starts a server of kind for each flaw in cases, in one
// group, and writes the group's CA file.
func toolServers(t *testing.T, kind Kind, cases []flawCase) (ca string, servers map[CertFlaw]*Server) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	g := NewGroup()
	t.Cleanup(g.Close)
	servers = make(map[CertFlaw]*Server)
	for _, c := range cases {
		s, err := g.StartTLS(kind, loopback, Limits{}, c.flaw)
		if err != nil {
			t.Fatal(err)
		}
		servers[c.flaw] = s
	}
	ca, err := g.WriteCA("")
	if err != nil {
		t.Fatal(err)
	}
	return ca, servers
}

func TestTLSWithCurl(t *testing.T) {
	curl := tool(t, "curl")
	cases := []flawCase{
		{Sound, nil},
		{Expired, regexp.MustCompile(`certificate has expired`)},
		{WrongHost, regexp.MustCompile(`no alternative certificate subject name matches target host name 'localhost'`)},
		{UnknownCA, regexp.MustCompile(`unable to get local issuer certificate`)},
		{SelfSigned, regexp.MustCompile(`self[- ]signed certificate`)},
	}
	ca, servers := toolServers(t, HTTPS, cases)
	for _, c := range cases {
		t.Run(c.flaw.String(), func(t *testing.T) {
			port := servers[c.flaw].Addr().Port()
			hosts := []string{"localhost", "127.0.0.1"}
			if c.flaw != Sound {
				hosts = hosts[:1]
			}
			for _, host := range hosts {
				url := fmt.Sprintf("https://%s:%d/", host, port)
				code, out, errOut := runTool(t, "", curl, "-sS", "--max-time", "10", "--cacert", ca, url)
				switch {
				case c.want == nil && (code != 0 || out != Page):
					t.Errorf("curl %s: exit %d, %q, stderr %q", url, code, out, errOut)
				case c.want != nil && (code != 60 || !c.want.MatchString(errOut)):
					t.Errorf("curl %s: exit %d, stderr %q; want exit 60 and %q", url, code, errOut, c.want)
				}
			}
		})
	}
}

func TestTLSWithOpenSSL(t *testing.T) {
	openssl := tool(t, "openssl")
	cases := []flawCase{
		{Sound, nil},
		{Expired, regexp.MustCompile(`verify error:num=10:certificate has expired`)},
		{WrongHost, regexp.MustCompile(`verify error:num=62:hostname mismatch`)},
		{UnknownCA, regexp.MustCompile(`verify error:num=20:unable to get local issuer certificate`)},
		{SelfSigned, regexp.MustCompile(`verify error:num=18:self[- ]signed certificate`)},
	}
	ca, servers := toolServers(t, HTTPS, cases)
	for _, c := range cases {
		t.Run(c.flaw.String(), func(t *testing.T) {
			// s_client checks the name only when asked (-verify_hostname),
			// and goes on after a failed check unless -verify_return_error.
			code, out, errOut := runTool(t, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", openssl, "s_client",
				"-connect", servers[c.flaw].Addr().String(), "-servername", "localhost",
				"-verify_hostname", "localhost", "-CAfile", ca, "-verify_return_error", "-quiet")
			switch {
			case c.want == nil && (code != 0 || !strings.HasPrefix(out, "HTTP/1.1 200 OK\r\n") || !strings.HasSuffix(out, Page)):
				t.Errorf("openssl s_client: exit %d, %q, stderr %q", code, out, errOut)
			case c.want != nil && (code == 0 || !c.want.MatchString(errOut) || strings.Contains(out, "HTTP/")):
				t.Errorf("openssl s_client: exit %d, out %q, stderr %q; want a failure and %q", code, out, errOut, c.want)
			}
		})
	}
}

// pythonClient connects, verifies with create_default_context (made
// strict, as Python 3.13 is by default), sends a line over tls-echo and
// prints what comes back; on a verification failure it prints OpenSSL's
// reason and exits 3.
const pythonClient = `
import socket, ssl, sys
ca, host, port, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
ctx.verify_flags |= ssl.VERIFY_X509_STRICT
msg = b"hello from python\n"
try:
    with socket.create_connection((host, port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname=name) as t:
            t.sendall(msg)
            got = b""
            while len(got) < len(msg):
                chunk = t.recv(4096)
                if not chunk:
                    break
                got += chunk
            print(t.version(), got)
except ssl.SSLCertVerificationError as e:
    print(e.verify_message)
    sys.exit(3)
`

func TestTLSWithPython(t *testing.T) {
	python := tool(t, "python3")
	cases := []flawCase{
		{Sound, nil},
		{Expired, regexp.MustCompile(`^certificate has expired$`)},
		{WrongHost, regexp.MustCompile(`^Hostname mismatch, certificate is not valid for 'localhost'\.$`)},
		{UnknownCA, regexp.MustCompile(`^unable to get local issuer certificate$`)},
		{SelfSigned, regexp.MustCompile(`^self[- ]signed certificate$`)},
	}
	ca, servers := toolServers(t, TLSEcho, cases)
	script := filepath.Join(t.TempDir(), "client.py")
	if err := os.WriteFile(script, []byte(pythonClient), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.flaw.String(), func(t *testing.T) {
			names := []string{"localhost", "127.0.0.1"}
			if c.flaw != Sound {
				names = names[:1]
			}
			for _, name := range names {
				port := fmt.Sprint(servers[c.flaw].Addr().Port())
				code, out, errOut := runTool(t, "", python, script, ca, "127.0.0.1", port, name)
				out = strings.TrimSpace(out)
				switch {
				case c.want == nil && (code != 0 || out != `TLSv1.3 b'hello from python\n'`):
					t.Errorf("python as %s: exit %d, %q, stderr %q", name, code, out, errOut)
				case c.want != nil && (code != 3 || !c.want.MatchString(out)):
					t.Errorf("python as %s: exit %d, %q, stderr %q; want exit 3 and %q", name, code, out, errOut, c.want)
				}
			}
		})
	}
}
