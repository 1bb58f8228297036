"""Turn a submission file into a Program: a pipeline of small steps, one file each
(read, strip magics, rewrite get_ipython() calls, drop invalid cells), in the manner of
nbgrader's preprocessors. IPython syntax is treated the way IPython runs it (see
strip_magics.py and ipython_calls.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from grader.load.drop_invalid import drop_invalid
from grader.load.ipython_calls import ipython_calls
from grader.load.program import Cell, LoadError, Program
from grader.load.read_python import read_python
from grader.load.strip_magics import strip_magics

__all__ = ["Cell", "LoadError", "Program", "load_submission", "file_hash"]


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_submission(path: str | Path) -> Program:
    """Raises LoadError when nothing in the file can be read as Python."""
    # nbformat is imported here, not at module level: the sandboxed child imports
    # grader.load.provided and should not pay for it
    from grader.load.read_notebook import read_notebook

    path = Path(path)
    if path.suffix == ".ipynb":
        cells = read_notebook(path)
    elif path.suffix == ".py":
        cells = read_python(path)
    else:
        raise LoadError(f"{path.name}: expected a .py file or a .ipynb notebook")
    warnings: list[str] = []
    for step in (strip_magics, ipython_calls, drop_invalid):
        cells = step(cells, warnings)
    return Program(path=str(path), cells=cells, warnings=warnings)
