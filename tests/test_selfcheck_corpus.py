"""Self-check agrees with `grader grade` on every corpus submission.

For each file in tests/corpus/<exercise>/, two gradings:
- what `grader grade` runs: grader.engine.grade(visibility="all"), live (cached) reference, on the
  public scenario variant (grading draws a secret one; self-check can only know the public one);
- `pytest --exercise --submission` in a fresh pytest session (in-process), on the public
  checks, against recorded reference traces (as a student bundle does).
Each public check must get the same verdict, a failing item must show the check's message,
and no hidden check may appear in pytest's output. Both go through the session's warm launcher
(tests/conftest.py; the plugin's `pytest_loopgrader_launcher` hook hands it to self-check), which
runs the submission's sandbox job once: the two sides build the same job, and what is compared
is how each judges and reports it. The file's test in tests/test_corpus.py shares that run too.
"""
from __future__ import annotations

import pytest

from corpus_index import corpus_group, submissions
from grader.exercise import list_exercises, load_exercise
from selfcheck_support import plugin_args

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

CASES = [pytest.param(name, path, id=f"{name}/{path.name}", marks=pytest.mark.xdist_group(corpus_group(name, path)))
         for name in list_exercises() for path in submissions(name)]


class Session:
    """Hands the plugin a warm launcher (its documented plugin point), keeps the reports."""

    def __init__(self, launcher):
        self.launcher = launcher
        self.reports = {}

    def pytest_loopgrader_launcher(self, config):
        return self.launcher

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.reports[report.nodeid.split("::")[1]] = report


def selfcheck(name, path, traces, launcher) -> dict:
    """`pytest --exercise --submission --reference-dir` in-process: check id -> report.
    (pytest.main rather than pytester.inline_run, whose sys.modules snapshot would drop
    torch and break its next import.)"""
    session = Session(launcher)
    pytest.main([*plugin_args(), f"--exercise={name}", f"--submission={path}",
                 f"--reference-dir={traces}", "-q", "-p", "no:cacheprovider",
                 "-p", "no:unraisableexception"], plugins=[session])
    return session.reports


@pytest.mark.parametrize("name,path", CASES)
def test_selfcheck_agrees_with_grade(name, path, corpus_grades, session_launcher):
    exercise = load_exercise(name)
    path = path.resolve()
    result = corpus_grades.grade(path, name, 0)   # the public variant: the one recorded traces hold
    items = selfcheck(name, path, corpus_grades.recorded_traces(name), session_launcher)

    public = [e.check for e in exercise.entries("public")]
    hidden = [e.check for e in exercise.entries("hidden")]
    assert list(items) == public, path.name
    for check_id, report in items.items():
        check = result.check(check_id)
        assert report.passed == check.passed, (path.name, check_id, check.status)
        if not check.passed:
            assert check.message() in report.longreprtext, (path.name, check_id)
    text = "\n".join(r.longreprtext for r in items.values())
    assert not [c for c in hidden if result.check(c).title in text], path.name
