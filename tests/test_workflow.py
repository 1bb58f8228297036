"""The bundle's GitHub Actions workflow, run for real: its `run:` steps execute in a scratch
folder laid out like a GitHub checkout of the student's repository (GITHUB_STEP_SUMMARY and
GITHUB_OUTPUT set), and the Classroom reporter step is replayed the way
classroom-resources/autograding-grading-reporter reads `<RUNNER>_RESULTS`."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess

import pytest

from grader.cli import main
from grader.engine import grade
from grader.exercise import load_exercise
from selfcheck_support import CORPUS, blocker
from test_assign import make_venv, offline_pip_env

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

yaml = pytest.importorskip("yaml")
NAME = "training_loop"
SUBMISSION = CORPUS / NAME / "bug_integrity_patch_no_grad.py"   # fails a hidden check
EXPR = re.compile(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.(\w+)\s*\}\}")


def classroom_points(results: dict) -> tuple[float, float]:
    """What the reporter posts as "Points X/Y": the sum of test scores over max_score."""
    return sum(t["score"] for t in results["tests"]), results["max_score"]


def read_outputs(path) -> dict:
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_workflow_grades_and_reports_points(tmp_path):
    bundle = tmp_path / "bundle"
    assert main(["assign", NAME, "--out", str(bundle)]) == 0
    workflow = yaml.safe_load((bundle / ".github/workflows/classroom.yml").read_text())
    assert {"push"} <= set(workflow["on"])
    (job,) = workflow["jobs"].values()

    checkout = tmp_path / "workspace"           # what actions/checkout leaves
    shutil.copytree(bundle, checkout)
    shutil.copyfile(SUBMISSION, checkout / "train.py")
    python = make_venv(tmp_path / "runner")      # the runner's python after setup-python
    summary = tmp_path / "step_summary.md"
    env = {**offline_pip_env(), "GITHUB_WORKSPACE": str(checkout), "CI": "true",
           "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(blocker(tmp_path / "block"))}
    env.pop("PYTEST_ADDOPTS", None)

    outputs, logs, failed, reported = {}, [], False, None
    for i, step in enumerate(job["steps"]):
        if failed and "always()" not in str(step.get("if", "")):
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                continue
            if action == "actions/setup-python":
                assert tuple(map(int, str(step["with"]["python-version"]).split("."))) >= (3, 11)
                continue
            assert action == "classroom-resources/autograding-grading-reporter", action
            runners = step["with"]["runners"].split(",")
            values = {k: EXPR.sub(lambda m: outputs[m[1]][m[2]], v) for k, v in step["env"].items()}
            reported = [json.loads(base64.b64decode(values[f"{r.strip().upper()}_RESULTS"]))
                        for r in runners]
            continue
        out = tmp_path / f"github_output_{i}"
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=checkout, env={**env, "GITHUB_OUTPUT": str(out)},
                              capture_output=True, text=True, timeout=600)
        logs.append(proc.stdout + proc.stderr)
        outputs[step.get("id")] = read_outputs(out)
        failed = failed or proc.returncode != 0

    # What `grader grade` gives the same submission (all checks, live reference).
    expected = grade(str(SUBMISSION), NAME)
    assert reported, "the reporter step never ran"
    (results,) = reported
    assert classroom_points(results) == (expected.score, expected.max_score)
    assert expected.score < expected.max_score
    assert failed   # a submission that loses points fails the grading step, as Classroom shows

    exercise = load_exercise(NAME)
    text = summary.read_text()
    assert text.startswith(f"## {NAME}: {expected.score:g} / {expected.max_score:g} points")
    hidden = [expected.check(e.check) for e in exercise.entries("hidden")]
    student_facing = text + "\n".join(logs) + json.dumps(results)
    assert f"Hidden checks ({len(hidden)})" in text
    for check in hidden:           # no hidden check's name, title or finding anywhere
        assert check.id not in student_facing and check.title not in student_facing
        assert not check.observed or check.observed not in student_facing
