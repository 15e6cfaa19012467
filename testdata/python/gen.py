#!/usr/bin/env python3
"""Regenerate the Python golden files: every NAME.in gives NAME.txt.

    python3 testdata/python/gen.py            regenerate every NAME.txt
    python3 testdata/python/gen.py a.in b.in  regenerate only these
    python3 testdata/python/gen.py --check    regenerate nothing; compare the
                                              .txt files with a run under
                                              another hash seed and with the
                                              real `python3 -i`

A NAME.in holds statements as typed at the REPL ('>>> ' then '... ' lines, a
bare '...' for the blank line that ends a compound statement) and comment
lines ('# '); blank lines in a .in are only separators. Each .in runs in a
fresh python3 process (so socket fds start at 3, as in a fresh REPL), in one
namespace, statement by statement, the way code.InteractiveConsole feeds
lines to codeop and the real REPL runs them: 'single' mode, sys.displayhook
prints repr() and sets builtins._, an exception is shown by the interpreter's
own sys.excepthook, of which only the last line ('Type: message') is kept.

The .txt is the .in with, after each statement, the lines it printed.
README.md describes the format.
"""

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

PS1 = '>>> '
PS2 = '... '


class CaseError(Exception):
    """A case that cannot be recorded faithfully in the format."""


def parse_in(text, name):
    """Return the items of a .in: ('comment', line) and ('stmt', lineno, [lines])."""
    items = []
    for lineno, line in enumerate(text.split('\n'), 1):
        if line == '' or line.strip() == '':
            continue
        if line == '#' or line.startswith('# '):
            items.append(('comment', line))
        elif line.startswith(PS1):
            items.append(('stmt', lineno, [line[len(PS1):]]))
        elif line.startswith(PS2) or line == '...':
            if not items or items[-1][0] != 'stmt':
                raise CaseError(f'{name}:{lineno}: continuation line without a statement')
            items[-1][2].append(line[len(PS2):])
        else:
            raise CaseError(f'{name}:{lineno}: not a comment, statement or continuation: {line!r}')
    return items


# ---------------------------------------------------------------------------
# The child: runs one .in in this (fresh) process and prints the .txt.

def run_file(path):
    import builtins
    import codeop
    import io

    name = os.path.basename(path)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    items = parse_in(text, name)

    # The REPL's own streams are UTF-8 text files with strict encoding on
    # stdout and backslashreplace on stderr; print() and the displayhook
    # write to stdout, warnings to stderr, both into one buffer in order.
    sink = io.BytesIO()
    out = io.TextIOWrapper(sink, encoding='utf-8', errors='strict', write_through=True)
    err = io.TextIOWrapper(sink, encoding='utf-8', errors='backslashreplace', write_through=True)
    real_stdout = sys.stdout
    namespace = {'__name__': '__main__', '__doc__': None, '__builtins__': builtins}
    if hasattr(builtins, '_'):
        del builtins._

    result = []
    for item in items:
        if item[0] == 'comment':
            result.append(item[1])
            continue
        _, lineno, lines = item
        where = f'{name}:{lineno}'
        result.append(PS1 + lines[0])
        for line in lines[1:]:
            result.append(PS2 + line if line else '...')

        sink.seek(0)
        sink.truncate()
        code = None
        last_line = None
        sys.stdout, sys.stderr = out, err
        try:
            for i in range(len(lines)):
                try:
                    code = codeop.compile_command('\n'.join(lines[:i + 1]), '<stdin>', 'single')
                except (SyntaxError, OverflowError, ValueError):
                    if i != len(lines) - 1:
                        raise CaseError(f'{where}: the REPL reports the error after line {i + 1}, '
                                        f'but the statement has {len(lines)} lines')
                    last_line = show_exception(sys.exc_info())
                    break
                if code is not None and i != len(lines) - 1:
                    raise CaseError(f'{where}: the REPL runs the statement after line {i + 1}, '
                                    f'but it has {len(lines)} lines (a missing or extra "..."?)')
            else:
                if code is None:
                    # codeop waits for more (an 'except' after a 'try:' body,
                    # say) where the REPL's tokenizer, given the blank line
                    # that ends a block, compiles and reports the error.
                    if lines[-1] != '' or inside_brackets(lines):
                        raise CaseError(f'{where}: the statement is incomplete (a missing "..."?)')
                    try:
                        compile('\n'.join(lines) + '\n', '<stdin>', 'single')
                    except SyntaxError:
                        last_line = show_exception(sys.exc_info())
                    else:
                        raise CaseError(f'{where}: codeop and compile disagree')
            if code is not None:
                try:
                    exec(code, namespace)
                except SystemExit:
                    raise CaseError(f'{where}: SystemExit would end the REPL')
                except BaseException:
                    last_line = show_exception(sys.exc_info())
        finally:
            sys.stdout, sys.stderr = real_stdout, sys.__stderr__
        printed = sink.getvalue().decode('utf-8')
        if printed and not printed.endswith('\n'):
            raise CaseError(f'{where}: output does not end with a newline: {printed!r}')
        output = printed.split('\n')[:-1] if printed else []
        if last_line is not None:
            output.append(last_line)
        for line in output:
            check_output_line(where, line)
        result.extend(output)

    sys.stdout.write('\n'.join(result) + '\n')


