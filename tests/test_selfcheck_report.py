"""The student-facing views (redaction, step summary, GitHub Classroom payload) on
constructed results: no grading run needed."""
from __future__ import annotations

import base64
import json

from grader.reporters import classroom, markdown
from grader.reporters.redact import HIDDEN_ID, hidden_note, student_view
from grader.result import CheckResult, GradeResult

SECRET = "uses the 7th batch's gradient norm"   # a hidden check's observation


def make_result(*, hidden_passes: bool = False, status: str = "ok") -> GradeResult:
    checks = [
        CheckResult("zero_grad", "Gradients cleared", "passed", 2, 2, observed="cleared 6/6 steps"),
        CheckResult("eval_mode", "Validation in eval mode", "failed", 0, 3,
                    observed="Dropout was active during validation",
                    why="validation loss is noisy", fix="call model.eval()",
                    lines=[{"file": "train.py", "lineno": 9, "text": "x = 1"}]),
        CheckResult("secret_a", "Weights restored exactly", "passed" if hidden_passes else "failed",
                    4 if hidden_passes else 0, 4, observed=SECRET, why="secret why",
                    fix="secret fix", visibility="hidden", details={"norm": 7.25}),
        CheckResult("secret_b", "Loss averaged per sample", "passed", 1, 1,
                    observed="secret observation b", visibility="hidden"),
    ]
    return GradeResult("training_loop", "train.py", "abc", "0.1.0", "cpu",
                       score=sum(c.score for c in checks), max_score=10, checks=checks,
                       runtime={"status": status, "message": "boom" if status != "ok" else ""})


def test_student_view_folds_hidden_checks_and_keeps_totals():
    result = make_result()
    view = student_view(result)
    assert [c.id for c in view.checks] == ["zero_grad", "eval_mode", HIDDEN_ID]
    folded = view.checks[-1]
    assert (folded.score, folded.max_score, folded.status) == (1, 5, "failed")
    assert "1 of 2" in folded.observed
    assert (view.score, view.max_score) == (result.score, result.max_score)
    text = json.dumps(view.to_dict())
    for secret in (SECRET, "secret why", "secret fix", "secret_a", "Weights restored", "7.25"):
        assert secret not in text
    # the original is untouched, and public checks keep their details
    assert result.check("secret_a").observed == SECRET
    assert view.check("eval_mode").lines == result.check("eval_mode").lines


def test_student_view_of_all_public_result_is_equal():
    result = make_result()
    result.checks = result.checks[:2]
    assert student_view(result).to_dict() == result.to_dict()


def test_hidden_note():
    assert hidden_note(0, 0) == ""
    assert hidden_note(2, 5) == "2 hidden checks worth 5 points will be graded after you submit."
    assert hidden_note(1, 1) == "1 hidden check worth 1 point will be graded after you submit."


def test_markdown_summary_lists_checks_and_explains_failures():
    view = student_view(make_result())
    text = markdown.summary(view, note="NOTE")
    assert text.startswith("## training_loop: 3 / 10 points\n")
    assert "| ✅ | Gradients cleared | 2 / 2 |" in text
    assert "| ❌ | Validation in eval mode | 0 / 3 |" in text
    assert "| ❌ | Hidden checks (2) | 1 / 5 |" in text
    assert view.check("eval_mode").message() in text
    assert "NOTE" in text and SECRET not in text
    assert "Gradients cleared</summary>" not in text     # passed checks have no details


def test_markdown_summary_says_when_the_run_did_not_finish():
    text = markdown.summary(student_view(make_result(status="timeout")))
    assert "did not finish (timeout)" in text and "boom" in text


def test_classroom_payload_sums_to_the_score():
    view = student_view(make_result(hidden_passes=True))
    data = json.loads(base64.b64decode(classroom.encode(view)))
    assert data["version"] == 1 and data["max_score"] == 10
    assert sum(t["score"] for t in data["tests"]) == view.score == 7
    assert [t["status"] for t in data["tests"]] == ["pass", "fail", "pass"]
    assert data["status"] == "fail"
    assert data["tests"][1]["message"] == view.check("eval_mode").message()
    assert SECRET not in json.dumps(data)


def test_classroom_payload_marks_a_crashed_run_as_error():
    data = classroom.payload(student_view(make_result(status="crash")))
    assert data["status"] == "error"
