package netinfo

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// testTLS makes a CA and a leaf certificate for 127.0.0.1 signed by it, in
// memory, and returns the server's and the client's configurations.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sockshell test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}}
	client = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	return server, client
}

// goTLSEcho is a TLS echo server made with Go's net and crypto/tls on
// loopback, serving one connection; the test waits for it to end.
func goTLSEcho(t *testing.T, cfg *tls.Config) Addr {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		io.Copy(c, c)
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	port := ln.Addr().(*net.TCPAddr).Port
	return Addr{Family: unix.AF_INET, IP: loopback4, Port: port}
}

// TestTLSOverSocket: a tls.Client over a shell socket talks to Go's TLS
// server: the handshake, then an echo large enough for many records and
// partial reads; the socket keeps its fd, and the trace sees the traffic.
func TestTLSOverSocket(t *testing.T) {
	serverCfg, clientCfg := testTLS(t)
	a := goTLSEcho(t, serverCfg)
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	s, err := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	fd := s.FD()
	tr.SetOn(true)
	conn := s.NetConn(ctx)
	tc := tls.Client(conn, clientCfg)
	if err := tc.Handshake(); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	// One call at a time, as the shell makes them: a write, then
	// reading its echo back.
	msg := pattern(64 << 10)
	for i := range 5 {
		if _, err := tc.Write(msg); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(tc, got); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("echo %d: %v", i, err)
		}
	}
	if s.FD() != fd {
		t.Fatalf("the socket's fd changed from %d to %d", fd, s.FD())
	}
	if la, ra := conn.LocalAddr().(*net.TCPAddr), conn.RemoteAddr().(*net.TCPAddr); ra.Port != a.Port || !la.IP.IsLoopback() {
		t.Errorf("addresses %v -> %v", la, ra)
	}
	sends := 0
	for _, c := range rec.calls {
		if c.Name == "sendto" && c.Args[:len(strconv.Itoa(fd))] == strconv.Itoa(fd) {
			sends++
		}
	}
	if sends == 0 {
		t.Error("the trace shows no sendto of the TLS records")
	}
	tr.SetOn(false)
	if err := tc.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if !s.Closed() {
		t.Error("closing the TLS connection left the socket open")
	}
}

// TestTLSAfterReadAhead: the peer sends a plain greeting and its TLS
// ClientHello at once (as after STARTTLS); the line helper reads part of
// the hello ahead, and the TLS server over the Conn must get it first.
func TestTLSAfterReadAhead(t *testing.T) {
	serverCfg, clientCfg := testTLS(t)
	srv, a := listener(t, 1)
	// The peer: Go's net and crypto/tls, writing the greeting and the
	// ClientHello through one buffered writer, so they leave together.
	done := make(chan error, 1)
	go func() {
		c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(a.Port)))
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second)) // a broken test ends
		bc := &batchConn{Conn: c, pending: []byte("OK ready\r\n")}
		tc := tls.Client(bc, clientCfg)
		if err := tc.Handshake(); err != nil {
			done <- err
			return
		}
		if _, err := tc.Write([]byte("secret")); err != nil {
			done <- err
			return
		}
		reply := make([]byte, 5)
		_, err = io.ReadFull(tc, reply)
		if err == nil && string(reply) != "thank" {
			err = errors.New("reply " + string(reply))
		}
		done <- err
	}()
	ctx := context.Background()
	conn, _, err := srv.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	eventually(t, "the greeting and the hello queued", func() (string, bool) {
		v, _ := conn.Kernel()
		return strconv.Itoa(v.RecvQ), v.RecvQ > 20
	})
	line, err := conn.RecvLine(ctx, RecvOptions{})
	if err != nil || string(line) != "OK ready\r\n" {
		t.Fatalf("recvline = %q, %v", line, err)
	}
	if conn.Buffered() == 0 {
		t.Fatal("nothing read ahead: the test shows nothing")
	}
	bounded, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ts := tls.Server(conn.NetConn(bounded), serverCfg)
	if err := ts.Handshake(); err != nil {
		t.Fatalf("handshake over read-ahead bytes: %v", err)
	}
	got := make([]byte, 6)
	if _, err := io.ReadFull(ts, got); err != nil || string(got) != "secret" {
		t.Fatalf("read = %q, %v", got, err)
	}
	if _, err := ts.Write([]byte("thank")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the peer: %v", err)
	}
}

