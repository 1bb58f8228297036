"""Nothing one submission holds stops a batch (issue 18, "a bounded grading process"): discovery,
reading, grading and reporting of each student run inside a boundary; reading runs in the
bounded loader. The files here are the attacks the issue names, made at full size in a temporary
class (the corpus holds small versions: tests/corpus/broken/load_*.py)."""
from __future__ import annotations

import resource

import pytest

from batch_fakes import make_result
from grader.batch import run as batch_run
from grader.batch.progress import Progress
from grader.batch.run import BatchSettings, run_batch
from grader.load import LoadError, file_hash, load_submission
from grader.load.limits import MAX_FILE_BYTES

pytestmark = pytest.mark.slow   # dozens of bounded loads of files up to a megabyte: ~30 s on 2 cores

ARGS = "model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'"


def _chain(n: int) -> str:
    return f"def train({ARGS}):\n    scale = (" + " + ".join(["1"] * n) + f") / {n}\n    return {{}}\n"


@pytest.fixture
def hostile_class(tmp_path):
    """alice: two files, one a valid train() holding a 2,500-term `+` chain (discovery's ast.dump
    raised RecursionError: the batch died); bob: a notebook over the size cap; carol: thousands
    of magic lines around a correct train(); dave: a 1 MB expression; erin: honest."""
    root = tmp_path / "class"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "train.py").write_text(_chain(2500))
    (root / "alice" / "draft.py").write_text(f"def train({ARGS}):\n    return {{'draft': []}}\n")
    with open(root / "bob.ipynb", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1024)
    (root / "carol.py").write_text(f"def train({ARGS}):\n    return {{}}\n"
                                   + "%matplotlib inline\n!pip install tqdm\nx = (1,\n%notamagic\n)\n" * 3000)
    (root / "dave.py").write_text(f"def train({ARGS}):\n    return {{}}\n" + "x = [" + "0," * 480_000 + "]\n")
    (root / "erin.py").write_text(f"def train({ARGS}):\n    return {{}}\n")
    return root


def _grade_by_loading(sub, settings, launcher):
    """A grade as the engine begins one: the submission is loaded (bounded) before anything runs."""
    try:
        load_submission(sub.path)
        status = "ok"
    except LoadError:
        status = "load_error"
    result = make_result(sub.student, status=status, failing=(), submission_hash=file_hash(sub.path))
    result.submission = str(sub.path)
    return result


def _batch(root, out, grade):
    settings = BatchSettings(exercise="training_loop", out=out, jobs=2)
    return run_batch(root, settings, grade=grade, launcher_factory=lambda: None, warm=lambda s, l: None,
                     preflight=lambda: None, progress=Progress(0, stream=open("/dev/null", "w")))


def test_every_student_of_a_hostile_class_is_graded_and_the_grader_stays_small(hostile_class, tmp_path):
    honest = tmp_path / "honest"
    honest.mkdir()
    (honest / "erin.py").write_text(f"def train({ARGS}):\n    return {{}}\n")
    _batch(honest, tmp_path / "warm", _grade_by_loading)    # reports' own imports and caches, first
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcomes = {o.submission.student: o for o in _batch(hostile_class, tmp_path / "out", _grade_by_loading)}
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(outcomes) == 5 and all(o.result is not None and not o.error for o in outcomes.values()), outcomes
    status = {name: o.result.runtime["status"] for name, o in outcomes.items()}
    assert status["bob"] == "load_error" and status["erin"] == "ok" and status["carol"] == "ok"
    alice = next(o for name, o in outcomes.items() if "alice" in name)
    assert "2 files define train()" in alice.submission.problem      # compared, not crashed
    assert grown_mib < 64, f"the grading process grew by {grown_mib:.0f} MiB"


def test_a_failure_in_one_students_grading_or_report_is_that_students_only(hostile_class, tmp_path, monkeypatch):
    real_write = batch_run.write_student

    def grade(sub, settings, launcher):
        if "carol" in sub.student:
            raise RecursionError("maximum recursion depth exceeded")
        if "dave" in sub.student:
            raise MemoryError()
        return _grade_by_loading(sub, settings, launcher)

    def write_student(out, result, **kwargs):
        if "erin" in result.student:
            raise RuntimeError("a report template broke")
        return real_write(out, result, **kwargs)
    monkeypatch.setattr(batch_run, "write_student", write_student)
    outcomes = {o.submission.student: o for o in _batch(hostile_class, tmp_path / "out", grade)}
    assert len(outcomes) == 5
    errors = {name: o.error.strip().splitlines()[-1] for name, o in outcomes.items() if o.error}
    assert sorted(n for n in errors) == sorted(n for n in outcomes if n.split("/")[-1][:4] in ("caro", "dave", "erin")
                                               or any(k in n for k in ("carol", "dave", "erin"))), errors
    assert any("RecursionError" in e for e in errors.values()) and any("MemoryError" in e for e in errors.values())
    assert all(o.report is not None for name, o in outcomes.items() if name not in errors)
