package tlscmd

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"sockshell/commands"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// How crypto/tls's errors become the ssl module's exceptions, worded as
// Python 3.11 with OpenSSL 3 words them: `[LIBRARY: REASON] text
// (_ssl.c:LINE)`. The line numbers are those of the python3 the
// transcripts were made with (3.11.7): they name the place in CPython's
// _ssl.c that raised the error, and another Python names others.

// The lines of _ssl.c that Python 3.11.7's errors name.
const (
	sslcHandshake = 1006 // do_handshake
	sslcWrite     = 2427 // write
	sslcRead      = 2580 // read (SSLWantReadError)
	sslcReadEOF   = 2706 // read, an EOF that breaks the protocol
	sslcTimeout   = 989  // the handshake's timeout
)

// sslError is an ssl exception as _ssl makes it: args (code, message),
// with the library and reason as attributes.
func sslError(class *value.Class, code int, library, reason, text string, line int) *value.Exception {
	msg := text
	switch {
	case library != "" && reason != "":
		msg = fmt.Sprintf("[%s: %s] %s", library, reason, text)
	case library != "":
		msg = fmt.Sprintf("[%s] %s", library, text)
	}
	if line > 0 {
		msg += fmt.Sprintf(" (_ssl.c:%d)", line)
	}
	e := value.Raise(class, value.Int(code), value.Str(msg))
	e.Attrs = map[string]value.Value{"library": value.None, "reason": value.None}
	if library != "" {
		e.Attrs["library"] = value.Str(library)
	}
	if reason != "" {
		e.Attrs["reason"] = value.Str(reason)
	}
	return e
}

// The SSL_ERROR codes _ssl puts first in an SSLError's args.
const (
	sslErrorSSL       = 1
	sslErrorWantRead  = 2
	sslErrorWantWrite = 3
	sslErrorZeroRet   = 6
	sslErrorEOF       = 8
)

// verifyError is a certificate that verification refused, with OpenSSL's
// verify code and message (X509_verify_cert_error_string).
type verifyError struct {
	code    int
	message string
}

func (e *verifyError) Error() string { return "certificate verify failed: " + e.message }

// exception is the SSLCertVerificationError Python raises for it.
func (e *verifyError) exception() *value.Exception {
	x := sslError(value.SSLCertVerificationError, sslErrorSSL, "SSL", "CERTIFICATE_VERIFY_FAILED",
		"certificate verify failed: "+e.message, sslcHandshake)
	x.Attrs["verify_code"] = value.Int(e.code)
	x.Attrs["verify_message"] = value.Str(e.message)
	x.Hint = verifyHint(e.code)
	return x
}

// alertReasons are OpenSSL's reasons for the alerts a peer sends, by
// alert number: what the side that receives one reports.
var alertReasons = map[uint8][2]string{
	10:  {"SSLV3_ALERT_UNEXPECTED_MESSAGE", "sslv3 alert unexpected message"},
	20:  {"SSLV3_ALERT_BAD_RECORD_MAC", "sslv3 alert bad record mac"},
	40:  {"SSLV3_ALERT_HANDSHAKE_FAILURE", "sslv3 alert handshake failure"},
	42:  {"SSLV3_ALERT_BAD_CERTIFICATE", "sslv3 alert bad certificate"},
	43:  {"SSLV3_ALERT_UNSUPPORTED_CERTIFICATE", "sslv3 alert unsupported certificate"},
	44:  {"SSLV3_ALERT_CERTIFICATE_REVOKED", "sslv3 alert certificate revoked"},
	45:  {"SSLV3_ALERT_CERTIFICATE_EXPIRED", "sslv3 alert certificate expired"},
	46:  {"SSLV3_ALERT_CERTIFICATE_UNKNOWN", "sslv3 alert certificate unknown"},
	47:  {"SSLV3_ALERT_ILLEGAL_PARAMETER", "sslv3 alert illegal parameter"},
	48:  {"TLSV1_ALERT_UNKNOWN_CA", "tlsv1 alert unknown ca"},
	49:  {"TLSV1_ALERT_ACCESS_DENIED", "tlsv1 alert access denied"},
	50:  {"TLSV1_ALERT_DECODE_ERROR", "tlsv1 alert decode error"},
	51:  {"TLSV1_ALERT_DECRYPT_ERROR", "tlsv1 alert decrypt error"},
	70:  {"TLSV1_ALERT_PROTOCOL_VERSION", "tlsv1 alert protocol version"},
	71:  {"TLSV1_ALERT_INSUFFICIENT_SECURITY", "tlsv1 alert insufficient security"},
	80:  {"TLSV1_ALERT_INTERNAL_ERROR", "tlsv1 alert internal error"},
	90:  {"TLSV1_ALERT_USER_CANCELLED", "tlsv1 alert user cancelled"},
	109: {"TLSV13_ALERT_MISSING_EXTENSION", "tlsv13 alert missing extension"},
	110: {"TLSV1_UNSUPPORTED_EXTENSION", "tlsv1 unsupported extension"},
	112: {"TLSV1_UNRECOGNIZED_NAME", "tlsv1 unrecognized name"},
	116: {"TLSV13_ALERT_CERTIFICATE_REQUIRED", "tlsv13 alert certificate required"},
	120: {"TLSV1_ALERT_NO_APPLICATION_PROTOCOL", "tlsv1 alert no application protocol"},
}

