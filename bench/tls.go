package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"

	"sockshell/netinfo/peers"
)

// tlsServers sets the benchmark up for TLS (bench -tls): sockshell's
// tls-echo peer (run by bench/tlspeer, which writes its session CA to a
// file) against the minimal crypto/tls echo server (bench/gotlsecho, given
// a certificate made here). Clients verify both, as any client would, and
// the handshake is done while connecting, before the clock starts.
func tlsServers(dir string) ([]server, error) {
	if *tlspeer == "" || *gotlsecho == "" {
		return nil, fmt.Errorf("-tls needs -tlspeer BIN and -gotlsecho BIN (bench/run.sh builds both)")
	}
	a, err := peers.NewAuthority()
	if err != nil {
		return nil, err
	}
	cert, err := a.ServerCert(peers.Sound)
	if err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := peers.EncodeKeyPair(cert)
	if err != nil {
		return nil, err
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	peerCA := filepath.Join(dir, "peer-ca.pem")
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}
	roots := a.Pool()
	servers := []server{
		{"sockshell tls-echo (netinfo/peers)", func(p int) []string {
			return []string{*tlspeer, "-addr", fmt.Sprintf("127.0.0.1:%d", p), "-ca", peerCA}
		}},
		{"minimal Go crypto/tls server (io.Copy)", func(p int) []string {
			return []string{*gotlsecho, "-addr", fmt.Sprintf("127.0.0.1:%d", p), "-cert", certFile, "-key", keyFile}
		}},
	}
	// tlspeer has written its CA by the time it listens, which is before
	// the first dial.
	config := sync.OnceValues(func() (*tls.Config, error) {
		data, err := os.ReadFile(peerCA)
		if err != nil {
			return nil, err
		}
		if !roots.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("%s holds no certificate", peerCA)
		}
		return &tls.Config{RootCAs: roots, ServerName: "localhost"}, nil
	})
	dial = func(addr string) (net.Conn, error) {
		conf, err := config()
		if err != nil {
			return nil, err
		}
		return tls.Dial("tcp", addr, conf)
	}
	return servers, nil
}
