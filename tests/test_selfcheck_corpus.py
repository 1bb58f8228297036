"""Self-check agrees with `grader grade` on every corpus submission.

For each file in tests/corpus/<exercise>/, two independent gradings:
- what `grader grade` runs: grader.engine.grade(visibility="all"), live reference run, on the
  public scenario variant (grading draws a secret one; self-check can only know the public one);
- `pytest --exercise --submission` in a fresh pytest session (in-process), on the public
  checks, against recorded reference traces (as a student bundle does).
Each public check must get the same verdict, a failing item must show the check's message,
and no hidden check may appear in pytest's output. Both sides use a warm fork-server
launcher (the plugin's `pytest_loopgrader_launcher` hook) to keep this to about a second
per grading; the launcher does not change outcomes (tests/test_zygote.py).
"""
from __future__ import annotations

import threading

import pytest

from grader.engine import grade, record_reference
from grader.exercise import list_exercises, load_exercise
from grader.sandbox.zygote import ZygoteLauncher
from selfcheck_support import corpus, plugin_args

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

EXERCISES = [e for e in list_exercises() if corpus(e)]


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


def graded_all(files, name, out):
    with ZygoteLauncher() as launcher:
        for path in files:
            # the public variant: the one the recorded traces (what self-check reads) hold
            out[path] = grade(str(path), name, launcher=launcher, variant=0)


@pytest.mark.parametrize("name", EXERCISES)
def test_selfcheck_agrees_with_grade(name, tmp_path):
    exercise = load_exercise(name)
    files = corpus(name)
    record_reference(name, "cpu", tmp_path / "traces")
    full: dict = {}
    worker = threading.Thread(target=graded_all, args=(files, name, full))
    worker.start()
    with ZygoteLauncher() as launcher:
        reports = {path: selfcheck(name, path, tmp_path / "traces", launcher) for path in files}
    worker.join()

    public = [e.check for e in exercise.entries("public")]
    hidden = [e.check for e in exercise.entries("hidden")]
    for path in files:
        result, items = full[path], reports[path]
        assert list(items) == public, path.name
        for check_id, report in items.items():
            check = result.check(check_id)
            assert report.passed == check.passed, (path.name, check_id, check.status)
            if not check.passed:
                assert check.message() in report.longreprtext, (path.name, check_id)
        text = "\n".join(r.longreprtext for r in items.values())
        assert not [c for c in hidden if result.check(c).title in text], path.name
