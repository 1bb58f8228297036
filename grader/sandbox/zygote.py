"""A warm launcher: a fork server that imports torch and the grader's child side once, then
forks one child per job, so a batch pays the interpreter start and `import torch` once per
worker instead of once per submission.

    launcher = ZygoteLauncher()          # one per worker thread; not shared between threads
    outcome = launcher.run(job, timeout=..., memory_bytes=..., output_limit=...)
    launcher.close()

Parent and zygote talk over a Unix SEQPACKET socket, one JSON message per packet; the write
end of each job's output pipe travels with the job (SCM_RIGHTS), so the parent drains the
child's stdout/stderr itself, with the same cap as SpawnLauncher. The forked child calls
os.setsid(), applies the limits, points fds 0/1/2 at /dev/null and the pipe, then runs
grader.sandbox.child.run_job. The zygote watches the child through a pidfd and kills the
child's whole process group when the child exits, when the parent asks (timeout), or when
the parent goes away; a child that crashes leaves the zygote serving. Linux only.
"""
from __future__ import annotations

import ctypes
import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grader.sandbox.launch import (ChildOutcome, CappedOutput, child_env, classify_exit,
                                   kill_group, read_trace)

# What the zygote imports before forking: everything the child side needs that is slow.
# torch._dynamo is imported lazily by the first optimizer a scenario builds: a second of its own.
PRELOAD = ("torch", "torch.nn", "torch.optim", "torch.utils.data", "torch._dynamo",
           "grader.sandbox.child", "grader.sandbox.execute", "grader.sandbox.limits",
           "grader.observe.patches", "grader.observe.recorder", "grader.observe.history",
           "exercises.common", "nbformat")
READY_TIMEOUT = 120.0     # seconds for the zygote to import torch and say it is ready
KILL_GRACE = 10.0         # seconds for the zygote to confirm a killed child is gone
PR_SET_PDEATHSIG = 1


def _send(sock: socket.socket, message: dict, fds: tuple[int, ...] = ()) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


# ---------------------------------------------------------------------------- zygote side

def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _child(sock: socket.socket, request: dict, out_fd: int) -> None:
    """In the forked child: isolate, limit, redirect, run the job; never returns."""
    code = 1
    try:
        os.setsid()
        _die_with_parent()
        sock.close()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        os.close(devnull)
        os.close(out_fd)
        os.chdir(request["cwd"])
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from grader.sandbox.child import run_job
        from grader.sandbox.limits import apply_limits

        apply_limits(request["memory_bytes"])
        with open(request["job_path"], encoding="utf-8") as f:
            job = json.load(f)
        sys.argv = [request["job_path"]]
        run_job(job, request["trace_path"])
        code = 0
    except BaseException:
        try:
            import traceback
            traceback.print_exc()
        except BaseException:
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _watch(sock: socket.socket, pid: int) -> int | None:
    """Wait for the child to exit, killing its group on a "kill" message; returns its exit
    code (negative: killed by that signal), or None if the parent went away."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            ready, _, _ = select.select([sock] + ([pidfd] if pidfd is not None else []), [], [],
                                        None if pidfd is not None else 0.02)
            if sock in ready:
                data = sock.recv(65536)
                if not data:                      # the parent is gone: so is the job
                    kill_group(pid)
                    os.waitpid(pid, 0)
                    return None
                if json.loads(data).get("kill") == pid:
                    kill_group(pid)
            # WNOWAIT: the pid stays a zombie (not reusable) until the group is killed
            info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if info is not None and info.si_pid == pid:
                kill_group(pid)                   # leftovers the child forked
                _, status = os.waitpid(pid, 0)
                return os.waitstatus_to_exitcode(status)
    finally:
        if pidfd is not None:
            os.close(pidfd)


def serve(sock: socket.socket) -> None:
    """The zygote's loop: one job at a time, until the parent closes the socket (or dies:
    the socket then reads as closed). No parent-death signal here: Linux sends it when the
    *thread* that started the zygote ends, and a warm-up thread may have started it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    from grader.exercise import list_exercises

    for name in PRELOAD + tuple(f"exercises.{e}.scenario" for e in list_exercises()):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    _send(sock, {"ready": os.getpid()})
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 65536, 1)
        except ConnectionError:
            return
        if not data:
            return
        request = json.loads(data)
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            _child(sock, request, fds[0])
        os.close(fds[0])
        _send(sock, {"pid": pid})
        code = _watch(sock, pid)
        if code is None:
            return
        _send(sock, {"exit": pid, "code": code})


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    serve(sock)


