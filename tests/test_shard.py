"""`grader batch --shard K/N` and `grader gradebook merge`: shards partition the class by
content hash, and merging the shards' gradebooks gives the class page, CSV and gradebook an
unsharded batch gives. A stand-in grade() (no sandbox), so these are fast."""
import csv
import os
import re
import sqlite3

import pytest

from batch_fakes import make_result
from grader.batch.discover import discover
from grader.batch.progress import Progress
from grader.batch.run import BatchSettings, file_hash, run_batch
from grader.batch.shard import Shard, parse_shard
from grader.cli import main
from grader.commands.gradebook import merge


class Launcher:
    def close(self):
        pass


def grade(sub, settings, launcher):
    text = sub.path.read_text()
    result = make_result(sub.student, failing=("zero_grad",) if "BUG" in text else (),
                         submission_hash=file_hash(sub.path))
    result.submission = str(sub.path)
    return result


def batch(root, out, select=None):
    settings = BatchSettings(exercise="training_loop", out=out, jobs=1)
    return run_batch(root, settings, grade=grade, launcher_factory=Launcher, select=select,
                     warm=lambda settings, launcher: None,
                     progress=Progress(0, stream=open(os.devnull, "w")))


@pytest.fixture
def klass(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    for i in range(12):
        (root / f"s{i:02d}.py").write_text(f"def train(): pass  # {i} {'BUG' if i % 3 else ''}")
    (root / "doejane_12345_67890_train.py").write_text("def train(): pass  # canvas")
    return root


def _rows(db_path):
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    keep = ("student", "lms_id", "exercise", "submission_hash", "score", "status", "result", "grading_key")
    return sorted(tuple(r[k] for k in keep) for r in db.execute("SELECT * FROM runs"))


def _page(path):
    return re.sub(r"report written \S+", "", path.read_text())


def test_parse_shard():
    assert parse_shard("3/10") == Shard(3, 10)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_shards_partition_the_class_by_content(klass):
    subs = discover(klass)
    owners = {s.student: [k for k in range(1, 4) if Shard(k, 3).selects(s)] for s in subs}
    assert all(len(k) == 1 for k in owners.values())
    assert len({k[0] for k in owners.values()}) == 3, "13 files all in one or two of 3 shards"
    # the split follows content: renaming nobody, changing a file may move it
    assert owners == {s.student: [k for k in range(1, 4) if Shard(k, 3).selects(s)] for s in discover(klass)}


def test_merged_shards_equal_one_unsharded_batch(klass, tmp_path):
    whole, out = tmp_path / "whole", tmp_path / "out"
    batch(klass, whole)
    shards = [Shard(k, 3) for k in (1, 2, 3)]
    for shard in shards:
        batch(klass, shard.out_folder(out), select=shard.selects)
    dbs = [shard.out_folder(out) / "gradebook.db" for shard in shards]
    assert sum(len(_rows(db)) for db in dbs) == 13 and all(_rows(db) for db in dbs)

    summary = merge(out, dbs)
    assert (summary.added, summary.already, summary.refused) == (13, 0, [])
    assert _rows(out / "gradebook.db") == _rows(whole / "gradebook.db")
    assert (out / "grades.csv").read_text() == (whole / "grades.csv").read_text()
    assert _page(out / "index.html") == _page(whole / "index.html")
    for report in (whole / "training_loop").rglob("*.json"):
        assert (out / report.relative_to(whole)).read_text() == report.read_text()
    # merging again adds nothing
    assert merge(out, dbs).added == 0 and len(_rows(out / "gradebook.db")) == 13


def test_merge_keeps_the_latest_grade_and_refuses_unsigned_rows(klass, tmp_path):
    out = tmp_path / "out"
    first = Shard(1, 2)
    batch(klass, first.out_folder(out), select=first.selects)
    moved = next(s for s in discover(klass) if first.selects(s) and "BUG" in s.path.read_text())
    # the student fixes the file; the new content lands in the other shard, graded later
    for extra in range(200):
        moved.path.write_text(f"def train(): pass  # fixed {extra}")
        if Shard(2, 2).selects(next(s for s in discover(klass) if s.student == moved.student)):
            break
    else:
        pytest.fail("no fixed version hashed into shard 2")
    second = Shard(2, 2)
    batch(klass, second.out_folder(out), select=second.selects)
    db = sqlite3.connect(second.out_folder(out) / "gradebook.db")
    with db:   # a forged row: edited after the grader signed it
        db.execute("UPDATE runs SET score=10, result=replace(result, '\"score\": 7', '\"score\": 10')"
                   " WHERE student=(SELECT min(student) FROM runs WHERE score=7 AND student != ?)",
                   (moved.student,))
    db.close()
    summary = merge(out, [first.out_folder(out) / "gradebook.db", second.out_folder(out) / "gradebook.db"])
    assert len(summary.refused) == 1
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows[moved.student]["training_loop"] == "10"   # the later grade, of the fixed file
    forged = summary.refused[0].rsplit(": ", 1)[1]
    assert forged not in rows or rows[forged]["training_loop"] != "10"


def test_cli_usage_errors(klass, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(klass), "--exercise", "training_loop", "--out", str(out), "--shard", "0/2"]) == 2
    assert "--shard wants K/N" in capsys.readouterr().err and not out.exists()
    assert main(["gradebook", "merge", str(out), str(tmp_path / "nope.db")]) == 2
    assert "no such gradebook" in capsys.readouterr().err
