"""The public corpus: every correct solution passes every check; every buggy variant is caught
by the checks it declares (`# expect: pass` / `# expect-fail: ids` in its first lines), and by no
other: a check may only fail its own mistake. The one exception is the run's root cause (no
training forward, no step, no validation), which uses_arguments charges while the checks that
depend on it are "not judged" rather than failed with their own story."""
from __future__ import annotations

import re

import pytest

from corpus_index import EXERCISES, corpus_group, expectation, header, submissions
from grader.exercise import load_exercise
from grader.result import ERROR, PASSED

CASES = [pytest.param(ex, p, id=f"{ex}/{p.name}", marks=pytest.mark.xdist_group(corpus_group(ex, p)))
         for ex in EXERCISES for p in submissions(ex)]


def _explain(result) -> str:
    return "\n".join(f"{c.id}: {c.status}: {c.observed}" for c in result.checks if c.status != PASSED) \
        + f"\nruntime: {result.runtime}\nwarnings: {result.warnings}"


@pytest.mark.slow
@pytest.mark.parametrize("exercise,path", CASES)
def test_corpus_submission(exercise, path, corpus_grades):
    expect = expectation(path)
    assert expect.get("pass") or expect.get("fail"), f"{path} declares no expectation"
    # Correct solutions are graded as students are, on a secret variant (one of the run's seeded
    # set, tests/conftest.py), and on the public one self-check uses: any failure is a false
    # alarm. A bug file is graded on the public variant its header was written against, so what
    # else the bug breaks (the trajectory) is the same on every run.
    if expect.get("pass"):
        for variant in (0, corpus_grades.secret_variant(exercise, path)):
            result = corpus_grades.grade(path, exercise, variant)
            failing = [c for c in result.checks if c.status != PASSED]
            assert not failing, f"on variant {variant} (seed {corpus_grades.seed}):\n{_explain(result)}"
            assert result.score == result.max_score
        return
    result = corpus_grades.grade(path, exercise, 0)
    by_id = {c.id: c for c in result.checks}
    assert_one_charge(result)
    for check_id in expect["fail"]:
        assert check_id in by_id, f"{check_id} is not in {exercise}'s rubric"
        assert by_id[check_id].status != PASSED, f"{check_id} missed the bug in {path.name}\n{_explain(result)}"
        assert by_id[check_id].score == 0
        assert by_id[check_id].observed  # says what it saw
    collateral = [c for c in result.checks if c.status != PASSED and c.id not in expect["fail"]
                  and c.id not in may_fail(path) and not _charged_by_root_cause(result, c)]
    # a tampered run is flagged as a whole: its other checks say nothing to hold it to
    assert result.flagged or not collateral, f"checks failed beside the declared ones:\n{_explain(result)}"


def assert_one_charge(result) -> None:
    """One root cause, one charge: a check "not judged" because another check charges the cause
    keeps its points. It scores 0 only where nothing of what it grades could be graded: the run
    did not finish or cannot be called, it has a root cause (no training forward, no step, no
    validation), or it was flagged."""
    uncallable = any(s.get("status") == "signature" for s in (result.runtime.get("scenarios") or {}).values())
    nothing_graded = (result.runtime.get("status") != "ok" or uncallable or bool(result.root_cause)
                      or result.flagged)
    for c in result.checks:
        if "not judged" in c.observed.lower() and c.score < c.max_score:
            assert nothing_graded, f"{c.id} says 'not judged' but lost points: {c.observed}"


def may_fail(path) -> list[str]:
    """`# may-fail: ids`: checks the bug may also break on some scenario variants (a trajectory
    gap near the tolerance), neither asserted to fail nor counted as collateral."""
    m = re.search(r"^#\s*may-fail:\s*([\w ,]+)", header(path), re.M)
    return [c.strip() for c in m.group(1).split(",") if c.strip()] if m else []


def _charged_by_root_cause(result, check) -> bool:
    """uses_arguments stating the root cause, or a check not judged because of another's mistake
    (the root cause, a history key the contract lacks): it states nothing false."""
    if check.id == "uses_arguments" and result.root_cause:
        return True
    return check.status == ERROR and check.observed.startswith("Not judged") and "check raised" not in check.observed


def test_corpus_covers_every_check_both_ways():
    """The issue's floor: each check has >= 2 buggy variants it must catch, and each exercise
    >= 3 correct solutions in different styles, one of them a notebook."""
    caught: dict[str, int] = {}
    for ex in EXERCISES:
        correct = [p for p in submissions(ex) if expectation(p).get("pass")]
        assert len(correct) >= 3, f"{ex} has {len(correct)} correct solutions"
        assert any(p.suffix == ".ipynb" for p in correct), f"{ex} has no correct notebook"
        for p in submissions(ex):
            for check_id in expectation(p).get("fail", []):
                caught[check_id] = caught.get(check_id, 0) + 1
    all_checks = {e.check for ex in EXERCISES for e in load_exercise(ex).rubric}
    thin = {c: caught.get(c, 0) for c in all_checks if caught.get(c, 0) < 2}
    assert not thin, f"checks with fewer than two buggy variants: {thin}"
