"""Child-side: what train() left on disk. The places a job can write are listed (the working
directory, the tracker's folder, checkpoint_dir, and the temporary folder and /dev/shm where they
are the job's own), each is listed file by file just before train() is called and again once it
has returned and garbage was collected; what is new or changed is reported per place, with paths
relative to it. Nothing here judges (grader/checks/stray_files.py does).

Guarantees: a file created and removed again during train() is not reported (only the state when
it returned counts); a file is reported under the most specific place holding it (checkpoint_dir
inside the tracker's folder inside the temporary folder); files a library writes into its own
cache (matplotlib's font list in MPLCONFIGDIR, HOME/.cache, torch.compile's folders under the
temporary folder) are reported as place "cache". Links are never followed; a listing stops at
MAX_ENTRIES per snapshot, and a folder on another device (a read-only bind) is not entered.
"""
from __future__ import annotations

import fnmatch
import gc
import os
import stat
import tempfile

from grader.protocol import JOB_DIR   # the working folder of a job whose /tmp is its own
from grader.trace.production import LeftFile

# the files SQLite itself keeps beside a database while it is open, or leaves in WAL mode
MAX_ENTRIES = 20000    # per snapshot: a runaway writer cannot make the listing itself the hang
MAX_REPORTED = 50      # LeftFile records per run; the rest are counted
# what libraries write for themselves (never the loop's doing): (environment variable naming a
# folder, or "tmp", and the names beneath it, as fnmatch patterns of the path relative to it)
LIBRARY_CACHES = (("MPLCONFIGDIR", ("fontlist-v*.json", "tex.cache/*", "matplotlibrc")),
                  ("HOME", (".cache/*", ".config/matplotlib/*", ".triton/*")),
                  ("tmp", ("torchinductor_*/*", "triton*/*", "mpl-*/*", "matplotlib-*/*")))


def places(kwargs: dict, cwd: str | None = None, private_tmp: bool | None = None) -> dict[str, str]:
    """place -> absolute folder, for a scenario's keyword arguments. The temporary folder and
    /dev/shm are watched only where they are the job's own (a job in its namespaces works in
    JOB_DIR inside a fresh /tmp): a shared /tmp would charge other processes' files."""
    cwd = os.path.realpath(cwd or os.getcwd())
    if private_tmp is None:
        private_tmp = cwd == JOB_DIR
    out = {"cwd": cwd}
    if private_tmp:
        out["tmp"] = os.path.realpath(tempfile.gettempdir())
        if os.path.isdir("/dev/shm"):
            out["shm"] = "/dev/shm"
    tracker = kwargs.get("tracker")
    if isinstance(tracker, (str, os.PathLike)):
        out["tracker_dir"] = os.path.dirname(os.path.realpath(tracker))
    folder = kwargs.get("checkpoint_dir")
    if isinstance(folder, (str, os.PathLike)) and os.path.isdir(folder):
        out["checkpoint_dir"] = os.path.realpath(folder)
    return out


def snapshot(roots: dict[str, str]) -> tuple[dict[str, tuple], bool]:
    """(absolute path -> (is a folder, inode, size, mtime_ns), complete) over every place; each
    folder is listed once, under the place it belongs to."""
    seen: dict[str, tuple] = {}
    tops = set(roots.values())
    pending = [r for r in dict.fromkeys(roots.values()) if os.path.isdir(r)]
    devices = {}
    for r in pending:
        try:
            devices[r] = os.lstat(r).st_dev
        except OSError:
            pass
    budget = MAX_ENTRIES
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            budget -= 1
            if budget < 0:
                return seen, False
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            is_dir = stat.S_ISDIR(st.st_mode)
            seen[entry.path] = (is_dir, st.st_ino, st.st_size, st.st_mtime_ns)
            # a nested place is listed as itself; a folder on another device is a bind of the grader's
            if is_dir and entry.path not in tops and st.st_dev in devices.values():
                pending.append(entry.path)
    return seen, True


def _place(path: str, roots: dict[str, str]) -> tuple[str, str] | None:
    """(place, path relative to it) for the most specific place holding `path`."""
    best = None
    for name, root in roots.items():
        if path.startswith(root.rstrip("/") + "/") and (best is None or len(root) > len(roots[best])):
            best = name
    if best is None:
        return None
    return best, os.path.relpath(path, roots[best]).replace(os.sep, "/")


def _library_cache(path: str, roots: dict[str, str]) -> bool:
    for var, patterns in LIBRARY_CACHES:
        base = roots.get("tmp") if var == "tmp" else os.environ.get(var)
        if not base:
            continue
        base = os.path.realpath(base).rstrip("/") + "/"
        if path.startswith(base) and any(fnmatch.fnmatch(path[len(base):], p) for p in patterns):
            return True
    return False


def left_behind(before: dict[str, tuple], after: dict[str, tuple], roots: dict[str, str]) -> list[LeftFile]:
    """Files new or changed in `after` (folders only where new and empty), by place."""
    folders_with_content = {os.path.dirname(p) for p in after}
    out = []
    for path, (is_dir, ino, size, mtime) in sorted(after.items()):
        old = before.get(path)
        if is_dir:
            if old is not None or path in folders_with_content or path in roots.values():
                continue
        elif old is not None and old[1:] == (ino, size, mtime):
            continue
        where = _place(path, roots)
        if where is None:
            continue
        place, rel = where
        if _library_cache(path, roots):
            place = "cache"
        out.append(LeftFile(place=place, path=rel + ("/" if is_dir else ""), size=0 if is_dir else size,
                            new=old is None))
    return out


class Footprint:
    """Built just before train() is called (the places are listed then); finish() once it returned."""

    def __init__(self, roots: dict[str, str], tracker_file: str | None = None):
        self.roots, self.tracker_file = roots, tracker_file
        self.before, self.complete = snapshot(roots)

    def finish(self, collect=gc.collect) -> dict:
        """The Production fields: left_files, left_files_more, watched. Where a file left would be
        a stray, the places are listed again after `collect` (a full garbage collection): scratch
        files whose owner train() dropped in a reference cycle are removed by its finalizer then."""
        after, complete = snapshot(self.roots)
        files = left_behind(self.before, after, self.roots)
        if any(not f.expected(self.tracker_file) for f in files):
            collect()
            after, complete = snapshot(self.roots)
            files = left_behind(self.before, after, self.roots)
        return {"left_files": files[:MAX_REPORTED], "left_files_more": max(0, len(files) - MAX_REPORTED),
                "watched": sorted(self.roots) + ([] if self.complete and complete else ["incomplete"])}
