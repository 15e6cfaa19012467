package value

// The ssl module's exceptions, as Python's _ssl makes them: SSLError is an
// OSError whose args are (code, message) and whose str() is the message
// alone; SSLCertVerificationError is a ValueError too, so that code
// written for the ssl of Python 3.6 and before, which raised
// CertificateError (a ValueError), still catches it.
var (
	SSLError                 = &Class{Name: "SSLError", Module: "ssl", Base: OSError}
	SSLZeroReturnError       = &Class{Name: "SSLZeroReturnError", Module: "ssl", Base: SSLError}
	SSLWantReadError         = &Class{Name: "SSLWantReadError", Module: "ssl", Base: SSLError}
	SSLWantWriteError        = &Class{Name: "SSLWantWriteError", Module: "ssl", Base: SSLError}
	SSLSyscallError          = &Class{Name: "SSLSyscallError", Module: "ssl", Base: SSLError}
	SSLEOFError              = &Class{Name: "SSLEOFError", Module: "ssl", Base: SSLError}
	SSLCertVerificationError = &Class{Name: "SSLCertVerificationError", Module: "ssl", Base: SSLError, Also: []*Class{ValueError}}
)

// SSLErrorClasses are the ssl module's exception classes, by name.
var SSLErrorClasses = map[string]*Class{}

func init() {
	for _, c := range []*Class{SSLError, SSLZeroReturnError, SSLWantReadError, SSLWantWriteError, SSLSyscallError, SSLEOFError, SSLCertVerificationError} {
		c.New = newException(c)
		SSLErrorClasses[c.Name] = c
	}
}

// sslStr is str() of an SSLError, as _ssl's SSLError.__str__ gives it:
// its message (the second argument) when that is a str, else the repr of
// its arguments, even of one (SSLError('x') is "('x',)"); ok is false for
// another exception.
func sslStr(e *Exception) (string, bool) {
	if !e.Class.IsSubclass(SSLError) {
		return "", false
	}
	if len(e.Args) >= 2 {
		if s, ok := e.Args[1].(Str); ok {
			return string(s), true
		}
	}
	return Tuple(e.Args).Repr(), true
}
