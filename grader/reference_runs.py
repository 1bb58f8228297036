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

OBSERVATION_SOURCES = ("job/observe/*.py", "trace/*.py", "job/*.py", "protocol.py")


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


def variant_job_fields(exercise, scenarios, variant, epochs: dict[str, int] | None = None) -> dict:
    """What a job needs to build `variant` of `scenarios`: nothing for the public variant 0, else
    {"variant_state": scenario -> its tensors} (exercises.common.variant_state), built here in the
    parent, with the `epochs` derived for it where a scenario's budget comes from another's
    reference run (derived_epochs). Never the label nor the secret: the job cannot tell which
    variant it is on."""
    if variant == 0:
        return {}
    from exercises.common import variant_state   # torch: imported once a variant is built

    module = exercise.scenario_module()
    try:
        states = {name: variant_state(module.SCENARIOS[name]("cpu", variant)) for name in scenarios}
    except TypeError as exc:   # the exercise's, found by `grader check-exercise`: never a student's score
        raise ReferenceFailed(f"exercise {exercise.name}: {exc}") from None
    for name, value in (epochs or {}).items():
        if name in states:
            states[name]["epochs"] = value
    return {"variant_state": states}


def epochs_from(exercise) -> dict:
    """scenario -> (source scenario, rule): the scenario module's EPOCHS_FROM. A scenario whose
    situation depends on where training goes (early stopping due, or not, inside its budget) sets
    its budget on each secret variant from the source's reference run on that variant, so the
    situation arises by construction instead of by redrawing variants."""
    table = getattr(exercise.scenario_module(), "EPOCHS_FROM", None) or {}
    return {name: rule for name, rule in table.items() if isinstance(rule, tuple) and len(rule) == 2}


def _epochs_run(run: dict) -> int:
    """Epochs a reference run recorded (one validation loss per epoch)."""
    return len((((run.get("history") or {}).get("keys") or {}).get("val_loss") or {}).get("items") or [])


def derived_epochs(exercise, scenarios, refs: dict, variant, fetch=None) -> dict[str, int]:
    """scenario -> its epochs on `variant`, for those of `scenarios` whose budget comes from
    another's reference run (epochs_from): the source's run from `refs`, else `fetch(source)`.
    Public variant 0: none."""
    if variant == 0:
        return {}
    out = {}
    for name, (source, rule) in epochs_from(exercise).items():
        if name not in scenarios:
            continue
        run = refs.get(source) or (fetch(source) if fetch is not None else None)
        value = rule(_epochs_run(run)) if run is not None else None
        if type(value) is int and value >= 1:
            out[name] = value
    return out


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
    # a scenario whose budget derives from another's run (epochs_from) needs that run too
    derived = epochs_from(exercise) if variant != 0 else {}
    wanted = list(scenarios)
    needed = list(dict.fromkeys([*(derived[n][0] for n in wanted if n in derived), *wanted]))
    out, todo = {}, []
    for name in needed:
        run = _read_entry(folder / f"{exercise.name}.{name}.{device}{suffix}.json", signer,
                          exercise.name, name, device, variant)
        if run is not None:
            out[name] = run
        else:
            todo.append(name)
    if todo and exercise.reference_file is None:
        raise ReferenceFailed(f"exercise {exercise.name} has no reference here ({exercise.folder}/reference.py, "
                              "or reference/<name>.py for a built-in)")
    # ... and waits for it: sources first, then what derives from them
    first = [n for n in todo if derived.get(n, ("",))[0] not in todo]
    for group in (first, [n for n in todo if n not in first]):
        if group:
            _run_references(exercise, group, device, variant, launcher, folder, signer, suffix, out)
    return {name: out[name] for name in wanted}


def _run_references(exercise, todo: list[str], device: str, variant, launcher, folder: Path, signer,
                    suffix: str, out: dict) -> None:
    """Run the reference on `todo` in one job; sign and cache each run, and add it to `out`."""
    from grader.sandbox.launch import SpawnLauncher

    job = {"kind": "reference", "exercise": exercise.name, "exercise_dir": str(exercise.folder),
           "scenario_file": str(exercise.scenario_file), "reference_file": str(exercise.reference_file),
           "scenarios": todo, "device": device, "scenario_budget": 600.0,
           **variant_job_fields(exercise, todo, variant, derived_epochs(exercise, todo, out, variant))}
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


def forget_variant(exercise, scenarios, device: str, variant: int, *, cache_dir=None) -> None:
    """Remove the cached reference runs of a drawn variant that will not be used (secret variants
    are drawn afresh per grading: a rejected one would never be read again)."""
    folder = Path(cache_dir or default_cache_dir()) / _source_key(exercise)
    derived = epochs_from(exercise)
    for name in dict.fromkeys([*scenarios, *(derived[n][0] for n in scenarios if n in derived)]):
        (folder / f"{exercise.name}.{name}.{device}{variant_suffix(variant)}.json").unlink(missing_ok=True)
