"""Execute a submission's cells statement by statement in the child process.

A notebook is full of things grading must survive: demo training runs, plots, a cell that
raises. Each top-level statement runs on its own under a time budget; one that raises or
overruns is reported and skipped. While the file is being executed, `train` is bound to a
stub, so the student's own demo calls to train() return at once instead of training.
A top-level import that fails is recorded as a FailedImport as well as noted: when train()
later fails for want of it, the parent makes the import the headline.
"""
from __future__ import annotations

import ast
import signal
import time
import traceback
import types
from contextlib import contextmanager

from grader.load.provided import FailedImport
from grader.sandbox.quiet_tqdm import quiet_tqdm


class DemoCallSkipped(BaseException):
    """Raised by the stand-in train() while the submission's top-level code runs."""


class Overrun(BaseException):
    """A time budget ran out (BaseException: a student's `except Exception` cannot eat it)."""


@contextmanager
def time_budget(seconds: float):
    """Raise Overrun in the main thread after `seconds` of wall time."""
    def on_alarm(signum, frame):
        raise Overrun(f"still running after {seconds:.0f} s")
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _demo_stub(*args, **kwargs):
    raise DemoCallSkipped()


def _student_traceback(exc: BaseException, files: set[str]) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    lines = traceback.format_list(frames[-5:])
    return "".join(lines) + "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _bound_names(stmt: ast.stmt) -> tuple[str, ...]:
    """The names an import statement binds (`import a.b as c` -> c, `import a.b` -> a)."""
    if isinstance(stmt, ast.Import):
        return tuple(a.asname or a.name.split(".")[0] for a in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return tuple(a.asname or a.name for a in stmt.names)
    return ()


def _failed_import(exc: ImportError, stmt: ast.stmt, where: str, source: str) -> FailedImport:
    lines = (ast.get_source_segment(source, stmt) or "").strip().splitlines()
    module = exc.name or (stmt.module if isinstance(stmt, ast.ImportFrom) else "") or ""
    return FailedImport(where=where, statement=lines[0] if lines else "", module=module,
                        error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                        names=_bound_names(stmt))


def execute_program(cells: list[dict], namespace: dict, *, statement_budget: float,
                    total_budget: float, failed_imports: list[FailedImport] | None = None) -> list[str]:
    """Run every top-level statement; returns notes for the report (skips, errors). Failed
    top-level imports are also appended to `failed_imports` when given."""
    quiet_tqdm()
    notes: list[str] = []
    files = {c["filename"] for c in cells}
    real_train = None
    deadline = time.monotonic() + total_budget
    for cell in cells:
        label = cell.get("label", "line")
        try:
            tree = ast.parse(cell["code"], filename=cell["filename"])
        except SyntaxError:
            continue  # the parent already reported it
        for stmt in tree.body:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), cell["filename"], "exec")
            budget = max(1.0, min(statement_budget, deadline - time.monotonic()))
            try:
                with time_budget(budget):
                    exec(code, namespace)
            except DemoCallSkipped:
                notes.append(f"{label} {stmt.lineno}: a call to train() at top level was skipped "
                             "while loading (the grader calls train() itself)")
            except Overrun:
                notes.append(f"{label} {stmt.lineno}: top-level code still running after "
                             f"{budget:.0f} s was stopped and skipped")
            except ImportError as exc:
                failure = _failed_import(exc, stmt, f"{label} {stmt.lineno}", cell["code"])
                notes.append(f"{failure.headline()}; the statement was skipped")
                if failed_imports is not None:
                    failed_imports.append(failure)
            except (Exception, SystemExit) as exc:
                notes.append(f"{label} {stmt.lineno}: raised while loading and was skipped:\n"
                             f"{_student_traceback(exc, files)}")
            current = namespace.get("train")
            if isinstance(current, types.FunctionType) and current is not _demo_stub:
                real_train = current
                namespace["train"] = _demo_stub
    if real_train is not None:
        namespace["train"] = real_train
    elif namespace.get("train") is _demo_stub:
        del namespace["train"]
    return notes
