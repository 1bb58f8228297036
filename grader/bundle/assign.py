"""`grader assign NAME --out DIR`: everything a student receives for one exercise.

    DIR/README.md                      how to install, self-check and submit
    DIR/statement.md                   the task
    DIR/train.py, DIR/train.ipynb      starters: the train() signature and TODOs
    DIR/pytest.ini                     self-check settings (exercise, submission, traces, timeout)
    DIR/.github/workflows/classroom.yml   the autograder GitHub Classroom runs on every push
                                       (it checks .loopgrader/ against the digest written in it)
    DIR/.gitignore, DIR/.gitattributes the venv, caches and outputs stay out of a push;
                                       .loopgrader/ is pushed byte for byte
    DIR/.loopgrader/                   the grader to `pip install` (grader/ + this exercise)
    DIR/.loopgrader/traces/            the reference's recorded traces, as data
    DIR/.loopgrader/bundle.json        what made the bundle (versions, devices)

No reference source goes in: the vendored package has no reference/, and grading reads
the traces (`grade(..., reference_dir=...)`) instead of running the reference.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

import grader
from grader.bundle import digest
from grader.bundle.pins import torch_install_command, torch_version
from grader.bundle.render import render
from grader.bundle.traces import record_traces
from grader.bundle.vendor import vendor
from grader.exercise import load_exercise
from grader.options import SELF_CHECK
from grader.reporters.redact import hidden_rubric

PYTEST_TIMEOUT = 300     # pytest-timeout, per item (the first one carries the grading run)
TRACES = ".loopgrader/traces"


def starter_notebook(exercise) -> nbformat.NotebookNode:
    """The exercise's starter.ipynb, checked with nbformat; built from starter.py if absent."""
    if exercise.starter_ipynb.is_file():
        nb = nbformat.read(exercise.starter_ipynb, as_version=4)
    else:
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(exercise.statement),
            nbformat.v4.new_code_cell(exercise.starter_py.read_text().rstrip()),
        ])
    nbformat.validate(nb)
    return nb


def write_bundle(name: str, out: Path, *, devices: tuple[str, ...] = (SELF_CHECK.device,)) -> Path:
    exercise = load_exercise(name)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "statement.md").write_text(exercise.statement)
    shutil.copyfile(exercise.starter_py, out / "train.py")
    nbformat.write(starter_notebook(exercise), str(out / "train.ipynb"))

    count, points = hidden_rubric(exercise)
    values = dict(exercise=exercise.name, title=exercise.title, torch_version=torch_version(),
                  torch_install=torch_install_command(),
                  pytest_timeout=PYTEST_TIMEOUT, grade_timeout=SELF_CHECK.timeout,
                  public=exercise.entries("public"), hidden_count=count, hidden_points=points,
                  max_score=exercise.max_score, traces=TRACES)
    (out / "README.md").write_text(render("README.md.j2", **values))
    (out / "pytest.ini").write_text(render("pytest.ini.j2", **values))
    (out / ".gitignore").write_text(render("gitignore.j2"))
    (out / ".gitattributes").write_text(render("gitattributes.j2"))

    package = vendor(exercise, out / ".loopgrader")
    for device in devices:
        record_traces(exercise.spec, device, package / "traces")   # spec: a folder exercise too
    (package / "bundle.json").write_text(json.dumps({
        "exercise": exercise.name, "grader_version": grader.__version__,
        "torch_version": torch_version(), "devices": list(devices)}, indent=2) + "\n")
    # last: the workflow carries the digest of the finished .loopgrader/
    workflow = out / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(render("classroom.yml.j2", **values, digest=digest.folder_digest(package),
                               digest_script=Path(digest.__file__).read_text()))
    return out
