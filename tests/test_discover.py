"""Finding one submission per student in the layouts instructors download."""
import os

import nbformat
import pytest

from grader.batch.discover import discover, parse_name

TRAIN = "def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    return {}\n"


def write(path, text=TRAIN, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def notebook(path, source=TRAIN, mtime=None):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# my work"),
                                         nbformat.v4.new_code_cell(source)])
    return write(path, nbformat.writes(nb), mtime)


@pytest.mark.parametrize("name, expected", [
    ("alice", ("alice", "", "")),
    ("Jane Doe", ("Jane Doe", "", "")),
    ("doejane_12345_67890_train", ("canvas:12345", "canvas", "12345")),
    ("doejane_LATE_12345_67890_train-1", ("canvas:12345", "canvas", "12345")),
    ("Jane Doe_4242_assignsubmission_file_", ("moodle:4242", "moodle", "4242")),
    ("HW 3_jdoe_attempt_2024-03-01-10-22-13_train", ("blackboard:jdoe", "blackboard", "jdoe")),
    ("148025-301558 - Jane Doe - Mar 1, 2024 1022 AM - train", ("Jane Doe", "brightspace", "")),
    ("jane_doe", ("jane_doe", "", "")),
])
def test_names_map_to_students(name, expected):
    assert parse_name(name) == expected


def test_mixed_layouts_one_submission_per_student(tmp_path):
    write(tmp_path / "alice.py")
    notebook(tmp_path / "bob.ipynb")
    notebook(tmp_path / "carol" / "work" / "train.ipynb")
    notebook(tmp_path / "doejane_12345_67890_train.ipynb")
    write(tmp_path / "Jane Roe_777_assignsubmission_file_" / "train.py")
    write(tmp_path / "notes.txt", "not a submission")
    write(tmp_path / ".hidden.py")
    notebook(tmp_path / "carol" / ".ipynb_checkpoints" / "train-checkpoint.ipynb")
    subs = {s.student: s for s in discover(tmp_path)}
    assert sorted(subs) == ["alice", "bob", "canvas:12345", "carol", "moodle:777"]
    assert subs["carol"].path.name == "train.ipynb" and subs["carol"].layout == "folder"
    assert subs["canvas:12345"].layout == "canvas" and subs["canvas:12345"].lms_id == "12345"
    assert subs["canvas:12345"].name == "doejane"
    assert subs["moodle:777"].layout == "moodle" and subs["moodle:777"].name == "Jane Roe"
    assert all(not s.ignored for s in subs.values())


def test_prefers_the_file_defining_train_then_the_newest(tmp_path):
    helper = write(tmp_path / "dave" / "helpers.py", "def plot(): pass\n", mtime=2_000_000_000)
    old = write(tmp_path / "dave" / "train_v1.py", mtime=1_000_000_000)
    new = notebook(tmp_path / "dave" / "train_v2.ipynb", mtime=1_500_000_000)
    [dave] = discover(tmp_path)
    assert dave.path == new
    assert set(dave.ignored) == {old, helper}


def test_late_canvas_resubmission_and_on_time_one_resolve_to_one_student(tmp_path):
    on_time = notebook(tmp_path / "doejane_12345_67890_train.ipynb", mtime=1_000_000_000)
    late = notebook(tmp_path / "doejane_LATE_12345_67891_train.ipynb", mtime=1_100_000_000)
    [jane] = discover(tmp_path)
    assert (jane.student, jane.name, jane.path, jane.ignored) == ("canvas:12345", "doejane", late, [on_time])


def test_a_broken_notebook_is_still_a_submission(tmp_path):
    write(tmp_path / "erin.ipynb", "{not json")
    [erin] = discover(tmp_path)
    assert erin.student == "erin" and erin.path.name == "erin.ipynb"


def test_single_file_and_missing_folder(tmp_path):
    [one] = discover(write(tmp_path / "frank.py"))
    assert one.student == "frank"
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nope")


# ---- batch input problems are visible ------------------------------------------------------

from grader.batch.discover import NoSubmissions  # noqa: E402
from grader.result import Intake  # noqa: E402

OTHER_TRAIN = TRAIN.replace("return {}", "return {'train_loss': []}")


def test_two_files_defining_different_trains_are_an_input_problem(tmp_path):
    draft = write(tmp_path / "dave" / "train_draft.py", OTHER_TRAIN, mtime=1_500_000_000)
    final = write(tmp_path / "dave" / "train.py", TRAIN, mtime=1_000_000_000)
    write(tmp_path / "dave" / "plots.py", "def plot(): pass\n", mtime=1_700_000_000)
    [dave] = discover(tmp_path)
    assert dave.path == draft            # the rule still picks one (the newest)...
    assert "2 files define train()" in dave.problem     # ...but says it had to choose
    assert "train_draft.py" in dave.problem and "train.py" in dave.problem
    assert dave.intake().problem == dave.problem


def test_the_same_train_in_a_notebook_and_its_export_is_no_problem(tmp_path):
    notebook(tmp_path / "erin" / "hw.ipynb", "%%time\n" + TRAIN, mtime=1_000_000_000)
    write(tmp_path / "erin" / "hw.py", "# exported\nimport torch\n\n" + TRAIN, mtime=1_100_000_000)
    [erin] = discover(tmp_path)
    assert erin.problem == "" and len(erin.ignored) == 1


def test_a_method_named_train_does_not_count_as_defining_train(tmp_path):
    write(tmp_path / "finn" / "trainer.py", "class Trainer:\n    def train(self):\n        pass\n",
          mtime=1_900_000_000)
    solution = write(tmp_path / "finn" / "solution.py", mtime=1_000_000_000)
    [finn] = discover(tmp_path)
    assert finn.path == solution and finn.problem == ""


