"""Batch runs with a stand-in grade(): outputs, resuming, isolation of failures, parallelism.
(The real engine and sandbox are exercised in test_batch_end_to_end.py.)"""
import csv
import json
import threading
import time

import pytest

from batch_fakes import make_result
from grader.batch.progress import Progress
from grader.reporters.summary import report_link
from grader.batch.run import BatchSettings, file_hash, run_batch
from grader.gradebook import Gradebook


class FakeLauncher:
    def __init__(self):
        self.busy = threading.Lock()
        self.closed = False

    def close(self):
        self.closed = True


def fake_grade(calls, delay=0.0, active=None):
    active = active if active is not None else {"now": 0, "most": 0}
    lock = threading.Lock()

    def grade(sub, settings, launcher):
        assert launcher.busy.acquire(blocking=False), "a launcher was shared by two threads"
        with lock:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
        try:
            calls.append(sub.student)
            time.sleep(delay)
            text = sub.path.read_text()
            if "EXPLODE" in text:
                raise RuntimeError("the grader tripped")
            if "INTERRUPT" in text:
                raise KeyboardInterrupt
            result = make_result(sub.student, failing=("zero_grad",) if "BUG" in text else (),
                                 status="timeout" if "HANG" in text else "ok",
                                 submission_hash=file_hash(sub.path))
            result.submission = str(sub.path)
            return result
        finally:
            with lock:
                active["now"] -= 1
            launcher.busy.release()
    return grade


def batch(root, out, calls, *, delay=0.0, force=False, jobs=2, launchers=None, active=None, student_view=False):
    launchers = [] if launchers is None else launchers

    def factory():
        launchers.append(FakeLauncher())
        return launchers[-1]
    settings = BatchSettings(exercise="training_loop", out=out, jobs=jobs, force=force, student_view=student_view)
    return run_batch(root, settings, grade=fake_grade(calls, delay, active), launcher_factory=factory,
                     warm=lambda settings, launcher: None, progress=Progress(0, stream=open("/dev/null", "w")))


