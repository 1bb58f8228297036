"""Reference traces: the correct loop observed on the same scenarios as a submission.

Run once per (exercise, scenario, device) in a sandboxed child like any submission, then
cached on disk under a key that changes whenever the reference, the scenario or the
observation code changes. A student bundle ships them as data instead (reference_dir), so
the reference source never has to be present.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import grader
from grader.trace import TraceVersionError, check_version
import exercises
from grader.errors import GraderError

OBSERVATION_SOURCES = ("observe/*.py", "trace/*.py", "sandbox/child.py", "sandbox/execute.py")


def default_cache_dir() -> Path:
    return Path(os.environ.get("LOOPGRADER_CACHE") or Path.home() / ".cache" / "loopgrader")


def _source_key(exercise) -> str:
    """Hash of every file that decides what a reference trace contains."""
    h = hashlib.sha256(grader.__version__.encode())
    grader_dir = Path(grader.__file__).parent
    files = sorted(p for pattern in OBSERVATION_SOURCES for p in grader_dir.glob(pattern))
    files += sorted(Path(exercises.__file__).parent.glob("*.py"))
    files += [exercise.folder / "scenario.py"]
    try:
        import reference

        files.append(Path(reference.__file__).parent / f"{exercise.name}.py")
        files += sorted(Path(reference.__file__).parent.glob("_*.py"))
    except ImportError:
        pass
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    try:
        from importlib.metadata import version
        h.update(version("torch").encode())
    except Exception:
        pass
    return h.hexdigest()[:20]


def _write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, path)


class ReferenceFailed(GraderError):
    pass


def reference_runs(exercise, scenarios, device: str, *, reference_dir=None, cache_dir=None,
                   launcher=None) -> dict[str, dict]:
    """scenario -> the reference's run record."""
    if reference_dir is not None:
        folder = Path(reference_dir) / exercise.name
        out = {}
        for name in scenarios:
            path = folder / f"{name}.{device}.json"
            if not path.is_file():
                raise ReferenceFailed(f"no recorded reference trace {path}")
            out[name] = json.loads(path.read_text())
            try:   # a bundle recorded by another grader version: say so, never misread it
                check_version(out[name], f"the recorded reference trace {path.name}")
            except TraceVersionError as exc:
                raise ReferenceFailed(str(exc)) from None
        return out

    folder = Path(cache_dir or default_cache_dir()) / _source_key(exercise)
    out, todo = {}, []
    for name in scenarios:
        path = folder / f"{exercise.name}.{name}.{device}.json"
        if path.is_file():
            try:
                out[name] = json.loads(path.read_text())
                continue
            except json.JSONDecodeError:
                pass
        todo.append(name)
    if todo:
        from grader.sandbox.launch import SpawnLauncher

        job = {"kind": "reference", "exercise": exercise.name, "scenarios": todo, "device": device,
               "scenario_budget": 600.0}
        outcome = (launcher or SpawnLauncher()).run(job, timeout=900.0, memory_bytes=0, output_limit=65536)
        runs = {r["scenario"]: r for r in outcome.records if r.get("type") == "run"}
        for name in todo:
            run = runs.get(name)
            if run is None or run["status"] != "ok":
                error = (run or {}).get("error") or {}
                detail = (error.get("message") if isinstance(error, dict) else str(error)) \
                    or outcome.message or outcome.output.strip()[-2000:]
                raise ReferenceFailed(f"the reference could not run ({exercise.name}/{name} on {device}): "
                                      f"{detail}")
            _write_atomic(folder / f"{exercise.name}.{name}.{device}.json", json.dumps(run))
            out[name] = run
    return out
