## Getting the flow
# The lecture runs the server and the client in two interpreters. One
# shell can play both, because connect returns as soon as the server's
# kernel has answered the handshake, before anyone calls accept.
# First the server: socket, bind, listen.
server_socket = socket AF_INET SOCK_STREAM IPPROTO_IP
bind server_socket 127.0.0.1 0
listen server_socket 1
address = getsockname server_socket
# Then the client: a socket, connected to the server's address.
client_socket = socket AF_INET SOCK_STREAM IPPROTO_IP
connect client_socket $address
# The connection waits in the server's backlog. accept takes it, as a new
# socket for this one client, with the client's address:
conn, addr = accept server_socket
addr[0]
# Client to server:
sendall client_socket b'Hey, can you hear me?'
msg = recv conn 4096
msg
# Server to client, then the server closes its end of the conversation:
sendall conn b'Yes, I can hear you.'
close conn
from_server = recv client_socket 4096
from_server
# An empty answer is how a reader learns the other side has closed:
recv client_socket 4096
close client_socket
close server_socket
# For two shells side by side, as in class, see docs/client-server.md.
