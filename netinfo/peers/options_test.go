package peers

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		words  string
		want   Options
		string string // what String gives back
	}{
		{"", Options{}, ""},
		{"split=1 delay=0.2", Options{Split: 1, Delay: 200 * time.Millisecond}, "split=1 delay=0.2"},
		{"delay=1.5 split=100", Options{Split: 100, Delay: 1500 * time.Millisecond}, "split=100 delay=1.5"},
		{"delay=0", Options{}, ""},
		{"close_after=0", Options{End: CloseAfter}, "close_after=0"},
		{"close_after=10", Options{End: CloseAfter, EndAfter: 10}, "close_after=10"},
		{"reset_after=5", Options{End: ResetAfter, EndAfter: 5}, "reset_after=5"},
		{"read=no", Options{NoRead: true}, "read=no"},
		{"read=yes", Options{}, ""},
		{"READ=No", Options{NoRead: true}, "read=no"},
		{"half_close", Options{HalfClose: true}, "half_close"},
		{"half_close read=no reset_after=3 delay=60 split=2", Options{Split: 2, Delay: time.Minute, End: ResetAfter, EndAfter: 3, NoRead: true, HalfClose: true},
			"split=2 delay=60 reset_after=3 read=no half_close"},
		{"cert=expired", Options{Cert: Expired}, "cert=expired"},
		{"cert=Wrong_Host split=3", Options{Split: 3, Cert: WrongHost}, "split=3 cert=wrong-host"},
		{"cert=unknown-ca", Options{Cert: UnknownCA}, "cert=unknown-ca"},
		{"cert=self-signed", Options{Cert: SelfSigned}, "cert=self-signed"},
		{"cert=sound", Options{}, ""},
	} {
		o, err := ParseOptions(strings.Fields(tc.words))
		if err != nil || o != tc.want {
			t.Errorf("ParseOptions(%q) = %+v, %v; want %+v", tc.words, o, err, tc.want)
			continue
		}
		if got := o.String(); got != tc.string {
			t.Errorf("String of %q = %q, want %q", tc.words, got, tc.string)
		}
		// String's words parse back to the same options.
		if back, err := ParseOptions(strings.Fields(o.String())); err != nil || back != o {
			t.Errorf("%q parsed back as %+v, %v", o.String(), back, err)
		}
	}
}

func TestParseOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		words, bad, reason string
	}{
		{"splat=1", "splat=1", "no such option (the options are split=N, delay=SECONDS, close_after=N, reset_after=N, read=no, half_close, cert=FLAW)"},
		{"cert=bogus", "cert=bogus", "cert must be expired, wrong-host, unknown-ca or self-signed (or sound, the default)"},
		{"cert", "cert", "needs a value: cert=FLAW"},
		{"cert=expired cert=expired", "cert=expired", "given twice"},
		{"split", "split", "needs a value: split=N"},
		{"split=0", "split=0", "split must be a whole number of bytes from 1 to 1073741824"},
		{"split=1.5", "split=1.5", "split must be"},
		{"split=-3", "split=-3", "split must be"},
		{"delay=-1", "delay=-1", "delay must be a number of seconds from 0 to 60"},
		{"delay=nan", "delay=nan", "delay must be"},
		{"delay=inf", "delay=inf", "delay must be"},
		{"delay=61", "delay=61", "delay must be"},
		{"delay=", "delay=", "delay must be"},
		{"close_after=-1", "close_after=-1", "close_after must be a whole number of bytes, 0 or more"},
		{"reset_after=x", "reset_after=x", "reset_after must be"},
		{"close_after=1 reset_after=2", "reset_after=2", "close_after and reset_after can't both be given"},
		{"split=1 split=2", "split=2", "given twice"},
		{"read=maybe", "read=maybe", "read must be no (or yes, the default)"},
		{"read", "read", "needs a value: read=no"},
		{"half_close=1", "half_close=1", "half_close takes no value"},
		{"\x1b[31m", "\x1b[31m", "no such option"},
	} {
		_, err := ParseOptions(strings.Fields(tc.words))
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Word != tc.bad || !strings.HasPrefix(oe.Reason, tc.reason) {
			t.Errorf("ParseOptions(%q): %v; want an OptionError for %q: %s", tc.words, err, tc.bad, tc.reason)
		}
	}
	// The message quotes the word so that a terminal never gets it raw.
	_, err := ParseOptions([]string{"\x1b[2J"})
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) {
		t.Errorf("error %q carries a raw escape", err)
	}
}

func TestOptionDocsAndNoEffect(t *testing.T) {
	docs := OptionDocs()
	var all []string
	for _, d := range docs {
		if d.Syntax == "" || d.Teaches == "" || strings.Contains(d.Teaches, "\n") {
			t.Errorf("doc %+v: want a syntax and one line", d)
		}
		all = append(all, d.Syntax)
	}
	// Every option in the docs parses, with its value filled in.
	for _, syntax := range all {
		w := strings.NewReplacer("=N", "=1", "=SECONDS", "=0.5", "=FLAW", "=expired").Replace(syntax)
		if _, err := ParseOptions([]string{w}); err != nil {
			t.Errorf("the documented %s (as %s) does not parse: %v", syntax, w, err)
		}
	}
	o, _ := ParseOptions(strings.Fields("split=1 delay=0.1 close_after=5 read=no half_close"))
	for kind, want := range map[Kind][]string{
		Echo:    nil,
		HTTP:    nil,
		TLSEcho: nil,
		HTTPS:   nil,
		Chat:    {"split=1", "delay=0.1", "close_after=5", "read=no", "half_close"},
		Chargen: nil,
		Daytime: {"read=no"},
		Discard: {"split=1", "delay=0.1", "close_after=5", "half_close"},
	} {
		if got := o.NoEffect(kind); !slices.Equal(got, want) {
			t.Errorf("NoEffect(%s) = %q, want %q", kind, got, want)
		}
	}
	// cert is never "no effect": on a kind without TLS it is refused.
	for _, kind := range []Kind{Echo, Chat, Discard, TLSEcho} {
		if got := (Options{Cert: Expired}).NoEffect(kind); len(got) != 0 {
			t.Errorf("NoEffect(%s) of cert=expired = %q, want none", kind, got)
		}
	}
	// close_after=0 does act on discard: it closes at once.
	if got := (Options{End: CloseAfter}).NoEffect(Discard); len(got) != 0 {
		t.Errorf("close_after=0 has no effect on discard: %q", got)
	}
}
