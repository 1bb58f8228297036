"""Every bug file's report points at the line to change (issue 21), over the corpus: each failed
check names at least one line of the submission, and the file's own check (bug_<checkid>_...) names
one within two lines of the line its header declares (`# expect-line: N`, notebooks
`# expect-line: cell C, line N`; tests/corpus/README.md). The grading is the corpus test's own
(the session's shared `corpus_grades`, where tests/conftest.py provides it): a file is run once."""
from __future__ import annotations

import re

import pytest

import corpus_index
from corpus_index import EXERCISES, expectation, header, submissions
from grader.checks.root_cause import CHARGED_BY
from grader.result import FAILED

NEAR = 2


def _group(exercise, path):
    group = getattr(corpus_index, "corpus_group", None)
    return [pytest.mark.xdist_group(group(exercise, path))] if group else []


BUGS = [pytest.param(ex, p, id=f"{ex}/{p.name}", marks=_group(ex, p))
        for ex in EXERCISES for p in submissions(ex) if expectation(p).get("fail")]


def expected_line(path) -> tuple[int | None, int] | None:
    """(cell or None, line) from the file's `# expect-line` header."""
    m = re.search(r"^#\s*expect-line:\s*(?:cell\s+(\d+),\s*line\s+)?(\d+)\s*$", header(path), re.M)
    return (int(m.group(1)) if m.group(1) else None, int(m.group(2))) if m else None


def own_check(path, declared: list[str]) -> str:
    """The check a bug file is named after (bug_<checkid>_<what>), else the first it declares."""
    name = path.stem.removeprefix("bug_")
    return next((c for c in sorted(declared, key=len, reverse=True) if name.startswith(c + "_")), declared[0])


def near(line: dict, want: tuple[int | None, int]) -> bool:
    cell, lineno = want
    in_cell = cell is None or line["file"].startswith(f"cell {cell},")
    return in_cell and abs(line["lineno"] - lineno) <= NEAR


def _grade(request, path, exercise):
    try:
        grades = request.getfixturevalue("corpus_grades")
    except pytest.FixtureLookupError:
        from grader.engine import grade
        return grade(path, exercise, variant=0)
    return grades.grade(path, exercise, 0)


def test_every_bug_file_declares_its_line():
    missing = [f"{ex}/{p.name}" for ex in EXERCISES for p in submissions(ex)
               if expectation(p).get("fail") and expected_line(p) is None]
    assert not missing, f"bug files without an `# expect-line:` header: {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("exercise,path", BUGS)
def test_the_report_points_at_the_line_to_change(request, exercise, path):
    want = expected_line(path)
    assert want, f"{path.name} declares no `# expect-line:`"
    result = _grade(request, path, exercise)
    if result.flagged:
        return   # a tampered run is reported as a whole (its integrity check names the rebinding)
    nameless = [c.id for c in result.checks if c.status == FAILED and not c.lines]
    assert not nameless, f"failed checks naming no line of {path.name}: {nameless}"
    check_id = own_check(path, expectation(path)["fail"])
    if result.root_cause and result.check(check_id) and result.check(check_id).status != FAILED:
        check_id = CHARGED_BY   # not judged for the root cause: the check that charges it points
    check = result.check(check_id)
    assert check is not None and check.status != "passed", f"{check_id} did not fail on {path.name}"
    shown = [f"{l['file']}: {l['text']} ({l.get('role', '')})" for l in check.lines]
    assert any(near(l, want) for l in check.lines), \
        f"{check_id} on {path.name} names no line within {NEAR} of {want}: {shown}\n{check.observed}"
