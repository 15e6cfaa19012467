// Command gotlsecho is the TLS benchmark's reference (bench -tls): the
// smallest TLS echo server the Go standard library makes, crypto/tls's
// Listen, a goroutine per connection and io.Copy. It is the practical
// ceiling for sockshell's tls-echo peer, which does the same plus
// counters, limits, idle deadlines and its event log.
package main

import (
	"crypto/tls"
	"flag"
	"io"
	"log"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:10443", "address to listen on")
	certFile := flag.String("cert", "cert.pem", "the server's certificate (PEM)")
	keyFile := flag.String("key", "key.pem", "the server's private key (PEM)")
	flag.Parse()
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := tls.Listen("tcp", *addr, &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			defer c.Close()
			io.Copy(c, c)
		}()
	}
}
