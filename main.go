// Command sockshell is an interactive shell for exploring BSD sockets live:
// services, hosts, address info, and real sockets you bind, connect, send
// and receive on, printed as Python's socket module prints them.
//
// Usage:
//
//	sockshell [flags] [FILE]
//
// With no FILE and a terminal on stdin it is interactive; otherwise it runs
// FILE, the -c commands, or stdin as a script. See docs/ for the manual.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"sockshell/commands"
	"sockshell/repl"
)

// version is sockshell's release.
const version = "0.1.0"

const usage = `usage: sockshell [flags] [FILE]

An interactive shell for exploring BSD sockets.

  sockshell                 interactive, on a terminal
  sockshell FILE            run FILE as a script
  sockshell -c 'cmd; cmd'   run the commands given
  cmd | sockshell           run stdin as a script

flags:
  -c CMDS                 run CMDS (separated by ';' or newlines)
  -x, --echo              print each command, prompt first, before its output
  -e, --exit-on-error     stop at the first failed command
  --color=WHEN            auto (default), always or never; NO_COLOR is honoured
  --timeout=SECONDS       bound each blocking call of a script (default 30; 0: none)
  --history=FILE          history file (default $XDG_STATE_HOME/sockshell/history; '' for none)
  --help                  show this help
  --version               show the version

Exit status: 0 when every command succeeded, 1 when any failed, 2 for a usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin *os.File, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("sockshell", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		cmds        = fs.String("c", "", "")
		echo        bool
		exitOnError bool
		colorMode   = fs.String("color", "auto", "")
		timeout     = fs.Float64("timeout", 30, "")
		history     = fs.String("history", repl.HistoryPath(), "")
		showHelp    = fs.Bool("help", false, "")
		showVersion = fs.Bool("version", false, "")
	)
	fs.BoolVar(&echo, "x", false, "")
	fs.BoolVar(&echo, "echo", false, "")
	fs.BoolVar(&exitOnError, "e", false, "")
	fs.BoolVar(&exitOnError, "exit-on-error", false, "")
	fs.Bool("h", false, "")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(stdout, usage)
			return repl.ExitOK
		}
		fmt.Fprintf(stderr, "sockshell: %v\n%s", err, usage)
		return repl.ExitUsage
	}
	cSet := false
	fs.Visit(func(f *flag.Flag) { cSet = cSet || f.Name == "c" })
	switch {
	case *showHelp:
		fmt.Fprint(stdout, usage)
		return repl.ExitOK
	case *showVersion:
		fmt.Fprintf(stdout, "sockshell %s\n", version)
		return repl.ExitOK
	case *colorMode != "auto" && *colorMode != "always" && *colorMode != "never":
		fmt.Fprintf(stderr, "sockshell: --color must be auto, always or never, not %q\n", *colorMode)
		return repl.ExitUsage
	case *timeout < 0:
		fmt.Fprintf(stderr, "sockshell: --timeout must be 0 or more seconds\n")
		return repl.ExitUsage
	case fs.NArg() > 1 || (cSet && fs.NArg() > 0):
		fmt.Fprintf(stderr, "sockshell: give one FILE or -c, not both or several\n%s", usage)
		return repl.ExitUsage
	}

	interactive := !cSet && fs.NArg() == 0 && repl.IsTerminal(stdin)
	opts := commands.Options{Interactive: interactive}
	if !interactive {
		opts.Timeout = time.Duration(*timeout * float64(time.Second))
	}
	sess := commands.NewSession(stdout, stderr, opts)
	defer sess.Close()
	cfg := repl.Config{
		Echo:        echo,
		ExitOnError: exitOnError,
		Stderr:      stderr,
		Colors:      repl.NewColors(repl.ColorWanted(*colorMode, stderr)),
	}

	switch {
	case cSet:
		cfg.Source = "-c"
		return repl.RunCommands(sess, *cmds, cfg)
	case fs.NArg() == 1:
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "sockshell: %v\n", err)
			return repl.ExitUsage
		}
		defer f.Close()
		cfg.Source = fs.Arg(0)
		return repl.RunScript(sess, f, cfg)
	case interactive:
		cfg.Source = "<stdin>"
		return repl.RunInteractive(sess, cfg, *history)
	}
	cfg.Source = "<stdin>"
	return repl.RunScript(sess, stdin, cfg)
}
