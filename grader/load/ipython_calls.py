"""`get_ipython()` calls, as notebooks exported to .py (`jupyter nbconvert --to script`) and
some hand-written code hold them, treated like the magics they stand for:

  - `get_ipython().run_cell_magic('time', '', BODY)` at top level: BODY is run in place, as its
    own cell (named after the line it came from), when the magic runs Python; any other cell
    magic is dropped with the same note as in a notebook;
  - `get_ipython().run_line_magic('time', 'stmt')` keeps `stmt`; any other statement calling
    a `get_ipython()` method (system, run_line_magic, magic, ...) is blanked (`pass` in a block);
    `x = get_ipython().getoutput(...)` keeps the assignment with `[]`.

Lines are blanked, never removed: the file keeps its line numbers.
"""
from __future__ import annotations

import ast

from grader.load import magics
from grader.load.program import Cell
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
    if cell.writes:
        return [cell]            # a %%writefile body is written verbatim, never rewritten
    try:
        tree = ast.parse(cell.code)
    except (SyntaxError, ValueError):
        return [cell]            # drop_invalid reports it
    if "get_ipython" not in cell.code:
        return [cell]
    lines = cell.code.split("\n")
    for node in ast.walk(tree):
        for stmt in [s for field in ("body", "orelse", "finalbody") for s in getattr(node, field, []) or []
                     if isinstance(s, ast.stmt)]:
            value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
            call = _method_call(value)
            if call is None:
                continue
            method, args = call
            if method == "run_cell_magic" and stmt in tree.body and isinstance(stmt, ast.Expr):
                return _split_at_cell_magic(cell, lines, stmt, args, warnings)
            _blank(lines, stmt, _line_replacement(stmt, method, args))
    return [Cell(code="\n".join(lines), filename=cell.filename, label=cell.label)]


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


def _split_at_cell_magic(cell: Cell, lines: list[str], stmt, args, warnings) -> list[Cell]:
    """The cell before the call, the magic's body as its own cell, then the rest (rewritten in
    turn); before and rest keep the file's line numbers."""
    first, last = stmt.lineno - 1, stmt.end_lineno - 1
    name, body = _literal(args, 0), _literal(args, 2)
    before = lines[:first] + [""] * (len(lines) - first)
    after = [""] * (last + 1) + lines[last + 1:]
    out = []
    if any(line.strip() for line in before):
        out += _rewrite(Cell(code="\n".join(before), filename=cell.filename, label=cell.label), warnings)
    where = f"{cell.label} {stmt.lineno}"
    written = magics.written_module(name, _literal(args, 1) or "") if name and body is not None else None
    if name is None or body is None:
        warnings.append(f"{where}: a get_ipython().run_cell_magic call with computed arguments was not run")
    elif written is not None:
        warnings.append(f"{where}: %%{name} {written[0]}: not run here; `import {written[0][:-3]}` gives "
                        "its code, as after Jupyter wrote the file")
        out.append(Cell(code=body, filename=f"{cell.filename}[line {stmt.lineno} %%{name}]",
                        label=f"{where} (%%{name} body), line", writes=written[0], append=written[1]))
    elif not magics.cell_magic_runs_python(name):
        warnings.append(f"{where}: not run (%%{name} cell: {magics.why_not_run(name)})")
    else:
        inner = Cell(code=body, filename=f"{cell.filename}[line {stmt.lineno} %%{name}]",
                     label=f"{where} (%%{name} body), line")
        kept = strip_cell(inner, warnings)
        if kept is not None:
            out += _rewrite(kept, warnings)
    out += _rewrite(Cell(code="\n".join(after), filename=cell.filename, label=cell.label), warnings)
    return out
