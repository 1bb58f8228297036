"""What the grading environment provides to submissions, and the one message a failed import
becomes. Shared by the child (which records a FailedImport while loading) and the parent
(which makes it the report's headline when the run then fails because of it).

The list is the project's declared dependencies that training loops import (pyproject.toml:
torch, numpy, tqdm, matplotlib; IPython.display calls are inert stand-ins where IPython is absent:
grader/job/standins.py); statement.md of every exercise and docs/contract.md list the same.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

PROVIDED = ("torch", "numpy", "tqdm", "matplotlib")


def provided_text() -> str:
    return ", ".join(PROVIDED) + ", and the Python standard library"


@dataclass(frozen=True)
class FailedImport:
    """A top-level statement of the submission that raised ImportError while loading."""
    where: str                  # "line 3", "cell 2, line 1"
    statement: str              # "import pandas as pd" (its first line)
    module: str                 # "pandas": the module that could not be imported
    error: str                  # "No module named 'pandas'"
    names: tuple[str, ...] = () # names the statement binds ("pd"); "*" for a star import

    def headline(self) -> str:
        return (f"{self.where}: `{self.statement}` failed: {self.error}; "
                f"the grading environment provides: {provided_text()}")

    def to_record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> "FailedImport":
        return cls(where=record["where"], statement=record["statement"], module=record["module"],
                   error=record["error"], names=tuple(record.get("names", ())))


_UNDEFINED = re.compile(r"NameError: name '(\w+)' is not defined")


def import_headline(failed: list[FailedImport], *, train_found: bool, failure: str) -> str | None:
    """The report's headline when the run failed because a top-level import had failed:
    `train` itself was to come from the import, or train() hit a NameError on a name the
    import would have bound. None when the failure is unrelated (the run's own message stands).
    An import inside train() that fails gets the provided list appended."""
    if not train_found:
        culprit = next((f for f in failed if "train" in f.names or "*" in f.names), None)
        return f"{culprit.headline()} (so train() was never defined)" if culprit else None
    match = _UNDEFINED.search(failure)
    if match:
        culprit = next((f for f in failed if match[1] in f.names or "*" in f.names), None)
        if culprit:
            return f"{culprit.headline()} (so train() then failed: {match[0]})"
    if "ModuleNotFoundError" in failure or "ImportError" in failure:
        return f"{failure}; the grading environment provides: {provided_text()}"
    return None


def lead_with_failed_import(runtime: dict, load) -> None:
    """Make a failed import the run's message (runtime["message"]) when the run failed
    because of it; leaves a completed run, or an unrelated failure, as it is. `load`: the child's
    load record as read (grader.trace.envelope.Load), None where it never came."""
    if load is None or runtime.get("status") in ("", "ok") or not runtime.get("message"):
        return
    headline = import_headline(list(load.failed_imports), train_found=load.train_found,
                               failure=runtime["message"])
    if headline:
        runtime["message"] = headline