def inside_brackets(lines):
    """Whether the lines end inside brackets or a triple-quoted string, where
    the REPL takes a blank line as part of the statement and waits for more."""
    import io
    import tokenize
    try:
        for _ in tokenize.generate_tokens(io.StringIO('\n'.join(lines) + '\n').readline):
            pass
    except tokenize.TokenError:
        return True
    except SyntaxError:
        return False
    return False


def show_exception(exc_info):
    """Display an exception as the REPL does; return the display's last line."""
    import io
    typ, value, tb = exc_info
    sys.last_type, sys.last_value, sys.last_traceback = typ, value, tb
    shown = io.StringIO()
    saved, sys.stderr = sys.stderr, shown
    try:
        sys.__excepthook__(typ, value, tb)
    finally:
        sys.stderr = saved
    last = shown.getvalue().rstrip('\n').split('\n')[-1]
    qualified = typ.__qualname__
    if typ.__module__ not in ('builtins', '__main__'):
        qualified = typ.__module__ + '.' + qualified
    if not (last == qualified or last.startswith(qualified + ': ')):
        raise CaseError(f'the last line {last!r} is not "{qualified}: message" '
                        '(a multi-line message or a note?)')
    return last


def check_output_line(where, line):
    if line.startswith(PS1) or line.startswith(PS2) or line == '...' or line.startswith('#'):
        raise CaseError(f'{where}: output line {line!r} would read as a statement or comment')
    bad = [c for c in line if (ord(c) < 32 and c != '\t') or ord(c) == 127 or 0x80 <= ord(c) < 0xa0]
    if bad:
        raise CaseError(f'{where}: output line {line!r} holds control characters')
    if re.search(r' at 0x[0-9a-fA-F]+', line):
        raise CaseError(f'{where}: output line {line!r} shows a memory address')
    if len(line) > 200:
        print(f'{where}: note: output line of {len(line)} characters', file=sys.__stderr__)


# ---------------------------------------------------------------------------
# The parent: one child per file, and the checks.

def child_env(seed):
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    env['PYTHONHASHSEED'] = str(seed)
    env['LC_ALL'] = 'C.UTF-8'
    env.pop('LANG', None)
    env.pop('LANGUAGE', None)
    return env


def generate(path, seed=0):
    """Run path (a .in) in a fresh interpreter; return the .txt text."""
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), '--run', path],
                              cwd=cwd, env=child_env(seed), capture_output=True,
                              text=True, encoding='utf-8', timeout=300)
    if proc.stderr:
        sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise CaseError(f'{path}: generation failed')
    return proc.stdout