@pytest.fixture
def klass(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    (root / "alice.py").write_text("def train(): pass  # good")
    (root / "bob.py").write_text("def train(): pass  # BUG")
    (root / "carol").mkdir()
    (root / "carol" / "train.py").write_text("def train(): pass  # HANG")
    (root / "carol" / "notes.py").write_text("x = 1")
    (root / "doejane_12345_67890_train.py").write_text("def train(): pass")
    return root


def test_writes_reports_gradescope_csv_summary_and_gradebook(klass, tmp_path):
    out, calls = tmp_path / "out", []
    outcomes = batch(klass, out, calls)
    assert [o.submission.student for o in outcomes] == ["alice", "bob", "canvas:12345", "carol"]
    assert sorted(calls) == ["alice", "bob", "canvas:12345", "carol"]
    for student in calls:
        folder = (out / report_link("training_loop", student)).parent
        assert "<svg" in (folder / "report.html").read_text() or student == "carol"
        assert json.loads((folder / "results.json").read_text())["max_score"] == 10
        assert json.loads((folder / "result.json").read_text())["student"] == student
    assert "notes.py" in (out / report_link("training_loop", "carol")).read_text()
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert (rows["alice"]["training_loop"], rows["bob"]["training_loop"], rows["carol"]["training_loop"]) == ("10", "7", "0")
    assert rows["canvas:12345"]["lms_id"] == "12345" and rows["canvas:12345"]["name"] == "doejane"
    index = (out / "index.html").read_text()
    assert f'href="{report_link("training_loop", "bob")}"' in index and "timed out" in index
    with Gradebook(out / "gradebook.db") as gb:
        assert len(gb.runs()) == 4


def test_rerun_skips_unchanged_regrades_changed_and_force_regrades_all(klass, tmp_path):
    out = tmp_path / "out"
    batch(klass, out, [])
    calls = []
    outcomes = batch(klass, out, calls)
    assert calls == [] and all(o.reused for o in outcomes)
    (klass / "bob.py").write_text("def train(): pass  # fixed")
    calls = []
    batch(klass, out, calls)
    assert calls == ["bob"]
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["bob"]["training_loop"] == "10"
    calls = []
    batch(klass, out, calls, force=True)
    assert sorted(calls) == ["alice", "bob", "canvas:12345", "carol"]
    with Gradebook(out / "gradebook.db") as gb:
        assert len(gb.runs()) == 4 + 1 + 4 and len(gb.latest()) == 4


def test_a_grader_failure_spoils_only_its_own_submission(klass, tmp_path):
    (klass / "bob.py").write_text("EXPLODE")
    out = tmp_path / "out"
    outcomes = {o.submission.student: o for o in batch(klass, out, [])}
    assert "the grader tripped" in outcomes["bob"].error and outcomes["bob"].result is None
    assert outcomes["alice"].result.score == 10
    with Gradebook(out / "gradebook.db") as gb:
        assert sorted(r["student"] for r in gb.latest()) == ["alice", "canvas:12345", "carol"]
    (klass / "bob.py").write_text("def train(): pass")
    calls = []
    batch(klass, out, calls)
    assert calls == ["bob"]   # nothing recorded for bob, so bob alone is graded again


def test_stopping_midway_keeps_what_was_graded_and_closes_launchers(klass, tmp_path):
    (klass / "doejane_12345_67890_train.py").write_text("INTERRUPT")
    out, launchers = tmp_path / "out", []
    with pytest.raises(KeyboardInterrupt):
        batch(klass, out, [], jobs=1, launchers=launchers)
    assert launchers and all(l.closed for l in launchers)
    with Gradebook(out / "gradebook.db") as gb:
        assert sorted(r["student"] for r in gb.latest()) == ["alice", "bob", "carol"]
    assert (out / "index.html").is_file()
    (klass / "doejane_12345_67890_train.py").write_text("def train(): pass")
    calls = []
    batch(klass, out, calls)
    assert calls == ["canvas:12345"]


def test_grades_in_parallel_one_launcher_per_worker(klass, tmp_path):
    launchers, active = [], {"now": 0, "most": 0}
    batch(klass, tmp_path / "out", [], delay=0.5, jobs=2, launchers=launchers, active=active)
    assert len(launchers) == 2 and active["most"] == 2


def test_student_view_folds_hidden_checks_in_students_files_only(klass, tmp_path):
    out, calls = tmp_path / "out", []
    outcomes = batch(klass, out, calls, student_view=True)
    bob = next(o for o in outcomes if o.submission.student == "bob")
    hidden = [c for c in bob.result.checks if c.visibility == "hidden"]
    assert hidden, "the fake result needs a hidden check for this test to mean anything"
    folder = bob.report.parent
    shown = json.loads((folder / "results.json").read_text())
    names = " ".join(t["name"] for t in shown["tests"])
    report = bob.report.read_text()
    for check in hidden:
        assert check.id not in names and check.title not in report
    assert "Hidden checks" in names
    assert shown["score"] == bob.result.score   # totals unchanged
    with Gradebook(out / "gradebook.db") as book:  # the instructor's record keeps everything
        full = book.latest_results("training_loop")
    assert any(c.visibility == "hidden" for r in full for c in r.checks)


@pytest.mark.slow
def test_the_batchs_reference_worker_records_what_a_fresh_reference_worker_does(tmp_path):
    """default_warm runs the drawn variants' references in one warm worker with the reference in
    view (grader.batch.run.reference_worker) instead of a fresh interpreter per reference job: the
    reference's trace must be the same record either way (every check compares with it)."""
    from grader.batch.run import reference_worker
    from grader.engine import scenarios_for
    from grader.exercise import load_exercise
    from grader.reference_runs import reference_runs
    from grader.sandbox.confine import confinement_available
    from grader.sandbox.zygote import ZygoteLauncher

    if not confinement_available():
        pytest.skip("needs bubblewrap: a reference job without it runs in the same kind of worker anyway")
    ex = load_exercise("training_loop")
    scenarios = list(dict.fromkeys(s for names in scenarios_for(ex, ex.entries()).values() for s in names))
    with ZygoteLauncher(confinement="auto") as zygote:   # a batch worker: delegates references to a fresh one
        fresh = reference_runs(ex, scenarios, "cpu", cache_dir=tmp_path / "a", launcher=zygote, variant=5)
        assert zygote._proc is None, "a submission worker ran the reference itself"
    worker = reference_worker(ZygoteLauncher(confinement="auto"))
    try:
        warm = reference_runs(ex, scenarios, "cpu", cache_dir=tmp_path / "b", launcher=worker, variant=5)
        again = reference_runs(ex, scenarios, "cpu", cache_dir=tmp_path / "b", launcher=worker, variant=6)
    finally:
        worker.close()
    assert worker.with_reference and again[scenarios[0]]["variant"] == 6
    for name in scenarios:
        a, b = dict(fresh[name]), dict(warm[name])
        for timing in ("elapsed", "cpu"):     # measurements of the run, not what it recorded
            a.pop(timing, None), b.pop(timing, None)
        assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert reference_worker(FakeLauncher()) is None
