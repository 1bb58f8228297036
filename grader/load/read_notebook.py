"""Read the code cells of an .ipynb submission: json for the syntax (its errors carry a line
and column), nbformat for the structure."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat

from grader.load import conflicts
from grader.load.program import Cell, LoadError


def _parse(path: Path) -> dict:
    """The notebook's JSON, or a LoadError saying in one line where and why it is broken."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise LoadError(f"cannot read {path.name}: {exc.strerror}") from exc
    line = conflicts.conflict_line(text)
    if line is not None:
        raise LoadError(f"{path.name} is not a readable Jupyter notebook: {conflicts.describe(line)}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                        f"{exc.msg}), so it is not a readable Jupyter notebook; was it saved "
                        "completely, or edited by hand?") from exc


def read_notebook(path: Path) -> list[Cell]:
    data = _parse(path)
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # valid JSON, but not a notebook nbformat understands
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise LoadError(f"{path.name} is not a readable Jupyter notebook: {first}") from exc
    cells = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cells.append(Cell(code=source, filename=f"{path}[cell {number}]", label=f"cell {number}, line"))
    return cells
