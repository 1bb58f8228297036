"""Containment (docs/security.md): a submission touches nothing but its own job.

Fast tests attack the parent-side pieces directly (the trace parser, the pipe drains, the
syscall filter and Landlock in a forked process). Slow tests grade every
tests/corpus/broken/attack_*.py under confinement in a world holding secrets and classmates, and
check mechanically that each attack was contained: no secret in anything the grade returns, no
file outside the job, no surviving process, no connection, a grade within its time limit, and
the same grade for an honest classmate graded after the attacker.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest

from corpus_index import CORPUS
from grader.reporters.terminal import summary
from grader.job import lockdown
from grader.protocol import CLONE_NEWUSER, TMP_BYTES
from grader.sandbox import confine
from grader.sandbox.channels import RECORD_LIMIT, TRACE_LIMIT, CappedOutput, Drain, TraceSink

ATTACKS = sorted((CORPUS / "broken").glob("attack_*.py"))
HONEST = CORPUS / "early_stopping" / "ok_bad_epochs_counter.py"
EXERCISE = "early_stopping"
TIMEOUT = 40.0
GRACE = 15.0              # zygote restarts, reference cache reads, a loaded 2-core machine
REFERENCE_RUNS = 90.0     # a grading's fresh secret variant: its reference runs (grader.variants)
SECRET_SSH = "SECRET-ssh-7f3a9c"
SECRET_CLASSMATE = "SECRET-classmate-52be1d"
SECRET_OUT = "SECRET-outfolder-0c44aa"
LISTEN_PORT = 47811       # attack_tcp_socket.py connects here
# One machine-wide port, one abstract socket name and one /tmp to scan for planted markers: under
# pytest-xdist the module's tests run on one worker, one after another, or two workers' attacks
# would find each other's listeners and markers.
pytestmark = pytest.mark.xdist_group("containment")

needs_confinement = pytest.mark.skipif(not confine.confinement_available(),
                                       reason="no working bubblewrap here: cannot confine")


# ------------------------------------------------------------------ fast: parent side

def test_trace_sink_caps_each_record_and_keeps_the_rest():
    sink = TraceSink(record_limit=1000, total_limit=10**6)
    sink.feed(b'{"type": "load"}\n')
    sink.feed(b'{"type": "run", "pad": "' + b"x" * 600)
    sink.feed(b"x" * 600 + b'"}\n')        # this record passed 1000 bytes: dropped whole
    sink.feed(b'{"type": "done"}\n')
    assert [r["type"] for r in sink.records] == ["load", "done"] and sink.dropped == 1


def test_trace_sink_never_raises_and_keeps_only_typed_objects():
    sink = TraceSink()
    for junk in (b"[" * 200_000 + b"\n", b"\xff\xfe\n", b"not json\n", b"[1, 2]\n", b'{"no": "type"}\n',
                 b'{"type": 3}\n', b"1e999999\n", b'{"type": "load"}\n'):
        assert sink.feed(junk) is True
    assert [r["type"] for r in sink.records] == ["load"] and sink.dropped == 7


def test_trace_sink_stops_at_its_total_cap():
    sink = TraceSink(record_limit=RECORD_LIMIT, total_limit=100_000)
    line = json.dumps({"type": "run", "pad": "y" * 1000}).encode() + b"\n"
    results = [sink.feed(line) for _ in range(200)]
    assert False in results and sink.truncated
    assert sum(len(json.dumps(r)) for r in sink.records) <= 100_000


def test_capped_output_keeps_head_and_tail():
    out = CappedOutput(100)
    for i in range(1000):
        out.feed(f"{i:04d}\n".encode())
    text = out.text()
    assert text.startswith("0000") and "0999" in text and "omitted" in text and len(text) < 200


def test_a_drain_never_waits_on_a_process_holding_the_pipe():
    """A stopped or sleeping grandchild keeps the write end open: the drain stops anyway."""
    read_fd, write_fd = os.pipe()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], pass_fds=[write_fd])
    os.close(write_fd)
    try:
        sink = CappedOutput(1000)
        drain = Drain(read_fd, sink)
        start = time.monotonic()
        drain.finish(grace=0.5)
        assert time.monotonic() - start < 2.5 and not drain.thread.is_alive()
    finally:
        holder.kill()
        holder.wait()


def test_protections_from_anything_never_raise():
    assert confine.Protections.from_dict("junk") == confine.Protections()
    p = confine.Protections.from_dict({"bwrap": True, "pid_ns": True, "net_ns": True, "landlock_abi": "7",
                                       "seccomp": 1, "evil": True})
    assert p.confined and p.landlock_abi == 0 and p.seccomp is False
    assert confine.Protections().summary() == "unconfined"


def _in_child(fn) -> int:
    """Run fn() in a forked process (so filters stay there); its return value is the exit code."""
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            code = fn()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.skipif(sys.platform != "linux" or os.uname().machine != "x86_64", reason="x86_64 Linux filter")
def test_seccomp_refuses_inet_sockets_ptrace_and_namespaces_but_not_unix_sockets():
    import ctypes

    def attempt():
        if not lockdown._seccomp():
            return 10
        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            return 11
        except OSError:
            pass
        a, b = socket.socketpair(socket.AF_UNIX)      # multiprocessing and friends still work
        a.close(), b.close()
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.ptrace(16, os.getppid(), 0, 0) != -1:   # PTRACE_ATTACH
            return 12
        if libc.unshare(CLONE_NEWUSER) != -1:
            return 13
        try:   # memory no limit counts (attack_memfd_memory held 1 GiB this way)
            os.close(os.memfd_create("x"))
            return 14
        except OSError:
            pass
        return 0
    assert _in_child(attempt) == 0


@pytest.mark.skipif(sys.platform != "linux" or os.uname().machine != "x86_64", reason="x86_64 Linux filter")
def test_seccomp_refuses_system_v_ipc_whose_memory_no_limit_counts():
    """A System V segment attached, filled and detached holds pages outside the address space
    and outside the tmpfs caps (attack_sysv_shm_memory held 3 GiB under --memory 2G)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    ipc_private, ipc_creat = 0, 0o1000

    def attempt():
        if not lockdown._seccomp():
            return 10
        for code, call in ((11, lambda: libc.shmget(ipc_private, ctypes.c_size_t(1 << 20), ipc_creat | 0o600)),
                           (12, lambda: libc.semget(ipc_private, 1, ipc_creat | 0o600)),
                           (13, lambda: libc.msgget(ipc_private, ipc_creat | 0o600)),
                           (14, lambda: libc.shmat(0, None, 0)),
                           (15, lambda: libc.shmctl(0, 0, None))):
            if call() != -1 or ctypes.get_errno() != 1:    # EPERM from the filter, not EINVAL
                return code
        return 0
    assert _in_child(attempt) == 0


