"""How much of a submission the grader reads, and what loading one may cost.

A submission is data: the grading process reads at most MAX_FILE_BYTES of it (a notebook's
outputs count; a training loop is a few KiB), keeps at most MAX_CODE_BYTES of code, and the
program it hands the job is at most MAX_PROGRAM_BYTES. Reading, de-magicking and parsing run in a
helper process (grader.load.bounded) under a LoadBudget, so what the file holds can cost the
grading process itself no more than these sizes.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 16 * 2**20      # the file as submitted, outputs and images included
MAX_CODE_BYTES = 8 * 2**20       # its code (all code cells): a loop with megabytes of pasted data
                                 # in a string is honest and is graded (tests/test_load.py)
MAX_PROGRAM_BYTES = 12 * 2**20   # the cells handed to the job (a split file repeats blank lines)
LOAD_SECONDS = 30.0              # wall-clock seconds to read a submission (honest files: < 0.2 s)
LOAD_MEMORY = 2 * 2**30          # the loader's address space, where the job's own is not given


@dataclass(frozen=True)
class LoadBudget:
    """What loading one submission may take: the job's own budget where one is given."""
    seconds: float = LOAD_SECONDS
    memory_bytes: int = LOAD_MEMORY


def too_large(name: str, size: int, limit: int, what: str) -> str:
    """The one-line message for a submission over a size cap."""
    return (f"{name} is too large to grade: its {what} is {size / 2**20:.1f} MiB, over the "
            f"{limit / 2**20:.0f} MiB limit" + ("; clear the notebook's outputs (Kernel > Restart & "
                                                "Clear Output) and resubmit" if what == "file" else
                                                "; was the right file submitted?"))
