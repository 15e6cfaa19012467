## The homework
# The homework: an echo server, which sends back whatever it receives, and
# a client that sends a message and prints the reply. This shell carries a
# reference echo server to try a client against:
echo = serve echo 0
echo
# What your client must do, done by hand:
c = socket
connect c 127.0.0.1 $echo.port
sendall c b'Hey, can you hear me?'
recv c 4096
close c
stop echo
# The optional task: the services of a range of ports (the bounds must be
# 0-65535):
services 75 80