@pytest.mark.slow
def test_system_v_shared_memory_is_not_held_beyond_the_memory_limit(world):
    """The attack as an instructor would meet it: graded with --memory 2G, it holds nothing."""
    from grader.engine import grade

    path = world["class"] / "mallory" / "attack_sysv_shm_memory.py"
    shutil.copy(CORPUS / "broken" / "attack_sysv_shm_memory.py", path)
    result = grade(path, EXERCISE, timeout=TIMEOUT, memory="2G", cache_dir=str(world["cache"]),
                   launcher=world["launcher"], variant=0)
    held = [int(l.split()[-1]) for l in result.output.splitlines() if l.startswith("LGATTACK-FILLED sysv")]
    assert held and set(held) == {0}, result.output[-2000:]     # one line per scenario run, each holding 0 bytes
    assert "semget refused msgget refused" in result.output
    assert result.runtime["status"] == "ok" and result.score == world["alone"].score


@pytest.mark.skipif(lockdown.landlock_abi() == 0, reason="no Landlock in this kernel")
def test_landlock_allows_writes_only_beneath_the_given_folders(tmp_path):
    inside, outside = tmp_path / "job", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()

    def attempt():
        abi, _ = lockdown._landlock([str(inside)])
        if not abi:
            return 10
        (inside / "ok.txt").write_text("fine")
        try:
            (outside / "planted.txt").write_text("no")
            return 11
        except PermissionError:
            return 0
    assert _in_child(attempt) == 0
    assert (inside / "ok.txt").exists() and not (outside / "planted.txt").exists()


