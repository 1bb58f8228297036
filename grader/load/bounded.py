"""Load a submission in a helper process bounded in time and memory, so that what a file holds
(a 2 MB expression, thousands of magic lines, nesting past the recursion limit) can cost the
grading process nothing but a stat(), a process start and a reply of bounded size.

    parent: load_bounded(path, budget)  ->  Program, or LoadError saying why
    helper: python -m grader.load.bounded PATH SECONDS MEMORY_BYTES  (this module's main)

The helper sets its own limits before it opens the file (address space: the budget's memory;
CPU: its seconds; the reply it may write: MAX_REPLY_BYTES), runs the loading pipeline
(grader.load.load_in_process), catches everything, and writes one JSON reply to stdout (a
temporary file the parent owns). The parent keeps the wall clock and kills a helper past it.
Nothing of the submission is executed: the helper only reads and parses.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.load.limits import MAX_PROGRAM_BYTES, LoadBudget
from grader.load.pipeline import check_file_size, load_in_process
from grader.load.program import LoadError, Program
from grader.protocol import python_argv

REPLY_VERSION = 1
# JSON of a program at MAX_PROGRAM_BYTES, escapes included, plus the warnings
MAX_REPLY_BYTES = 2 * MAX_PROGRAM_BYTES + 2**20
HELPER_START = 10.0     # seconds for the helper's interpreter to start, beyond the budget


def load_bounded(path: Path, budget: LoadBudget) -> Program:

    check_file_size(path)      # a clear message without starting anything
    argv = python_argv("grader.load.bounded", str(path.resolve()), repr(float(budget.seconds)),
                       str(int(budget.memory_bytes)))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryFile() as reply:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=reply, stderr=subprocess.DEVNULL,
                                env=env, cwd="/", start_new_session=True)
        try:
            proc.wait(timeout=budget.seconds + HELPER_START)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LoadError(f"{path.name} could not be read within {budget.seconds:.0f} s (reading and parsing "
                            "a submission takes well under a second): is it generated code?") from None
        size = os.fstat(reply.fileno()).st_size
        if proc.returncode != 0 or size == 0 or size > MAX_REPLY_BYTES:
            raise LoadError(_died(path, proc.returncode, budget))
        reply.seek(0)
        return _program(path, reply.read())


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):   # AttributeError: Windows has neither
        proc.kill()
    proc.wait()


def _died(path: Path, code: int | None, budget: LoadBudget) -> str:
    if code is not None and code < 0 and -code in (signal.SIGXCPU, signal.SIGKILL):
        return (f"{path.name} could not be read within {budget.seconds:.0f} s of CPU time: is it "
                "generated code?")
    return (f"{path.name} could not be read within the grader's limits for reading a submission "
            f"({budget.memory_bytes / 2**30:.1f} GiB of memory, {budget.seconds:.0f} s): is it generated code?")


def _program(path: Path, data: bytes) -> Program:
    try:
        reply = json.loads(data)
        if not isinstance(reply, dict) or reply.get("version") != REPLY_VERSION:
            raise ValueError("not a loader reply")
        if isinstance(reply.get("error"), str):
            raise LoadError(reply["error"])
        program = Program.from_record(reply.get("program"))
    except (ValueError, RecursionError) as exc:
        raise LoadError(f"{path.name} could not be read (the loader's reply was unreadable: {exc})") from None
    program.path = str(path)      # as the caller named it
    return program


# ------------------------------------------------------------------ helper side

def _limit_self(seconds: float, memory_bytes: int) -> None:
    try:
        import resource   # Unix only: on Windows (a student's self-check) the parent's wall clock alone
    except ImportError:
        return

    cpu = max(1, int(seconds + 0.999))
    for limit, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_FSIZE, MAX_REPLY_BYTES), (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


def _reply(path: Path) -> dict:
    try:
        return {"version": REPLY_VERSION, "program": load_in_process(path).to_record()}
    except LoadError as exc:
        return {"version": REPLY_VERSION, "error": str(exc)}
    except RecursionError:
        return {"version": REPLY_VERSION, "error": f"{path.name} could not be read: its code nests deeper than "
                                                   "Python can parse (is it generated code?)"}
    except MemoryError:
        return {"version": REPLY_VERSION, "error": f"{path.name} could not be read within the memory the "
                                                   "grader allows for reading a submission: is it generated code?"}
    except Exception as exc:    # a loader bug must not lose the class: this student's problem, said
        return {"version": REPLY_VERSION, "error": f"{path.name} could not be read ({type(exc).__name__}: "
                                                   f"{str(exc)[:200]})"}


def main(argv: list[str]) -> int:
    path, seconds, memory = Path(argv[0]), float(argv[1]), int(argv[2])
    _limit_self(seconds, memory)
    reply = _reply(path)
    try:
        text = json.dumps(reply, ensure_ascii=False)
    except (RecursionError, MemoryError, ValueError):
        text = json.dumps({"version": REPLY_VERSION, "error": f"{path.name} could not be read"})
    sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
