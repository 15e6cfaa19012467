package peers

import (
	"io"
	"testing"
)

// io.Copy on a connection goes through its counting (and, under TLS,
// encrypting) Read and Write, not around them through the TCP
// connection's own WriteTo and ReadFrom.
func TestConnCopyCounts(t *testing.T) {
	var _ io.WriterTo = (*conn)(nil)
	var _ io.ReaderFrom = (*conn)(nil)
	_, s := start(t, Chargen, Limits{}) // reads with io.Copy(io.Discard, c)
	c := dial(t, s)
	c.Write(make([]byte, 1000))
	eventually(t, "the 1000 bytes sent to chargen are counted", func() bool { return s.Stats().In == 1000 })
}
