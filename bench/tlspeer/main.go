// Command tlspeer runs sockshell's tls-echo peer on its own, for the TLS
// benchmark (bench -tls): the netinfo/peers code that `serve tls-echo`
// runs, with the session CA's certificate written where -ca says, so that
// the benchmark's clients can verify the peer as any client would. It
// stops on SIGINT or SIGTERM.
package main

import (
	"flag"
	"log"
	"net/netip"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"sockshell/netinfo/peers"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:10443", "address to listen on")
	ca := flag.String("ca", "", "where to write the CA certificate (default: peers.DefaultCAPath)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatal(err)
	}
	g := peers.NewGroup()
	// The CA file first, so that it is there once the port listens.
	if _, err := g.WriteCA(*ca); err != nil {
		log.Fatal(err)
	}
	if _, err := g.Start(peers.TLSEcho, ap, peers.Limits{}); err != nil {
		log.Fatal(err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	g.Close()
}
