"""Drop cells that are not valid Python, with a warning: one bad cell must not sink the rest."""
from __future__ import annotations

import ast

from grader.load import conflicts
from grader.load.program import Cell


def drop_invalid(cells: list[Cell], warnings: list[str]) -> list[Cell]:
    out = []
    for cell in cells:
        if cell.writes:          # a written file is checked when it is imported, as in Jupyter
            out.append(cell)
            continue
        try:
            ast.parse(cell.code, filename=cell.filename)
        except SyntaxError as exc:
            # merge markers are the likeliest cause of a file that stopped parsing: say so
            marker = conflicts.conflict_line(cell.code)
            if marker is not None:
                warnings.append(f"{cell.label} {marker}: {conflicts.describe(marker)}; this code was skipped")
                continue
            where = f"{cell.label} {exc.lineno}" if exc.lineno else cell.label
            warnings.append(f"{where}: not valid Python ({exc.msg}); this code was skipped")
            continue
        except RecursionError:
            # CPython's own parser gives up ("maximum recursion depth exceeded during ast
            # construction"): Python could not run it either
            warnings.append(f"{cell.label}: not valid Python (nested too deeply for Python to parse); "
                            "this code was skipped")
            continue
        out.append(cell)
    return out
