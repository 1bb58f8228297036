"""The student's own self-check where the confined fork server cannot run (Windows, macOS, any
Python without `os.fork` or `resource`): a plain child process, with the limits the OS offers.

Nothing Unix-only is needed: the job and the trace travel as files in a private scratch folder
(no /dev/fd, no pass_fds), output goes to a file (no select() on pipes, which Windows lacks), the
memory cap is applied only where `resource` exists (no preexec_fn otherwise), the child gets its
own process group or session, and the wall-clock timeout kills it. Everything it writes is read
back with the same caps as the confined path (TraceSink, CappedOutput).

The run is not confined: `NOT_CONFINED` is the one line the self-check and check() print about
it. That is fine on the student's own machine, which runs their code anyway; the instructor's
grading (`grader grade`/`batch`, CI, Gradescope) runs on Linux, confined.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.sandbox.channels import CappedOutput, ChildOutcome, TraceSink, child_env, classify_exit
from grader.limits import apply_limits, limits_available

NOT_CONFINED = ("loopgrader: this computer offers no sandbox for the grading run ({why}): your code "
                "runs unconfined, {limits}. That is fine for a self-check on your own machine; "
                "the course grades it confined.")
CHUNK = 1 << 16


def fork_server_available() -> bool:
    """The confined fork server (grader.sandbox.zygote) needs Linux, os.fork and rlimits."""
    return sys.platform == "linux" and hasattr(os, "fork") and limits_available()


def unconfined_line() -> str:
    """Says why the self-check runs unconfined here, and which limits still apply."""
    why = sys.platform if sys.platform != "linux" else "Unix process limits are unavailable"
    limits = ("with a memory cap and a time limit" if limits_available() and os.name == "posix"
              else "with a time limit only")
    return NOT_CONFINED.format(why=why, limits=limits)


def _read_capped(path: Path, sink) -> None:
    try:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                if sink.feed(chunk) is False:
                    return
    except OSError:
        pass


def _end(proc: subprocess.Popen) -> None:
    """Kill the child and, where the OS groups processes, everything it started."""
    if hasattr(os, "killpg"):
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    else:
        proc.kill()
    proc.wait()


class PortableLauncher:
    """grader.engine.grade's `launcher` for the student's own self-check off Linux."""

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
        with tempfile.TemporaryDirectory(prefix="loopgrader-") as scratch:
            work = Path(scratch)
            job_path, trace_path, out_path = work / "job.json", work / "trace.jsonl", work / "output.txt"
            job_path.write_text(json.dumps(job), encoding="utf-8")
            trace_path.touch()
            posix = os.name == "posix"
            options = ({"start_new_session": True} if posix
                       else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)})
            if posix and limits_available():
                options["preexec_fn"] = lambda: apply_limits(memory_bytes)
            start = time.monotonic()
            with open(out_path, "wb") as out:
                proc = subprocess.Popen([sys.executable, "-m", "grader.job.child", str(job_path), str(trace_path)],
                                        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                        cwd=work, env=child_env(), **options)
                timed_out = False
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    timed_out = True
                _end(proc)
            output, trace = CappedOutput(output_limit), TraceSink()
            _read_capped(out_path, output)
            _read_capped(trace_path, trace)
            outcome = ChildOutcome(exit_code=proc.returncode, elapsed=time.monotonic() - start,
                                   output=output.text(), output_bytes=output.total, records=trace.records,
                                   trace_dropped=trace.dropped, trace_truncated=trace.truncated)
            classify_exit(outcome, timed_out, timeout)
            return outcome


def self_check_launcher():
    """The launcher a student's self-check uses: None (the engine's confined default) where the
    fork server runs, else a PortableLauncher."""
    return None if fork_server_available() else PortableLauncher()
