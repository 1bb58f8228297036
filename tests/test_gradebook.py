"""The SQLite gradebook: every run recorded, resumable look-ups, and the CSV view."""
import csv
import io
import sqlite3

from batch_fakes import make_result
from grader.gradebook import Gradebook
from grader.reporters.grades_csv import grades_csv


def test_records_every_run_and_views_the_latest(tmp_path):
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(make_result("alice", failing=("zero_grad",)), lms_id="123")
        gb.record(make_result("alice", failing=(), submission_hash="cd" * 32))
        gb.record(make_result("bob", status="timeout"))
        gb.record(make_result("alice", exercise="moons", failing=("eval_mode",)))

        assert len(gb.runs()) == 4 and len(gb.runs("alice")) == 3
        assert gb.exercises() == ["moons", "training_loop"]
        latest = {r["student"]: r for r in gb.latest("training_loop")}
        assert latest["alice"]["score"] == 10 and latest["alice"]["submission_hash"] == "cd" * 32
        assert latest["bob"]["status"] == "timeout" and latest["bob"]["score"] == 0
        [result] = [r for r in gb.latest_results("training_loop") if r.student == "bob"]
        assert result.runtime["status"] == "timeout" and result.check("zero_grad").status == "error"


def test_find_matches_content_exercise_version_and_device(tmp_path):
    with Gradebook(tmp_path / "gb.db") as gb:
        gb.record(make_result("alice"))
        key = dict(student="alice", exercise="training_loop", submission_hash="ab" * 32,
                   grader_version="0.1.0", device="cpu")
        found = gb.find(**key)
        assert found.score == 7 and found.check("zero_grad").lines[0]["lineno"] == 12
        for change in ({"submission_hash": "ff" * 32}, {"grader_version": "0.2.0"},
                       {"device": "cuda"}, {"exercise": "moons"}):
            assert gb.find(**{**key, **change}) is None


def test_is_plain_sqlite_with_per_check_rows(tmp_path):
    with Gradebook(tmp_path / "gb.db") as gb:
        gb.record(make_result("alice"))
    db = sqlite3.connect(tmp_path / "gb.db")
    rows = db.execute("SELECT check_id, status, score FROM checks ORDER BY check_id").fetchall()
    assert rows == [("avg_loss", "passed", 5.0), ("eval_mode", "passed", 2.0), ("zero_grad", "failed", 0.0)]
    assert db.execute("SELECT student, grader_version, device, score FROM runs").fetchall() == [
        ("alice", "0.1.0", "cpu", 7.0)]


def test_grades_csv_one_row_per_student_across_exercises(tmp_path):
    with Gradebook(tmp_path / "gb.db") as gb:
        gb.record(make_result("bob", failing=()))
        gb.record(make_result("alice"), lms_id="123")
        gb.record(make_result("alice", exercise="moons", failing=("eval_mode", "avg_loss")))
        text = grades_csv(gb)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["student"] for r in rows] == ["alice", "bob"]
    alice, bob = rows
    assert alice["lms_id"] == "123"
    assert (alice["training_loop"], alice["training_loop:zero_grad"], alice["moons"]) == ("7", "0", "3")
    assert (bob["training_loop"], bob["training_loop max"], bob["moons"]) == ("10", "10", "")
    assert bob["training_loop status"] == "ok"


def test_a_forged_or_edited_row_is_regraded_not_reused(tmp_path):
    """Rows are signed with a key next to the gradebook (0600): a row written or edited by
    anything else is a miss for find() (so the batch regrades it) and shows flagged, at 0."""
    import json
    import os
    import stat

    key = dict(student="alice", exercise="training_loop", submission_hash="ab" * 32,
               grader_version="0.1.0", device="cpu")
    with Gradebook(tmp_path / "gb.db") as gb:
        gb.record(make_result("alice", failing=("zero_grad",)))
        assert gb.find(**key).score == 7
    key_file = tmp_path / ".loopgrader-key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    db = sqlite3.connect(tmp_path / "gb.db")
    row = db.execute("SELECT id, result FROM runs").fetchone()
    forged = json.loads(row[1])
    forged["score"] = forged["max_score"]
    db.execute("UPDATE runs SET result=?, score=? WHERE id=?", (json.dumps(forged), forged["score"], row[0]))
    db.execute("INSERT INTO runs (student, exercise, submission, submission_hash, grader_version, device,"
               " score, max_score, status, started_at, recorded_at, result) SELECT student, exercise,"
               " submission, submission_hash, grader_version, device, 10, 10, status, started_at,"
               " recorded_at, 'not json' FROM runs")
    db.commit()
    db.close()
    with Gradebook(tmp_path / "gb.db") as gb:
        assert gb.find(**key) is None
        [shown] = gb.latest_results("training_loop")
        assert shown.flagged and shown.score == 0
