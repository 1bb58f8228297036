"""A broken environment is the grader's error, never a student's score: every entry point
(grade, batch, self-check, Gradescope's runner) says so and records no grade. Fast: the engine's
collaborators are replaced where running a child would be needed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import grader.engine
import grader.environment
from grader.batch.progress import Progress
from grader.batch.run import BatchSettings, run_batch
from grader.cli import main
from grader.errors import EXIT_GRADER_ERROR, GraderError
from grader.gradebook import Gradebook
from grader.sandbox.channels import ChildOutcome

CORRECT = Path(__file__).parent / "corpus" / "training_loop" / "ok_run_epoch_helper.py"


def broken_environment():
    raise GraderError("numpy cannot be imported (ModuleNotFoundError: No module named 'numpy') "
                      "— is numpy installed in this environment? (pip install numpy)")


def test_check_environment_names_what_is_missing(monkeypatch):
    monkeypatch.setattr(grader.environment, "REQUIRED", (("no-such-dist", "no_such_module_xyz"),))
    grader.environment.check_environment.cache_clear()
    try:
        with pytest.raises(GraderError, match="no-such-dist cannot be imported.*pip install no-such-dist"):
            grader.environment.check_environment()
    finally:
        grader.environment.check_environment.cache_clear()


def test_grade_exits_3_with_one_line_and_writes_no_results(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(grader.engine, "check_environment", broken_environment)
    results = tmp_path / "results.json"
    code = main(["grade", str(CORRECT), "--exercise", "training_loop", "--results", str(results)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == EXIT_GRADER_ERROR == 3
    assert len(err) == 1 and err[0].startswith("grader error: numpy cannot be imported")
    assert not results.exists()


class Launcher:
    """Answers every job with the records given (no child process)."""

    def __init__(self, records, status="crash", output=""):
        self.records, self.status, self.output, self.jobs = records, status, output, []

    def run(self, job, **limits):
        self.jobs.append(job["kind"])
        return ChildOutcome(records=list(self.records), status=self.status, output=self.output,
                            exit_code=1)


def test_a_reference_that_cannot_run_is_a_grader_error(tmp_path):
    launcher = Launcher([], output="Traceback ...\nRuntimeError: Numpy is not available\n")
    with pytest.raises(GraderError, match="the reference could not run .*Numpy is not available"):
        grader.engine.grade(CORRECT, "training_loop", cache_dir=tmp_path, launcher=launcher)
    assert launcher.jobs == ["reference"]


def test_a_child_that_dies_before_student_code_is_a_grader_error(monkeypatch):
    monkeypatch.setattr(grader.engine, "choose_variant", lambda *a, **k: (0, {}))
    launcher = Launcher([], output="ModuleNotFoundError: No module named 'grader.job.observe'\n")
    with pytest.raises(GraderError, match="before running the submission.*grader.job.observe"):
        grader.engine.grade(CORRECT, "training_loop", launcher=launcher)
    # the same death after the boot record is the submission's: graded, not raised
    launcher = Launcher([{"type": "boot"}], output="Segmentation fault\n")
    result = grader.engine.grade(CORRECT, "training_loop", launcher=launcher)
    assert result.score < result.max_score


def _settings(out: Path) -> BatchSettings:
    return BatchSettings(exercise="training_loop", out=out, jobs=1)


def _quiet() -> Progress:
    return Progress(0, stream=open("/dev/null", "w"))


def test_batch_stops_before_writing_anything_when_the_environment_is_broken(tmp_path):
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / "alice.py").write_text(CORRECT.read_text())
    graded = []
    with pytest.raises(GraderError):
        run_batch(klass, _settings(tmp_path / "out"), preflight=broken_environment,
                  grade=lambda *a: graded.append(a), warm=lambda *a: None,
                  launcher_factory=object, progress=_quiet())
    assert graded == [] and not (tmp_path / "out").exists()


def test_batch_stops_on_a_grader_error_and_records_no_grade_for_it(tmp_path):
    klass = tmp_path / "class"
    klass.mkdir()
    for name in ("alice", "bob", "carol"):
        (klass / f"{name}.py").write_text(CORRECT.read_text())

    def grade(sub, settings, launcher):
        raise GraderError("the reference could not run (training_loop/main on cpu): boom")

    with pytest.raises(GraderError):
        run_batch(klass, _settings(tmp_path / "out"), preflight=lambda: None, grade=grade,
                  warm=lambda *a: None, launcher_factory=object, progress=_quiet())
    with Gradebook(tmp_path / "out" / "gradebook.db") as gb:
        assert gb.runs() == []


def test_batch_cli_exits_3(monkeypatch, tmp_path, capsys):
    import grader.batch.run as batch_run

    monkeypatch.setattr(batch_run, "check_environment", broken_environment)
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / "alice.py").write_text(CORRECT.read_text())
    code = main(["batch", str(klass), "--exercise", "training_loop", "--out", str(tmp_path / "out")])
    assert code == 3 and "grader error: numpy cannot be imported" in capsys.readouterr().err


def test_gradescope_runner_writes_a_failure_without_a_score(monkeypatch, tmp_path):
    from grader.bundle import gradescope_run

    def results(root, config):
        raise GraderError("the reference could not run: RuntimeError: Numpy is not available")

    monkeypatch.setattr(gradescope_run, "results", results)
    config = tmp_path / "autograder.json"
    config.write_text(json.dumps({"exercise": "training_loop"}))
    assert gradescope_run.main(["--root", str(tmp_path), "--config", str(config)]) == EXIT_GRADER_ERROR
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    assert "score" not in data and data["tests"] == []
    assert data["extra_data"]["autograder_failed"] is True and "NOT your grade" in data["output"]
