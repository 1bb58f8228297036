"""Finding one submission per student in the layouts instructors download."""
import os

import nbformat
import pytest

from grader.batch.discover import discover, parse_name, student_id

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
    ("Jane Doe", ("jane-doe", "", "")),
    ("doejane_12345_67890_train", ("doejane", "canvas", "12345")),
    ("doejane_LATE_12345_67890_train-1", ("doejane", "canvas", "12345")),
    ("Jane Doe_4242_assignsubmission_file_", ("jane-doe", "moodle", "4242")),
    ("HW 3_jdoe_attempt_2024-03-01-10-22-13_train", ("jdoe", "blackboard", "")),
    ("jane_doe", ("jane_doe", "", "")),
])
def test_names_map_to_students(name, expected):
    assert parse_name(name) == expected


def test_student_ids_are_safe_file_names():
    assert student_id("../../etc/passwd") == "etc-passwd"
    assert student_id("  ") == "unnamed"


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
    assert sorted(subs) == ["alice", "bob", "carol", "doejane", "jane-roe"]
    assert subs["carol"].path.name == "train.ipynb" and subs["carol"].layout == "folder"
    assert subs["doejane"].layout == "canvas" and subs["doejane"].lms_id == "12345"
    assert subs["jane-roe"].layout == "moodle"
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
    assert (jane.student, jane.path, jane.ignored) == ("doejane", late, [on_time])


def test_a_broken_notebook_is_still_a_submission(tmp_path):
    write(tmp_path / "erin.ipynb", "{not json")
    [erin] = discover(tmp_path)
    assert erin.student == "erin" and erin.path.name == "erin.ipynb"


def test_single_file_and_missing_folder(tmp_path):
    [one] = discover(write(tmp_path / "frank.py"))
    assert one.student == "frank"
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nope")
