"""The fork server's side of a warm launcher (its parent's side, which starts it and talks to it,
is grader.sandbox.zygote): imports torch and the child once, then forks one confined job at a time.
Started as `python -m grader.job.server FD [--no-preload]` inside the worker's sandbox.

Per job, the process tree is

    server ── X (relay) ── Y (the job's init: pid 1 of a new PID namespace) ── Z (the job)

X enters new user, PID, mount and IPC namespaces (fresh /tmp and /dev/shm), Y is their init and
Z runs the submission after Landlock, a seccomp filter and dropped capabilities
(grader.job.lockdown). Z reports which layers took effect on a pipe before any student code runs.
When Z ends, Y ends, and the kernel kills everything else in the namespace; Y passes Z's exit
status to X, which ends the same way, so the server sees exactly how the job ended. On a timeout
or when the parent goes away the server kills X, and Y (which dies with its parent) takes the
namespace with it. The job can name no process outside its namespace: not the server, not the
grader, not another job.
"""
from __future__ import annotations

import ctypes
import importlib
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from pathlib import Path

import exercises
from grader.job.lockdown import PR_SET_DUMPABLE, encode, enter_job_namespaces, lock_down, mount_own_proc
from grader.protocol import JOB_DIR, MESSAGE_BYTES, PROTECTIONS_LIMIT, JobRequest, send_message
from grader.limits import apply_limits

# What the server imports before forking: everything the child side needs that is slow.
# torch._dynamo is imported lazily by the first optimizer a scenario builds: a second of its own.
PRELOAD = ("torch", "torch.nn", "torch.optim", "torch.utils.data", "torch._dynamo",
           "grader.job.child", "grader.job.execute",
           "grader.job.observe.patches", "grader.job.observe.recorder", "grader.job.observe.history",
           "exercises.common", "nbformat",
           # every job imports tqdm.notebook (grader.job.quiet_tqdm; IPython with it): 60 ms
           # a job; pyplot costs a student who plots 0.7-1 s a job (font cache built afresh each
           # time). Each job is a fork: what a student patches in them stays in that job.
           "tqdm.notebook", "tqdm.auto", "matplotlib.pyplot")
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _close_fds_except(keep: set[int]) -> None:
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _exit_as(status: int) -> None:
    """End this process the way a child with wait status `status` ended."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
            os.kill(os.getpid(), sig)
            time.sleep(1.0)
        finally:
            os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def _job(request: JobRequest, fds: list[int], report_fd: int, namespaced: bool) -> None:
    """Z, the job: isolate, limit, lock down, report, redirect, run; never returns."""
    code = 1
    job_fd, trace_fd, out_fd = fds
    try:
        if namespaced:
            os.setsid()       # its own session: the init's group is not its to signal
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        os.close(devnull)
        os.close(out_fd)
        _close_fds_except({job_fd, trace_fd, report_fd})
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        # inside its namespaces the job's folder is /tmp/job; without them, a private host folder
        os.chdir(request.cwd if not namespaced and os.path.isdir(request.cwd) else JOB_DIR)
        from grader.job.child import run_job   # preloaded: the fork has it already

        with os.fdopen(job_fd, "rb") as f:
            job = json.loads(f.read())
        # --memory bounds what the job holds in all: its address space plus its two tmpfs
        memory = request.memory_bytes
        if namespaced and memory:
            memory = max(memory - 2 * request.tmp_bytes, request.tmp_bytes)
        apply_limits(memory)
        layers = {"pid_ns": namespaced, "mount_ns": namespaced}
        if request.lock_down:
            layers.update(lock_down(["/tmp", "/dev/shm"] if namespaced else [request.cwd, "/tmp", "/dev/shm"]))
        os.write(report_fd, encode(layers)[:PROTECTIONS_LIMIT])
        os.close(report_fd)
        sys.argv = ["job"]
        run_job(job, trace_fd)
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


def _init(request: JobRequest, fds: list[int], report_fd: int, namespaced: bool, status_fd: int) -> None:
    """Y, the job's init (pid 1 of its namespace): start Z, reap everything, pass Z's status to
    X, exit (the kernel then kills whatever Z left behind). Never returns."""
    try:
        _die_with_parent()
        if _reader_gone(status_fd):
            os._exit(1)       # X died before the death signal was armed (its pid is 0 in here)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(sig, signal.SIG_DFL)   # as init, signals from inside are then ignored
        if namespaced:
            mount_own_proc()
        z = os.fork()
        if z == 0:
            os.close(status_fd)
            _job(request, fds, report_fd, namespaced)
        for fd in (*fds, report_fd):
            os.close(fd)
        status = 0x7f00 | signal.SIGKILL
        while True:
            try:
                pid, st = os.wait()
            except ChildProcessError:
                break
            if pid == z:
                status = st
                break
        os.write(status_fd, struct.pack("i", status))
    finally:
        os._exit(0)


def _reader_gone(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLERR)
    return bool(poller.poll(0))


def _relay(sock: socket.socket, request: JobRequest, fds: list[int], report_fd: int) -> None:
    """X: leave the zygote's session, enter the job's namespaces, start its init, end as the job
    ended. Never returns."""
    try:
        os.setsid()
        _die_with_parent()
        sock.close()
        namespaced = request.namespaces and enter_job_namespaces(request.tmp_bytes, list(request.keep))
        status_r, status_w = os.pipe()
        y = os.fork()
        if y == 0:
            os.close(status_r)
            _init(request, fds, report_fd, namespaced, status_w)
        os.close(status_w)
        for fd in (*fds, report_fd):
            os.close(fd)
        os.waitpid(y, 0)
        data = os.read(status_r, 4)
        _exit_as(struct.unpack("i", data)[0] if len(data) == 4 else (0x7f00 | signal.SIGKILL))
    except BaseException:
        os._exit(70)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _end(pid: int) -> None:
    """Kill a job's relay and, where it had no namespace of its own, its process group."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _kill_group(pid)


