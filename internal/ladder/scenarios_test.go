package ladder

// The scenarios the golden tests draw, built as the shell would build them
// from a session's sockets.

// lecture is the lecture's client and server on one machine: the handshake
// that connect and accept imply, one sendall of 21 bytes received as 16 and
// 5, then both sides closing.
func lecture() *Diagram {
	d := new(Diagram)
	client := d.AddLane(Lane{Label: "client", Sublabel: "127.0.0.1:41234"})
	server := d.AddLane(Lane{Label: "server", Sublabel: "127.0.0.1:50000"})
	conn := d.AddLane(Lane{Label: "conn", Sublabel: "127.0.0.1:50000"})
	d.State(server, "LISTEN")
	d.State(client, "SYN_SENT")
	d.Message(client, server, "SYN")
	d.Message(server, client, "SYN+ACK")
	d.Message(client, server, "ACK")
	d.State(client, "ESTABLISHED")
	d.Note(server, "accept: conn")
	d.State(conn, "ESTABLISHED")
	d.Message(client, conn, "sendall 21 b'Hey, can you hear me?'")
	d.Arrival(conn, client, "recv 16 b'Hey, can you hea'")
	d.Arrival(conn, client, "recv 5 b'r me?'")
	d.Message(client, conn, "close: FIN")
	d.State(client, "FIN_WAIT_2")
	d.State(conn, "CLOSE_WAIT")
	d.Arrival(conn, client, "recv 0 b''")
	d.Message(conn, client, "close: FIN")
	d.State(client, "TIME_WAIT")
	return d
}

// reset is a connection aborted with SO_LINGER 0: the close sends RST, and
// the other side's recv fails.
func reset() *Diagram {
	d := new(Diagram)
	a := d.AddLane(Lane{Label: "a"})
	b := d.AddLane(Lane{Label: "b"})
	d.State(a, "ESTABLISHED")
	d.State(b, "ESTABLISHED")
	d.Message(a, b, "send 5 b'hello'")
	d.Message(a, b, "close (SO_LINGER 0): RST")
	d.Arrival(b, a, "recv: ConnectionResetError [Errno 104]")
	d.State(b, "CLOSE")
	return d
}

// outside is a client whose server is another process: that lane is drawn
// from what the client saw, its sends unknown, its bytes as they arrived.
func outside() *Diagram {
	d := new(Diagram)
	s := d.AddLane(Lane{Label: "s", Sublabel: "127.0.0.1:39000"})
	peer := d.AddLane(Lane{Label: "('127.0.0.1', 8080)", Remote: true})
	d.State(s, "SYN_SENT")
	d.Message(s, peer, "SYN")
	d.Message(peer, s, "SYN+ACK")
	d.Message(s, peer, "ACK")
	d.State(s, "ESTABLISHED")
	d.Message(s, peer, "sendall 18 b'GET / HTTP/1.0\\r\\n\\r\\n'")
	d.Gap("0.2 s")
	d.Message(peer, s, "recv 38 b'HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nhi'")
	d.Message(peer, s, "FIN")
	d.State(s, "CLOSE_WAIT")
	d.Add(Row{Kind: Message, Lane: s, Peer: peer, Label: "send 3 b'bye'", Pending: true})
	return d
}

// four is two connections side by side: four lanes.
func four() *Diagram {
	d := new(Diagram)
	c1 := d.AddLane(Lane{Label: "c1", Sublabel: "127.0.0.1:40001"})
	s1 := d.AddLane(Lane{Label: "s1", Sublabel: "127.0.0.1:7"})
	c2 := d.AddLane(Lane{Label: "c2", Sublabel: "[::1]:40002"})
	s2 := d.AddLane(Lane{Label: "s2", Sublabel: "[::1]:7"})
	d.State(c1, "ESTABLISHED")
	d.State(s1, "ESTABLISHED")
	d.State(c2, "ESTABLISHED")
	d.State(s2, "ESTABLISHED")
	d.Message(c1, s1, "send 4 b'ping'")
	d.Message(c2, s2, "send 4 b'pong'")
	d.Arrival(s1, c1, "recv 4 b'ping'")
	d.Message(c1, s2, "sendto 2 b'hi' (crossing)")
	d.Arrival(s2, c2, "recv 4 b'pong'")
	d.Message(s2, c1, "RST")
	d.Note(s1, "shutdown SHUT_WR")
	d.Message(s1, c1, "FIN")
	d.State(s1, "FIN_WAIT_2")
	d.State(c1, "CLOSE_WAIT")
	return d
}

// long has labels far longer than any terminal, control bytes and wide
// runes in them.
func long() *Diagram {
	d := new(Diagram)
	a := d.AddLane(Lane{Label: "a_socket_with_a_very_long_variable_name", Sublabel: "('127.0.0.1', 50000) and more text"})
	b := d.AddLane(Lane{Label: "b\x1b[31mred\x1b[0m", Sublabel: "日本語のソケット名前"})
	d.Message(a, b, "sendall 70000 b'"+string(make([]byte, 0))+"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'")
	d.Arrival(b, a, "recv 65536 \x07\x1b]0;owned\x07 \u202eevil")
	d.Note(a, "a note that goes on and on and on and on and on and on and on and on and on and on")
	d.Message(b, b, "sendto self 1 b'x'")
	return d
}