@needs_confinement
def test_the_sandbox_view_holds_no_home_reference_cache_or_working_folder(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("LOOPGRADER_CACHE", str(cache))
    cmd = confine.sandbox_command(["true"])
    binds = {cmd[i + 2] for i, a in enumerate(cmd) if a in ("--ro-bind", "--bind", "--dev-bind")}
    import reference
    home = os.path.realpath(os.path.expanduser("~"))
    forbidden = [home, str(Path(reference.__file__).parent), str(cache), os.getcwd(), "/tmp", "/"]
    assert not binds & set(forbidden), binds & set(forbidden)
    assert "--clearenv" in cmd and "--unshare-all" in cmd and "--die-with-parent" in cmd
    assert not any(b.startswith(str(Path(reference.__file__).parent)) for b in binds)


SECRET_REFERENCE = "SECRET-reference-copy-91d0"
SECRET_RUBRIC = "SECRET-rubric-copy-6e2f"
PLANTED = ["reference.py", "rubric.toml", "old_checks/hidden_one.py",
           ".ipynb_checkpoints/reference-checkpoint.py", ".ipynb_checkpoints/rubric-checkpoint.toml",
           ".git/reference.py", ".old/rubric.toml", "reference.py~", "rubric.toml~", "reference.py.bak",
           "rubric.toml.orig", ".reference.py.swp", ".rubric.toml.swp", "sub/reference.py", "sub/rubric.toml",
           "notes/.ipynb_checkpoints/rubric-checkpoint.toml", "solution.py", "data/unused.csv"]


def _planted_course(root: Path) -> Path:
    """A course exercise folder (a copy of early_stopping) holding its reference and rubric, and
    copies of them where editors, Jupyter and git leave them."""
    course = root / "course_ex"
    shutil.copytree(Path(confine._exercises_root()) / EXERCISE, course,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (course / "data").mkdir()
    (course / "data" / "points.csv").write_text("x,y\n1,2\n")
    scenario = course / "scenario.py"
    scenario.write_text(scenario.read_text() + '\nDATA_FILES = ["data/points.csv"]\n')
    shutil.copy(Path(confine._reference_root()) / f"{EXERCISE}.py", course / "reference.py")
    for rel in PLANTED:
        path = course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = SECRET_RUBRIC if "rubric" in rel else SECRET_REFERENCE
        if rel in ("reference.py", "rubric.toml"):     # the real ones, marked
            path.write_text(path.read_text() + f"\n# {secret}\n")
        else:
            path.write_text(f"# {secret}\n" + ('visibility = "hidden"\n' if "rubric" in rel else "def train(): pass\n"))
    return course


def _readable_in_sandbox(paths: list[str], **kwargs) -> dict[str, str]:
    """path -> what a process in a submission's sandbox read from it ("" if it could not)."""
    script = "import sys\nfor p in sys.argv[1:]:\n    try:\n        print(p, '=', open(p).read().replace(chr(10), ' '))\n" \
             "    except OSError:\n        pass\n"
    cmd = confine.sandbox_command([sys.executable, "-S", "-c", script, *paths], **kwargs)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=confine.job_environment())
    return dict(line.split(" = ", 1) for line in out.stdout.splitlines() if " = " in line)


@needs_confinement
def test_a_submission_sees_only_its_scenario_never_a_copy_of_the_reference_or_rubric(tmp_path):
    """An allow-list: the job sees the scenario, the modules it imports and its declared data
    files; every reference and rubric copy (dot-folders, .ipynb_checkpoints, editor backups,
    subfolders) is unreadable. A deny-list of four names let Jupyter's checkpoints through."""
    course = _planted_course(tmp_path)
    package = [str(Path(d) / name) for d in confine.package_exercise_dirs() for name in ("rubric.toml", "statement.md")]
    seen = _readable_in_sandbox([str(course / rel) for rel in PLANTED] + package
                                + [str(course / "scenario.py"), str(course / "data" / "points.csv"),
                                   str(course / "statement.md")], exercise_dirs=[str(course)])
    assert set(seen) == {str(course / "scenario.py"), str(course / "data" / "points.csv")}, sorted(seen)
    assert not any(SECRET_RUBRIC in text or SECRET_REFERENCE in text for text in seen.values())
    view = confine.submission_view([str(course)])
    assert str(course / "scenario.py") in view and not [v for v in view if "reference" in v or "rubric" in v]


@needs_confinement
def test_the_reference_worker_sees_the_reference_wherever_it_is_installed(tmp_path, monkeypatch):
    """A wheel installs the reference package into site-packages, which every worker binds: it
    stayed hidden from the reference's own job too (FileNotFoundError: the reference could not
    run). Simulated with a copy of the packages in a site-packages folder."""
    site = tmp_path / "lib" / "site-packages"
    for package in ("reference", "exercises"):
        shutil.copytree(Path(confine._exercises_root()).parent / package, site / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(confine, "_reference_root", lambda: site / "reference")
    monkeypatch.setattr(confine, "_exercises_root", lambda: site / "exercises")
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    wanted = [str(site / "reference" / f"{EXERCISE}.py"), str(site / "exercises" / EXERCISE / "rubric.toml"),
              str(site / "exercises" / EXERCISE / "scenario.py")]
    assert set(_readable_in_sandbox(wanted, with_reference=True)) == set(wanted)
    assert set(_readable_in_sandbox(wanted)) == {wanted[2]}


def test_confinement_needs_per_job_namespaces_too(monkeypatch):
    """A bubblewrap that works, on a kernel that refuses nested user namespaces, would put every
    job of a warm worker in one /tmp and one PID namespace: the batch refuses that as well."""
    monkeypatch.setattr(confine, "bwrap_binary", lambda: "/usr/bin/bwrap")
    monkeypatch.setattr(confine, "job_namespaces_available", lambda: False)
    assert not confine.confinement_available()
    with pytest.raises(confine.ConfinementUnavailable, match="--allow-unconfined") as raised:
        confine.require_confinement()
    assert "namespaces" in str(raised.value)


def test_grader_batch_refuses_unconfined_unless_told(tmp_path, monkeypatch, capsys):
    from grader.cli import build_parser, main

    monkeypatch.setattr(confine, "bwrap_binary", lambda: None)
    (tmp_path / "class").mkdir()
    shutil.copy(HONEST, tmp_path / "class" / "bob.py")
    code = main(["batch", str(tmp_path / "class"), "--exercise", EXERCISE, "--out", str(tmp_path / "out")])
    assert code == 2 and "--allow-unconfined" in capsys.readouterr().err
    assert not (tmp_path / "out" / "gradebook.db").exists()
    args = build_parser().parse_args(["batch", "x", "--exercise", EXERCISE, "--out", "o", "--allow-unconfined"])
    assert args.allow_unconfined


def test_the_terminal_report_shows_no_control_character_of_a_submission():
    from grader.reporters.terminal import shown

    evil = "x\x1b[2J\x1b]0;owned\x07\ry\u202enext\n  PASS  18/18 contract"
    out = shown(evil)
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert out.splitlines()[1].startswith("        ")   # a continuation cannot pass for a check line


def test_batch_discovery_never_follows_a_symbolic_link(tmp_path):
    """A zip or a git clone may hold links: to a classmate's file (graded as the linker's own)
    or to a file of the grading machine. Neither is a submission."""
    from grader.batch.discover import discover

    klass = tmp_path / "class"
    (klass / "mallory").mkdir(parents=True)
    (klass / "eve").mkdir()
    shutil.copy(HONEST, klass / "bob.py")
    (klass / "mallory" / "train.py").symlink_to(klass / "bob.py")
    secret = tmp_path / "host-secret.py"
    secret.write_text("KEY = 'x'\n")
    (klass / "eve" / "train.py").symlink_to(secret)
    (klass / "trudy").symlink_to(klass / "mallory")          # a linked folder
    (klass / "zed.py").symlink_to(secret)                    # a linked file at the top
    assert [s.student for s in discover(klass)] == ["bob"]


def test_gradescope_runner_never_grades_a_symbolic_link(tmp_path):
    from grader.bundle.gradescope_run import find_submission

    secret = tmp_path / "autograder-source.py"
    secret.write_text("def train(*a, **k):\n    return {}\n")
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "train.py").symlink_to(secret)
    assert find_submission(folder) is None
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)   # a linked folder holding .py files
    assert find_submission(folder) is None
    (folder / "mine.py").write_text("def train(*a, **k):\n    return {}\n")
    assert find_submission(folder) == folder / "mine.py"


