// Command goecho is the benchmark's reference: the smallest echo server the
// Go standard library makes, a goroutine per connection and io.Copy. It is
// the practical ceiling for sockshell's serve echo, which does the same
// plus counters, limits, idle deadlines and its event log.
package main

import (
	"flag"
	"io"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:10000", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
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
