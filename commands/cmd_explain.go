package commands

// explainCommands explain errors in plain words.
var explainCommands = []*Command{}
