"""A warm launcher: a fork server that imports torch and the grader's child side once, then
forks one confined job at a time, so a batch pays the interpreter start and `import torch` once
per worker instead of once per submission.

    launcher = ZygoteLauncher()          # one per worker thread; not shared between threads
    outcome = launcher.run(job, timeout=..., memory_bytes=..., output_limit=...)
    launcher.close()

Where bubblewrap works the server itself runs inside it (grader.sandbox.confine.sandbox_command):
no network, a read-only view of the interpreter, the grader and the exercises only, an
allowlisted environment. Per job, the process tree is

    zygote ── X (relay) ── Y (the job's init: pid 1 of a new PID namespace) ── Z (the job)

X enters new user, PID, mount and IPC namespaces (fresh /tmp and /dev/shm), Y is their init and
Z runs the submission after Landlock, a seccomp filter and dropped capabilities
(confine.lock_down). Z reports which layers took effect on a pipe before any student code runs.
When Z ends, Y ends, and the kernel kills everything else in the namespace; Y passes Z's exit
status to X, which ends the same way, so the zygote sees exactly how the job ended. On a timeout
or when the parent goes away the zygote kills X, and Y (which dies with its parent) takes the
namespace with it. The job can name no process outside its namespace: not the zygote, not the
grader, not another job.

Parent and zygote talk over a Unix SEQPACKET socket, one JSON message per packet; the job
(an unlinked file), the trace pipe and the output pipe travel with the request (SCM_RIGHTS), so
the parent owns both channels and drains them itself (grader.sandbox.launch). Linux only.
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
import subprocess
import sys
import threading
import time

from grader.sandbox import confine
from grader.sandbox.launch import (DRAIN_GRACE, CappedOutput, ChildOutcome, Drain, TraceSink,
                                   classify_exit, child_env, job_file, kill_group)

# What the zygote imports before forking: everything the child side needs that is slow.
# torch._dynamo is imported lazily by the first optimizer a scenario builds: a second of its own.
PRELOAD = ("torch", "torch.nn", "torch.optim", "torch.utils.data", "torch._dynamo",
           "grader.sandbox.child", "grader.sandbox.execute", "grader.sandbox.limits",
           "grader.observe.patches", "grader.observe.recorder", "grader.observe.history",
           "exercises.common", "nbformat",
           # every job imports tqdm.notebook (grader.sandbox.quiet_tqdm; IPython with it): 60 ms
           # a job; pyplot costs a student who plots 0.7-1 s a job (font cache built afresh each
           # time). Each job is a fork: what a student patches in them stays in that job.
           "tqdm.notebook", "tqdm.auto", "matplotlib.pyplot")
READY_TIMEOUT = 120.0     # seconds for the zygote to import torch and say it is ready
KILL_GRACE = 10.0         # seconds for the zygote to confirm a killed child is gone
PR_SET_PDEATHSIG = 1
PROTECTIONS_LIMIT = 4096  # bytes of the job's report on its layers (one pipe buffer)


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


def _job(request: dict, fds: list[int], report_fd: int, namespaced: bool) -> None:
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
        os.chdir(request["cwd"] if not namespaced and os.path.isdir(request["cwd"]) else confine.JOB_DIR)
        from grader.sandbox.child import run_job
        from grader.sandbox.limits import apply_limits

        with os.fdopen(job_fd, "rb") as f:
            job = json.loads(f.read())
        # --memory bounds what the job holds in all: its address space plus its two tmpfs
        memory = request["memory_bytes"]
        if namespaced and memory:
            memory = max(memory - 2 * request["tmp_bytes"], request["tmp_bytes"])
        apply_limits(memory)
        layers = {"pid_ns": namespaced, "mount_ns": namespaced}
        if request.get("lock_down", True):
            layers.update(confine.lock_down(["/tmp", "/dev/shm"] if namespaced else [request["cwd"], "/tmp", "/dev/shm"]))
        os.write(report_fd, confine.encode(layers)[:PROTECTIONS_LIMIT])
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


def _init(request: dict, fds: list[int], report_fd: int, namespaced: bool, status_fd: int) -> None:
    """Y, the job's init (pid 1 of its namespace): start Z, reap everything, pass Z's status to
    X, exit (the kernel then kills whatever Z left behind). Never returns."""
    try:
        _die_with_parent()
        if _reader_gone(status_fd):
            os._exit(1)       # X died before the death signal was armed (its pid is 0 in here)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(sig, signal.SIG_DFL)   # as init, signals from inside are then ignored
        if namespaced:
            confine.mount_own_proc()
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


def _relay(sock: socket.socket, request: dict, fds: list[int], report_fd: int) -> None:
    """X: leave the zygote's session, enter the job's namespaces, start its init, end as the job
    ended. Never returns."""
    try:
        os.setsid()
        _die_with_parent()
        sock.close()
        namespaced = request.get("namespaces", True) and confine.enter_job_namespaces(request["tmp_bytes"], request.get("keep", []))
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


def _end(pid: int) -> None:
    """Kill a job's relay and, where it had no namespace of its own, its process group."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    kill_group(pid)


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
                data = sock.recv(65536)
                if not data:                      # the parent is gone: so is the job
                    _end(pid)
                    os.waitpid(pid, 0)
                    return None
                if json.loads(data).get("kill") == pid:
                    _end(pid)
            # WNOWAIT: the pid stays a zombie (not reusable) until the group is killed
            info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if info is not None and info.si_pid == pid:
                kill_group(pid)                   # leftovers of an un-namespaced job
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
    ctypes.CDLL(None, use_errno=True).prctl(confine.PR_SET_DUMPABLE, 0, 0, 0, 0)
    if preload:
        from grader.exercise import list_exercises

        for name in PRELOAD + tuple(f"exercises.{e}.scenario" for e in list_exercises()):
            try:
                importlib.import_module(name)
            except ImportError:
                pass
    _send(sock, {"ready": os.getpid()})
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 65536, 3)
        except ConnectionError:
            return
        if not data:
            return
        request = json.loads(data)
        if len(fds) != 3:
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
        _send(sock, {"pid": pid})
        code = _watch(sock, pid)
        report = _read_report(report_r)
        if code is None:
            return
        _send(sock, {"exit": pid, "code": code, "layers": report})


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    serve(sock, preload=sys.argv[2:3] != ["--no-preload"])


# ---------------------------------------------------------------------------- parent side

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
        argv = confine.python_argv("grader.sandbox.zygote", str(theirs.fileno()),
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
            data = sock.recv(65536)
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
            request = {"memory_bytes": memory_bytes, "tmp_bytes": confine.TMP_BYTES, "cwd": work,
                       "namespaces": self.confinement != "off", "lock_down": self.confinement != "off",
                       "keep": self._keep}
            sock, proc = self._sock, self._proc
            trace_r, trace_w = os.pipe()
            out_r, out_w = os.pipe()
            start = time.monotonic()
            try:
                _send(sock, request, (jf.fileno(), trace_w, out_w))
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
                _send(sock, {"kill": pid})
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


if __name__ == "__main__":
    main()
