"""What IPython does with each magic, as far as grading needs to know: whether a cell magic's
body is Python run in the notebook's own namespace, and what a line magic leaves behind.

Hand-written rather than importing IPython: the grader needs only this classification (IPython
is a large dependency the grading environment does not otherwise need), and nothing here runs
a magic. Names follow IPython 8's built-in magics plus common extensions.
"""
from __future__ import annotations

# Cell magics whose body IPython runs as Python in the user namespace, once (names it defines
# stay defined): %%time, %%capture (output captured), %%prun (profiled), %%debug (under pdb;
# the grader runs it without a debugger).
PYTHON_BODY = frozenset({"time", "capture", "prun", "debug"})

# Why the body of any other cell magic is not run.
_NOT_PYTHON = {
    "timeit": "runs its body repeatedly inside a timing function, so names it defines never "
              "reach the notebook; the grader does not time code",
    "writefile": "writes its body to a file instead of running it; the grader does not write files",
    "file": "writes its body to a file instead of running it; the grader does not write files",
    "bash": "a shell script", "sh": "a shell script", "system": "a shell script",
    "sx": "a shell script", "shell": "a shell script", "cmd": "a shell script",
    "script": "a script run in a separate process, not in the notebook's namespace",
    "python": "runs in a separate Python process, not in the notebook's namespace",
    "python2": "runs in a separate Python process, not in the notebook's namespace",
    "python3": "runs in a separate Python process, not in the notebook's namespace",
    "pypy": "runs in a separate process, not in the notebook's namespace",
    "perl": "a Perl script", "ruby": "a Ruby script", "R": "R code", "sql": "SQL",
    "html": "HTML to display", "javascript": "JavaScript to display", "js": "JavaScript to display",
    "markdown": "Markdown to display", "latex": "LaTeX to display", "svg": "SVG to display",
    "cython": "Cython code compiled by an extension",
}


def cell_magic_runs_python(name: str) -> bool:
    return name in PYTHON_BODY


def why_not_run(name: str) -> str:
    """Why the body of the cell magic `name` (without %%) is not run as Python."""
    return _NOT_PYTHON.get(name, "a cell magic the grader does not know (from an extension?)")


def written_module(name: str, args: str) -> tuple[str, bool] | None:
    """(file, append) for `%%writefile [-a] NAME.py` where NAME is a top-level module name that a
    later `import NAME` would find in the notebook's folder; None for any other cell magic."""
    if name not in ("writefile", "file"):
        return None
    words = args.split()
    append = any(w in ("-a", "--append") for w in words)
    files = [w.strip("'\"") for w in words if not w.startswith("-")]
    if len(files) != 1 or not files[0].endswith(".py") or not files[0][:-3].isidentifier():
        return None
    return files[0], append


# Line magics that run the rest of their line as a Python statement in the user namespace.
STATEMENT_LINE_MAGICS = frozenset({"time"})
# Line magics (and `!cmd`) whose value, when assigned, is captured shell output (an SList).
SHELL_LINE_MAGICS = frozenset({"sx", "system"})


def line_magic_value(name: str, rest: str) -> str:
    """A Python expression standing for `%name rest` on the right of an assignment
    (`files = !ls`, `out = %sx ls`, `h = %time train(...)`)."""
    if name in STATEMENT_LINE_MAGICS and rest.strip():
        return rest.strip()
    if name in SHELL_LINE_MAGICS or name.startswith("!"):
        return "[]"   # the grader runs no shell: no output lines
    return "None"
