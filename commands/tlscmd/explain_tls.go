package tlscmd

import (
	"fmt"
	"io"
	"regexp"
	"sockshell/internal/layout"
	"strings"
	"sync"
)

// explain's TLS entries: each way a handshake is refused, by the names a
// student meets it under (the flaw a local peer can be given, OpenSSL's
// reason, the words of the error, the exception), kept apart from the
// errno stories of package explaincmd, which consults this table first.

// tlsStory explains one TLS failure.
type tlsStory struct {
	// Keys are what explain accepts for it, compared without case: a
	// short name, OpenSSL's reason or verify message, an exception name.
	Keys []string
	// Code is OpenSSL's verify code, for a certificate refused (0 for
	// another failure).
	Code    int
	Title   string // the failure in one line
	Python  string // the exception Python (and sockshell) raises for it
	Hint    string // one line: the error's hint on a terminal
	Meaning string
	Causes  []string
	Try     []string
}

// tlsStories are the TLS failures explain knows.
var tlsStories = []tlsStory{
	{
		Keys:    []string{"expired", "certificate has expired", "certificate is not yet valid", "not-yet-valid"},
		Code:    vExpired,
		Title:   "certificate has expired (verify code 10)",
		Python:  "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)",
		Hint:    "the server's certificate is past its end date (tlsinfo shows its dates)",
		Meaning: "Every certificate is valid between two dates, written in it and signed. The server presented one whose end date has passed, so the client refuses it even though the rest checks out.",
		Causes: []string{
			"the server's certificate was not renewed in time (common with short-lived certificates)",
			"this machine's clock is wrong (a date far in the future makes every certificate look expired)",
			"a local peer started with a deliberately expired certificate, to show this error",
		},
		Try: []string{
			"`tlsinfo S` shows the certificate's validity dates and how long ago it ended",
			"check the clock: `date` in a terminal",
			"for a test only, a context with check_hostname = False and verify_mode = ssl.CERT_NONE skips the check; never for real traffic",
		},
	},
	{
		Keys:    []string{"wrong-host", "hostname mismatch", "ip address mismatch", "wrong host", "hostname"},
		Code:    vHostMismatch,
		Title:   "Hostname mismatch (verify code 62; 64 for an IP address)",
		Python:  "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'NAME'. (_ssl.c:1006)",
		Hint:    "the certificate is for other names than this one (tlsinfo lists them)",
		Meaning: "A certificate lists the names (and addresses) it is for. The client checks that the name it meant to reach (server_hostname, or tls's HOSTNAME) is one of them, so that a valid certificate for another site cannot be used to impersonate this one.",
		Causes: []string{
			"the name given is not the server's: an IP address where the certificate lists only names, or the reverse",
			"a typo in server_hostname",
			"a local peer started with a certificate for wrong-host.invalid, to show this error",
		},
		Try: []string{
			"`tlsinfo S` lists the names the certificate is for; connect by one of them",
			"the local peers' certificates are for localhost, 127.0.0.1 and ::1",
		},
	},
	{
		Keys:    []string{"unknown-ca", "unable to get local issuer certificate", "unknown ca", "issuer"},
		Code:    vNoIssuer,
		Title:   "unable to get local issuer certificate (verify code 20)",
		Python:  "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)",
		Hint:    "issuer not trusted; for local peers: ctx.load_verify_locations(cafile())",
		Meaning: "A certificate is trusted because a certificate authority (CA) the client already trusts signed it (perhaps through intermediates the server sends). The client found no trusted CA that signed this one.",
		Causes: []string{
			"the server's CA is a private one (as the session's own CA for serve https) that this context was not given",
			"ssl.create_default_context() trusts the system's CAs only; the local peers' CA is not one of them",
			"the server does not send its intermediate certificates",
		},
		Try: []string{
			"`ca = cafile` writes the session's CA; then ssl.create_default_context(cafile=ca)",
			"the shell's `tls S HOSTNAME` trusts the session's CA already",
			"`tlsinfo S` shows who issued the certificate",
		},
	},
	{
		Keys:    []string{"self-signed", "self-signed certificate", "self signed", "self-signed certificate in certificate chain"},
		Code:    vSelfSigned,
		Title:   "self-signed certificate (verify code 18; 19 in a chain)",
		Python:  "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)",
		Hint:    "the certificate signed itself; only loading that very file trusts it",
		Meaning: "The certificate was signed by its own key rather than by a CA. It proves nothing about who holds it unless the client was given that exact certificate to trust.",
		Causes: []string{
			"a test or development server made its own certificate (openssl req -x509)",
			"a local peer started with a self-signed certificate, to show this error",
		},
		Try: []string{
			"trust that certificate itself: ctx.load_verify_locations('server.crt')",
			"better, have it signed by a CA you trust (as the session's own CA signs the local peers')",
		},
	},
	{
		Keys:    []string{"not-tls", "wrong version number", "http request"},
		Title:   "wrong version number: the peer does not speak TLS",
		Python:  "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)",
		Hint:    "the peer does not speak TLS (a plain server, as serve echo or serve http?)",
		Meaning: "TLS begins with a handshake whose records have a fixed shape. What came back was not a TLS record at all, so the other side speaks something else (a server that receives plain HTTP instead reports HTTP_REQUEST).",
		Causes: []string{
			"connecting TLS to a plain server: serve http or serve echo instead of serve https or serve tls-echo",
			"the port of the plain service (80) rather than the TLS one (443)",
		},
		Try: []string{
			"`servers` lists the local peers and which speak TLS",
			"for a plain server, leave TLS out: send and recv on the socket as it is",
		},
	},
	{
		Keys:    []string{"eof", "eof occurred in violation of protocol", "unexpected eof while reading", "SSLEOFError"},
		Title:   "EOF occurred in violation of protocol",
		Python:  "ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)",
		Hint:    "the peer closed mid-handshake: it refused this client, or is not TLS",
		Meaning: "The connection ended where TLS expected more: during the handshake, or without the close_notify message that ends a TLS stream in order.",
		Causes: []string{
			"the server refused the handshake and closed (it did not like the client's versions or certificate)",
			"a plain server that closes when it reads something it does not understand",
			"a send after the peer has closed its side",
		},
		Try: []string{
			"check the server's log (`log on` for the local peers)",
			"`explain not-tls` for a peer that does not speak TLS",
		},
	},
	{
		Keys:    []string{"peer-refused", "tlsv1 alert unknown ca", "sslv3 alert bad certificate", "sslv3 alert certificate expired", "alert unknown ca"},
		Title:   "the peer refused this side's certificate (an alert)",
		Python:  "ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)",
		Hint:    "the peer refused this side's certificate (does it trust its issuer?)",
		Meaning: "The other side checked the certificate this side sent, refused it, and said so with a TLS alert before closing. A server sees this when a client does not trust its certificate; a client, when the server wants a client certificate it trusts.",
		Causes: []string{
			"a Python ssl server whose client was not given the CA (the client reports unable to get local issuer certificate)",
			"a client certificate from a CA the server does not trust",
		},
		Try: []string{
			"give the client the CA that signed the server's certificate (cafile=...)",
		},
	},
	{
		Keys:    []string{"no-certificate", "no shared cipher", "sslv3 alert handshake failure", "handshake failure"},
		Title:   "no shared cipher: the server has no certificate",
		Python:  "ssl.SSLError: [SSL: NO_SHARED_CIPHER] no shared cipher (_ssl.c:1006)",
		Hint:    "a server needs its certificate: ctx.load_cert_chain(CERTFILE, KEYFILE)",
		Meaning: "The server could pick no cipher suite it can use with the client, most often because it has no certificate to sign the handshake with. Its client sees a handshake failure alert.",
		Causes: []string{
			"an SSLContext(ssl.PROTOCOL_TLS_SERVER) without load_cert_chain",
			"minimum_version and maximum_version that leave no version in common",
		},
		Try: []string{
			"ctx.load_cert_chain('server.crt', 'server.key') before wrap_socket",
		},
	},
}

