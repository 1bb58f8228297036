"""What a grade was made with, as one key: the grader's own source, the exercise (rubric,
scenario, reference), the versions of python/torch/numpy, and the options that can change a
verdict (device, timeout, memory). The batch resumes by this key, so a fixed check, a new
torch or a longer timeout regrades by itself: nobody has to remember to bump a version."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import exercises
import grader
from grader.environment import versions

_SOURCE_SUFFIXES = {".py", ".toml", ".j2", ".html", ".css", ".json"}


def _hash_tree(h, root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in _SOURCE_SUFFIXES
                       and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")


@functools.lru_cache(maxsize=None)
def source_hash(exercise_name: str) -> str:
    """sha256 over the grader package, the shared exercise modules, the exercise's folder and
    its reference (where this install has one). `exercise_name`: what grader.exercise.load_exercise
    takes (a built-in's name or an exercise folder's path)."""
    from grader.exercise import load_exercise

    ex = load_exercise(exercise_name)
    h = hashlib.sha256()
    _hash_tree(h, Path(grader.__file__).parent)
    ex_root = Path(exercises.__file__).parent
    for path in sorted(ex_root.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    _hash_tree(h, ex.folder)      # the exercise's own files, by path, wherever its folder is
    for path in ex.reference_files():   # a student bundle has none: its traces stand for it
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def grading_key(exercise_name: str, *, device: str, timeout: float, memory) -> str:
    """The key under which a recorded grade may be reused (sha256, 24 hex digits)."""
    parts = {"source": source_hash(exercise_name), "versions": versions(), "device": device,
             "timeout": float(timeout), "memory": str(memory)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]
