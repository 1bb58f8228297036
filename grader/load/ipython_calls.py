"""`get_ipython()` calls, as notebooks exported to .py (`jupyter nbconvert --to script`) and
some hand-written code hold them, treated like the magics they stand for:

  - `get_ipython().run_cell_magic('time', '', BODY)` at top level: BODY is run in place, as its
    own cell (named after the line it came from), when the magic runs Python; any other cell
    magic is dropped with the same note as in a notebook;
  - `get_ipython().run_line_magic('time', 'stmt')` keeps `stmt`; any other statement calling
    a `get_ipython()` method (system, run_line_magic, magic, ...) is blanked (`pass` in a block);
    `x = get_ipython().getoutput(...)` keeps the assignment with `[]`.

Lines are blanked, never removed: the file keeps its line numbers. One pass over the file,
however many calls it holds (a split per call, each re-parsing the rest, was quadratic).
"""
from __future__ import annotations

import ast

from grader.load import magics
from grader.load.limits import MAX_PROGRAM_BYTES
from grader.load.program import Cell, LoadError
from grader.load.strip_magics import strip_cell


def ipython_calls(cells: list[Cell], warnings: list[str]) -> list[Cell]:
    out: list[Cell] = []
    for cell in cells:
        out += _rewrite(cell, warnings)
    return out


def _method_call(node) -> tuple[str, list] | None:
    """(method, args) for `get_ipython().method(args...)`, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = node.func.value
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "get_ipython":
            return node.func.attr, node.args
    return None


def _literal(args: list, i: int):
    return args[i].value if len(args) > i and isinstance(args[i], ast.Constant) and isinstance(args[i].value, str) else None


def _rewrite(cell: Cell, warnings: list[str]) -> list[Cell]:
    if cell.writes or "get_ipython" not in cell.code:
        return [cell]            # a %%writefile body is written verbatim, never rewritten
    try:
        tree = ast.parse(cell.code)
    except (SyntaxError, ValueError, RecursionError):
        return [cell]            # drop_invalid reports it
    lines = cell.code.split("\n")
    top = {id(s) for s in tree.body}
    splits = []                  # the top-level run_cell_magic calls: each body becomes a cell
    for node in ast.walk(tree):
        # statement lists only: a conditional expression's or a lambda's `body` is one expression
        for stmt in [s for field in ("body", "orelse", "finalbody") if isinstance(getattr(node, field, None), list)
                     for s in getattr(node, field) if isinstance(s, ast.stmt)]:
            value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
            call = _method_call(value)
            if call is None:
                continue
            method, args = call
            if method == "run_cell_magic" and id(stmt) in top and isinstance(stmt, ast.Expr):
                splits.append((stmt, args))
            else:
                _blank(lines, stmt, _line_replacement(stmt, method, args))
    if not splits:
        return [Cell(code="\n".join(lines), filename=cell.filename, label=cell.label)]
    return _split_at_cell_magics(cell, lines, sorted(splits, key=lambda s: s[0].lineno), warnings)


def _line_replacement(stmt, method: str, args: list) -> str | None:
    """One line standing for the statement, or None for `pass`/blank."""
    if isinstance(stmt, ast.Assign):
        targets = " = ".join(ast.unparse(t) for t in stmt.targets)
        if method == "run_line_magic" and _literal(args, 0) in magics.STATEMENT_LINE_MAGICS:
            return f"{targets} = {_literal(args, 1)}" if _literal(args, 1) else f"{targets} = None"
        return f"{targets} = {'[]' if method in ('getoutput', 'system') else 'None'}"
    name, rest = _literal(args, 0), _literal(args, 1)
    if method == "run_line_magic" and name in magics.STATEMENT_LINE_MAGICS and rest and "\n" not in rest:
        try:
            ast.parse(rest)
            return rest
        except SyntaxError:
            return None
    return None


def _blank(lines: list[str], stmt, replacement: str | None) -> None:
    first, last = stmt.lineno - 1, stmt.end_lineno - 1
    indent = lines[first][: stmt.col_offset]
    head = indent + replacement if replacement else (indent + "pass" if indent.strip() == "" and indent else "")
    lines[first:last + 1] = [head] + [""] * (last - first)


def _split_at_cell_magics(cell: Cell, lines: list[str], splits: list, warnings) -> list[Cell]:
    """The code between the calls as cells of the file (blank lines before them keep the file's
    line numbers), each magic's body as its own cell, in order. One pass; the cells made are
    bounded in all (MAX_PROGRAM_BYTES): blank padding repeated for each of many calls would
    otherwise grow with their number times the file's length."""
    out: list[Cell] = []
    made = 0

    def add(new: list[Cell]) -> None:
        nonlocal made
        made += sum(len(c.code) for c in new)
        if made > MAX_PROGRAM_BYTES:
            raise LoadError(f"{cell.filename}: its get_ipython().run_cell_magic calls make more than "
                            f"{MAX_PROGRAM_BYTES // 2**20} MiB of cells; was this file generated?")
        out.extend(new)

    start = 0                    # the first line (0-based) not yet in a cell
    for stmt, args in splits:
        first, last = stmt.lineno - 1, stmt.end_lineno - 1
        if any(line.strip() for line in lines[start:first]):
            add([Cell(code="\n".join([""] * start + lines[start:first]), filename=cell.filename,
                      label=cell.label)])
        add(_magic_body(cell, stmt, args, warnings))
        start = last + 1
    if any(line.strip() for line in lines[start:]):
        add([Cell(code="\n".join([""] * start + lines[start:]), filename=cell.filename, label=cell.label)])
    return out


def _magic_body(cell: Cell, stmt, args, warnings) -> list[Cell]:
    """What `get_ipython().run_cell_magic(name, line, BODY)` at top level runs: BODY as a cell of
    its own (rewritten in turn) when the magic runs Python, else nothing, with a note."""
    name, body = _literal(args, 0), _literal(args, 2)
    where = f"{cell.label} {stmt.lineno}"
    written = magics.written_module(name, _literal(args, 1) or "") if name and body is not None else None
    if name is None or body is None:
        warnings.append(f"{where}: a get_ipython().run_cell_magic call with computed arguments was not run")
        return []
    if written is not None:
        warnings.append(f"{where}: %%{name} {written[0]}: not run here; `import {written[0][:-3]}` gives "
                        "its code, as after Jupyter wrote the file")
        return [Cell(code=body, filename=f"{cell.filename}[line {stmt.lineno} %%{name}]",
                     label=f"{where} (%%{name} body), line", writes=written[0], append=written[1])]
    if not magics.cell_magic_runs_python(name):
        warnings.append(f"{where}: not run (%%{name} cell: {magics.why_not_run(name)})")
        return []
    inner = Cell(code=body, filename=f"{cell.filename}[line {stmt.lineno} %%{name}]",
                 label=f"{where} (%%{name} body), line")
    kept = strip_cell(inner, warnings)
    return _rewrite(kept, warnings) if kept is not None else []
