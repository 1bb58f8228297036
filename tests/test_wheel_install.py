"""A wheel grades (issue 19, "a wheel cannot grade"): built with `pip wheel`, installed
non-editable into a brand-new virtualenv (not --system-site-packages: nothing of this checkout or
of the test's environment is importable there), then `grader grade` on a corpus file from a folder
outside the checkout. The reference package then lives in site-packages, which every sandboxed
worker binds; the reference's own worker must see it (grader.sandbox.confine._hidden_inside) and
a submission's must not (the allow-list view)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_index import CORPUS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]   # a venv, torch, the deps: minutes


def _run(cmd, **kwargs):
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, **kwargs)
    assert out.returncode == 0, (cmd, out.stdout[-3000:], out.stderr[-3000:])
    return out


@pytest.mark.skipif(os.environ.get("LOOPGRADER_CI_WHEEL_PROVEN") == "1",
                    reason=".ci/run built this checkout's wheel, installed it in a fresh venv and graded "
                           "alice.py with it from outside the checkout (grader and reference from "
                           "site-packages, full marks) before running the suite")
def test_a_non_editable_wheel_install_grades_in_a_fresh_virtualenv(tmp_path):
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    # built from a copy of the tree: setuptools leaves build/ beside the sources, and a stale
    # build/lib (a file since removed) would end up in the next wheel
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__",
                                                                "out", ".venv", "venv", ".pytest_cache"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)])
    wheel = next(wheels.glob("loopgrader-*.whl"))
    _run([sys.executable, "-m", "venv", str(venv)])          # fresh: no system site-packages
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    _run(pip + ["torch==2.13.0"], env=env)                     # the local CPU wheel, as the README says
    _run(pip + ["-c", str(ROOT / "constraints.txt"), str(wheel)], env=env)
    where = _run([str(venv / "bin" / "python"), "-c", "import grader, reference; print(grader.__file__); "
                  "print(reference.__file__)"], env=env, cwd=work).stdout.split()
    assert all(str(venv) in p and "site-packages" in p for p in where), where   # not this checkout
    submission = work / "alice.py"
    submission.write_text((CORPUS / "training_loop" / "ok_run_epoch_helper.py").read_text())
    graded = subprocess.run([str(venv / "bin" / "grader"), "grade", str(submission), "--exercise", "training_loop",
                             "--results", str(work / "results.json")], capture_output=True, text=True,
                            timeout=900, env=env, cwd=work)
    assert graded.returncode == 0, (graded.stdout[-3000:], graded.stderr[-3000:])
    results = json.loads((work / "results.json").read_text())
    assert results["score"] > 0 and results["score"] == sum(t["max_score"] for t in results["tests"]), results
