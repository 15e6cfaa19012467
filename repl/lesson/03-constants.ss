## Families, types and protocols
# A socket made with no arguments takes the defaults. Make one, and look
# at it:
foo = socket
foo
# Its family is the kind of address it uses: AF_INET is IPv4.
foo.family
# Its type is how it talks: SOCK_STREAM is an ordered, reliable stream of
# bytes (TCP does that on the internet).
foo.type
# Its protocol is 0: let the kernel pick the usual one for the family and
# type.
foo.proto
# These names are constants of the socket module. get_constants maps the
# numbers behind a prefix to their names. Families start with AF_:
families = get_constants AF_
families[AF_INET]
families[AF_INET6]
# AF_UNIX sockets connect programs on the same machine, through a path
# name instead of an address and a port.
families[AF_UNIX]
# Types start with SOCK_. Stream (1) and datagram (2, UDP) are the usual
# two:
get_constants SOCK_
# Protocols start with IPPROTO_:
protocols = get_constants IPPROTO_
protocols[6]
protocols[17]
# The three arguments of socket pick a socket's profile. A UDP socket:
udp = socket AF_INET SOCK_DGRAM IPPROTO_UDP
udp
# Closing a socket gives its descriptor back to the kernel.
close udp
close foo
