"""A GradeResult as GitHub Classroom's autograding reporter reads it.

classroom-resources/autograding-grading-reporter takes, for each runner id listed in its
`runners` input, an environment variable `<RUNNER>_RESULTS` holding base64-encoded JSON
`{"version": 1, "status", "max_score", "tests": [{"name", "status", "score", "message", ...}]}`;
it posts "Points <sum of test scores>/<max_score>" on the "Autograding Tests" check run,
which is what Classroom records. Pass the student view: the reporter prints every message.
"""
from __future__ import annotations

import base64
import json

from grader.result import ERROR, PASSED, RUN_OK, GradeResult

_STATUS = {PASSED: "pass", ERROR: "error"}


def payload(result: GradeResult) -> dict:
    tests = [{
        "name": c.title,
        "status": _STATUS.get(c.status, "fail"),
        "score": c.score,
        "message": c.message(),
        "line_no": 0,
        "execution_time": "",
    } for c in result.checks]
    if result.flagged:   # every score is already 0; say why where the student reads it
        tests.insert(0, {"name": "Flagged for review", "status": "error", "score": 0,
                         "message": "; ".join(result.flag_reasons), "line_no": 0, "execution_time": ""})
        status = "error"
    elif result.runtime.get("status", RUN_OK) != RUN_OK:
        status = "error"
    else:
        status = "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    return {"version": 1, "status": status, "max_score": result.max_score, "tests": tests}


def encode(result: GradeResult) -> str:
    """The base64 text for `<RUNNER>_RESULTS` (one line, fit for $GITHUB_OUTPUT)."""
    return base64.b64encode(json.dumps(payload(result)).encode()).decode()
