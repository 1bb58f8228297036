"""Hostile and broken submissions end in a clear message and a score; the grader survives."""
from __future__ import annotations

import time

import pytest

from corpus_index import CORPUS, expectation
from grader.engine import grade
from grader.result import ERROR, PASSED

# The broken corpus holds survivor attacks (processes named lgsurv...) that
# tests/test_containment.py looks for machine-wide after each of its own attacks; its scan waits
# for a survivor of a job still in progress elsewhere to end with that job, so this module runs
# on any xdist worker, beside it.
pytestmark = pytest.mark.slow   # every test here runs submissions in the sandbox

# attack_*.py are graded only under confinement (tests/test_containment.py): unconfined, some of
# them would signal the test runner or write outside their job
BROKEN = sorted(p for p in (CORPUS / "broken").glob("*")
                if p.suffix in (".py", ".ipynb") and not p.name.startswith("attack_"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_submission_gets_a_message_and_a_score(path):
    expect = expectation(path)
    started = time.monotonic()
    result = grade(path, expect.get("exercise", "training_loop"), timeout=60, memory="3G")
    elapsed = time.monotonic() - started
    status = result.runtime["status"]
    if expect["runtime"] != "any":
        assert status == expect["runtime"], (result.runtime, result.warnings, result.output[-2000:])
    assert elapsed < 120, f"grading took {elapsed:.0f} s"
    assert len(result.checks) > 0 and all(c.max_score > 0 for c in result.checks)
    for c in result.checks:
        assert c.observed, c
        if c.status == ERROR:   # not judged: it costs all (the run's fault) or nothing (another
            # check charges the cause: one root cause, one charge), never a share
            assert c.score == 0 or (c.score == c.max_score and result.score < result.max_score), c
    if status != "ok":
        assert result.runtime["message"]
        assert result.score < result.max_score
    if expect.get("pass"):
        assert all(c.status == PASSED for c in result.checks), [(c.id, c.observed) for c in result.checks]


def test_output_flood_is_capped_not_lost():
    result = grade(CORPUS / "broken" / "output_flood.py", "training_loop")
    assert result.runtime["output_bytes"] > 1_000_000
    assert len(result.output) < 70_000
    assert "bytes of output omitted" in result.output


def test_demo_code_at_import_is_bounded_and_reported():
    result = grade(CORPUS / "broken" / "sleep_at_import.py", "training_loop")
    assert any("still running after" in w for w in result.warnings), result.warnings