def repl_outputs(items, seed=0):
    """Feed the statements to a real `python3 -i`; return each one's output lines,
    tracebacks cut to their last line."""
    stmts = [it[2] for it in items if it[0] == 'stmt']
    stdin = ''.join(''.join(line + '\n' for line in lines) for lines in stmts)
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run([sys.executable, '-q', '-u', '-i'], input=stdin, cwd=cwd,
                              env=child_env(seed), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, encoding='utf-8',
                              timeout=300)
    text = proc.stdout
    pos = 0
    outputs = []
    for n, lines in enumerate(stmts):
        prompts = PS1 + PS2 * (len(lines) - 1)
        if not text.startswith(prompts, pos):
            raise CaseError(f'real REPL: statement {n + 1} {lines[0]!r}: expected prompts '
                            f'{prompts!r} at {text[pos:pos + 80]!r}')
        pos += len(prompts)
        if text.startswith(PS1, pos):
            outputs.append([])
            continue
        end = text.find('\n' + PS1, pos)
        if end < 0:
            end = len(text)
            chunk = text[pos:end]
            if chunk.endswith(PS1):
                chunk = chunk[:-len(PS1)]
        else:
            end += 1
            chunk = text[pos:end]
        pos = end
        outputs.append(cut_tracebacks(chunk.split('\n')[:-1] if chunk else []))
    return stmts, outputs


def cut_tracebacks(lines):
    for i, line in enumerate(lines):
        if line == 'Traceback (most recent call last):' or line.startswith('  File "<stdin>"'):
            return lines[:i] + [lines[-1]]
    return lines


def txt_outputs(text):
    """Split a .txt into its statements' output lines."""
    outputs = []
    current = None
    for line in text.split('\n')[:-1]:
        if line.startswith(PS1):
            current = []
            outputs.append(current)
        elif line.startswith(PS2) or line == '...':
            continue
        elif line == '#' or line.startswith('# '):
            continue
        else:
            current.append(line)
    return outputs


def check(paths):
    ok = True
    for path in paths:
        txt = path[:-3] + '.txt'
        with open(txt, encoding='utf-8') as f:
            recorded = f.read()
        for seed in (0, 12345):
            again = generate(path, seed)
            if again != recorded:
                ok = False
                print(f'{txt}: differs when run again with PYTHONHASHSEED={seed}:')
                show_diff(recorded, again)
        with open(path, encoding='utf-8') as f:
            items = parse_in(f.read(), path)
        stmts, real = repl_outputs(items)
        for lines, want, got in zip(stmts, txt_outputs(recorded), real):
            if want != got:
                ok = False
                print(f'{txt}: {lines[0]!r}: recorded {want!r}, the real REPL printed {got!r}')
        print(f'{txt}: checked {len(stmts)} statements')
    return ok


def show_diff(a, b):
    import difflib
    sys.stdout.writelines(difflib.unified_diff(a.splitlines(True), b.splitlines(True), 'recorded', 'again'))


def main(argv):
    if argv[:1] == ['--run']:
        try:
            run_file(argv[1])
        except CaseError as e:
            print(e, file=sys.__stderr__)
            return 1
        return 0
    if sys.version_info[:2] != (3, 11):
        print(f'warning: the golden files are Python 3.11\'s; this is {sys.version.split()[0]}',
              file=sys.stderr)
    do_check = '--check' in argv
    paths = [os.path.abspath(a) for a in argv if a != '--check']
    if not paths:
        paths = sorted(os.path.join(HERE, n) for n in os.listdir(HERE) if n.endswith('.in'))
    try:
        if do_check:
            return 0 if check(paths) else 1
        for path in paths:
            text = generate(path)
            with open(path[:-3] + '.txt', 'w', encoding='utf-8') as f:
                f.write(text)
            print(f'{path[:-3]}.txt: {sum(1 for l in text.split(chr(10)) if l.startswith(PS1))} statements')
    except CaseError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
