"""Read a .py submission as a single cell."""
from __future__ import annotations

from pathlib import Path

from grader.load.program import Cell, LoadError


def read_python(path: Path) -> list[Cell]:
    try:
        code = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise LoadError(f"cannot read {path}: {exc.strerror}") from exc
    return [Cell(code=code, filename=str(path), label="line")]
