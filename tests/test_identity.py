"""Identity that never merges (issue 18.3): a student is the LMS id where the download name
carries one, else the file or folder name as written (NFC); file paths add a hash of that key;
one id under two names is a reported collision, never one grade. Every case runs a whole batch
(fake grader, real discovery, gradebook, reports and grades.csv) and checks one row and one
report per student, with the name as written."""
import csv
import io
import unicodedata

import pytest

from grader.batch.discover import discover, parse_download_name
from grader.batch.run import BatchSettings, run_batch
from grader.reporters.summary import report_link, student_folder
from batch_fakes import make_result

TRAIN = "def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    return {}\n"


def _class(tmp_path, names):
    klass = tmp_path / "class"
    klass.mkdir()
    for name in names:
        path = klass / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TRAIN + f"# {name}\n")
    return klass


def _batch(klass, out):
    def grade(sub, settings, launcher):
        return make_result(sub.student)
    return run_batch(klass, BatchSettings(exercise="training_loop", out=out, jobs=1), grade=grade,
                     launcher_factory=lambda: None, warm=lambda s, l: None, preflight=lambda: None)


def _rows(out):
    return list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))


NON_LATIN = ["Иван Петров.py", "王小明.py", "Γιώργος Παπαδόπουλος.py", "محمد علي.py", "अनन्या.py"]


def test_names_in_several_scripts_are_each_their_own_student(tmp_path):
    klass = _class(tmp_path, NON_LATIN)
    outcomes = _batch(klass, tmp_path / "out")
    assert len(outcomes) == len(NON_LATIN)
    rows = _rows(tmp_path / "out")
    assert sorted(r["name"] for r in rows) == sorted(n[:-3] for n in NON_LATIN)
    folders = {student_folder(o.submission.student) for o in outcomes}
    assert len(folders) == len(NON_LATIN)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for o in outcomes:
        assert o.report.is_file() and o.report.parent.name == student_folder(o.submission.student)
        assert o.submission.name in o.report.read_text(encoding="utf-8")   # Unicode kept in the report
        assert o.submission.name in index


def test_names_differing_only_in_case_punctuation_or_accents_are_never_merged(tmp_path):
    names = ["Jane Doe.py", "jane doe.py", "jane-doe.py", "José.py", "Jose.py", "JOSE.py"]
    klass = _class(tmp_path, names)
    outcomes = _batch(klass, tmp_path / "out")
    assert sorted(o.submission.name for o in outcomes) == sorted(n[:-3] for n in names)
    rows = _rows(tmp_path / "out")
    assert len(rows) == len(names) and len({r["student"] for r in rows}) == len(names)
    # folders differ even ignoring case (a macOS or Windows disk) and accents
    assert len({student_folder(o.submission.student).lower() for o in outcomes}) == len(names)
    assert len({o.report for o in outcomes}) == len(names)


def test_one_name_written_composed_and_decomposed_is_one_student(tmp_path):
    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    klass = _class(tmp_path, [f"{composed}/train.py", f"{decomposed}/helper.py"])
    [sub] = discover(klass)
    assert sub.student == composed and sub.name == composed and len(sub.ignored) == 1


def test_two_canvas_students_with_one_sortable_name_are_two_students(tmp_path):
    klass = _class(tmp_path, ["smithjohn_1001_5001_train.py", "smithjohn_1002_5002_train.py"])
    outcomes = _batch(klass, tmp_path / "out")
    assert sorted(o.submission.student for o in outcomes) == ["canvas:1001", "canvas:1002"]
    assert sorted(r["lms_id"] for r in _rows(tmp_path / "out")) == ["1001", "1002"]


def test_two_submissions_under_one_id_are_one_student_with_the_other_ignored(tmp_path):
    klass = _class(tmp_path, ["doejane_12345_67890_train.py", "doejane_LATE_12345_67999_train-1.py",
                              "Jane Doe_4242_assignsubmission_file_/a.py",
                              "Jane Doe_4242_assignsubmission_file_/b.py"])
    subs = {s.student: s for s in discover(klass)}
    assert sorted(subs) == ["canvas:12345", "moodle:4242"]
    assert len(subs["canvas:12345"].ignored) == 1 and len(subs["moodle:4242"].ignored) == 1


def test_one_lms_id_under_two_names_is_a_reported_collision_never_one_grade(tmp_path):
    klass = _class(tmp_path, ["doejane_12345_67890_train.py", "roemary_12345_67891_train.py"])
    outcomes = _batch(klass, tmp_path / "out")
    assert len(outcomes) == 2 and len({o.report for o in outcomes}) == 2
    for o in outcomes:
        assert "identity collision" in o.submission.problem and "12345" in o.submission.problem
    rows = _rows(tmp_path / "out")
    assert all("identity collision" in r["training_loop input_problem"] for r in rows)


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "..", "CON", "a/b", "-rf", "=1+1", "x" * 300, "\x1b[2J"])
def test_a_student_folder_stays_inside_its_exercise_folder(hostile):
    folder = student_folder(hostile)
    assert "/" not in folder and "\\" not in folder and not folder.startswith((".", "-"))
    assert len(folder) <= 44 and folder.isascii() and folder.isprintable()
    assert report_link("training_loop", hostile) == f"training_loop/{folder}/report.html"


def test_download_names_of_each_lms_keep_the_name_as_written():
    assert parse_download_name("Иван Петров_5521_assignsubmission_file_").name == "Иван Петров"
    bright = parse_download_name("148025-301558 - 王小明 - Mar 1, 2024 1022 AM - train")
    assert (bright.layout, bright.student, bright.lms_file_id) == ("brightspace", "王小明", "148025-301558")
    assert parse_download_name("HW3_jdoe_attempt_2024-03-01-10-22-13_train").student == "blackboard:jdoe"


def test_two_keys_sharing_a_report_folder_are_reported_never_merged(tmp_path, monkeypatch):
    import grader.batch.discover as discover_module

    klass = _class(tmp_path, ["alice.py", "bob.py", "carol.py"])
    monkeypatch.setattr(discover_module, "student_folder", lambda key: "same" if key != "carol" else "carol")
    subs = {s.student: s for s in discover(klass)}
    assert sorted(subs) == ["alice", "bob", "carol"]
    assert "report folder collision with 'bob'" in subs["alice"].problem
    assert "report folder collision with 'alice'" in subs["bob"].problem and subs["carol"].problem == ""