# ------------------------------------------------------------------ slow: the attacks, graded

def processes_with(marker: str) -> list[int]:
    """Live processes anywhere on the machine (any namespace) whose command line or name holds
    `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                text = f.read()
            with open(f"/proc/{entry}/comm", "rb") as f:
                text += f.read()
        except (OSError, IndexError):
            continue
        if marker.encode() in text:
            found.append(int(entry))
    return found


class Listener:
    """Accepts TCP connections on the machine's loopback and counts them."""

    def __init__(self, port: int):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # another pytest-xdist worker may hold the port too: a connection to either fails a test
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.accepted = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Secrets where an unconfined attacker would find them, a classmate, an output folder, a
    reference cache of this module's own; the environment points at them while it lasts."""
    if not confine.confinement_available():
        pytest.skip("no working bubblewrap here: cannot confine")
    root = tmp_path_factory.mktemp("world")
    home, cache, klass, out = root / "home", root / "cache", root / "class", root / "out"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa").write_text(SECRET_SSH + "\n")
    (klass / "bob").mkdir(parents=True)
    (klass / "mallory").mkdir()
    shutil.copy(HONEST, klass / "bob" / "train.py")
    with open(klass / "bob" / "train.py", "a") as f:
        f.write(f"# {SECRET_CLASSMATE}\n")
    out.mkdir()
    (out / "results.json").write_text(json.dumps({"note": SECRET_OUT}))
    cache.mkdir()
    # The probes attacks reach for, opened once before any worker process is forked: a fork
    # (a zygote, a reference worker started on demand) inherits every open socket, so a probe
    # opened per test would stay bound in the fork and the next test could not bind it again.
    listener = Listener(LISTEN_PORT)
    host_unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)   # attack_syscall_zoo connects here
    try:
        host_unix.bind(b"\0lgattack-host-probe")
        host_unix.listen(8)
        host_unix.setblocking(False)
    except OSError:     # another pytest-xdist worker holds the probe: a connection fails its test
        host_unix.close()
        host_unix = None
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("HOME", str(home))
            mp.setenv("LOOPGRADER_CACHE", str(cache))
            from grader.sandbox.zygote import ZygoteLauncher

            with ZygoteLauncher(confinement="required") as launcher:
                launcher.start()
                yield {"root": root, "home": home, "cache": cache, "class": klass, "out": out,
                       "launcher": launcher, "alone": _grade(klass / "bob" / "train.py", launcher, cache),
                       "listener": listener, "host_unix": host_unix}
    finally:
        listener.close()
        if host_unix is not None:
            host_unix.close()