// remoteAlert is the alert number of a "remote error" crypto/tls returns
// when the peer sent an alert. crypto/tls's alert type is unexported, but
// it is a uint8.
func remoteAlert(err error) (uint8, bool) {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || op.Err == nil {
		return 0, false
	}
	v := reflect.ValueOf(op.Err)
	if v.Kind() != reflect.Uint8 {
		return 0, false
	}
	return uint8(v.Uint()), true
}

// The three ways a TLS call can fail that are worded apart.
type tlsOp int

const (
	opHandshake tlsOp = iota
	opRead
	opWrite
)

// tlsException turns a TLS call's error into the exception Python raises:
// an SSLError subclass for what TLS itself refused, TimeoutError with
// _ssl's words, and the errno's OSError (ConnectionResetError, ...) for
// what the socket reported. An exception already made (the script's
// timeout, Ctrl-C) is kept as it is.
func tlsException(err error, op tlsOp) *value.Exception {
	var exc *value.Exception
	var ve *verifyError
	var rh tls.RecordHeaderError
	var errno unix.Errno
	var ne *netinfo.Error
	switch {
	case errors.As(err, &exc):
		return exc
	case errors.As(err, &ve):
		return ve.exception()
	case errors.Is(err, netinfo.ErrInterrupted):
		return value.Raise(value.KeyboardInterrupt)
	case errors.Is(err, netinfo.ErrTimeout):
		switch op {
		case opHandshake:
			return hinted(commands.Errorf(value.TimeoutError, "_ssl.c:%d: The handshake operation timed out", sslcTimeout), "the peer did not answer the TLS handshake in time: is it a TLS server?")
		case opWrite:
			return commands.Errorf(value.TimeoutError, "The write operation timed out")
		}
		return commands.Errorf(value.TimeoutError, "The read operation timed out")
	case errors.Is(err, net.ErrClosed):
		return commands.ErrnoException(unix.EBADF)
	case errors.As(err, &rh):
		if looksLikeHTTPRequest(rh.RecordHeader[:]) {
			return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", "HTTP_REQUEST", "http request", sslcHandshake), "the client sent a plain HTTP request: it does not speak TLS")
		}
		return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", "WRONG_VERSION_NUMBER", "wrong version number", sslcHandshake), tlsHint("not-tls"))
	}
	if a, ok := remoteAlert(err); ok {
		r, known := alertReasons[a]
		if !known {
			r = [2]string{"UNKNOWN_ALERT_TYPE", fmt.Sprintf("alert number %d", a)}
		}
		line := sslcHandshake
		switch op {
		case opRead:
			line = sslcRead
		case opWrite:
			line = sslcWrite
		}
		if a == 0 { // close_notify during the handshake
			return sslError(value.SSLZeroReturnError, sslErrorZeroRet, "SSL", "", "TLS/SSL connection has been closed (EOF)", line)
		}
		return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", r[0], r[1], line), alertHint(a))
	}
	if errors.As(err, &ne) {
		errno = ne.Errno
	} else {
		errors.As(err, &errno)
	}
	switch {
	case errno == unix.EAGAIN && op == opWrite:
		return sslError(value.SSLWantWriteError, sslErrorWantWrite, "", "", "The operation did not complete (write)", sslcRead)
	case errno == unix.EAGAIN:
		return sslError(value.SSLWantReadError, sslErrorWantRead, "", "", "The operation did not complete (read)", sslcRead)
	case errno == unix.EPIPE && op == opWrite:
		return hinted(sslError(value.SSLEOFError, sslErrorEOF, "", "", "EOF occurred in violation of protocol", sslcWrite), "the peer has closed the connection; nothing more can be sent")
	case errno != 0:
		return commands.ErrnoException(errno)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if op == opHandshake {
			return hinted(sslError(value.SSLEOFError, sslErrorEOF, "SSL", "UNEXPECTED_EOF_WHILE_READING", "EOF occurred in violation of protocol", sslcHandshake), tlsHint("eof"))
		}
		return sslError(value.SSLEOFError, sslErrorEOF, "", "", "EOF occurred in violation of protocol", sslcReadEOF)
	}
	return goTLSError(err)
}

