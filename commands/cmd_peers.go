package commands

// peerCommands run the local peers: servers the session carries with it.
var peerCommands = []*Command{}