def _grade(path, launcher, cache, timeout=TIMEOUT):
    from grader.engine import grade
    return grade(path, EXERCISE, timeout=timeout, memory="3G", cache_dir=str(cache), launcher=launcher,
                 variant=0)


def _markers(world) -> list[str]:
    """Files an attack planted anywhere it could reach if it were not contained."""
    places = [world["root"], Path(sysconfig.get_paths()["purelib"]), Path(confine._grader_root()),
              Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path(os.getcwd())]
    found = []
    for place in places:
        pattern = "**/*LGATTACK*" if place == world["root"] else "*LGATTACK*"
        found += [str(p) for p in place.glob(pattern)] + [str(p) for p in place.glob("lgattack*")]
    return found


def _text_of(result) -> str:
    return json.dumps(result.to_dict()) + result.output


@pytest.mark.slow
@pytest.mark.parametrize("attack", ATTACKS, ids=[p.stem for p in ATTACKS])
def test_every_attack_is_contained(world, attack):
    path = world["class"] / "mallory" / attack.name
    shutil.copy(attack, path)
    listener, host_unix = world["listener"], world["host_unix"]
    accepted_before = listener.accepted
    start = time.monotonic()
    try:
        result = _grade(path, world["launcher"], world["cache"])
    finally:
        elapsed = time.monotonic() - start
        try:
            host_unix.accept()[0].close()
            unix_accepted = True
        except (OSError, AttributeError):   # nothing waiting, or another worker holds the probe
            unix_accepted = False
    # the job ends within its limit, whatever it holds: the submission's part of the grading
    # (launch to outcome) is timed alone; the whole grading also draws this grading's secret
    # variant and runs its reference (two jobs of their own, slower on a loaded machine)
    submission = result.timings.get("submission", elapsed)
    assert submission < TIMEOUT + GRACE, f"the submission's job took {submission:.0f} s"
    assert elapsed < TIMEOUT + GRACE + REFERENCE_RUNS, f"graded in {elapsed:.0f} s"
    text = _text_of(result)
    for secret in (SECRET_SSH, SECRET_CLASSMATE, SECRET_OUT):
        assert secret not in text, f"{secret} leaked"
    assert "Reference for the ``early_stopping`` exercise" not in text      # the reference source
    assert "[[checks]]" not in text and 'visibility = "hidden"' not in text  # a rubric (attack_leak_hidden_rubric)
    assert not [p for p in world["cache"].iterdir() if p.name in text]      # the reference cache
    assert _markers(world) == []
    assert listener.accepted == accepted_before and not unix_accepted
    # attack_syscall_zoo prints one ESCAPED line per call or socket it should not have got
    assert [l for l in result.output.splitlines() if l.startswith("ESCAPED")] == []
    # attack_report_injection: the terminal report holds no control character, and no line the
    # submission wrote passes for one of the grader's (its text is indented under a message)
    shown = summary(result, verbose=True)
    assert not [c for c in shown if ord(c) < 32 and c != "\n"], repr(shown[:400])
    assert not [l for l in shown.splitlines() if "LGINJECT" in l and not l.startswith("        ")
                and "run problem" not in l], shown[:2000]
    # an escaped survivor lives on; one of another xdist worker's job in progress ends with it
    deadline = time.monotonic() + 90
    time.sleep(0.5)
    while processes_with("lgsurv") and time.monotonic() < deadline:
        time.sleep(1)
    assert processes_with("lgsurv") == []
    for line in result.output.splitlines():   # attack_tmpfs_memory: held no more than the tmp cap
        if line.startswith("LGATTACK-FILLED"):
            assert int(line.split()[-1]) <= TMP_BYTES, line


