"""Read the code cells of an .ipynb submission with nbformat."""
from __future__ import annotations

from pathlib import Path

import nbformat

from grader.load.program import Cell, LoadError


def read_notebook(path: Path) -> list[Cell]:
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several kinds for broken JSON or schema
        raise LoadError(f"{path.name} is not a readable Jupyter notebook: {str(exc).splitlines()[0][:200]}") from exc
    cells = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cells.append(Cell(code=source, filename=f"{path}[cell {number}]", label=f"cell {number}, line"))
    return cells
