"""`grader export gradescope`: the autograder zip, unpacked and run the way Gradescope runs
it (source/, submission/, results/ under an AUTOGRADER_ROOT instead of /autograder)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.bundle.vendor import leaks
from grader.cli import main
from grader.exercise import load_exercise
from selfcheck_support import CORPUS, blocker, expectation

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

NAME = "training_loop"


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "autograder.zip"
    assert main(["export", "gradescope", NAME, "--out", str(out)]) == 0
    return out


def unpack(zip_path: Path, root: Path) -> Path:
    """Lay out `root` as Gradescope does: the zip in source/ (modes kept, as unzip does),
    run_autograder copied to the root, empty submission/ and results/."""
    source = root / "source"
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, source))
            path.chmod((info.external_attr >> 16) & 0o777 or 0o644)
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path, tmp_path: Path) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(blocker(tmp_path / "block"))}
    proc = subprocess.run([str(root / "run_autograder")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_contents(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as zf:
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert "loopgrader/pyproject.toml" in modes
    assert any(n.startswith(f"loopgrader/traces/{NAME}/") for n in modes)
    root = unpack(autograder_zip, tmp_path / "autograder")
    assert leaks(root / "source") == []
    assert subprocess.run(["bash", "-n", str(root / "source" / "setup.sh")]).returncode == 0
    config = json.loads((root / "source" / "autograder.json").read_text())
    assert config == {"exercise": NAME, "device": "cpu", "hidden_visibility": "after_published",
                      "traces": "loopgrader/traces"}


def test_run_autograder_grades_with_hidden_visibility(autograder_zip, tmp_path):
    root = unpack(autograder_zip, tmp_path / "autograder")
    bug = CORPUS / NAME / "bug_integrity_patch_no_grad.py"     # fails a hidden check
    shutil.copyfile(bug, root / "submission" / "train.py")
    results = run_autograder(root, tmp_path)

    rubric = load_exercise(NAME).rubric
    tests = results["tests"]
    assert [t["name"].split(":")[0] for t in tests] == [e.check for e in rubric]
    for test, entry in zip(tests, rubric):
        assert test["visibility"] == ("after_published" if entry.visibility == "hidden" else "visible")
        assert test["max_score"] == entry.points
    assert results["score"] == sum(t["score"] for t in tests)
    failed = {t["name"].split(":")[0] for t in tests if t["score"] < t["max_score"]}
    assert expectation(bug) <= failed


def test_run_autograder_without_a_submission_scores_zero(autograder_zip, tmp_path):
    root = unpack(autograder_zip, tmp_path / "autograder")
    (root / "submission" / "notes.txt").write_text("forgot the code")
    results = run_autograder(root, tmp_path)
    assert results["score"] == 0 and "train.py" in results["output"] and "notes.txt" in results["output"]


def test_hidden_visibility_option(tmp_path):
    out = tmp_path / "ag.zip"
    assert main(["export", "gradescope", NAME, "--out", str(out), "--hidden-visibility", "hidden"]) == 0
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("autograder.json"))["hidden_visibility"] == "hidden"


def test_hidden_checks_take_the_configured_visibility():
    from grader.bundle.gradescope_run import with_visibility
    from grader.reporters.gradescope import to_gradescope
    from grader.result import CheckResult, GradeResult

    checks = [CheckResult("a", "A", "passed", 1, 1), CheckResult("b", "B", "failed", 0, 2, visibility="hidden")]
    result = GradeResult(NAME, "train.py", "h", "0", "cpu", 1, 3, checks, runtime={"status": "ok"})
    data = with_visibility(to_gradescope(result), result, "hidden")
    assert [t["visibility"] for t in data["tests"]] == ["visible", "hidden"]


def test_run_autograder_reads_a_repository_as_data(autograder_zip, tmp_path):
    """A submission that is a whole repository (Gradescope's GitHub upload) with a conftest.py,
    a `grader/` package, a sitecustomize.py and an edited `.loopgrader/`: none of it is imported
    or configures anything; the file graded is the one its pytest.ini names."""
    root = unpack(autograder_zip, tmp_path / "autograder")
    repo = root / "submission"
    bug = CORPUS / NAME / "bug_zero_grad_missing.py"
    shutil.copyfile(CORPUS / NAME / "ok_run_epoch_helper.py", repo / "train.py")
    shutil.copyfile(bug, repo / "mine.py")
    (repo / "pytest.ini").write_text("[pytest]\nloopgrader_submission = mine.py\naddopts = -p conftest\n")
    marker = "import pathlib; pathlib.Path({!r}).touch()\n"
    (repo / "conftest.py").write_text(marker.format(str(tmp_path / "planted-conftest")))
    (repo / "sitecustomize.py").write_text(marker.format(str(tmp_path / "planted-sitecustomize")))
    (repo / "grader").mkdir()
    (repo / "grader" / "__init__.py").write_text(marker.format(str(tmp_path / "planted-grader")))
    (repo / ".loopgrader" / "grader" / "checks").mkdir(parents=True)
    (repo / ".loopgrader" / "grader" / "checks" / "zero_grad.py").write_text(
        marker.format(str(tmp_path / "planted-vendored")) + "def check(ctx): ...\n")

    results = run_autograder(root, tmp_path)
    failed = {t["name"].split(":")[0] for t in results["tests"] if t["score"] < t["max_score"]}
    assert expectation(bug) <= failed                   # mine.py was graded, as pytest.ini says
    assert sorted(p.name for p in tmp_path.glob("planted-*")) == []
