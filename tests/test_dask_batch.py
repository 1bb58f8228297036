"""`grader batch --scheduler local:2`: the Dask pool writes what the local pool writes, and a
submission whose grading kills its worker leaves every other result written. Runs a real
LocalCluster (worker processes), with a stand-in grade() so no sandbox is needed."""
import csv
import logging
import os
import re
import sqlite3
import sys

import pytest

from batch_fakes import make_result
from grader.batch.progress import Progress
from grader.batch.run import BatchSettings, file_hash, run_batch
from grader.cli import main

try:
    from grader.batch.dask_pool import DaskPool, parse_scheduler
except ImportError:      # the optional extra is not installed: the cluster tests skip
    DaskPool = parse_scheduler = None
needs_dask = pytest.mark.skipif(DaskPool is None, reason="pip install 'loopgrader[dask]'")


class StandInLauncher:
    """Counts its own closing in a file, so the test can see worker teardown happen."""

    def __init__(self, marks):
        self.marks = marks

    def close(self):
        if self.marks:
            with open(self.marks, "a") as f:
                f.write(f"{os.getpid()}\n")


class LauncherFactory:
    def __init__(self, marks=None):
        self.marks = marks

    def __call__(self):
        return StandInLauncher(self.marks)


def stand_in_grade(sub, settings, launcher):
    """Deterministic result from the file's text; KILL takes the whole worker process down."""
    assert isinstance(launcher, StandInLauncher)
    text = sub.path.read_text()
    if "KILL" in text:
        os._exit(1)
    if "EXPLODE" in text:
        raise RuntimeError("the grader tripped")
    result = make_result(sub.student, failing=("zero_grad",) if "BUG" in text else (),
                         status="timeout" if "HANG" in text else "ok",
                         submission_hash=file_hash(sub.path))
    result.submission = str(sub.path)
    return result


def batch(root, out, *, pool=None, force=False, marks=None):
    settings = BatchSettings(exercise="training_loop", out=out, jobs=2, force=force)
    return run_batch(root, settings, grade=stand_in_grade, launcher_factory=LauncherFactory(marks),
                     warm=lambda settings, launcher: None, pool=pool,
                     progress=Progress(0, stream=open(os.devnull, "w")))


