"""A warm launcher: a fork server that imports torch and the grader's child side once, then
forks one confined job at a time, so a batch pays the interpreter start and `import torch` once
per worker instead of once per submission. This is the parent's side: it starts the server
(grader/job/server.py, where the per-job process tree is described) and talks to it.

    launcher = ZygoteLauncher()          # one per worker thread; not shared between threads
    outcome = launcher.run(job, timeout=..., memory_bytes=..., output_limit=...)
    launcher.close()

Where bubblewrap works the server itself runs inside it (grader.sandbox.confine.sandbox_command):
no network, a read-only view of the interpreter, the grader and the exercises only, an
allowlisted environment (the per-job namespaces inside it: grader/job/server.py).

Parent and server talk over a Unix SEQPACKET socket, one JSON message per packet
(grader.protocol.send_message); the job (an unlinked file), the trace pipe and the output pipe
travel with the request (SCM_RIGHTS, beside a grader.protocol.JobRequest), so the parent owns both
channels and drains them itself (grader.sandbox.channels). Linux only.
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import threading
import time

from grader.protocol import MESSAGE_BYTES, JobRequest, python_argv, send_message
from grader.sandbox import confine
from grader.sandbox.channels import (DRAIN_GRACE, CappedOutput, ChildOutcome, Drain, TraceSink,
                                     classify_exit, child_env, job_file, kill_group)

READY_TIMEOUT = 120.0     # seconds for the zygote to import torch and say it is ready
KILL_GRACE = 10.0         # seconds for the zygote to confirm a killed child is gone



class ZygoteError(RuntimeError):
    pass


class ZygoteLauncher:
    """Same contract as grader.sandbox.launch.SpawnLauncher; the zygote starts on first use
    and is restarted if it ever dies.

    confinement: "auto" (bubblewrap where it works), "required" (raise
    confine.ConfinementUnavailable where it does not), "off" (plain process; the per-job
    namespaces, Landlock and seccomp are still applied where the kernel allows)."""

    def __init__(self, *, confinement: str = "auto", preload: bool = True, with_reference: bool = False,
                 one_shot: bool = False):
        """one_shot: a worker for one job, started and waited for by the same thread (it then
        also dies with that thread: bubblewrap's --die-with-parent)."""
        if confinement == "required":
            confine.require_confinement()
        self.confinement, self.preload, self.with_reference = confinement, preload, with_reference
        self.one_shot = one_shot
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._bwrap = False
        self._sandbox_pid: int | None = None   # bwrap's init (outside pid): the sandbox ends with it
        self._exercise_dirs: tuple[str, ...] = ()   # exercise folders outside the package, bound read-only
        # the read-only paths under /tmp a job keeps (confine.kept_under_tmp): fixed by what the
        # zygote was started with, so worked out once per start (it parses the exercises' imports)
        self._keep: list[str] | None = None
        self._lock = threading.RLock()   # start() may run in a warm-up thread

    def __enter__(self) -> "ZygoteLauncher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def confined(self) -> bool:
        """Whether the running (or next) zygote is inside bubblewrap."""
        return self._bwrap if self._proc is not None else (
            self.confinement != "off" and confine.confinement_available())

    def start(self) -> None:
        """Start the zygote now (it imports torch: a second or two)."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = python_argv("grader.job.server", str(theirs.fileno()),
                                   *([] if self.preload else ["--no-preload"]))
        bwrap = self.confinement != "off" and confine.confinement_available()
        if self.confinement == "required" and not bwrap:
            confine.require_confinement()
        info_r, info_w = os.pipe() if bwrap else (None, None)
        if bwrap:   # bwrap says on info_w which pid its sandbox's init has: killing it ends them all
            argv = confine.sandbox_command(argv, with_reference=self.with_reference,
                                           exercise_dirs=self._exercise_dirs, die_with_parent=self.one_shot,
                                           info_fd=info_w)
            env = confine.job_environment()
        else:
            env = child_env()
        try:
            self._proc = subprocess.Popen(argv, pass_fds=[theirs.fileno()] + ([info_w] if bwrap else []),
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, env=env, cwd="/")
        finally:
            theirs.close()
            if info_w is not None:
                os.close(info_w)
        self._bwrap = bwrap
        self._keep = None
        self._sock = ours
        reply = self._receive(ours, READY_TIMEOUT)
        self._sandbox_pid = _read_sandbox_pid(info_r) if info_r is not None else None
        if not reply or "ready" not in reply:
            self.close()
            raise ZygoteError("the zygote did not start")

    def close(self) -> None:
        """Stop the zygote and any child it is running. Safe from another thread: a run()
        waiting on this zygote then returns (as a crash) instead of hanging."""
        sock, proc, sandbox = self._sock, self._proc, self._sandbox_pid
        self._sock = self._proc = self._sandbox_pid = None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)   # wakes a blocked recv; the zygote sees EOF
            except OSError:
                pass
            sock.close()
        if proc is not None:
            try:
                proc.wait(timeout=KILL_GRACE)
            except subprocess.TimeoutExpired:
                _kill_sandbox(sandbox)
                proc.kill()
                proc.wait()

    @staticmethod
    def _receive(sock: socket.socket, timeout: float | None) -> dict | None:
        try:
            sock.settimeout(timeout)
            data = sock.recv(MESSAGE_BYTES)
        except (socket.timeout, OSError):
            return None
        try:
            reply = json.loads(data) if data else None
        except ValueError:
            return None
        return reply if isinstance(reply, dict) else None

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
        if job.get("kind") == "reference" and not self.with_reference and self.confinement != "off":
            # the reference solutions are never in a submission's view: a worker of their own
            with ZygoteLauncher(confinement=self.confinement, preload=False, with_reference=True,
                                one_shot=True) as ref:
                return ref.run(job, timeout=timeout, memory_bytes=memory_bytes, output_limit=output_limit)
        with self._lock, job_file(job) as jf, _work_dir() as work:
            folder = confine.exercise_bind(job.get("exercise_dir"))
            if folder is not None and folder not in self._exercise_dirs:
                # an exercise folder outside the package: the zygote restarts with it bound read-only
                self._exercise_dirs += (folder,)
                self.close()
            self.start()
            if self._keep is None:
                self._keep = confine.kept_under_tmp(self._exercise_dirs)
            request = JobRequest(memory_bytes=memory_bytes, cwd=work, keep=tuple(self._keep),
                                 namespaces=self.confinement != "off", lock_down=self.confinement != "off")
            sock, proc = self._sock, self._proc
            trace_r, trace_w = os.pipe()
            out_r, out_w = os.pipe()
            start = time.monotonic()
            try:
                send_message(sock, request.to_message(), (jf.fileno(), trace_w, out_w))
                reply = self._receive(sock, READY_TIMEOUT)
            except OSError:
                reply = None
            finally:
                os.close(trace_w)
                os.close(out_w)
            output, trace = CappedOutput(output_limit), TraceSink()
            drains = [Drain(out_r, output), Drain(trace_r, trace)]
            layers: dict = {}
            if not reply or "pid" not in reply:
                self._abandon(None, proc)
                code, timed_out = -signal.SIGKILL, False
            else:
                code, timed_out, layers = self._wait(sock, proc, reply["pid"], timeout)
            for d in drains:
                d.finish(DRAIN_GRACE)
            bwrapped = self._bwrap_of(proc)
            protections = confine.Protections.from_dict({**layers, "bwrap": bwrapped, "net_ns": bwrapped})
            outcome = ChildOutcome(exit_code=code, elapsed=time.monotonic() - start, output=output.text(),
                                   output_bytes=output.total, records=trace.records, protections=protections,
                                   trace_dropped=trace.dropped, trace_truncated=trace.truncated)
            classify_exit(outcome, timed_out, timeout)
            return outcome

    def _bwrap_of(self, proc) -> bool:
        return bool(proc is not None and proc.args and "--unshare-all" in proc.args)

    def _wait(self, sock, proc, pid: int, timeout: float) -> tuple[int, bool, dict]:
        reply = self._receive(sock, timeout)
        timed_out = reply is None and proc.poll() is None and self._sock is sock
        if timed_out:
            try:
                send_message(sock, {"kill": pid})
            except OSError:
                pass
            reply = self._receive(sock, KILL_GRACE)
        if reply is None or reply.get("exit") != pid or type(reply.get("code")) is not int:
            self._abandon(pid, proc)        # the zygote died, hangs or was closed: start afresh
            return -signal.SIGKILL, timed_out, {}
        layers = reply.get("layers")
        return reply["code"], timed_out, layers if isinstance(layers, dict) else {}

    def _abandon(self, pid: int | None, proc: subprocess.Popen) -> None:
        if pid is not None and not self._bwrap_of(proc):
            kill_group(pid)       # inside bubblewrap the pid is not ours to name; killing it all is:
        if self._proc is proc:
            _kill_sandbox(self._sandbox_pid)   # its init: the kernel ends every process inside
        proc.kill()
        if self._proc is proc:
            self.close()


def _read_sandbox_pid(fd: int) -> int | None:
    """bwrap's --info-fd JSON ({"child-pid": N}), written before the zygote can say it is ready."""
    try:
        ready, _, _ = select.select([fd], [], [], 1.0)
        data = os.read(fd, 4096) if ready else b""
        pid = json.loads(data or b"{}").get("child-pid")
        return pid if type(pid) is int and pid > 1 else None
    except (OSError, ValueError, AttributeError):
        return None
    finally:
        os.close(fd)


def _kill_sandbox(pid: int | None) -> None:
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class _work_dir:
    """A private working folder for a job without namespaces (inside them it is /tmp/job)."""

    def __enter__(self) -> str:
        import tempfile
        self._tmp = tempfile.TemporaryDirectory(prefix="grader-")
        return self._tmp.__enter__()

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()
