## Address information
# To reach a service you need a socket whose family, type and protocol
# match the server's, and the server's address. getaddrinfo answers both:
# one tuple (family, type, protocol, canonical name, address) per way in.
getaddrinfo 127.0.0.1 80
# A bare port number fits TCP, UDP and raw sockets alike. A service name
# only fits the protocols /etc/services lists it for:
getaddrinfo localhost http
# A family and a type narrow the answer down:
getaddrinfo 127.0.0.1 http AF_INET SOCK_STREAM
# The lecture's helper prints each answer as labelled lines:
get_address_info 127.0.0.1 http
# The canonical name stays empty unless the AI_CANONNAME flag asks for it:
getaddrinfo localhost 80 AF_INET SOCK_STREAM 0 AI_CANONNAME