// goTLSError words a crypto/tls error that has no errno, alert or record
// behind it as the nearest OpenSSL reason, or in crypto/tls's own words.
func goTLSError(err error) *value.Exception {
	msg := strings.TrimPrefix(err.Error(), "tls: ")
	switch {
	case strings.Contains(msg, "no certificates configured"):
		return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", "NO_SHARED_CIPHER", "no shared cipher", sslcHandshake), tlsHint("no-certificate"))
	case strings.Contains(msg, "client didn't provide a certificate"):
		return sslError(value.SSLError, sslErrorSSL, "SSL", "PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate", sslcHandshake)
	case strings.Contains(msg, "unexpected message"), strings.Contains(msg, "unexpected handshake message"):
		return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", "UNEXPECTED_MESSAGE", "unexpected message", sslcHandshake), "not what TLS expects there: an echo server sending the hello back?")
	case strings.Contains(msg, "protocol version"):
		return sslError(value.SSLError, sslErrorSSL, "SSL", "UNSUPPORTED_PROTOCOL", "unsupported protocol", sslcHandshake)
	case strings.Contains(msg, "bad record MAC"):
		// What crypto/tls makes of the alert an OpenSSL client sends when
		// it refuses this server's certificate.
		return hinted(sslError(value.SSLError, sslErrorSSL, "SSL", "DECRYPTION_FAILED_OR_BAD_RECORD_MAC", "decryption failed or bad record mac", sslcHandshake), "the client most likely refused this server's certificate")
	case strings.Contains(msg, "no application protocol"):
		return sslError(value.SSLError, sslErrorSSL, "SSL", "NO_APPLICATION_PROTOCOL", "no application protocol", sslcHandshake)
	}
	return sslError(value.SSLError, sslErrorSSL, "SSL", "", msg+" (crypto/tls)", 0)
}

// hinted sets an exception's hint.
func hinted(e *value.Exception, hint string) *value.Exception {
	e.Hint = hint
	return e
}

// looksLikeHTTPRequest reports whether the first bytes a TLS server got
// start a plain HTTP request, which OpenSSL reports as HTTP_REQUEST.
func looksLikeHTTPRequest(head []byte) bool {
	for _, m := range []string{"GET /", "POST ", "HEAD ", "PUT /"} {
		if string(head) == m {
			return true
		}
	}
	return false
}

// alertHint says what the peer's alert most likely means.
func alertHint(a uint8) string {
	switch a {
	case 48, 42, 46, 45:
		return tlsHint("peer-refused")
	case 40:
		return "nothing to agree on: a server with no certificate, or no common version"
	case 70:
		return "no TLS version in common (see minimum_version, maximum_version)"
	case 116:
		return "the server wants a client certificate: ctx.load_cert_chain(CERT, KEY)"
	case 112:
		return "the server has no certificate for the name sent (server_hostname)"
	}
	return ""
}
