"""Turn IPython syntax into the Python IPython would run, or blank it, line for line, so line
numbers stay the student's.

  - a cell that is valid Python is never touched (a line starting with `%` or `!=` inside
    brackets, or `!important` inside a string, is not a magic);
  - a cell magic on a cell's first line: the body of a Python-running magic (%%time, %%capture,
    %%prun, %%debug) is kept as code, the magic line blanked; any other cell magic (%%bash,
    %%writefile, %%html, %%timeit, ...) drops the cell with a note saying why;
  - line magics, `!shell` lines (with backslash continuations), `obj?` / `?obj` help: blanked
    (`pass` where they were a block's body); `%time stmt` keeps `stmt`; `x = !ls` and
    `x = %magic` keep the assignment (`[]` for shell output, `None` otherwise).
"""
from __future__ import annotations

import ast
import re

from grader.load import magics
from grader.load.program import Cell

_CELL_MAGIC = re.compile(r"^\s*%%(?P<name>[\w.-]+)")
_HELP = re.compile(r"^\s*(?:\?{1,2}\s*[\w.\[\]()]+|[\w.\[\]()]+\s*\?{1,2})\s*$")
_LINE_MAGIC = re.compile(r"^(?P<indent>\s*)(?P<esc>%%|%|!!|!)(?P<name>[\w.-]*)\s?(?P<rest>.*)$")
_ASSIGNED = re.compile(r"^(?P<indent>\s*)(?P<target>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*"
                       r"(?P<esc>%|!!|!)(?P<name>[\w.-]*)\s?(?P<rest>.*)$")


def strip_magics(cells: list[Cell], warnings: list[str]) -> list[Cell]:
    out = []
    for cell in cells:
        kept = strip_cell(cell, warnings)
        if kept is not None:
            out.append(kept)
    return out


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError):   # RecursionError: nested too deeply to parse
        return False
    return True


def _cell_name(cell: Cell) -> str:
    return cell.label.rsplit(",", 1)[0] if "," in cell.label else cell.label


def strip_cell(cell: Cell, warnings: list[str]) -> Cell | None:
    """The cell as IPython would run it, or None when IPython would not run it as Python.
    Linear in the cell's length: cell magics stacked on top of each other (`%%time` over
    `%%capture` over ...) are peeled in one loop, and each line is scanned once."""
    if _parses(cell.code):
        return cell
    lines = cell.code.split("\n")
    first = 0
    while True:
        first = next((i for i in range(first, len(lines)) if lines[i].strip()), None)
        match = _CELL_MAGIC.match(lines[first]) if first is not None else None
        if not match:
            break
        name = match["name"]
        written = magics.written_module(name, lines[first][match.end():])
        if written is not None:
            target, append = written
            warnings.append(f"{_cell_name(cell)}: %%{name} {target}: not run here; `import "
                            f"{target[:-3]}` gives its code, as after Jupyter wrote the file")
            return Cell(code="\n".join([""] * (first + 1) + lines[first + 1:]), filename=cell.filename,
                        label=cell.label, writes=target, append=append)
        if not magics.cell_magic_runs_python(name):
            warnings.append(f"{_cell_name(cell)}: not run (%%{name} cell: {magics.why_not_run(name)})")
            return None
        # the body is the cell, as IPython runs it (it may hold further magics, even a cell magic)
        lines[first] = ""
        first += 1
    code = "\n".join(lines)
    if _parses(code):
        return Cell(code=code, filename=cell.filename, label=cell.label)
    return Cell(code="\n".join(_strip_lines(lines, cell, warnings)), filename=cell.filename, label=cell.label)


def _strip_lines(lines: list[str], cell: Cell, warnings: list[str]) -> list[str]:
    out = list(lines)
    candidates = dict(_candidate_lines(lines))
    state = _Open()
    i = 0
    while i < len(lines):
        end = candidates.get(i)
        # a candidate inside brackets, a string or a backslash continuation is not a magic
        if end is not None and state.starts_statement():
            out[i:end + 1] = _replacement(lines[i], cell, i, warnings) + [""] * (end - i)
            i = end + 1          # what replaced it is a whole statement: the state stays clean
            continue
        state.scan(lines[i])
        i += 1
    return out


def _candidate_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line index of each line that looks like IPython syntax, with its
    backslash continuation lines."""
    found, i = [], 0
    while i < len(lines):
        line = lines[i]
        if _LINE_MAGIC.match(line) and line.strip()[:1] in "%!" and not line.strip().startswith("!=") \
                or _HELP.match(line) or _ASSIGNED.match(line):
            end = i
            while lines[end].rstrip().endswith("\\") and end + 1 < len(lines):
                end += 1
            found.append((i, end))
            i = end + 1
        else:
            i += 1
    return found


class _Open:
    """What is open at the end of the lines scanned so far: brackets, a string (a triple-quoted
    one, or a single-quoted one continued by a backslash), a backslash continuation. Fed one line
    at a time, each character looked at once, so deciding for every line whether it begins a
    statement costs one pass over the cell (tokenizing the whole prefix again for each candidate
    line made a notebook with many magic lines quadratic: a minute of the grader's CPU)."""

    def __init__(self):
        self.depth = 0            # open brackets
        self.quote = ""           # the quote of a string still open at the end of the line
        self.continued = False    # the line ended in a backslash outside a string

    def starts_statement(self) -> bool:
        return self.depth == 0 and not self.quote and not self.continued

    def scan(self, line: str) -> None:
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            if self.quote:
                close = self._string_end(line, i)
                if close < 0:
                    if len(self.quote) == 1 and not line.endswith("\\"):
                        self.quote = ""   # an unterminated one-line string ends with its line
                    return
                self.quote, i = "", close
                continue
            c = line[i]
            if c == "#":
                return
            if c in "\"'":
                self.quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else c
                i += len(self.quote)
                continue
            if c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            elif c == "\\" and not line[i + 1:].strip():
                self.continued = True
            i += 1

    def _string_end(self, line: str, i: int) -> int:
        """The index just past the open string's closing quote on this line, or -1."""
        n = len(line)
        while i < n:
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if line.startswith(self.quote, i):
                return i + len(self.quote)
            i += 1
        return -1


def _replacement(line: str, cell: Cell, index: int, warnings: list[str]) -> list[str]:
    """What one magic line becomes: one line."""
    assigned = _ASSIGNED.match(line)
    if assigned:
        name = assigned["name"] if assigned["esc"] == "%" else "!"
        value = magics.line_magic_value(name, assigned["rest"])
        return [f"{assigned['indent']}{assigned['target']} = {value}"]
    magic = _LINE_MAGIC.match(line)
    indent = line[: len(line) - len(line.lstrip())]
    if magic and magic["esc"] == "%%":
        warnings.append(f"{cell.label} {index + 1}: %%{magic['name']} is a cell magic but is not on "
                        "the cell's first line (IPython would refuse it); the line was ignored")
    elif magic and magic["esc"] == "%" and magic["name"] in magics.STATEMENT_LINE_MAGICS \
            and magic["rest"].strip() and _parses(magic["rest"].strip()):
        return [indent + magic["rest"].strip()]
    elif magic and magic["esc"] == "%" and magic["name"] in ("run", "load"):
        # code from another file: the grader has only this one, so say so where the NameErrors start
        warnings.append(f"{cell.label} {index + 1}: `%{magic['name']} {magic['rest'].strip()}` was not run: "
                        "the grader runs only the submitted file (paste that code into it)")
    # blank; a block whose only body line this was stays valid with `pass`
    return [indent + "pass" if indent else ""]
