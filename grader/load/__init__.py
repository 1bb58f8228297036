"""Turn a submission file into a Program: a pipeline of small steps, one file each
(read, strip magics, rewrite get_ipython() calls, drop invalid cells), in the manner of
nbgrader's preprocessors. IPython syntax is treated the way IPython runs it (see
strip_magics.py and ipython_calls.py).

`load_submission` runs the pipeline in a helper process under a LoadBudget (grader.load.bounded):
the grading process never reads more than a stat() of a submission, nor parses it, itself.
`load_in_process` is the pipeline itself (grader.load.pipeline: the helper's side; tests of the
pipeline)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from grader.load.bounded import load_bounded
from grader.load.limits import LoadBudget
from grader.load.pipeline import load_in_process
from grader.load.program import Cell, LoadError, Program

__all__ = ["Cell", "LoadBudget", "LoadError", "Program", "load_submission", "load_in_process", "file_hash"]


def file_hash(path: str | Path) -> str:
    """sha256 of the file, read in blocks (memory does not grow with the file)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def load_submission(path: str | Path, budget: LoadBudget | None = None) -> Program:
    """The submission's Program, loaded in a helper process bounded by `budget` (time, memory)
    and by the size caps of grader.load.limits. Raises LoadError when nothing in the file can be
    read as Python, when it is over a cap, or when reading it took more than its budget."""
    return load_bounded(Path(path), budget or LoadBudget())
