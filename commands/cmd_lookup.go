package commands

// lookupCommands look up services, hosts, constants and address info.
var lookupCommands = []*Command{}
