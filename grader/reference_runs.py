"""Reference traces: the correct loop observed on the same scenarios as a submission.

Run once per (exercise, scenario, device, variant) in a sandboxed child like any submission,
then cached on disk under a key that changes whenever the reference, the scenario or the
observation code changes. A secret variant (grader.variants) is named by its label, and its
data come from the key in the same cache folder, so an entry is one of key + label; the job
receives the variant's tensors (variant_job_fields), never the label. A student bundle ships them as data instead (reference_dir), so
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
from grader.trace.envelope import read_envelope
import exercises
from grader.environment import default_cache_dir
from grader.errors import GraderError

OBSERVATION_SOURCES = ("observe/*.py", "trace/*.py", "sandbox/child.py", "sandbox/execute.py")


def _source_key(exercise) -> str:
    """Hash of every file that decides what a reference trace contains."""
    h = hashlib.sha256(grader.__version__.encode())
    grader_dir = Path(grader.__file__).parent
    files = sorted(p for pattern in OBSERVATION_SOURCES for p in grader_dir.glob(pattern))
    files += sorted(Path(exercises.__file__).parent.glob("*.py"))
    files += exercise.source_files()   # the exercise's own files and its reference's, by path
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(exercise.folder) if f.is_relative_to(exercise.folder) else f.name).encode())
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


SCHEMA = 1


def variant_job_fields(exercise, scenarios, variant) -> dict:
    """What a job needs to build `variant` of `scenarios`: nothing for the public variant 0, else
    {"variant_state": scenario -> its tensors} (exercises.common.variant_state), built here in the
    parent. Never the label nor the secret: the job cannot tell which variant it is on."""
    if variant == 0:
        return {}
    from exercises.common import variant_state   # torch: imported once a variant is built

    module = exercise.scenario_module()
    try:
        return {"variant_state": {name: variant_state(module.SCENARIOS[name]("cpu", variant)) for name in scenarios}}
    except TypeError as exc:   # the exercise's, found by `grader check-exercise`: never a student's score
        raise ReferenceFailed(f"exercise {exercise.name}: {exc}") from None


def variant_suffix(variant: int) -> str:
    """File name part of a variant's trace: none for the public variant 0."""
    return "" if variant == 0 else f".v{variant}"


def recorded_variants(reference_dir, exercise, scenarios, device: str) -> list[int]:
    """The secret variants a folder of recorded traces holds for every one of `scenarios`."""
    import re

    folder = Path(reference_dir) / exercise.name
    found = set()
    for path in folder.glob(f"*.{device}.v*.json"):
        if m := re.fullmatch(rf".+\.{re.escape(device)}\.v(\d+)\.json", path.name):
            found.add(int(m.group(1)))
    return sorted(v for v in found
                  if all((folder / f"{name}.{device}.v{v}.json").is_file() for name in scenarios))


def _valid_run(run, exercise: str, scenario: str, device: str, variant: int) -> bool:
    """The shape every check relies on, from the grader's own child on this exact scenario."""
    return (type(run) is dict and run.get("type") == "run" and run.get("status") == "ok"
            and run.get("scenario") == scenario and run.get("device") == device
            and run.get("variant", 0) == variant and type(run.get("history")) is dict
            and all(type(run.get(k)) is list for k in ("passes", "forwards", "steps")))


def _read_entry(path: Path, signer, exercise: str, scenario: str, device: str, variant: int):
    """A cached run, or None (absent, unreadable, wrong shape or not signed with our key):
    a bad entry is a miss, recomputed, never trusted and never a crash."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if type(entry) is not dict or entry.get("schema") != SCHEMA:
        return None
    run = entry.get("run")
    if not signer.verify(run, entry.get("mac")) or not _valid_run(run, exercise, scenario, device, variant):
        return None
    return run


def reference_runs(exercise, scenarios, device: str, *, reference_dir=None, cache_dir=None,
                   launcher=None, variant: int = 0) -> dict[str, dict]:
    """scenario -> the reference's run record on `variant` of the scenario (0: the public one;
    a student bundle's recorded traces hold only that one, a Gradescope zip's some secret ones)."""
    if reference_dir is not None:
        folder = Path(reference_dir) / exercise.name
        out = {}
        for name in scenarios:
            path = folder / f"{name}.{device}{variant_suffix(variant)}.json"
            if not path.is_file():
                raise ReferenceFailed(f"no recorded reference trace {path}")
            out[name] = json.loads(path.read_text())
            try:   # a bundle recorded by another grader version: say so, never misread it
                check_version(out[name], f"the recorded reference trace {path.name}")
            except TraceVersionError as exc:
                raise ReferenceFailed(str(exc)) from None
        return out

    from grader.signing import Signer

    root = Path(cache_dir or default_cache_dir())
    signer = Signer(root, "reference-cache")
    folder = root / _source_key(exercise)
    suffix = variant_suffix(variant)
    out, todo = {}, []
    for name in scenarios:
        run = _read_entry(folder / f"{exercise.name}.{name}.{device}{suffix}.json", signer,
                          exercise.name, name, device, variant)
        if run is not None:
            out[name] = run
        else:
            todo.append(name)
    if todo:
        from grader.sandbox.launch import SpawnLauncher

        if exercise.reference_file is None:
            raise ReferenceFailed(f"exercise {exercise.name} has no reference here ({exercise.folder}/reference.py, "
                                  "or reference/<name>.py for a built-in)")
        job = {"kind": "reference", "exercise": exercise.name, "exercise_dir": str(exercise.folder),
               "scenario_file": str(exercise.scenario_file), "reference_file": str(exercise.reference_file),
               "scenarios": todo, "device": device, "scenario_budget": 600.0,
               **variant_job_fields(exercise, todo, variant)}
        outcome = (launcher or SpawnLauncher()).run(job, timeout=900.0, memory_bytes=0, output_limit=65536)
        runs = {r.get("scenario"): r for r in read_envelope(outcome.records).runs}
        for name in todo:
            run = runs.get(name)
            if run is None or run["status"] != "ok":
                error = (run or {}).get("error") or {}
                # the run's own error, else the last line the process printed (its traceback's)
                detail = (error.get("message") if isinstance(error, dict) else str(error)) \
                    or (outcome.output.strip().splitlines() or [""])[-1][-2000:] or outcome.message
                raise ReferenceFailed(f"the reference could not run ({exercise.name}/{name} on {device}): "
                                      f"{detail}")
            run["variant"] = int(variant)
            _write_atomic(folder / f"{exercise.name}.{name}.{device}{suffix}.json",
                          json.dumps({"schema": SCHEMA, "mac": signer.sign(run), "run": run}))
            out[name] = run
    return out


def forget_variant(exercise, scenarios, device: str, variant: int, *, cache_dir=None) -> None:
    """Remove the cached reference runs of a drawn variant that will not be used (secret variants
    are drawn afresh per grading: a rejected one would never be read again)."""
    folder = Path(cache_dir or default_cache_dir()) / _source_key(exercise)
    for name in scenarios:
        (folder / f"{exercise.name}.{name}.{device}{variant_suffix(variant)}.json").unlink(missing_ok=True)
