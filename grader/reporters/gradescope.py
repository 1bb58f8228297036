"""Gradescope's results.json (autograder specification): score, max_score, execution_time,
output, tests[name, score, max_score, status, output, visibility]."""
from __future__ import annotations

from grader.reporters.redact import FLAG_NOTE
from grader.result import PASSED, GradeResult

# Our visibility -> Gradescope's. Hidden checks stay hidden until grades are published.
VISIBILITY = {"public": "visible", "hidden": "after_published"}


def test_output(check) -> str:
    text = check.message()
    if check.lines:
        text += "\nWhere: " + "; ".join(f"{l['file']}: {l['text']}" + (f" ({l['role']})" if l.get("role") else "")
                                         for l in check.lines)
    return text


def to_gradescope(result: GradeResult) -> dict:
    runtime = result.runtime or {}
    summary = [f"{result.exercise}: {result.score:g} / {result.max_score:g}"]
    if result.flagged:   # the output is shown to students: the reasons stay in the instructor's reports
        summary.append(FLAG_NOTE)
    if runtime.get("status") not in (None, "ok"):
        summary.append(f"Run problem ({runtime['status']}): {runtime.get('message', '')}")
    if getattr(result, "root_cause", ""):
        summary.append(f"Root cause: {result.root_cause} (the checks that depend on it are not judged)")
    summary += [f"Note: {w}" for w in result.warnings[:10]]
    # (the sandbox's layers are not shown: Gradescope's output is the student's; grades.csv keeps them)
    return {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": round(result.timings.get("total", 0.0), 2),
        "output": "\n".join(summary),
        "tests": [
            {
                "name": f"{c.id}: {c.title}",
                "score": c.score,
                "max_score": c.max_score,
                "status": "passed" if c.status == PASSED else "failed",
                "output": test_output(c),
                "visibility": VISIBILITY.get(c.visibility, "visible"),
                # verified (recomputed by the grader) or observed (the in-process recorder's word): docs/forgery.md
                "extra_data": {"evidence": c.evidence},
            }
            for c in result.checks
        ],
    }