@pytest.fixture
def klass(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    for name, text in [("alice.py", "# good"), ("bob.py", "# BUG"), ("dave.py", "# HANG"),
                       ("erin.py", "# good too"), ("frank.py", "# BUG too"),
                       ("doejane_12345_67890_train.py", "# canvas")]:
        (root / name).write_text(f"def train(): pass  {text}")
    return root


def _gradebook_rows(out):
    db = sqlite3.connect(out / "gradebook.db")
    db.row_factory = sqlite3.Row
    skip = {"id", "recorded_at", "mac"}
    rows = [{k: r[k] for k in r.keys() if k not in skip} for r in db.execute("SELECT * FROM runs")]
    return sorted(rows, key=lambda r: r["student"])


def _files(out):
    """Every report, results.json and CSV, less the time each page was written."""
    return {p.relative_to(out).as_posix(): re.sub(r"report written \S+", "", p.read_text())
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in (".html", ".json", ".csv")}


class _NannyWarnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.mark.slow
@needs_dask
def test_dask_pool_writes_the_same_reports_csv_and_gradebook_as_the_local_pool(klass, tmp_path, capsys):
    local, dask_out, marks = tmp_path / "local", tmp_path / "dask", tmp_path / "closed.txt"
    batch(klass, local)
    warnings = _NannyWarnings()
    logging.getLogger("distributed.nanny").addHandler(warnings)
    try:
        outcomes = batch(klass, dask_out, pool=DaskPool("local:2"), marks=marks)
    finally:
        logging.getLogger("distributed.nanny").removeHandler(warnings)
    assert warnings.lines == []          # a clean shutdown: no "still alive after 4.0 seconds, killing"
    assert "Dask dashboard: " in capsys.readouterr().err
    assert len(outcomes) == 6 and all(o.result is not None and not o.error for o in outcomes)
    assert _files(dask_out) == _files(local)
    assert _gradebook_rows(dask_out) == _gradebook_rows(local)
    assert len(_gradebook_rows(dask_out)) == 6          # each result written exactly once
    assert marks.read_text().split(), "the workers' launchers were never closed"
    # resume works as with the local pool: nothing changed, nothing regraded or rewritten
    again = batch(klass, dask_out, pool=DaskPool("local:2"))
    assert all(o.reused for o in again) and len(_gradebook_rows(dask_out)) == 6


@pytest.mark.slow
@needs_dask
def test_a_submission_that_kills_its_worker_leaves_every_other_result_written(klass, tmp_path):
    (klass / "carol.py").write_text("def train(): pass  # KILL")
    (klass / "erin.py").write_text("EXPLODE")
    out = tmp_path / "out"
    outcomes = {o.submission.student: o for o in batch(klass, out, pool=DaskPool("local:2", retries=1))}
    assert outcomes["carol"].result is None and "killed its Dask worker 2 times" in outcomes["carol"].error
    assert outcomes["erin"].result is None and "the grader tripped" in outcomes["erin"].error
    graded = {s for s, o in outcomes.items() if o.result is not None}
    assert graded == {"alice", "bob", "dave", "frank", "canvas:12345"}
    assert sorted(r["student"] for r in _gradebook_rows(out)) == sorted(graded)
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["bob"]["training_loop"] == "7" and rows["alice"]["training_loop"] == "10"
    # resume: carol (now fixed) alone is graded again
    (klass / "carol.py").write_text("def train(): pass  # fixed")
    (klass / "erin.py").write_text("def train(): pass  # fixed")
    again = {o.submission.student: o for o in batch(klass, out, pool=DaskPool("local:2"))}
    assert {s for s, o in again.items() if not o.reused} == {"carol", "erin"}
    assert again["carol"].result.score == 10


@needs_dask
def test_the_dashboard_is_served_and_linked_where_bokeh_is_installed(monkeypatch):
    import grader.batch.dask_pool as dask_pool

    real = dask_pool.importlib.util.find_spec
    monkeypatch.setattr(dask_pool.importlib.util, "find_spec", lambda name: object() if name == "bokeh" else real(name))
    assert dask_pool.dashboard_address() == ":0"
    monkeypatch.setattr(dask_pool.importlib.util, "find_spec", lambda name: None if name == "bokeh" else real(name))
    assert dask_pool.dashboard_address() is None
    assert dask_pool.dashboard_line("http://127.0.0.1:8787/status") == "Dask dashboard: http://127.0.0.1:8787/status"
    assert "pip install bokeh" in dask_pool.dashboard_line(None)


@needs_dask
def test_parse_scheduler():
    assert parse_scheduler("local:3") == (None, 3)
    assert parse_scheduler("tcp://10.0.0.1:8786") == ("tcp://10.0.0.1:8786", 0)
    with pytest.raises(ValueError):
        parse_scheduler("local:zero")


def test_scheduler_without_dask_is_a_one_line_usage_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "alice.py").write_text("def train(): pass")
    monkeypatch.setitem(sys.modules, "distributed", None)     # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "grader.batch.dask_pool", raising=False)
    out = tmp_path / "out"
    code = main(["batch", str(tmp_path / "alice.py"), "--exercise", "training_loop", "--out", str(out),
                 "--scheduler", "local:2"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "pip install 'loopgrader[dask]'" in err
    assert not out.exists()


@needs_dask
def test_task_key_is_the_content_hash_and_what_else_decides_the_grade(tmp_path):
    from grader.batch.dask_pool import task_key
    from grader.batch.discover import discover
    for name in ("alice.py", "bob.py"):
        (tmp_path / name).write_text("def train(): pass")
    alice, bob = discover(tmp_path)
    settings = BatchSettings(exercise="training_loop", out=tmp_path / "out")
    key = task_key(alice, settings)
    assert key.startswith(f"grade-{file_hash(alice.path)[:24]}-") and key == task_key(alice, settings)
    assert task_key(bob, settings) != key              # same file, another student's report
    assert task_key(alice, BatchSettings(exercise="training_loop", out=tmp_path, timeout=5)) != key
    (tmp_path / "alice.py").write_text("def train(): return {}")
    assert task_key(alice, settings) != key            # new content, new task
