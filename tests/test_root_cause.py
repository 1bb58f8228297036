"""One root cause, named once: on the result, in the terminal summary, the HTML report and
Gradescope's results.json; the checks that depend on it say "not judged: <cause>"."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.reporters.gradescope import to_gradescope
from grader.reporters.html import student_report
from grader.reporters.terminal import summary
from grader.result import ERROR, FAILED, PASSED, CheckResult, GradeResult

CORPUS = Path(__file__).parent / "corpus"
CAUSE = "The optimizer passed in never stepped: optimizer.step() was never called"


def _result() -> GradeResult:
    checks = [
        CheckResult(id="uses_arguments", title="t", status=FAILED, score=0, max_score=1, observed=CAUSE + "."),
        CheckResult(id="zero_grad", title="t", status=ERROR, score=0, max_score=2,
                    observed="Not judged: " + CAUSE[0].lower() + CAUSE[1:] + "."),
        CheckResult(id="item_logging", title="t", status=PASSED, score=1, max_score=1, observed="ok"),
    ]
    return GradeResult(exercise="training_loop", submission="s.py", submission_hash="0" * 64, grader_version="x",
                       device="cpu", score=1, max_score=4, checks=checks, runtime={"status": "ok"},
                       root_cause=CAUSE)


def test_every_report_leads_with_the_root_cause():
    result = _result()
    assert f"root cause: {CAUSE}" in summary(result)
    assert f"Root cause: {CAUSE}" in to_gradescope(result)["output"]
    assert CAUSE in student_report(result)
    assert GradeResult.from_dict(result.to_dict()).root_cause == CAUSE


def test_no_root_cause_no_banner():
    result = _result()
    result.root_cause = ""
    assert "root cause" not in summary(result).lower()
    assert "root-cause" not in student_report(result)


@pytest.mark.slow
def test_a_loop_without_step_names_the_cause_once():
    from grader.engine import grade

    result = grade(CORPUS / "training_loop" / "bug_convergence_no_step.py", "training_loop")
    assert result.root_cause.startswith("The optimizer passed in never stepped")
    by_id = {c.id: c for c in result.checks}
    assert by_id["uses_arguments"].status == FAILED
    assert by_id["zero_grad"].status == ERROR and "never stepped" in by_id["zero_grad"].observed
    assert by_id["best_checkpoint"].status == ERROR
    # checks that do not depend on a step are judged on their own
    assert by_id["train_mode"].status == PASSED and by_id["eval_mode"].status == PASSED