@pytest.mark.slow
def test_a_job_reads_no_copy_of_the_reference_or_rubric_from_a_course_folder(world, tmp_path):
    """attack_read_exercise_copies graded on a course folder full of planted copies: it sees the
    scenario (so it runs) and nothing it could carry out in its exception message."""
    from grader.engine import grade

    course = _planted_course(tmp_path)
    path = world["class"] / "mallory" / "attack_read_exercise_copies.py"
    shutil.copy(CORPUS / "broken" / "attack_read_exercise_copies.py", path)
    result = grade(path, str(course), timeout=TIMEOUT, memory="3G", cache_dir=str(world["cache"]),
                   launcher=world["launcher"], variant=0)
    text = _text_of(result)
    assert "LEAK nothing readable" in text, result.runtime
    assert SECRET_RUBRIC not in text and SECRET_REFERENCE not in text


@pytest.mark.slow
def test_a_classmate_graded_after_an_attacker_gets_the_same_grade(world):
    """In the same warm worker, after the attacks that plant modules, fill tmp and signal the
    worker: the honest classmate's grade is unchanged and the worker is the same one."""
    launcher = world["launcher"]
    zygote = launcher._proc.pid
    for name in ("attack_plant_for_next_job.py", "attack_kill_parent.py", "attack_tmpfs_memory.py"):
        path = world["class"] / "mallory" / name
        shutil.copy(CORPUS / "broken" / name, path)
        _grade(path, launcher, world["cache"])
    after = _grade(world["class"] / "bob" / "train.py", launcher, world["cache"])
    alone = world["alone"]
    assert (after.score, after.runtime["status"]) == (alone.score, alone.runtime["status"])
    assert [c.status for c in after.checks] == [c.status for c in alone.checks]
    assert launcher._proc.pid == zygote


