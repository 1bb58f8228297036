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
import io
import re
import tokenize

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
    except (SyntaxError, ValueError):
        return False
    return True


def _cell_name(cell: Cell) -> str:
    return cell.label.rsplit(",", 1)[0] if "," in cell.label else cell.label


def strip_cell(cell: Cell, warnings: list[str]) -> Cell | None:
    """The cell as IPython would run it, or None when IPython would not run it as Python."""
    if _parses(cell.code):
        return cell
    lines = cell.code.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    match = _CELL_MAGIC.match(lines[first]) if first is not None else None
    if match:
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
        body = Cell(code="\n".join([""] * (first + 1) + lines[first + 1:]), filename=cell.filename,
                    label=cell.label)
        return strip_cell(body, warnings)
    return Cell(code="\n".join(_strip_lines(lines, cell, warnings)), filename=cell.filename, label=cell.label)


def _strip_lines(lines: list[str], cell: Cell, warnings: list[str]) -> list[str]:
    out = list(lines)
    for start, end in _candidate_lines(lines):
        # a candidate inside brackets, a string or a backslash continuation is not a magic
        if not _starts_statement(out[:start]):
            continue
        out[start:end + 1] = _replacement(lines[start], cell, start, warnings) + [""] * (end - start)
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


def _starts_statement(before: list[str]) -> bool:
    """Whether the line after `before` (the cell so far, magics already replaced) begins a
    new statement: not inside open brackets, a multi-line string or a backslash continuation."""
    if before and before[-1].rstrip().endswith("\\"):
        return False
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(before) + "\n").readline):
            pass
    except tokenize.TokenError:
        return False          # EOF in a multi-line statement or string
    except SyntaxError:
        return True           # e.g. inconsistent dedent: not a continuation question
    return True


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
