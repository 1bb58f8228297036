"""The grade cannot be forged: every file in tests/corpus/broken/forge_*.py is an attack on the
grade itself (replayed records, rebound grader code, edited recorder state, code run from
history values, torch patched after the last look, made-up numbers). Each declares what must
come of it in its header:

    # expect-forgery: flagged               the whole submission is flagged for review, 0 points
    # expect-forgery: zero                  0 points (flagged or not)
    # expect-forgery: fails a, b            not flagged; the targeted checks a, b score 0
    # forbidden-output: TEXT                TEXT never appears in the captured output (a payload
                                            that must never run)
"""
from __future__ import annotations

import re

import pytest

from corpus_index import CORPUS, header
from grader.engine import grade

pytestmark = pytest.mark.slow

FORGERIES = sorted((CORPUS / "broken").glob("forge_*.py"))


def forgery_expectation(path) -> dict:
    text = header(path)
    out = {"exercise": re.search(r"^#\s*exercise:\s*(\w+)", text, re.M).group(1)}
    verdict = re.search(r"^#\s*expect-forgery:\s*(.+)$", text, re.M).group(1).strip()
    if verdict in ("flagged", "zero"):
        out["verdict"] = verdict
    else:
        failing = re.fullmatch(r"fails\s+([\w ,]+)", verdict)
        assert failing, f"{path.name}: unreadable expect-forgery header {verdict!r}"
        out["verdict"] = "fails"
        out["fails"] = [c.strip() for c in failing.group(1).split(",") if c.strip()]
    if m := re.search(r"^#\s*forbidden-output:\s*(.+)$", text, re.M):
        out["forbidden"] = m.group(1).strip()
    return out


def test_every_forgery_declares_a_verdict():
    assert len(FORGERIES) >= 6
    for path in FORGERIES:
        assert forgery_expectation(path)["verdict"] in ("flagged", "zero", "fails")


@pytest.mark.parametrize("path", FORGERIES, ids=[p.name for p in FORGERIES])
def test_forgery_is_contained(path):
    expect = forgery_expectation(path)
    result = grade(path, expect["exercise"], timeout=90, memory="3G")
    explain = "\n".join(f"{c.id}: {c.status} {c.score:g}: {c.observed}" for c in result.checks) \
        + f"\nruntime: {result.runtime}\nflagged: {result.flagged}\noutput: {result.output[-1500:]}"
    if result.flagged:
        assert result.score == 0 and all(c.score == 0 for c in result.checks), explain
        assert result.flag_reasons, explain
    if expect["verdict"] == "flagged":
        assert result.flagged, explain
    elif expect["verdict"] == "zero":
        assert result.score == 0, explain
    else:
        by_id = {c.id: c for c in result.checks}
        for check_id in expect["fails"]:
            assert by_id[check_id].score == 0, explain
    if "forbidden" in expect:
        assert expect["forbidden"] not in result.output, explain
