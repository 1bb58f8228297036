"""Every check says what its verdict rests on (grader.evidence: verified or observed), docs/forgery.md
states it with the points a liar could take per exercise, and every report carries it."""
from __future__ import annotations

import json
import re
from pathlib import Path

from corpus_index import EXERCISES
from grader import checks
from grader.evidence import (OBSERVED, REPLAYED_CHECKS, VERIFIED, VERIFIED_CHECKS, evidence_of, liar_points,
                             replay_verifies)
from grader.exercise import load_exercise
from grader.result import PASSED, CheckResult, GradeResult

DOC = Path(__file__).resolve().parents[1] / "docs" / "forgery.md"


def _section(title: str) -> str:
    text = DOC.read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_every_check_is_verified_or_observed():
    for check_id in checks.BUILTIN + checks.PRODUCTION:
        assert evidence_of(check_id, checks.get(check_id)) in (VERIFIED, OBSERVED)
    assert set(VERIFIED_CHECKS) <= set(checks.BUILTIN + checks.PRODUCTION)


def test_the_doc_states_each_checks_evidence_and_each_exercises_liar_points():
    section = _section("What each point rests on")
    for check_id in VERIFIED_CHECKS:
        assert re.search(rf"^\| `{check_id}` \(\d+\) \| verified \|", section, re.M), check_id
    replay_rows = {}
    for check_id in REPLAYED_CHECKS:
        replay_rows[check_id] = re.search(rf"^\| `{check_id}` \([\d-]+\) \| verified by replay \|(.*)$",
                                          section, re.M)
        assert replay_rows[check_id], check_id
    observed_row = next(line for line in section.splitlines() if line.startswith("| every other check"))
    for ex in EXERCISES:
        rubric = load_exercise(ex).rubric
        for entry in rubric:
            if evidence_of(entry.check) == OBSERVED and entry.check not in REPLAYED_CHECKS:
                assert f"`{entry.check}`" in observed_row, entry.check
            if entry.check in REPLAYED_CHECKS and not replay_verifies(entry.check, rubric):
                # where the production observer decides it, the row says the exercise is observed
                assert f"`{ex}`" in replay_rows[entry.check].group(1), (entry.check, ex)
        liar, total = liar_points(rubric)
        row = re.search(rf"^\| `{ex}` \| (\S+) \| (\S+) \| (\S+) \|$", section, re.M)
        assert row, ex
        assert [float(v) for v in row.groups()] == [total, total - liar, liar], ex


def test_reports_say_what_each_point_rests_on():
    from grader.reporters.gradescope import to_gradescope
    from grader.reporters.terminal import summary

    result = GradeResult(exercise="training_loop", submission="a.py", submission_hash="0", grader_version="0",
                         device="cpu", score=1.0, max_score=2.0, checks=[
                             CheckResult(id="convergence", title="t", status=PASSED, score=1, max_score=1,
                                         evidence=VERIFIED),
                             CheckResult(id="no_grad", title="t", status=PASSED, score=1, max_score=1)])
    assert [c["evidence"] for c in result.to_dict()["checks"]] == [VERIFIED, OBSERVED]
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))).checks[0].evidence == VERIFIED
    assert [t["extra_data"]["evidence"] for t in to_gradescope(result)["tests"]] == [VERIFIED, OBSERVED]
    text = summary(result)
    assert "convergence (verified)" in text and "no_grad (observed)" in text


def test_the_train_mode_route_is_counted_in_the_liar_points():
    from grader.evidence import TRAIN_MODE_ROUTE, TRAIN_MODE_ROUTE_COST

    assert TRAIN_MODE_ROUTE <= set(VERIFIED_CHECKS) and evidence_of(TRAIN_MODE_ROUTE_COST) == OBSERVED
    for ex in EXERCISES:
        rubric = load_exercise(ex).rubric
        observed = sum(e.points for e in rubric
                       if evidence_of(e.check) == OBSERVED and not replay_verifies(e.check, rubric))
        opened = sum(e.points for e in rubric if e.check in TRAIN_MODE_ROUTE)
        cost = sum(e.points for e in rubric if e.check == TRAIN_MODE_ROUTE_COST)
        assert liar_points(rubric)[0] == max(observed, observed - cost + opened), ex
