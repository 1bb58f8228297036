"""The student-facing view of a GradeResult: hidden checks keep their points, lose their details.

Everything a student can see (pytest self-check, the CI step summary, GitHub Classroom's
reporter log) goes through `student_view`; instructor reports read the full result.
A hidden check's id, title, observation, source lines and numbers never leave this module:
all hidden checks fold into one line that says how many there are and their points.
"""
from __future__ import annotations

import dataclasses

from grader.result import ERROR, FAILED, PASSED, CheckResult, GradeResult

HIDDEN_ID = "hidden_checks"


def hidden_rubric(exercise) -> tuple[int, float]:
    """(how many hidden checks, their total points) from an Exercise's rubric."""
    hidden = [e for e in exercise.rubric if e.visibility == "hidden"]
    return len(hidden), sum(e.points for e in hidden)


def hidden_note(count: int, points: float) -> str:
    """The one sentence self-check says about the checks it did not run."""
    if not count:
        return ""
    s = "" if count == 1 else "s"
    return (f"{count} hidden check{s} worth {points:g} point{'' if points == 1 else 's'} "
            f"will be graded after you submit.")


def _fold(hidden: list[CheckResult]) -> CheckResult:
    score = sum(c.score for c in hidden)
    max_score = sum(c.max_score for c in hidden)
    passed = sum(c.passed for c in hidden)
    n = len(hidden)
    if passed == n:
        status = PASSED
    elif any(c.status == ERROR for c in hidden):
        status = ERROR
    else:
        status = FAILED
    return CheckResult(
        id=HIDDEN_ID,
        title=f"Hidden checks ({n})",
        status=status,
        score=score,
        max_score=max_score,
        observed=f"{passed} of {n} hidden checks passed: {score:g}/{max_score:g} points. "
                 "Hidden checks are not described until grades are released.",
        visibility="hidden",
    )


# What a student reads about a flagged submission: the reasons name what the grader watched
# (often a hidden check's observation), so they stay with the instructor.
FLAG_NOTE = "Flagged for review: this submission scores 0 until your instructor has looked at it."


def student_view(result: GradeResult) -> GradeResult:
    """A copy of `result` with every hidden check folded into one detail-free line, and the
    reasons of a flag for review replaced by FLAG_NOTE, and the sandbox's layers left out.

    Totals are unchanged. Public checks are kept as they are, in order; the folded line
    comes last. A result with no hidden checks and no flag comes back as an equal copy.
    """
    public = [c for c in result.checks if c.visibility != "hidden"]
    hidden = [c for c in result.checks if c.visibility == "hidden"]
    checks = public + ([_fold(hidden)] if hidden else [])
    reasons = [FLAG_NOTE] if result.flagged else list(result.flag_reasons)
    # which containment layers ran is the instructor's business: noise to a student
    # the points before a flag name hidden checks; a reviewer's note is written for instructors
    review = {k: v for k, v in (result.review or {}).items() if k != "note"}
    return dataclasses.replace(result, checks=[dataclasses.replace(c) for c in checks],
                               flag_reasons=reasons, protections={}, before_flag={}, review=review)