// Exception names explain takes for the TLS failures: SSLCertVerificationError
// covers the four certificate stories.
var tlsExceptionStories = map[string][]int{
	"sslcertverificationerror":     {0, 1, 2, 3},
	"ssl.sslcertverificationerror": {0, 1, 2, 3},
	"certificate verify failed":    {0, 1, 2, 3},
}

// tlsHint is the hint of the story whose short name is key.
func tlsHint(key string) string {
	for _, st := range tlsStories {
		if st.Keys[0] == key {
			return st.Hint
		}
	}
	return ""
}

// verifyHint is the hint of a certificate refused with OpenSSL's code.
func verifyHint(code int) string {
	if st := storyOfCode(code); st != nil {
		return st.Hint
	}
	return ""
}

// explainKey is the word explain takes for a verify code ("" for none).
func explainKey(code int) string {
	if st := storyOfCode(code); st != nil {
		return st.Keys[0]
	}
	return ""
}

func storyOfCode(code int) *tlsStory {
	switch code {
	case vNotYetValid:
		code = vExpired
	case vIPMismatch:
		code = vHostMismatch
	case vSelfInChain:
		code = vSelfSigned
	}
	for i := range tlsStories {
		if tlsStories[i].Code == code && code != 0 {
			return &tlsStories[i]
		}
	}
	return nil
}

