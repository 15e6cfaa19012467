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
//
// The Go runtime would keep the container's CPU-quota files open (Go 1.25's
// container-aware GOMAXPROCS), taking fds 3 and 4 on some machines and not
// on others; a shell whose point is showing real fd numbers turns that off,
// and starts the runtime's poller above the numbers sockets will take
// (netinfo.StartPoller), so its sockets are numbered as Python's are, from
// 3, on every machine and in every run.
//
//go:debug containermaxprocs=0
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"sockshell/commands"
	"sockshell/netinfo"
	"sockshell/repl"

	// The command packages add their commands to the shell's table.
	_ "sockshell/commands/diagramcmd"
	_ "sockshell/commands/explaincmd"
	_ "sockshell/commands/linecmd"
	_ "sockshell/commands/lookupcmd"
	_ "sockshell/commands/peercmd"
	_ "sockshell/commands/selectmod"
	_ "sockshell/commands/sockcmd"
	_ "sockshell/commands/tlscmd"
)

// version is sockshell's release.
const version = "0.1.0"

const usage = `usage: sockshell [flags] [FILE]

An interactive shell for exploring BSD sockets.

  sockshell                 interactive, on a terminal
  sockshell FILE            run FILE as a script
  sockshell -c 'cmd; cmd'   run the commands given
  sockshell --step FILE     play FILE one command at a time (Enter runs each)
  cmd | sockshell           run stdin as a script

flags:
  -c CMDS               run CMDS (separated by ';' or newlines)
  -x, --echo            print each command, prompt first, before its output
  -e, --exit-on-error   stop at the first failed command
  --step FILE           offer FILE's commands one at a time at the prompt (on
                        a terminal; otherwise FILE simply runs as a script)
  -q, --quiet           no banner at the start of a terminal session
  -v, --verbose         log each connection to the local servers on stderr
  --trace               show each socket system call on stderr (trace on)
  --color=WHEN          auto (default), always or never; NO_COLOR is honoured
  --timeout=SECONDS     bound each blocking call of a script (default 30;
                        0: none)
  --history=FILE        history file ('' for none; default
                        $XDG_STATE_HOME/sockshell/history)
  --help                show this help
  --version             show the version

Exit status: 0 when every command succeeded, 1 when any failed, 2 for a
usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin *os.File, stdout, stderr *os.File) int {
	netinfo.StartPoller() // first: before anything opens a file
	fs := flag.NewFlagSet("sockshell", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		cmds        = fs.String("c", "", "")
		echo        bool
		exitOnError bool
		verbose     bool
		quiet       bool
		colorMode   = fs.String("color", "auto", "")
		timeout     = fs.Float64("timeout", 30, "")
		history     = fs.String("history", repl.HistoryPath(), "")
		stepFile    = fs.String("step", "", "")
		trace       = fs.Bool("trace", false, "")
		showHelp    = fs.Bool("help", false, "")
		showVersion = fs.Bool("version", false, "")
	)
	fs.BoolVar(&echo, "x", false, "")
	fs.BoolVar(&echo, "echo", false, "")
	fs.BoolVar(&exitOnError, "e", false, "")
	fs.BoolVar(&exitOnError, "exit-on-error", false, "")
	fs.BoolVar(&verbose, "v", false, "")
	fs.BoolVar(&verbose, "verbose", false, "")
	fs.BoolVar(&quiet, "q", false, "")
	fs.BoolVar(&quiet, "quiet", false, "")
	files, err := parseFlags(fs, args)
	if err != nil {
		if err == flag.ErrHelp { // -h, which is not defined, so flag reports it so
			fmt.Fprint(stdout, usage)
			return repl.ExitOK
		}
		return usageError(stderr, err.Error())
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
		return usageError(stderr, fmt.Sprintf("--color must be auto, always or never, not %q", *colorMode))
	case !(*timeout >= 0) || math.IsInf(*timeout, 0) || *timeout > 1e9:
		return usageError(stderr, "--timeout must be a number of seconds, 0 (no limit) or more")
	case len(files) > 1 || (cSet && len(files) > 0):
		return usageError(stderr, "give one FILE or -c, not both or several")
	case *stepFile != "" && (cSet || len(files) > 0):
		return usageError(stderr, "--step FILE takes no other FILE and no -c")
	}
	// --step: on a terminal the shell offers FILE's statements one by one;
	// with no one to press Enter (stdin not a terminal) FILE just runs.
	step := ""
	if *stepFile != "" {
		if !repl.IsTerminal(stdin) {
			files = []string{*stepFile}
		} else {
			if _, err := repl.ReadScript(*stepFile); err != nil {
				fmt.Fprintf(stderr, "sockshell: %v\n", commands.AsException(err))
				return repl.ExitUsage
			}
			step = *stepFile
		}
	}

	interactive := !cSet && len(files) == 0 && repl.IsTerminal(stdin)
	opts := commands.Options{Interactive: interactive, Verbose: verbose, Trace: *trace, Color: repl.ColorWanted(*colorMode, stdout), Width: repl.OutputWidth(stdout)}
	if !interactive {
		opts.Timeout = time.Duration(*timeout * float64(time.Second))
	}
	sess := commands.NewSession(stdout, stderr, opts)
	defer sess.Close()
	// The prompt goes where results go, except when an interactive session's
	// stdout is not a terminal: then readline draws it on stderr.
	promptTo := stdout
	if interactive && !repl.IsTerminal(stdout) {
		promptTo = stderr
	}
	cfg := repl.Config{
		Echo:        echo,
		ExitOnError: exitOnError,
		Stderr:      stderr,
		Colors:      repl.NewColors(repl.ColorWanted(*colorMode, promptTo), repl.ColorWanted(*colorMode, stderr)),
		Step:        step,
	}

	switch {
	case cSet:
		cfg.Source = "-c"
		return repl.RunCommands(sess, *cmds, cfg)
	case len(files) == 1:
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(stderr, "sockshell: %v\n", err)
			return repl.ExitUsage
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			fmt.Fprintf(stderr, "sockshell: %s: is a directory\n", files[0])
			return repl.ExitUsage
		}
		cfg.Source = files[0]
		return repl.RunScript(sess, f, cfg, true)
	case interactive:
		cfg.Source = "<stdin>"
		if !quiet {
			cfg.Version = version // the banner
		}
		return repl.RunInteractive(sess, cfg, *history)
	}
	cfg.Source = "<stdin>"
	return repl.RunScript(sess, stdin, cfg, false)
}

// parseFlags parses args, allowing flags after the FILE (`sockshell lab1.ss
// -x`), as most commands do; "--" ends the flags. It returns the FILE
// arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(files, rest...), nil // everything after -- is a FILE
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// usageError reports a wrong command line and returns the usage status.
func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "sockshell: %s\nusage: sockshell [flags] [FILE]; sockshell --help shows the flags\n", msg)
	return repl.ExitUsage
}
