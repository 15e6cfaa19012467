// Package ladder draws ladder (sequence) diagrams of what happened between
// sockets: as text for a terminal (Diagram.Text) and as SVG for slides
// (Diagram.SVG). It knows nothing of sockets: the shell builds a Diagram
// from the session's per-socket event history and asks for a drawing.
//
// # The picture
//
// Each endpoint is a lane: a vertical line under its name (the variable
// that holds the socket, or the address of a peer outside the session),
// left to right in the order the lanes were added. Time runs downward, one
// row per event. A lane's line runs from the first row it takes part in to
// its last: above, its socket did not exist yet; below, it is gone. The
// line of a peer outside the session (Lane.Remote) is dashed, ╎, since it
// is drawn only from what this side saw, and a legend says so in words.
//
// A Message is an arrow from the sender's line to the receiver's, its label
// above it. An Arrival is a short arrow into a line from the side the bytes
// came from; a Departure, a short arrow out of one. A Note is text beside a
// line (├─ listen 1); a State is the lane's new TCP state in brackets across
// its line ([ESTABLISHED]), states that change at one moment side by side;
// a Gap is time passing (lines dotted, ⋮, and a label). A Pending message
// is dashed (┄┄▶): not (yet) received.
//
// Sends and recvs are drawn as the calls really were, not as segments: a
// send is one long arrow from sender to receiver, each recv one short arrow
// into the receiver. One sendall of 21 bytes read as 16 then 5 is thus one
// arrow out and two arrows in, and the eye sees at once that the byte
// stream does not keep the sender's boundaries:
//
//	 client                    conn
//	   │ sendall 21 b'Hey, can you hear me?'
//	   │───────────────────────▶│
//	recv 16 b'Hey, can you hea' │
//	                      ─────▶│
//	            recv 5 b'r me?' │
//	                      ─────▶│
//
// # What the shell should build
//
// The package draws what it is given; this is the mapping it was designed
// for:
//   - connect and accept: Message SYN (client to listener), SYN+ACK back,
//     ACK, with the States around them (SYN_SENT, LISTEN, ESTABLISHED); the
//     accepted socket's lane starts with its ESTABLISHED.
//   - send, sendall, sendto: a Message from the sender to the receiving
//     lane, labelled with the call, its byte count and a short escaped
//     preview ("sendall 21 b'Hey, can you hear me?'"); Pending while its
//     bytes have not all been received; a Departure when the receiver is
//     not drawn.
//   - recv, recvfrom: an Arrival into the receiver from the sender's lane
//     ("recv 16 b'Hey, can you hea'"; a recv of 0 bytes at end of stream). When
//     the sender is a peer outside the session its sends are unknown, so the
//     recv is drawn as a Message from the peer's lane: that arrow stands for
//     the bytes as they arrived.
//   - shutdown(SHUT_WR) and close: a Message FIN to the peer; an abortive
//     close (SO_LINGER 0) or a write to a closed peer: a Message RST.
//   - a State row wherever the kernel's TCP state of a lane changed
//     (FIN_WAIT_2, CLOSE_WAIT, TIME_WAIT, ...), and a Gap where time passed.
//
// # Text
//
// Text fits the width it is given (DefaultWidth if none): lanes evenly
// spaced; lane names centred over their lines, staggered over two lines
// when they do not fit side by side, then cut short with an ellipsis, as
// every label is; no line is ever wider than the width (a wide CJK rune
// counts two cells) and none is wrapped. When lanes get fewer than five
// columns each, the events are listed one a line instead. Colour (one ANSI
// colour per lane) only helps tell lanes apart: the text without the escape
// sequences is the same either way, and what colour shows is also said in
// glyphs and words, so NO_COLOR loses nothing. TextOptions.ASCII draws with
// | - > < : ~ for terminals without box drawing characters.
//
// # Untrusted text
//
// Labels may hold any bytes, such as a preview of what a peer sent: the
// renderers escape them, so callers need not. Control characters (ESC
// among them), bidirectional overrides and other format characters,
// combining marks, unassigned and private-use code points, spaces other
// than ' ', and bytes that are not UTF-8 are written as Python escapes
// (\x1b, \u202e, \xff). The text drawing holds no control character but
// "\n" and, with colour, the colour escapes; the SVG holds no control
// character at all, and its labels are XML-escaped as well. A backslash
// is left alone (labels are usually reprs already), so the escaping is
// safe, not reversible.
package ladder