// batchConn holds pending bytes until the first Write, and sends them with
// it in one write.
type batchConn struct {
	net.Conn
	pending []byte
}

func (b *batchConn) Write(p []byte) (int, error) {
	if b.pending != nil {
		_, err := b.Conn.Write(append(b.pending, p...))
		b.pending = nil
		return len(p), err
	}
	return b.Conn.Write(p)
}

// TestTLSHandshakeCancelled: Ctrl-C during a handshake with a peer that
// never answers ends it, and the socket stays open and usable.
func TestTLSHandshakeCancelled(t *testing.T) {
	_, clientCfg := testTLS(t)
	srv, a := listener(t, 1) // accepts in the kernel, never answers
	s := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if err := s.Connect(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	fd := s.FD()
	err := tls.Client(s.NetConn(ctx), clientCfg).Handshake()
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("handshake = %v, want ErrInterrupted", err)
	}
	if s.Closed() || s.FD() != fd {
		t.Fatal("the cancelled handshake closed the socket")
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
		t.Fatalf("fd %d: %v", fd, err)
	}
	// The socket still works: the peer gets the ClientHello and more.
	conn, _, err := srv.Accept(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := s.SendAll(context.Background(), []byte("after")); err != nil {
		t.Fatal(err)
	}
	hello, err := conn.RecvUntil(context.Background(), []byte("after"), RecvOptions{Deadline: time.Now().Add(5 * time.Second)})
	if err != nil || hello[0] != 0x16 { // a TLS handshake record
		t.Fatalf("the peer got %q, %v", hello, err)
	}
}

// TestConnDeadlinesAndClose: a read deadline ends a Read with a net.Error
// timeout, and leaves the Conn usable; Close from another goroutine ends
// a Read under way and closes the socket.
func TestConnDeadlinesAndClose(t *testing.T) {
	client, s := pair(t)
	c := s.NetConn(context.Background())
	buf := make([]byte, 10)

	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := c.Read(buf)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) || !errors.Is(err, ErrTimeout) {
		t.Fatalf("read past the deadline = %v", err)
	}
	c.SetReadDeadline(time.Now().Add(-time.Second))
	client.SendAll(context.Background(), []byte("data"))
	if _, err := c.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read with a deadline passed = %v", err)
	}
	c.SetDeadline(time.Time{})
	if n, err := c.Read(buf); err != nil || string(buf[:n]) != "data" {
		t.Fatalf("read after clearing the deadline = %q, %v", buf[:n], err)
	}
	c.SetWriteDeadline(time.Now().Add(-time.Second))
	if _, err := c.Write([]byte("x")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write with a deadline passed = %v", err)
	}

	read := make(chan error, 1)
	go func() { _, err := c.Read(buf); read <- err }()
	time.Sleep(50 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-read; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("the read Close ended = %v, want net.ErrClosed", err)
	}
	if !s.Closed() {
		t.Fatal("Close left the socket open")
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("second close = %v", err)
	}
	// The peer sees the end.
	client.SetTimeout(5 * time.Second)
	if p, err := client.Recv(context.Background(), 10); err != nil || len(p) != 0 {
		t.Fatalf("the peer's recv = %q, %v", p, err)
	}
}

// TestConnContext: a new context after a Ctrl-C makes the Conn usable again.
func TestConnContext(t *testing.T) {
	client, s := pair(t)
	ctx, cancel := context.WithCancel(context.Background())
	c := s.NetConn(ctx)
	cancel()
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("read under a cancelled context = %v", err)
	}
	c.SetContext(context.Background())
	client.SendAll(context.Background(), []byte("z"))
	buf := make([]byte, 1)
	if n, err := c.Read(buf); err != nil || n != 1 || buf[0] != 'z' {
		t.Fatalf("read under the new context = %q, %v", buf[:n], err)
	}
}