def _watch(sock: socket.socket, pid: int) -> int | None:
    """Wait for the relay to exit, killing it on a "kill" message; returns its exit code
    (negative: killed by that signal), or None if the parent went away."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            ready, _, _ = select.select([sock] + ([pidfd] if pidfd is not None else []), [], [],
                                        None if pidfd is not None else 0.02)
            if sock in ready:
                data = sock.recv(MESSAGE_BYTES)
                if not data:                      # the parent is gone: so is the job
                    _end(pid)
                    os.waitpid(pid, 0)
                    return None
                if json.loads(data).get("kill") == pid:
                    _end(pid)
            # WNOWAIT: the pid stays a zombie (not reusable) until the group is killed
            info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if info is not None and info.si_pid == pid:
                _kill_group(pid)                   # leftovers of an un-namespaced job
                _, status = os.waitpid(pid, 0)
                return os.waitstatus_to_exitcode(status)
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _read_report(fd: int) -> dict:
    """What Z said it applied; empty if it died first. Never blocks (Z and its copies are gone)."""
    try:
        os.set_blocking(fd, False)
        data = os.read(fd, PROTECTIONS_LIMIT)
        report = json.loads(data) if data else {}
        return report if isinstance(report, dict) else {}
    except (OSError, ValueError):
        return {}
    finally:
        os.close(fd)


def serve(sock: socket.socket, preload: bool = True) -> None:
    """The zygote's loop: one job at a time, until the parent closes the socket (or dies:
    the socket then reads as closed). No parent-death signal here: Linux sends it when the
    *thread* that started the zygote ends, and a warm-up thread may have started it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    # nothing a job does can read or write this process's memory through /proc (ptrace rules)
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    if preload:
        scenarios = tuple(f"exercises.{folder.parent.name}.scenario"
                          for folder in sorted(Path(exercises.__file__).parent.glob("*/scenario.py")))
        for name in PRELOAD + scenarios:
            try:
                importlib.import_module(name)
            except ImportError:
                pass
    send_message(sock, {"ready": os.getpid()})
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, MESSAGE_BYTES, 3)
        except ConnectionError:
            return
        if not data:
            return
        try:
            request = JobRequest.from_message(json.loads(data))
        except (TypeError, ValueError):
            request = None
        if request is None or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        report_r, report_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(report_r)
            _relay(sock, request, fds, report_w)
        os.close(report_w)
        for fd in fds:
            os.close(fd)
        send_message(sock, {"pid": pid})
        code = _watch(sock, pid)
        report = _read_report(report_r)
        if code is None:
            return
        send_message(sock, {"exit": pid, "code": code, "layers": report})


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    serve(sock, preload=sys.argv[2:3] != ["--no-preload"])


if __name__ == "__main__":
    main()
