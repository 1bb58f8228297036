"""Formats other tools read (issue 19.8): JUnit XML from `grade` and `batch`, the gradebook files
Canvas and Moodle import (keyed by the ids of their own download names), and a late policy from
the download names' late flags and times. Hostile cases: a check message holding XML, control
characters and a CDATA end; students without an LMS id; a penalty larger than the score; bad
--deadline / --late-penalty."""
import csv
import io
import xml.etree.ElementTree as ET

import pytest

from batch_fakes import make_result
from grader.batch.run import BatchSettings, run_batch
from grader.reporters.summary import report_link
from grader.cli import main
from grader.late import parse_policy
from grader.load import file_hash
from grader.reporters.junit import junit_xml

TRAIN = "def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    return {}\n"
HOSTILE = "]]></failure><x>\x1b[2J\x00\ufffe & \"quote\" <script>alert(1)</script>"


def _klass(tmp_path, names):
    root = tmp_path / "class"
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TRAIN + f"# {name}\n")
    return root


def _batch(root, out, late_policy=None):
    def grade(sub, settings, launcher):
        result = make_result(sub.student, failing=("zero_grad",), submission_hash=file_hash(sub.path))
        result.check("zero_grad").observed = HOSTILE
        return result
    return run_batch(root, BatchSettings(exercise="training_loop", out=out, jobs=1, late_policy=late_policy),
                     grade=grade, launcher_factory=lambda: None, warm=lambda s, l: None, preflight=lambda: None)