def _job(program: list[dict], scenarios: list[str]) -> dict:
    """A submission job as grader.engine builds one, for the launcher alone."""
    from grader.exercise import load_exercise

    return {"kind": "submission", "exercise": EXERCISE, "scenarios": scenarios, "device": "cpu",
            "scenario_file": str(load_exercise(EXERCISE).scenario_file), "path": "/class/mallory/train.py",
            "program": program, "statement_budget": 10, "load_budget": 10, "scenario_budget": 30,
            "variant": 0}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["attack_trace_flood.py", "attack_huge_record.py"])
def test_trace_floods_are_capped_in_the_parent(world, name):
    from grader.load import load_submission

    job = _job(load_submission(CORPUS / "broken" / name).to_job(), ["budget"])
    start = time.monotonic()
    out = world["launcher"].run(job, timeout=TIMEOUT, memory_bytes=3 << 30, output_limit=64 * 1024)
    assert time.monotonic() - start < TIMEOUT + GRACE
    assert out.trace_truncated or out.trace_dropped > 0
    assert sum(len(json.dumps(r)) for r in out.records) <= TRACE_LIMIT
    assert all(len(json.dumps(r)) <= RECORD_LIMIT for r in out.records)


@pytest.mark.slow
def test_every_job_reports_the_layers_that_were_active(world):
    from grader.sandbox.zygote import ZygoteLauncher

    job = _job([{"code": "def train(*a, **k):\n    return {}\n", "filename": "/class/x.py", "label": "line"}], [])
    out = world["launcher"].run(job, timeout=20, memory_bytes=3 << 30, output_limit=4096)
    p = out.protections
    assert p.confined and p.mount_ns and p.caps_dropped
    assert p.landlock_abi == lockdown.landlock_abi()
    assert p.seccomp == (os.uname().machine == "x86_64")
    with ZygoteLauncher(confinement="off", preload=False) as plain:
        assert not plain.run(job, timeout=20, memory_bytes=3 << 30, output_limit=4096).protections.confined


