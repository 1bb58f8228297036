"""The parent's two channels to a job, and how a job ended: read what it sends without ever
trusting or waiting on it, end everything it started, classify how it ended (the launchers that
start it: grader.sandbox.launch).

The job's two channels are pipes the parent creates and owns, never paths in a folder the job
can write: its output (head and tail kept, `CappedOutput`) and its trace (`TraceSink`: one JSON
record per line, each at most RECORD_LIMIT bytes, at most TRACE_LIMIT bytes in all; a record
that is too long, not JSON or not an object is dropped and counted, and parsing never raises).
Both are drained by `Drain` threads that poll with a short tick, so when the job is over the
parent stops reading after a short grace whatever still holds the pipes (a stopped grandchild,
a daemon), and `run` returns within its timeout plus a few seconds.
"""
from __future__ import annotations

import json
import os
import select
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox.confine import Protections
from grader.trace.envelope import read_envelope

RECORD_LIMIT = 8 * 2**20     # bytes in one trace record (a run record with every epoch's weights: < 2 MiB)
TRACE_LIMIT = 32 * 2**20     # bytes of trace read in all (honest traces: a few MiB); past it the pipe is closed
DRAIN_GRACE = 2.0            # seconds to reach end-of-file once the job is over
TICK = 0.1

@dataclass
class ChildOutcome:
    records: list[dict] = field(default_factory=list)   # the trace, as the child sent it (capped)
    status: str = "ok"        # "ok" | "crash" | "timeout" | "memory"
    message: str = ""
    exit_code: int | None = None
    signal: int | None = None
    output: str = ""          # stdout+stderr, head and tail kept
    output_bytes: int = 0     # how much the child printed in all
    elapsed: float = 0.0
    protections: Protections = field(default_factory=Protections)   # the layers that were active
    trace_dropped: int = 0    # records dropped: too long, not JSON, not an object
    trace_truncated: bool = False   # the trace passed TRACE_LIMIT and the rest was not read


class CappedOutput:
    """Keeps the first and last `limit // 2` bytes fed to it, so a flood of prints can neither
    block the child nor fill the parent's memory."""

    def __init__(self, limit: int):
        self.half = max(limit // 2, 1)
        self.head = bytearray()
        self.tail: deque[bytes] = deque()
        self.tail_len = 0
        self.total = 0

    def feed(self, chunk: bytes) -> bool:
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
        return True

    def text(self) -> str:
        head = self.head.decode("utf-8", "replace")
        tail = b"".join(self.tail)[-self.half:]
        dropped = self.total - len(self.head) - len(tail)
        if dropped > 0:
            return f"{head}\n... [{dropped} bytes of output omitted] ...\n{tail.decode('utf-8', 'replace')}"
        return head + tail.decode("utf-8", "replace")


class TraceSink:
    """Newline-delimited JSON records, capped per record and in total; never raises."""

    def __init__(self, record_limit: int = RECORD_LIMIT, total_limit: int = TRACE_LIMIT):
        self.record_limit, self.total_limit = record_limit, total_limit
        self.records: list[dict] = []
        self.partial = bytearray()
        self.skipping = False       # inside a record already too long: drop up to its newline
        self.received = 0
        self.dropped = 0
        self.truncated = False

    def feed(self, chunk: bytes) -> bool:
        """False once the total cap is reached (the reader then stops and closes the pipe)."""
        self.received += len(chunk)
        if self.received > self.total_limit:
            self.truncated = True
            return False
        while chunk:
            newline = chunk.find(b"\n")
            piece, chunk = (chunk, b"") if newline < 0 else (chunk[:newline], chunk[newline + 1:])
            if not self.skipping:
                self.partial += piece
                if len(self.partial) > self.record_limit:
                    self.partial.clear()
                    self.skipping = True
                    self.dropped += 1
            if newline >= 0:
                if not self.skipping:
                    self._parse(bytes(self.partial))
                self.partial.clear()
                self.skipping = False
        return True

    def _parse(self, line: bytes) -> None:
        if not line.strip():
            return
        try:
            record = json.loads(line)
        except (ValueError, RecursionError, UnicodeDecodeError):
            record = None
        if isinstance(record, dict) and isinstance(record.get("type"), str):
            self.records.append(record)
        else:
            self.dropped += 1   # a record cut off by a kill, or not the grader's


class Drain:
    """Reads `fd` into `sink` on a thread that never blocks for long, and closes `fd`."""

    def __init__(self, fd: int, sink):
        self.fd, self.sink = fd, sink
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([self.fd], [], [], TICK)
                if not ready:
                    continue
                chunk = os.read(self.fd, 1 << 16)
                if not chunk or self.sink.feed(chunk) is False:
                    return
        except OSError:
            return
        finally:
            os.close(self.fd)

    def finish(self, grace: float = DRAIN_GRACE) -> None:
        """Wait up to `grace` seconds for end-of-file, then stop reading whatever holds the pipe."""
        self.thread.join(grace)
        self._stop.set()
        self.thread.join(2 * TICK + 1.0)


def child_env() -> dict:
    """Environment of an unconfined child (confined ones get confine.job_environment)."""
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


def job_file(job: dict):
    """The job as an unlinked temporary file (its descriptor travels to the child; no path)."""
    f = tempfile.TemporaryFile()
    f.write(json.dumps(job).encode())
    f.flush()
    f.seek(0)
    return f


def classify_exit(outcome: ChildOutcome, timed_out: bool, timeout: float) -> None:
    """Turn how the process ended into a status and a sentence for the student."""
    code = outcome.exit_code
    finished = read_envelope(outcome.records).done
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
