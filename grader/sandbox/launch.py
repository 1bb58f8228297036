"""Parent side of the sandbox: start the child in its own process group under limits, capture
its output with a cap, end the whole group when it finishes or overruns, read the trace."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox.limits import apply_limits


@dataclass
class ChildOutcome:
    records: list[dict] = field(default_factory=list)   # the trace, as the child wrote it
    status: str = "ok"        # "ok" | "crash" | "timeout" | "memory"
    message: str = ""
    exit_code: int | None = None
    signal: int | None = None
    output: str = ""          # stdout+stderr, head and tail kept
    output_bytes: int = 0     # how much the child printed in all
    elapsed: float = 0.0


class CappedOutput:
    """Drains a pipe in a thread, keeping the first and last `limit // 2` bytes, so a flood
    of prints can neither block the child nor fill the parent's memory."""

    def __init__(self, stream, limit: int):
        self.stream, self.half = stream, max(limit // 2, 1)
        self.head = bytearray()
        self.tail: deque[bytes] = deque()
        self.tail_len = 0
        self.total = 0
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        while chunk := self.stream.read1(65536) if hasattr(self.stream, "read1") else self.stream.read(65536):
            self.total += len(chunk)
            room = self.half - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            if chunk:
                self.tail.append(chunk)
                self.tail_len += len(chunk)
                while self.tail_len - len(self.tail[0]) >= self.half:
                    self.tail_len -= len(self.tail.popleft())

    def text(self, wait: float = 2.0) -> str:
        self.thread.join(wait)
        head = self.head.decode("utf-8", "replace")
        tail = b"".join(self.tail)[-self.half:]
        dropped = self.total - len(self.head) - len(tail)
        if dropped > 0:
            return f"{head}\n... [{dropped} bytes of output omitted] ...\n{tail.decode('utf-8', 'replace')}"
        return head + tail.decode("utf-8", "replace")


def read_trace(path: Path) -> list[dict]:
    records = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    break  # a record cut off by a kill: everything before it stands
    except FileNotFoundError:
        pass
    return records


def child_env() -> dict:
    env = dict(os.environ)
    env.update(MPLBACKEND="Agg", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", TQDM_DISABLE="1")
    # the child must import this grader, wherever it was run from
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def classify_exit(outcome: ChildOutcome, timed_out: bool, timeout: float) -> None:
    """Turn how the process ended into a status and a sentence for the student."""
    code = outcome.exit_code
    finished = any(r.get("type") == "done" for r in outcome.records)
    if timed_out:
        outcome.status, outcome.message = "timeout", f"the submission was stopped after the {timeout:.0f} s time limit"
    elif code is not None and code < 0:
        outcome.signal = -code
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        outcome.status = "memory" if -code == signal.SIGKILL else "crash"
        outcome.message = (f"the submission's process was killed by {name}"
                           + (" (likely out of memory)" if -code == signal.SIGKILL else ""))
    elif not finished:
        outcome.status = "crash"
        outcome.message = f"the submission's process exited early with status {code} (sys.exit or os._exit?)"


class SpawnLauncher:
    """A fresh Python interpreter per submission: simplest and most isolated."""

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
        with tempfile.TemporaryDirectory(prefix="grader-") as tmp:
            tmp = Path(tmp)
            job_path, trace_path, work = tmp / "job.json", tmp / "trace.jsonl", tmp / "work"
            work.mkdir()
            job_path.write_text(json.dumps(job))
            start = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-m", "grader.sandbox.child", str(job_path), str(trace_path)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                cwd=work, env=child_env(), start_new_session=True,
                preexec_fn=lambda: apply_limits(memory_bytes))
            output = CappedOutput(proc.stdout, output_limit)
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            kill_group(proc.pid)  # the child and anything it forked
            proc.wait()
            outcome = ChildOutcome(exit_code=proc.returncode, elapsed=time.monotonic() - start)
            outcome.output = output.text()
            outcome.output_bytes = output.total
            proc.stdout.close()
            outcome.records = read_trace(trace_path)
            classify_exit(outcome, timed_out, timeout)
            return outcome