def test_an_empty_submissions_folder_is_an_error(tmp_path):
    with pytest.raises(NoSubmissions) as info:
        discover(tmp_path)
    assert "no submissions" in str(info.value) and "\n" not in str(info.value)
    write(tmp_path / "class.zip", "PK")
    write(tmp_path / "notes.txt", "hello")
    with pytest.raises(NoSubmissions, match=r"class\.zip"):
        discover(tmp_path)


def test_lms_late_flags_and_ids_are_kept(tmp_path):
    notebook(tmp_path / "doejane_LATE_12345_67890_train.ipynb")
    write(tmp_path / "Jane Roe_5521_assignsubmission_file_" / "train.py")
    write(tmp_path / "HW3_jdoe_attempt_2024-03-01-10-22-13_train.py")
    write(tmp_path / "smithbob_23456_78901_train.py")
    subs = {s.intake().name: s.intake() for s in discover(tmp_path)}
    assert subs["doejane"] == Intake(layout="canvas", lms_id="12345", lms_file_id="67890", late=True,
                                     submitted_file="doejane_LATE_12345_67890_train.ipynb", name="doejane")
    assert subs["smithbob"].late is False and subs["smithbob"].lms_file_id == "78901"
    assert subs["Jane Roe"].layout == "moodle" and subs["Jane Roe"].lms_id == "5521"
    assert subs["jdoe"].layout == "blackboard" and subs["jdoe"].attempt == "2024-03-01-10-22-13"
    assert Intake.from_dict(subs["doejane"].to_dict()) == subs["doejane"]


def test_a_broken_notebook_beside_a_good_file_is_not_chosen_silently(tmp_path):
    write(tmp_path / "gus" / "train.ipynb", "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> x\n", mtime=1_900_000_000)
    good = write(tmp_path / "gus" / "solution.py", mtime=1_000_000_000)
    [gus] = discover(tmp_path)
    assert gus.path == good and gus.ignored
    assert "train.ipynb could not be read" in gus.problem and "merge-conflict" in gus.problem


# ---- grades.csv and the class page carry them ----------------------------------------------

def _result(student, score, intake: Intake):
    from grader.result import CheckResult, GradeResult

    result = GradeResult(exercise="training_loop", submission=f"{student}.py", submission_hash=student,
                         grader_version="t", device="cpu", score=score, max_score=2.0,
                         checks=[CheckResult(id="contract", title="Contract", status="passed", score=score,
                                             max_score=2.0, observed="ok", why="", fix="")],
                         runtime={"status": "ok", "message": ""}, student=student)
    result.intake = intake.to_dict()
    return result


def test_grades_csv_and_class_page_show_input_problems_and_lms_columns(tmp_path):
    import csv
    import io

    from grader.batch.outputs import write_class
    from grader.gradebook import Gradebook

    with Gradebook(tmp_path / "gradebook.db") as book:
        book.record(_result("dave", 2.0, Intake(layout="folder", problem="2 files define train(): a.py, b.py; "
                                                "graded a.py (the newest)")))
        book.record(_result("doejane", 1.0, Intake(layout="canvas", lms_id="12345", lms_file_id="67890",
                                                   late=True)), lms_id="12345")
        write_class(tmp_path, book)
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((tmp_path / "grades.csv").read_text()))}
    assert rows["dave"]["training_loop input_problem"].startswith("2 files define train()")
    assert rows["dave"]["training_loop late"] == ""
    assert rows["doejane"]["training_loop late"] == "late"
    assert rows["doejane"]["lms_id"] == "12345" and rows["doejane"]["training_loop lms_file_id"] == "67890"
    assert rows["doejane"]["training_loop input_problem"] == ""
    page = (tmp_path / "index.html").read_text()
    assert "Input problems" in page and "2 files define train(): a.py, b.py" in page
    assert "late" in page.split("doejane", 1)[1][:600]


def test_batch_on_an_empty_folder_exits_nonzero_with_one_line(tmp_path, capsys):
    from grader.cli import main

    (tmp_path / "subs").mkdir()
    code = main(["batch", str(tmp_path / "subs"), "--exercise", "training_loop", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "no submissions" in err
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_new_draft_beside_an_unchanged_file_regrades_and_shows_the_problem(tmp_path):
    import csv

    from batch_fakes import make_result
    from grader.batch.progress import Progress
    from grader.batch.run import BatchSettings, file_hash, run_batch

    calls = []

    def grade(sub, settings, launcher):
        calls.append(sub.student)
        result = make_result(sub.student, submission_hash=file_hash(sub.path))
        result.submission = str(sub.path)
        return result

    def run():
        settings = BatchSettings(exercise="training_loop", out=tmp_path / "out", jobs=1)
        return run_batch(tmp_path / "class", settings, grade=grade, launcher_factory=lambda: None,
                         warm=lambda settings, launcher: None, progress=Progress(0, stream=open("/dev/null", "w")))

    write(tmp_path / "class" / "hana" / "train.py", TRAIN, mtime=2_000_000_000)
    run()
    assert calls == ["hana"]
    run()
    assert calls == ["hana"]                     # unchanged: reused
    write(tmp_path / "class" / "hana" / "old.py", OTHER_TRAIN, mtime=1_000_000_000)
    run()                                        # same graded file, but now a guess between two
    assert calls == ["hana", "hana"]
    [row] = csv.DictReader((tmp_path / "out" / "grades.csv").open())
    assert "2 files define train()" in row["training_loop input_problem"]