def validate_junit(text: str) -> ET.Element:
    """The shape Jenkins' junit plugin and GitLab's unit test reports read: <testsuites> of
    <testsuite name tests failures errors> of <testcase classname name> holding at most one
    <failure message>/<error message>; counts agree with the cases."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite"
        for attr in ("name", "tests", "failures", "errors", "time"):
            assert suite.get(attr) is not None, attr
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        float(suite.get("time"))
        for case in cases:
            assert case.get("classname") and case.get("name")
            outcomes = [e for e in case if e.tag in ("failure", "error", "skipped")]
            assert len(outcomes) <= 1 and all(e.get("message") is not None for e in outcomes)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root)
    return root


def test_batch_junit_has_one_testcase_per_student_and_check(tmp_path, monkeypatch):
    import grader.batch.run as batch_run

    root = _klass(tmp_path, ["alice.py", "bob.py"])
    out = tmp_path / "out"
    # the command as an instructor types it, grading with the fake grader
    monkeypatch.setattr(batch_run, "run_batch", lambda root, settings, **kw: _batch(root, settings.out))
    assert main(["batch", str(root), "--exercise", "training_loop", "--out", str(out), "--junit",
                 str(tmp_path / "ci" / "junit.xml")]) == 0
    assert (tmp_path / "ci" / "junit.xml").read_text(encoding="utf-8") == (out / "junit.xml").read_text(encoding="utf-8")
    xml = validate_junit((out / "junit.xml").read_text(encoding="utf-8"))
    suites = xml.findall("testsuite")
    assert sorted(s.get("name") for s in suites) == ["training_loop.alice", "training_loop.bob"]
    for suite in suites:
        assert len(suite.findall("testcase")) == 3
        [failure] = suite.iter("failure")
        assert "<script>" in failure.text and "]]>" in failure.text      # data, read back intact
        assert "\x1b" not in failure.text and "\x00" not in failure.text


def test_grade_writes_junit_for_one_submission(tmp_path, monkeypatch):
    import grader.commands.grade as grade_command

    result = make_result("x", failing=("zero_grad", "eval_mode"))
    result.flag(["trace forged"])
    monkeypatch.setattr(grade_command, "grade", lambda *a, **k: result)
    sub = tmp_path / "alice.py"
    sub.write_text(TRAIN)
    assert main(["grade", str(sub), "--exercise", "training_loop", "--junit", str(tmp_path / "j.xml")]) == 0
    xml = validate_junit((tmp_path / "j.xml").read_text(encoding="utf-8"))
    [suite] = xml.findall("testsuite")
    assert suite.get("failures") == "2" and suite.get("errors") == "1"     # the flag is an error case
    assert suite.find("properties/property[@name='score']").get("value") == "0"


def test_junit_of_a_hostile_string_is_well_formed():
    result = make_result(HOSTILE, failing=("zero_grad",))
    result.check("zero_grad").title = HOSTILE
    validate_junit(junit_xml([result]))


def test_canvas_and_moodle_import_files_key_rows_by_their_own_ids(tmp_path):
    root = _klass(tmp_path, ["doejane_12345_67890_train.py", "=cmd|' -C calc'!A0_777_888_train.py",
                             "Jane Roe_5521_assignsubmission_file_/train.py", "plain.py"])
    out = tmp_path / "out"
    _batch(root, out)
    canvas = list(csv.reader(io.StringIO((out / "canvas_grades.csv").read_text(encoding="utf-8"))))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0][5] == "The training loop" or canvas[0][5]
    ids = {row[1]: row for row in canvas[1:]}
    assert sorted(ids) == ["12345", "777"]                       # no Moodle or plain students
    assert ids["12345"][0] == "doejane" and ids["12345"][5] == "7"
    assert ids["777"][0].startswith("'=")                        # a formula-shaped name is text
    moodle = list(csv.DictReader(io.StringIO((out / "moodle_grades.csv").read_text(encoding="utf-8"))))
    assert [(r["Identifier"], r["Full name"], r["Grade"], r["Maximum Grade"]) for r in moodle] == \
        [("Participant 5521", "Jane Roe", "7", "10")]
    assert "to fix: Gradients cleared" in moodle[0]["Feedback comments"]


def test_late_policy_per_day_from_submission_times_and_flat_from_canvas_flags(tmp_path):
    root = _klass(tmp_path, ["HW3_ontime_attempt_2024-03-01-20-00-00_train.py",
                             "HW3_twodays_attempt_2024-03-03-08-00-00_train.py",
                             "doejane_LATE_12345_67890_train.py", "smithbob_23456_78901_train.py"])
    out = tmp_path / "out"
    _batch(root, out, parse_policy("2024-03-01", "10%/day"))
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert rows["blackboard:ontime"]["training_loop"] == "7"
    assert rows["blackboard:ontime"]["training_loop late_penalty"] == ""
    assert rows["blackboard:twodays"]["training_loop"] == "5"      # 7 - 2 days x 10% of 10
    assert rows["blackboard:twodays"]["training_loop late_penalty"] == "2"
    assert rows["canvas:12345"]["training_loop"] == "6"            # _LATE_, time unknown: one day
    assert rows["canvas:23456"]["training_loop"] == "7"
    report = (out / report_link("training_loop", "blackboard:twodays")).read_text()
    assert "Late by 2 days" in report
    # the policy is kept: a rerun without the flags charges the same; "none" removes it
    _batch(root, out)
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert rows["blackboard:twodays"]["training_loop"] == "5"
    _batch(root, out, parse_policy(None, "none"))
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert rows["blackboard:twodays"]["training_loop"] == "7"


def test_a_penalty_never_takes_a_score_below_zero(tmp_path):
    root = _klass(tmp_path, ["doejane_LATE_12345_67890_train.py"])
    out = tmp_path / "out"
    _batch(root, out, parse_policy(None, "50"))
    [row] = csv.DictReader(io.StringIO((out / "grades.csv").read_text()))
    assert row["training_loop"] == "0" and row["training_loop graded"] == "7"


@pytest.mark.parametrize("argv", [["--late-penalty", "ten percent"], ["--deadline", "tomorrow", "--late-penalty", "1/day"],
                                  ["--deadline", "2024-03-01"]])
def test_a_bad_late_policy_is_a_usage_error(tmp_path, argv, capsys):
    root = _klass(tmp_path, ["alice.py"])
    code = main(["batch", str(root), "--exercise", "training_loop", "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and ("--late-penalty" in err or "--deadline" in err) and len(err.strip().splitlines()) == 1
