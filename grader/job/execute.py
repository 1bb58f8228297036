"""Execute a submission's cells statement by statement in the child process.

A notebook is full of things grading must survive: demo training runs, plots, a cell that
raises. Each top-level statement runs on its own under a time budget (CPU time for what it
computes, the load's wall time for what it waits on: time_budget); one that raises or
overruns is reported and skipped. While the file is being executed, `train` is bound to a
stand-in, so the student's own demo calls to train() return at once instead of training
(see _StandIns). `from __future__` imports stay in force for the statements after them.
A top-level import that fails is recorded as a FailedImport as well as noted: when train()
later fails for want of it, the parent makes the import the headline.
"""
from __future__ import annotations

import __future__
import ast
import signal
import sys
import time
import traceback
import types
from contextlib import contextmanager

from grader.load.provided import FailedImport
from grader.load.written import WrittenModules
from grader.job.quiet_tqdm import quiet_tqdm


class DemoCallSkipped(BaseException):
    """Raised by the stand-in train() while the submission's top-level code runs."""


class Overrun(BaseException):
    """A time budget ran out (BaseException: a student's `except Exception` cannot eat it).
    `kind`: "cpu" (the code computed for `limit` CPU-seconds) or "wall" (`limit` seconds passed)."""

    def __init__(self, message: str, kind: str = "wall", limit: float = 0.0):
        super().__init__(message)
        self.kind, self.limit = kind, limit


