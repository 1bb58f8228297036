"""What the parent and the job agree on across the process boundary, in one place both may
import (the job's code is under grader/job/, the parent's elsewhere in grader/; neither imports
the other: tests/test_layout.py).

The records the job writes are grader/trace's; this module holds the rest of the contract: where
a confined job works, the namespaces it gets of its own, how the fork server and its launcher
frame their messages, the exit status that says the trace writer was tampered with, and how a
fresh interpreter of this package is started."""
from __future__ import annotations

import json
import socket
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

JOB_DIR = "/tmp/job"          # the job's working folder, inside its private /tmp
TMP_BYTES = 64 * 2**20        # each job's /tmp (its working folder lives in it) and /dev/shm

# The namespaces each job gets of its own (inside the worker's bubblewrap): the parent probes that
# a process can enter them (grader.sandbox.confine), the fork server enters them (grader.job.lockdown)
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x08000000, 0x10000000, 0x20000000
JOB_NAMESPACES = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC

# Events (forwards, loss calls, steps) a run record keeps of each kind. The scenarios need under
# a thousand; a runaway loop (one that never ends an epoch) makes tens of thousands before its
# time runs out, and its record must still fit the trace channel's per-record cap, so the first
# MAX_EVENTS are kept and the rest counted (the engine then judges nothing on that run).
MAX_EVENTS = 6000

# The job exits with this when its trace writer was replaced in memory (grader.verify flags it)
TAMPER_EXIT = 86

# Fork server <-> launcher: one JSON object per SEQPACKET packet, descriptors riding along
MESSAGE_BYTES = 65536
PROTECTIONS_LIMIT = 4096      # bytes of the job's report on its layers (one pipe buffer)


@dataclass(frozen=True)
class JobRequest:
    """What the launcher asks the fork server to run (the job itself, its trace pipe and its output
    pipe travel beside it as descriptors)."""
    memory_bytes: int                # the job's whole memory: its address space plus its two tmpfs
    cwd: str                         # its working folder where it gets no namespaces of its own
    tmp_bytes: int = TMP_BYTES
    keep: tuple[str, ...] = ()       # read-only paths under /tmp it keeps (a virtualenv in /tmp)
    namespaces: bool = True          # a user, PID, mount and IPC namespace of its own
    lock_down: bool = True           # Landlock, seccomp, no capabilities

    def to_message(self) -> dict:
        return asdict(self)

    @classmethod
    def from_message(cls, data: dict) -> "JobRequest":
        """Raises TypeError or ValueError on a message of another shape (only the launcher sends these)."""
        request = cls(**data)
        keep = tuple(request.keep)       # JSON brings a list
        if not (type(request.memory_bytes) is int and type(request.tmp_bytes) is int
                and type(request.cwd) is str and all(type(p) is str for p in keep)):
            raise ValueError(f"not a job request: {data!r}"[:200])
        return replace(request, keep=keep)


def send_message(sock: socket.socket, message: dict, fds: tuple[int, ...] = ()) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def package_roots() -> list[str]:
    """The folders holding the grader and exercises packages (inside the sandbox they hold
    nothing else): first on a fresh interpreter's sys.path."""
    import exercises
    import grader

    return list(dict.fromkeys(str(Path(p.__file__).resolve().parents[1]) for p in (grader, exercises)))


def python_argv(module: str, *args: str) -> list[str]:
    """Start `module` in a Python that ignores the user site and never puts the working folder or
    a script's folder on sys.path (-s -P); its environment is entirely the caller's (the sandbox's:
    grader.sandbox.confine.job_environment), so no PYTHON* variable comes from anywhere else.
    -B: no .pyc writes."""
    boot = (f"import sys; sys.path[:0] = {package_roots()!r}; "
            f"import runpy; runpy.run_module({module!r}, run_name='__main__', alter_sys=True)")
    return [sys.executable, "-s", "-P", "-B", "-u", "-c", boot, *args]