# ---------------------------------------------------------------------------- parent side

class ZygoteError(RuntimeError):
    pass


class ZygoteLauncher:
    """Same contract as grader.sandbox.launch.SpawnLauncher; the zygote starts on first use
    and is restarted if it ever dies."""

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.RLock()   # start() may run in a warm-up thread

    def __enter__(self) -> "ZygoteLauncher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start the zygote now (it imports torch: a second or two)."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=child_env(), cwd=tempfile.gettempdir())
        theirs.close()
        self._sock = ours
        reply = self._receive(ours, READY_TIMEOUT)
        if not reply or "ready" not in reply:
            self.close()
            raise ZygoteError("the zygote did not start")

    def close(self) -> None:
        """Stop the zygote and any child it is running. Safe from another thread: a run()
        waiting on this zygote then returns (as a crash) instead of hanging."""
        sock, proc = self._sock, self._proc
        self._sock = self._proc = None
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
                proc.kill()
                proc.wait()

    @staticmethod
    def _receive(sock: socket.socket, timeout: float | None) -> dict | None:
        try:
            sock.settimeout(timeout)
            data = sock.recv(65536)
        except (socket.timeout, OSError):
            return None
        return json.loads(data) if data else None

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
        with self._lock, tempfile.TemporaryDirectory(prefix="grader-") as tmp:
            tmp = Path(tmp)
            job_path, trace_path, work = tmp / "job.json", tmp / "trace.jsonl", tmp / "work"
            work.mkdir()
            job_path.write_text(json.dumps(job))
            request = {"job_path": str(job_path), "trace_path": str(trace_path),
                       "cwd": str(work), "memory_bytes": memory_bytes}
            self.start()
            sock, proc = self._sock, self._proc
            read_fd, write_fd = os.pipe()
            start = time.monotonic()
            try:
                _send(sock, request, (write_fd,))
                reply = self._receive(sock, READY_TIMEOUT)
            except OSError:
                reply = None
            finally:
                os.close(write_fd)
            stream = open(read_fd, "rb")
            output = CappedOutput(stream, output_limit)
            if not reply or "pid" not in reply:
                self._abandon(None, proc)
                code, timed_out = -signal.SIGKILL, False
            else:
                code, timed_out = self._wait(sock, proc, reply["pid"], timeout)
            outcome = ChildOutcome(exit_code=code, elapsed=time.monotonic() - start)
            outcome.output = output.text()
            outcome.output_bytes = output.total
            stream.close()
            outcome.records = read_trace(trace_path)
            classify_exit(outcome, timed_out, timeout)
            return outcome

    def _wait(self, sock, proc, pid: int, timeout: float) -> tuple[int, bool]:
        reply = self._receive(sock, timeout)
        timed_out = reply is None and proc.poll() is None and self._sock is sock
        if timed_out:
            try:
                _send(sock, {"kill": pid})
            except OSError:
                pass
            reply = self._receive(sock, KILL_GRACE)
        if reply is None or reply.get("exit") != pid:
            self._abandon(pid, proc)        # the zygote died, hangs or was closed: start afresh
            return -signal.SIGKILL, timed_out
        return reply["code"], timed_out

    def _abandon(self, pid: int | None, proc: subprocess.Popen) -> None:
        if pid is not None:
            kill_group(pid)
        proc.kill()
        if self._proc is proc:
            self.close()


if __name__ == "__main__":
    main()
