## The client side
# Time to talk to a server. The lecture's web server is far away; this
# shell carries its own. Start a small web server on this machine, on a
# free port the kernel picks:
web = serve http 0
web
# Ask how to reach it, stream sockets only, and take the first answer:
streams = getaddrinfo localhost $web.port AF_INET SOCK_STREAM
info = streams[0]
info
# Make a socket with that family, type and protocol. The lecture's own
# Python line works as it is:
client = socket.socket(*info[:3])
client
# Connect to the address, the answer's last member. Nothing printed means
# it worked; a failure would be an error saying why.
address = info[-1]
connect client $address
# A request is text, but a socket carries bytes: build it, then encode it.
msg = "GET / HTTP/1.1\r\n"
msg += "Host: localhost\r\nConnection: close\r\n\r\n"
msg = msg.encode('utf8')
msg
sendall client msg
# recv returns what has arrived so far, up to the size asked for (it
# waits if nothing has). The start of the answer is the status line:
response = recv client 4096
response[:17]
# Finished: close the socket, then stop the server.
close client
stop web