@pytest.mark.slow
def test_batch_refuses_to_run_unconfined_without_the_flag(tmp_path, monkeypatch):
    from grader.batch.run import BatchSettings, run_batch

    monkeypatch.setattr(confine, "bwrap_binary", lambda: None)
    (tmp_path / "class").mkdir()
    shutil.copy(HONEST, tmp_path / "class" / "bob.py")
    with pytest.raises(confine.ConfinementUnavailable, match="--allow-unconfined"):
        run_batch(tmp_path / "class", BatchSettings(exercise=EXERCISE, out=tmp_path / "out", jobs=1))
    assert not (tmp_path / "out" / "gradebook.db").exists()


@pytest.mark.slow
def test_a_batch_with_attackers_leaves_no_file_no_process_and_fair_grades(world, tmp_path):
    """Honest students graded before and after attackers in one warm worker, then a rerun."""
    from grader.batch.run import BatchSettings, run_batch

    klass, out = tmp_path / "class", tmp_path / "out"
    klass.mkdir()
    for student in ("aaron", "zoe"):       # graded before and after the attackers (student order)
        shutil.copy(HONEST, klass / f"{student}.py")
    for name in ("attack_write_outside.py", "attack_plant_for_next_job.py", "attack_kill_parent.py",
                 "attack_survivor_double_fork.py", "attack_fifo_trace.py"):
        shutil.copy(CORPUS / "broken" / name, klass / f"m_{name[7:-3]}.py")
    before = {str(p) for p in tmp_path.rglob("*")}

    def grade(submission, settings, launcher):
        return _grade(submission.path, launcher, world["cache"])
    settings = BatchSettings(exercise=EXERCISE, out=out, jobs=1, cache_dir=str(world["cache"]), timeout=TIMEOUT)
    outcomes = run_batch(klass, settings, grade=grade, warm=lambda s, l: None)
    by_student = {o.submission.student: o for o in outcomes}
    alone = world["alone"]
    for student in ("aaron", "zoe"):
        result = by_student[student].result
        assert result is not None and result.score == alone.score, (student, result and result.runtime)
    assert _markers(world) == [] and not list(tmp_path.rglob("*LGATTACK*"))
    assert {str(p) for p in klass.rglob("*")} <= before        # nothing new among the submissions
    time.sleep(0.5)
    assert processes_with("lgsurv") == []
    rerun = run_batch(klass, settings, grade=grade, warm=lambda s, l: None)
    assert {o.submission.student: o.result.score for o in rerun if o.result} == \
           {s: o.result.score for s, o in by_student.items() if o.result}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["attack_write_outside.py", "attack_survivor_double_fork.py"])
def test_grade_without_a_launcher_is_confined_too(world, name):
    """`grader grade` and the Gradescope runner call grade() without a launcher: a fresh worker,
    confined where bubblewrap works, with the same containment."""
    path = world["class"] / "mallory" / name
    shutil.copy(CORPUS / "broken" / name, path)
    start = time.monotonic()
    result = _grade(path, None, world["cache"])
    assert time.monotonic() - start < TIMEOUT + GRACE + 10   # + the fresh worker's torch import
    assert result.runtime["status"] == "ok", result.runtime
    assert _markers(world) == []
    time.sleep(0.5)
    assert processes_with("lgsurv") == []


@pytest.mark.slow
def test_the_plain_child_elsewhere_than_linux_still_uses_parent_owned_pipes(monkeypatch):
    """run_plain (non-Linux, unconfined): the trace arrives on the parent's pipe, capped."""
    from grader.sandbox.launch import run_plain

    job = _job([{"code": "def train(*a, **k):\n    return {}\nprint('hello')\n", "filename": "/c/s.py",
                 "label": "line"}], [])
    out = run_plain(job, timeout=60, memory_bytes=4 << 30, output_limit=4096)
    assert out.status == "ok", (out.message, out.output[-2000:])
    assert "hello" in out.output and [r["type"] for r in out.records][-1] == "done"
    assert not out.protections.confined
