"""The instructor's review loop (issue 19.7): `grader review OUT` lists what needs a person; a
decision (a score, or clearing a flag, with a note and the reviewer's name) is signed in the
gradebook, survives reruns of the same file, lapses when the file changes, and shows in
grades.csv and the reports. Hostile cases: a forged or edited review row, an out-of-range
score, a decision without a note or name, an ambiguous name, a note holding HTML and a formula."""
import csv
import io
import sqlite3

import pytest

from batch_fakes import make_result
from grader.batch.run import BatchSettings, run_batch
from grader.reporters.summary import report_link
from grader.cli import main
from grader.gradebook import Gradebook
from grader.load import file_hash

TRAIN = "def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    return {}\n"


@pytest.fixture
def klass(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    (root / "alice.py").write_text(TRAIN)
    (root / "mallory.py").write_text(TRAIN + "# FLAG\n")
    (root / "carol.py").write_text(TRAIN + "# CRASH\n")
    return root


def batch(root, out, force=False, calls=None):
    def grade(sub, settings, launcher):
        text = sub.path.read_text()
        if calls is not None:
            calls.append(sub.student)
        result = make_result(sub.student, failing=("eval_mode",) if "FLAG" in text else (),
                             status="crash" if "CRASH" in text else "ok",
                             submission_hash=file_hash(sub.path))
        if "FLAG" in text:
            result.flag(["the trace was written by the submission"])
        return result
    return run_batch(root, BatchSettings(exercise="training_loop", out=out, jobs=1, force=force), grade=grade,
                     launcher_factory=lambda: None, warm=lambda s, l: None, preflight=lambda: None)


def rows(out):
    return {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}


def report(out, student):
    return (out / report_link("training_loop", student)).read_text()


def test_listing_names_flagged_and_failed_students_with_their_reasons(klass, tmp_path, capsys):
    out = tmp_path / "out"
    batch(klass, out)
    assert main(["review", str(out)]) == 0
    listed = capsys.readouterr().out
    assert "mallory" in listed and "the trace was written by the submission" in listed
    assert "carol" in listed and "did not finish (crash)" in listed
    assert "alice" not in listed


def test_clearing_a_flag_restores_the_checks_points_and_survives_reruns(klass, tmp_path):
    out = tmp_path / "out"
    batch(klass, out)
    assert rows(out)["mallory"]["training_loop"] == "0"
    assert main(["review", str(out), "mallory", "--clear-flag", "--note", "false alarm: read the trace",
                 "--reviewer", "Dr Lee"]) == 0
    row = rows(out)["mallory"]
    assert row["training_loop"] == "8" and row["training_loop flagged"] == ""      # 10 - eval_mode's 2
    assert row["training_loop graded"] == "0" and "Dr Lee" in row["training_loop reviewed"]
    assert row["training_loop:zero_grad"] == "3"
    assert "Reviewed by Dr Lee" in report(out, "mallory") and "false alarm" in report(out, "mallory")
    assert "reviewed" in (out / "index.html").read_text()
    calls = []
    batch(klass, out, calls=calls)                      # resume: nothing regraded, review kept
    assert calls == [] and rows(out)["mallory"]["training_loop"] == "8"
    assert "Reviewed by Dr Lee" in report(out, "mallory")
    batch(klass, out, force=True)                       # regraded, same content: review kept
    assert rows(out)["mallory"]["training_loop"] == "8"
    (klass / "mallory.py").write_text(TRAIN + "# FLAG again, new file\n")
    batch(klass, out)                                   # a different file: the decision lapses
    assert rows(out)["mallory"]["training_loop"] == "0" and rows(out)["mallory"]["training_loop reviewed"] == ""


def test_a_set_score_counts_for_a_crashed_run(klass, tmp_path):
    out = tmp_path / "out"
    batch(klass, out)
    assert main(["review", str(out), "carol", "--score", "6.5", "--note", "ran it by hand",
                 "--reviewer", "TA Kim"]) == 0
    assert rows(out)["carol"]["training_loop"] == "6.5"
    assert "score was set to 6.5" in report(out, "carol")


@pytest.mark.parametrize("argv", [
    ["carol", "--score", "11", "--note", "n", "--reviewer", "r"],          # above the maximum
    ["carol", "--score", "-1", "--note", "n", "--reviewer", "r"],          # below 0
    ["carol", "--score", "5", "--reviewer", "r"],                          # no note
    ["carol", "--score", "5", "--note", "n"],                              # no reviewer
    ["alice", "--clear-flag", "--note", "n", "--reviewer", "r"],           # nothing to clear
    ["nobody", "--score", "5", "--note", "n", "--reviewer", "r"],          # no such student
    ["--score", "5", "--note", "n", "--reviewer", "r"],                    # no student
])
def test_a_malformed_decision_is_refused_and_changes_nothing(klass, tmp_path, argv, capsys):
    out = tmp_path / "out"
    batch(klass, out)
    before = (out / "grades.csv").read_text()
    capsys.readouterr()
    assert main(["review", str(out), *argv]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (out / "grades.csv").read_text() == before


def test_a_forged_or_edited_review_row_is_ignored(klass, tmp_path):
    out = tmp_path / "out"
    batch(klass, out)
    with Gradebook(out / "gradebook.db") as book:
        [mallory] = [r for r in book.latest_results("training_loop") if r.student == "mallory"]
        book.add_review(mallory, action="score", score=1, note="n", reviewer="r")
    db = sqlite3.connect(out / "gradebook.db")
    with db:
        db.execute("UPDATE reviews SET score=10")                 # edited after signing
        db.execute("INSERT INTO reviews (student, exercise, submission_hash, action, score, note, reviewer,"
                   " recorded_at, mac) VALUES ('carol', 'training_loop', ?, 'score', 10, 'x', 'x', '', 'forged')",
                   (file_hash(klass / "carol.py"),))
    db.close()
    with Gradebook(out / "gradebook.db") as book:
        scores = {r.student: r.score for r in book.latest_results("training_loop")}
    assert scores["mallory"] == 0 and scores["carol"] == 0


def test_a_hostile_note_is_data_in_every_sink(klass, tmp_path):
    out = tmp_path / "out"
    batch(klass, out)
    note = '=HYPERLINK("http://x")<img src=x onerror=alert(1)>'
    assert main(["review", str(out), "carol", "--score", "5", "--note", note, "--reviewer", "@evil"]) == 0
    assert "<img" not in report(out, "carol") and "&lt;img" in report(out, "carol")
    cell = rows(out)["carol"]["training_loop reviewed"]
    assert not cell.startswith(("=", "@", "+", "-"))


def test_a_review_in_a_shard_survives_the_merge_and_a_forged_one_does_not(klass, tmp_path):
    from grader.commands.gradebook import merge
    from grader.late import parse_policy

    shard = tmp_path / "shard-1-of-1"
    batch(klass, shard)
    with Gradebook(shard / "gradebook.db") as book:
        book.set_late_policy("training_loop", parse_policy(None, "1"))
    assert main(["review", str(shard), "mallory", "--clear-flag", "--note", "ok", "--reviewer", "Dr Lee"]) == 0
    db = sqlite3.connect(shard / "gradebook.db")
    with db:
        db.execute("INSERT INTO reviews (student, exercise, submission_hash, action, score, note, reviewer,"
                   " recorded_at, mac) VALUES ('carol', 'training_loop', ?, 'score', 10, 'x', 'x', '', 'forged')",
                   (file_hash(klass / "carol.py"),))
    db.close()
    out = tmp_path / "merged"
    summary = merge(out, [shard / "gradebook.db"])
    assert any("review of carol" in line for line in summary.refused)
    assert rows(out)["mallory"]["training_loop"] == "8" and rows(out)["carol"]["training_loop"] == "0"
    merge(out, [shard / "gradebook.db"])                  # merging again adds no second review
    with Gradebook(out / "gradebook.db") as book:
        assert len(book.signed_reviews()[0]) == 1 and book.late_policy("training_loop") is not None


def test_the_students_own_files_show_the_decision_but_not_the_note(klass, tmp_path):
    from grader.reporters.redact import student_view

    out = tmp_path / "out"
    batch(klass, out)
    assert main(["review", str(out), "mallory", "--clear-flag", "--note", "hidden check avg_loss was fine",
                 "--reviewer", "Dr Lee"]) == 0
    with Gradebook(out / "gradebook.db") as book:
        [mallory] = [r for r in book.latest_results("training_loop") if r.student == "mallory"]
    seen = student_view(mallory)
    assert seen.score == 8 and seen.review["reviewer"] == "Dr Lee" and "note" not in seen.review
    assert seen.before_flag == {} and "avg_loss" not in student_report_text(seen)


def student_report_text(result):
    from grader.reporters.html import student_report
    return student_report(result)
