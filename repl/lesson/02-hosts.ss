## Hosts
# Machines have names too. This one calls itself:
gethostname
# A name is turned into an address by the resolver: /etc/hosts first,
# then DNS. localhost is this machine, by its loopback address:
gethostbyname localhost
# gethostbyname_ex gives more: the official name, its aliases, and every
# IPv4 address it has.
gethostbyname_ex localhost
# And back from an address to a name:
gethostbyaddr 127.0.0.1
# getnameinfo turns an address and a port into names in one call:
getnameinfo 127.0.0.1 80
# With a network, try a host of your own: gethostbyname example.com
