"""Read the code cells of an .ipynb submission: json for the syntax (its errors carry a line
and column), the cells as Jupyter shows them for nbformat 4 (whatever the minor version or
missing optional keys), nbformat's conversion for older notebooks (worksheets)."""
from __future__ import annotations

import json
from pathlib import Path

from grader.load import conflicts
from grader.load.program import Cell, LoadError


def _parse(path: Path) -> dict:
    """The notebook's JSON, or a LoadError saying in one line where and why it is broken."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise LoadError(f"cannot read {path.name}: {exc.strerror}") from exc
    if not text.strip():
        raise LoadError(f"{path.name} is empty ({len(text)} bytes): was the notebook saved before it was submitted?")
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
    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        cells = data["cells"]           # nbformat 4 (any minor version) and anything shaped like it
    elif not isinstance(data, dict) or not isinstance(data.get("worksheets"), list):
        raise LoadError(f"{path.name} is JSON but not a Jupyter notebook (a notebook is a JSON object "
                        "with a list of \"cells\"); was the right file submitted?")
    else:
        cells = _converted(path, data)  # nbformat 3 and older keep cells in worksheets
    out = []
    for number, cell in enumerate(cells, start=1):
        # read as Jupyter shows it: only what is there matters (a missing `outputs` or `metadata`,
        # a cell id where the minor version has none, or a newer nbformat would fail nbformat's
        # validation but not the notebook's code)
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            out.append(Cell(code=_source(cell.get("source")), filename=f"{path}[cell {number}]",
                            label=f"cell {number}, line"))
    return out


def _source(source) -> str:
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _converted(path: Path, data) -> list:
    """The cells of an older notebook, by nbformat's own conversion to version 4."""
    import nbformat   # here: 0.3 s to import, and only notebooks older than version 4 need it

    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # valid JSON, but not a notebook nbformat understands
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise LoadError(f"{path.name} is not a readable Jupyter notebook: {first}") from exc
    return [dict(cell) for cell in nb.cells]
