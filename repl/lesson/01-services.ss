## Ports and services
# A program offering a service listens on a port, a number from 0 to
# 65535. The well-known ones have names, kept in /etc/services, so that
# nobody has to remember that ssh is on 22. Ask for a service's port:
getservbyname ssh
# The reverse lookup: which service does port 80 belong to?
getservbyport 80
# The same port may carry another name for UDP. Give the protocol:
getservbyport 53 udp
# The homework's optional task lists the services of a range of ports.
# Here are 20 to 25 (ports with no name are left out):
services 20 25
# Try a name the database does not know (Ctrl-C sets the offered command
# aside so you can type your own), e.g. getservbyname nosuch