@contextmanager
def time_budget(seconds: float, cpu: float | None = None):
    """Raise Overrun in the main thread after `seconds` of wall time, or once the process has used
    `cpu` seconds of CPU time (all its threads) since entering, whichever comes first.

    The CPU limit is what stops code that computes forever: it counts the work the code did, so it
    trips at the same point on an idle machine and on one where every core is busy. The wall limit
    stops code that waits (a sleep, a lock) and is the job's own time limit (--timeout).
    The wall limit is SIGALRM where the OS has it, elsewhere (Windows) a timer thread that
    interrupts the main thread; the CPU limit is SIGPROF (not on Windows: wall only there)."""
    def on_alarm(signum, frame):
        raise Overrun(f"still running after {seconds:.0f} s", "wall", seconds)

    def on_cpu(signum, frame):
        raise Overrun(f"still running after {cpu:.0f} s of CPU time", "cpu", cpu)
    if not hasattr(signal, "SIGALRM"):
        with _interrupt_budget(seconds, on_alarm):
            yield
        return
    previous = signal.signal(signal.SIGALRM, on_alarm)
    counting = cpu is not None and hasattr(signal, "SIGPROF")
    previous_cpu = signal.signal(signal.SIGPROF, on_cpu) if counting else None
    if seconds != float("inf"):   # a job without a wall-clock limit of its own (the reference's)
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    if counting:
        signal.setitimer(signal.ITIMER_PROF, max(cpu, 0.01))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if counting:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous_cpu)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _interrupt_budget(seconds: float, on_alarm):
    """The portable budget: a timer thread raises SIGINT's handler in the main thread
    (_thread.interrupt_main), which is on_alarm while the budget runs."""
    import _thread
    import threading

    previous = signal.signal(signal.SIGINT, on_alarm)
    timer = threading.Timer(min(max(seconds, 0.01), 1e6), _thread.interrupt_main, args=(signal.SIGINT,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)


class _StandIns:
    """Makes the stand-ins that the name `train` holds while the file runs.

    Each time a top-level statement binds a new callable to `train`, the name is rebound to a fresh
    stand-in for exactly that callable: while loading, calling it skips the call (DemoCallSkipped);
    afterwards it forwards to the callable it stood for. So code that captured the name while
    loading (`train = timer(train)`, `partial(train, ...)`, a decorator applied by hand) holds a
    stand-in that later calls the right function, never itself."""

    def __init__(self):
        self.loading = True
        # id(stand-in) -> (stand-in, the callable it stands for); the stand-in is kept alive so
        # its id is never reused by another object
        self.made: dict[int, tuple] = {}

    def make(self, target):
        def train(*args, **kwargs):
            if self.loading:
                raise DemoCallSkipped()
            return target(*args, **kwargs)
        train.__wrapped__ = target          # inspect.signature shows the student's parameters
        train.__name__ = getattr(target, "__name__", "train")
        self.made[id(train)] = (train, target)
        return train

    def holds(self, value) -> bool:
        return id(value) in self.made and self.made[id(value)][0] is value

    def resolve(self, value):
        """What a stand-in stood for (through stand-ins of stand-ins); anything else as it is."""
        while self.holds(value):
            value = self.made[id(value)][1]
        return value


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
    stand_in = _StandIns()
    last_callable = None         # (the last callable bound to `train`, where)
    future_flags = 0             # `from __future__` imports stay in force, as in a file or IPython
    deadline = time.monotonic() + total_budget
    written = WrittenModules()
    if any(cell.get("writes") for cell in cells):
        sys.meta_path.append(written)
    for cell in cells:
        label = cell.get("label", "line")
        if cell.get("writes"):       # %%writefile: importable later, never run as a cell
            written.write(cell)
            continue
        try:
            tree = ast.parse(cell["code"], filename=cell["filename"])
        except SyntaxError:
            continue  # the parent already reported it
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                future_flags |= _future_flags(stmt)
            # a statement may compute for statement_budget CPU-seconds; all of them together may
            # take the load's wall time (a statement that waits is stopped when that runs out)
            wall = max(1.0, deadline - time.monotonic())
            try:
                # dont_inherit: the student's code gets its own __future__ imports, never the grader's
                code = compile(ast.Module(body=[stmt], type_ignores=[]), cell["filename"], "exec",
                               flags=future_flags, dont_inherit=True)
                with time_budget(wall, cpu=statement_budget):
                    exec(code, namespace)
            except DemoCallSkipped:
                notes.append(f"{label} {stmt.lineno}: a call to train() at top level was skipped "
                             "while loading (the grader calls train() itself)")
            except Overrun as exc:
                spent = "s of CPU time" if exc.kind == "cpu" else "s (the time allowed for loading)"
                notes.append(f"{label} {stmt.lineno}: top-level code still running after "
                             f"{exc.limit:.0f} {spent} was stopped and skipped")
            except ImportError as exc:
                failure = _failed_import(exc, stmt, f"{label} {stmt.lineno}", cell["code"])
                notes.append(f"{failure.headline()}; the statement was skipped")
                if failed_imports is not None:
                    failed_imports.append(failure)
            except BaseException as exc:   # KeyboardInterrupt and SystemExit included: as a cell in Jupyter
                # input() reads from an empty stdin: nobody is there to type an answer
                why = " (nobody can type an answer to input() while grading)" if isinstance(exc, EOFError) else ""
                notes.append(f"{label} {stmt.lineno}: raised while loading and was skipped{why}:\n"
                             f"{_student_traceback(exc, files)}")
            current = namespace.get("train")
            if callable(current) and not isinstance(current, type) and not stand_in.holds(current):
                last_callable = (current, f"{label} {stmt.lineno}")
                namespace["train"] = stand_in.make(current)
    stand_in.loading = False
    final = namespace.get("train", None)
    if stand_in.holds(final):
        namespace["train"] = stand_in.resolve(final)
    elif last_callable is not None:
        # Jupyter's "Run all" would leave `train` holding what was bound last; a function defined
        # earlier and then shadowed by data (`train, val = random_split(...)`) is what is graded
        namespace["train"] = stand_in.resolve(last_callable[0])
        what = "was deleted" if "train" not in namespace else f"was rebound to a {type(final).__name__}"
        notes.append(f"{last_callable[1]}: train() defined here was graded, although the name `train` "
                     f"later {what} (after Run All in Jupyter, train would not be this function)")
    return notes


def _future_flags(stmt: ast.ImportFrom) -> int:
    flags = 0
    for alias in stmt.names:
        feature = getattr(__future__, alias.name, None)
        flags |= getattr(feature, "compiler_flag", 0)
    return flags
