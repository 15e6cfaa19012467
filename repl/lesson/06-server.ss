## The server side
# Now the other end. A server chooses its own family, type and protocol:
server_socket = socket AF_INET SOCK_STREAM IPPROTO_TCP
server_socket
# Bind it to the address clients will connect to. The lecture uses port
# 50000; here port 0 asks the kernel for any free one, so two shells never
# collide. getsockname reads back what the kernel chose:
bind server_socket 127.0.0.1 0
address = getsockname server_socket
address[0]
# Listen: from now on the kernel completes handshakes on its own and keeps
# up to the backlog (1) of them waiting for accept.
listen server_socket 1
# The kernel's view of the session's sockets: this one is in LISTEN.
sockets
# accept would now wait for a client; the next section (lesson flow)
# brings one. A server keeps its listening socket open for as long as it
# runs; this one is done.
close server_socket
