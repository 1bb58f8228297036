"""`grader export gradescope NAME --out FILE.zip`: a Gradescope autograder.

The zip's root (Gradescope unpacks it into /autograder/source):

    setup.sh            installs Python 3.11+, torch and the vendored grader into /autograder/venv
    run_autograder      grades /autograder/submission into /autograder/results/results.json
    autograder.json     exercise, device, hidden checks' visibility
    loopgrader/         the vendored grader (grader/ + this exercise; no reference/)
    loopgrader/traces/  the reference's recorded traces (so reference code never ships:
                        a submission runs in the same container as the autograder source),
                        on the public scenarios and on SECRET_VARIANTS secret variants drawn
                        from `.loopgrader-key`, a key made for this export (grader.variants).
                        A job's view binds loopgrader/grader/ and loopgrader/exercises/ only:
                        neither the key nor the traces are in it.
"""
from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from grader.bundle.pins import TORCH_CPU_INDEX, torch_version
from grader.bundle.render import render
from grader.bundle.traces import record_traces
from grader.bundle.vendor import vendor
from grader.exercise import load_exercise
from grader.options import DEFAULTS

SECRET_VARIANTS = 4   # recorded scenario variants the autograder draws from (grader.variants)


def stage(name: str, folder: Path, *, hidden_visibility: str = "after_published",
          device: str = DEFAULTS.device) -> Path:
    """Lay out the zip's contents in `folder`."""
    exercise = load_exercise(name)
    values = dict(exercise=exercise.name, hidden_visibility=hidden_visibility,
                  torch_version=torch_version(), torch_index=TORCH_CPU_INDEX)
    for script in ("setup.sh", "run_autograder"):
        path = folder / script
        path.write_text(render(f"{script}.j2", **values))
        path.chmod(0o755)
    (folder / "autograder.json").write_text(json.dumps({
        "exercise": exercise.name, "device": device, "hidden_visibility": hidden_visibility,
        "traces": "loopgrader/traces"}, indent=2) + "\n")
    package = vendor(exercise, folder / "loopgrader")
    # secret variants too, from a key made here: each submission is graded on one the student
    # cannot derive (the key stays beside the traces, outside any job's view)
    record_traces(exercise.spec, device, package / "traces", secret_variants=SECRET_VARIANTS)
    return folder


def write_zip(name: str, out: Path, **options) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = stage(name, Path(tmp), **options)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():   # ZipFile.write keeps the mode bits: scripts stay executable
                    zf.write(path, path.relative_to(folder).as_posix())
    return out