// In a pasted ssl error, the part that names it: the verify message after
// "certificate verify failed: ", else the reason in brackets
// ([SSL: WRONG_VERSION_NUMBER]).
var (
	verifyInMessage = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`certificate verify failed: ([^(,.]+)`) })
	reasonInMessage = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[SSL: ([A-Z0-9_]+)\]`) })
)

// explainTLS writes the TLS story text names, if it names one, and
// reports whether it did.
func explainTLS(w io.Writer, text string) bool {
	key := normKey(text)
	if m := verifyInMessage().FindStringSubmatch(text); m != nil {
		key = normKey(m[1])
	} else if m := reasonInMessage().FindStringSubmatch(text); m != nil {
		key = normKey(m[1])
	}
	if idx, ok := tlsExceptionStories[key]; ok {
		for n, i := range idx {
			if n > 0 {
				io.WriteString(w, "\n")
			}
			writeTLSStory(w, &tlsStories[i])
		}
		return true
	}
	for i := range tlsStories {
		for _, k := range tlsStories[i].Keys {
			if key == normKey(k) {
				writeTLSStory(w, &tlsStories[i])
				return true
			}
		}
	}
	return false
}

// normKey is a name as explain compares it: lower case, with hyphens,
// underscores and runs of spaces all one space.
func normKey(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// writeTLSStory writes a story in explain's form, each line within 80
// columns.
func writeTLSStory(w io.Writer, st *tlsStory) {
	para := func(first, rest, text string) {
		lead := first
		for _, line := range layout.FoldWords(text, infoWidth-len(first)) {
			fmt.Fprintf(w, "%s%s\n", lead, line)
			lead = rest
		}
	}
	para("TLS: ", "     ", st.Title)
	para("Python raises: ", "  ", st.Python)
	para("In short: ", "  ", st.Hint)
	fmt.Fprintln(w)
	para("What it means: ", "  ", st.Meaning)
	for _, list := range []struct {
		title string
		items []string
	}{{"Usual causes:", st.Causes}, {"What to try:", st.Try}} {
		fmt.Fprintln(w, list.title)
		for _, it := range list.items {
			para("  - ", "    ", it)
		}
	}
}

// listTLSExplained is the line explain's list ends with for TLS.
func listTLSExplained(w io.Writer, width int) {
	var keys []string
	for _, st := range tlsStories {
		keys = append(keys, st.Keys[0])
	}
	fmt.Fprintf(w, "%s\n", layout.Wrap("TLS failures: explain "+strings.Join(keys, ", ")+".", layout.ProseWidthFor(width), "  "))
}

// tlsStoryNames are the short names, for explain's suggestions, in upper
// case as explain compares an unknown name (explain takes any case).
func tlsStoryNames() []string {
	var names []string
	for _, st := range tlsStories {
		names = append(names, strings.ToUpper(st.Keys[0]))
	}
	return names
}
